/**
 * The funder's portfolio table for one reporting period, built from the returns partnerships have
 * sent in. Loading is here; what the table says (cells, footnotes, totals) is domain/portfolio-table.ts.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.js';
import { NotFound } from '../../http/errors.js';
import { limitedTo } from '../partnerships/service.js';
import { todayIso } from '../partnerships/membership.js';
import { partnerships } from '../partnerships/schema.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { type PortfolioTable, type TablePartnership, type TableValue, portfolioTable } from './domain/portfolio-table.js';
import { indicators, monitoringReturns, reportingPeriods, returnValues } from './schema.js';

/** Only returns a partnership has sent in count: a draft's figures may still change. */
export const COUNTED_STATUSES = ['submitted', 'accepted'] as const;
export const TABLE_BASIS = 'submitted and accepted returns' as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A period by its id or its label (any case); with neither, the one that started most recently. */
export async function findPeriod(db: Queryable, ctx: ProgrammeContext, ref: string | undefined) {
  const mine = eq(reportingPeriods.programmeId, ctx.programme.id);
  const which = !ref?.trim()
    ? mine
    : UUID.test(ref.trim())
      ? and(mine, eq(reportingPeriods.id, ref.trim()))
      : and(mine, sql`lower(${reportingPeriods.label}) = lower(${ref.trim()})`);
  const [p] = await db.select().from(reportingPeriods).where(which).orderBy(desc(reportingPeriods.startsOn)).limit(1);
  if (!p) throw new NotFound(ref?.trim() ? `The reporting period “${ref.trim()}”` : 'A reporting period in this programme');
  return p;
}

export interface PortfolioAnswer {
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  basis: typeof TABLE_BASIS;
  /** programme: every partnership; own-partnerships: a member sees their own rows, and totals over those only. */
  scope: 'programme' | 'own-partnerships';
  table: PortfolioTable;
}

/**
 * The table for a period: a row per partnership the caller may see (those with no return show `-`),
 * figures from submitted and accepted returns only, a not-reported value's reason and each
 * comparability note as footnotes, and on time meaning sent in by the period's due date.
 */
export async function portfolioFor(db: Queryable, ctx: ProgrammeContext, periodRef: string | undefined): Promise<PortfolioAnswer> {
  const period = await findPeriod(db, ctx, periodRef);
  const mine = limitedTo(ctx);
  const defs = await db
    .select({ id: indicators.id, key: indicators.key, label: indicators.label, unit: indicators.unit, aggregation: indicators.aggregation })
    .from(indicators)
    .where(eq(indicators.programmeId, ctx.programme.id))
    .orderBy(asc(indicators.position), asc(indicators.key));
  const rows = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.programmeId, ctx.programme.id), mine ? inArray(partnerships.id, mine) : undefined))
    .orderBy(asc(partnerships.name), asc(partnerships.id));
  const returns = await db
    .select({ id: monitoringReturns.id, partnershipId: monitoringReturns.partnershipId, note: monitoringReturns.comparabilityNote, submittedAt: monitoringReturns.submittedAt })
    .from(monitoringReturns)
    .where(and(
      eq(monitoringReturns.periodId, period.id),
      inArray(monitoringReturns.status, [...COUNTED_STATUSES]),
      mine ? inArray(monitoringReturns.partnershipId, mine) : undefined,
    ));
  const values = returns.length
    ? await db
      .select({
        partnershipId: monitoringReturns.partnershipId, indicatorId: returnValues.indicatorId, value: returnValues.value,
        notReported: returnValues.notReported, reason: returnValues.notReportedReason, note: returnValues.comparabilityNote,
      })
      .from(returnValues)
      .innerJoin(monitoringReturns, eq(monitoringReturns.id, returnValues.returnId))
      .where(and(
        eq(monitoringReturns.periodId, period.id),
        inArray(monitoringReturns.status, [...COUNTED_STATUSES]),
        mine ? inArray(monitoringReturns.partnershipId, mine) : undefined,
      ))
    : [];

  const keyOf = new Map(defs.map((d) => [d.id, d.key]));
  const sentIn = new Map(returns.map((r) => [r.partnershipId, r.submittedAt]));
  const tablePartnerships: TablePartnership[] = rows.map((p) => {
    const at = sentIn.get(p.id);
    // A return with no submission time (entered as accepted by an import) has unknown timeliness.
    return at ? { id: p.id, name: p.name, onTime: todayIso(at) <= period.dueOn } : { id: p.id, name: p.name };
  });
  const tableValues: TableValue[] = values.flatMap((v) => {
    const indicatorKey = keyOf.get(v.indicatorId);
    if (!indicatorKey) return [];
    // A not-reported figure's footnote is why; otherwise any comparability note on the figure.
    const note = v.notReported && v.reason.trim() ? v.reason : v.note;
    return [{ partnershipId: v.partnershipId, indicatorKey, value: v.value === null ? null : Number(v.value), notReported: v.notReported, note }];
  });
  const table = portfolioTable({
    indicators: defs.map((d) => ({ key: d.key, label: d.label, unit: d.unit, aggregation: d.aggregation })),
    partnerships: tablePartnerships,
    values: tableValues,
    returnNotes: returns.map((r) => ({ partnershipId: r.partnershipId, note: r.note })),
  });
  return {
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn, dueOn: period.dueOn },
    basis: TABLE_BASIS,
    scope: ctx.access.scope === 'programme' ? 'programme' : 'own-partnerships',
    table,
  };
}

/** A file name for downloads: the programme and period, in characters every system accepts. */
export const tableFileName = (slug: string, periodLabel: string, ext: string) =>
  `${slug}-${periodLabel.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'period'}-table.${ext}`;
