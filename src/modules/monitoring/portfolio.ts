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

/** [indicator key, value, not reported, footnote]: numbers arrive as JSON numbers or strings. */
type CountedFigure = [string | null, number | string | null, boolean, string | null];

interface CountedReturn {
  partnershipId: string;
  note: string;
  submittedAt: string | Date | null;
  figures: CountedFigure[] | string;
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
  // One row per counted return, its figures folded into JSON by the database: 5,000 rows to read
  // instead of 100,000, which is most of what building a large table costs (bench/monitoring.ts).
  const returns = (await db.execute(sql`
    select r.partnership_id as "partnershipId", r.comparability_note as "note", r.submitted_at as "submittedAt",
           coalesce(json_agg(json_build_array(i.key, v.value, v.not_reported,
             case when v.not_reported and btrim(v.not_reported_reason) <> '' then v.not_reported_reason else v.comparability_note end))
             filter (where v.return_id is not null), '[]') as "figures"
      from ${monitoringReturns} r
      left join ${returnValues} v on v.return_id = r.id
      left join ${indicators} i on i.id = v.indicator_id
     where r.period_id = ${period.id}
       and r.status in ${sql.raw(`('${COUNTED_STATUSES.join("', '")}')`)}
       ${mine ? sql`and r.partnership_id in ${mine.length ? sql`(${sql.join(mine.map((id) => sql`${id}`), sql`, `)})` : sql`(null)`}` : sql``}
     group by r.id`)) as unknown as { rows: CountedReturn[] };

  const sentIn = new Map(returns.rows.map((r) => [r.partnershipId, r.submittedAt === null ? null : new Date(r.submittedAt)]));
  const tablePartnerships: TablePartnership[] = rows.map((p) => {
    const at = sentIn.get(p.id);
    // A return with no submission time (entered as accepted by an import) has unknown timeliness.
    return at ? { id: p.id, name: p.name, onTime: todayIso(at) <= period.dueOn } : { id: p.id, name: p.name };
  });
  const tableValues: TableValue[] = [];
  for (const r of returns.rows) {
    const figures = typeof r.figures === 'string' ? (JSON.parse(r.figures) as CountedFigure[]) : r.figures;
    for (const [indicatorKey, value, notReported, note] of figures) {
      if (indicatorKey === null) continue;
      // A not-reported figure's footnote is why; otherwise any comparability note on the figure.
      tableValues.push({ partnershipId: r.partnershipId, indicatorKey, value: value === null ? null : Number(value), notReported, note: note ?? '' });
    }
  }
  const table = portfolioTable({
    indicators: defs.map((d) => ({ key: d.key, label: d.label, unit: d.unit, aggregation: d.aggregation })),
    partnerships: tablePartnerships,
    values: tableValues,
    returnNotes: returns.rows.map((r) => ({ partnershipId: r.partnershipId, note: r.note })),
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
