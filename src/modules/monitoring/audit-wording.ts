// What the audit rows of indicators, reporting periods and returns say, in words (see audit/wording.ts).
// A return's figures are audited under their indicator's key ("volunteers", "volunteers note", …):
// those keys are named after the indicator's label as it is now.
import { eq, inArray, sql } from 'drizzle-orm';
import { type NameLookup, lookupNames } from '../audit/names.js';
import type { DynamicWording, EntityWording } from '../audit/wording.js';
import { partnerships } from '../partnerships/schema.js';
import { indicators, monitoringReturns, reportingPeriods } from './schema.js';

/** A return's status, as the monitoring pages say it. */
export const RETURN_STATUS_WORDS = { draft: 'Draft', submitted: 'Submitted', returned: 'Returned', accepted: 'Accepted' } as const;
export const UNIT_WORDS = { count: 'Count', gbp: 'Pounds (£)', percent: 'Percent', hours: 'Hours', text: 'Words' } as const;
export const AGGREGATION_WORDS = { sum: 'Add them up', mean: 'Average', latest: 'Latest figure' } as const;

export const indicatorWording: EntityWording = {
  entityType: 'indicator',
  noun: 'Indicator',
  self: 'indicator',
  fields: {
    key: 'Short key (for spreadsheets)',
    label: 'Name',
    unit: { label: 'Unit', values: UNIT_WORDS },
    aggregation: { label: 'How figures are combined', values: AGGREGATION_WORDS },
    required: 'Every return must give it',
    definition: 'Definition',
    position: 'Place in the list',
  },
};

export const periodWording: EntityWording = {
  entityType: 'reporting_period',
  noun: 'Reporting period',
  self: 'period',
  fields: {
    label: 'Name',
    phaseId: { label: 'Phase', ref: 'phase' },
    startsOn: 'Starts on',
    endsOn: 'Ends on',
    dueOn: 'Returns due on',
  },
};

const FIGURE_PARTS: [suffix: string, say: (indicator: string) => string][] = [
  [' note', (i) => `${i}: note on comparability`],
  [' comment', (i) => `${i}: reviewer’s comment`],
  [' follow-up', (i) => `${i}: needs following up`],
  ['', (i) => i],
];

/** A figure's key in a return's audit row: "<indicator key>", or with " note", " comment" or " follow-up". */
export function figureKeyWording(key: string, programmeId: string | null): DynamicWording | undefined {
  if (!programmeId) return undefined;
  for (const [suffix, say] of FIGURE_PARTS) {
    if (suffix && !key.endsWith(suffix)) continue;
    const indicatorKey = suffix ? key.slice(0, -suffix.length) : key;
    if (!indicatorKey) return undefined;
    return { label: key, labelRef: ['indicator-key', `${programmeId}:${indicatorKey}`], say };
  }
  return undefined;
}

export const returnWording: EntityWording = {
  entityType: 'monitoring_return',
  noun: 'Return',
  self: 'return',
  fields: {
    status: { label: 'Status', values: RETURN_STATUS_WORDS },
    comparabilityNote: 'Note on comparability with other periods',
    reviewComment: 'Reviewer’s message',
  },
  dynamic: figureKeyWording,
};

const returnNames: NameLookup = async (db, ids) =>
  (await db
    .select({
      id: sql<string>`${monitoringReturns.id}::text`,
      name: sql<string>`${partnerships.name} || '’s return for ' || ${reportingPeriods.label}`,
    })
    .from(monitoringReturns)
    .innerJoin(partnerships, eq(partnerships.id, monitoringReturns.partnershipId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, monitoringReturns.periodId))
    .where(inArray(monitoringReturns.id, ids))) as { id: string; name: string }[];

const byKey = sql<string>`${indicators.programmeId}::text || ':' || ${indicators.key}`;
const indicatorKeyNames: NameLookup = async (db, ids) =>
  (await db.select({ id: byKey, name: indicators.label }).from(indicators).where(inArray(byKey, ids))) as { id: string; name: string }[];

export const monitoringWordings = [indicatorWording, periodWording, returnWording];
export const monitoringNames = {
  indicator: lookupNames(indicators, indicators.id, indicators.label),
  'indicator-key': indicatorKeyNames,
  period: lookupNames(reportingPeriods, reportingPeriods.id, reportingPeriods.label),
  return: returnNames,
};
