/**
 * The funder's portfolio table for one reporting period, built from the returns partnerships have
 * sent in. Loading is here; what the table says (cells, footnotes, totals) is domain/portfolio-table.ts.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { limitedTo } from '../../partnerships/service.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type GridFigure, type PortfolioTable, type TablePartnership, portfolioTableFromGrid } from '../domain/portfolio-table.js';
import { figureNotes, indicators, monitoringReturns, reportingPeriods } from '../schema.js';

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

/** A partnership's row of the pivot. Arrays arrive parsed (JSON) on one driver and as text on the other. */
interface PivotRow {
  id: string;
  name: string;
  returnId: string | null;
  note: string | null;
  submittedAt: string | Date | null;
  /** Each indicator's figure, in the table's indicator order (null where there is none). */
  figures: (number | null)[] | string | null;
  /** Why each indicator's figure was not reported (null where it was, or where there is none); null when all were. */
  reasons: (string | null)[] | string | null;
  /** Comparability notes on single figures, indicator id → note. */
  notes: Record<string, string> | string | null;
}

const parsed = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

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
  // The table is pivoted by the database, as one would write it by hand: a row per partnership, each
  // indicator's figure picked out of the return's own figure arrays. Each row's figures come as one
  // JSON array in the table's indicator order, and why any was not reported as another (only for the
  // few returns with such a figure): 5,000 rows of 45 columns each cost more to take apart than the
  // query took to run (bench/monitoring.ts). The few notes on single figures come as a JSON object.
  const at = (d: { id: string }) => sql`array_position(r.figure_indicators, ${d.id}::uuid)`;
  const found = (await db.execute(sql`
    select p.id, p.name, r.id as "returnId", r.comparability_note as "note", r.submitted_at as "submittedAt",
           to_json(array[${sql.join(
             defs.map((d) => sql`r.figure_values[${at(d)}]`),
             sql`, `,
           )}]) as "figures",
           case when cardinality(array_remove(r.figure_not_reported, null)) > 0
                then to_json(array[${sql.join(
                  defs.map((d) => sql`r.figure_not_reported[${at(d)}]`),
                  sql`, `,
                )}]) end as "reasons",
           fn.notes as "notes"
      from ${partnerships} p
      left join ${monitoringReturns} r on r.partnership_id = p.id and r.period_id = ${period.id}
            and r.status in ${sql.raw(`('${COUNTED_STATUSES.join("', '")}')`)}
      left join (select n.return_id, json_object_agg(n.indicator_id, n.comparability_note) as notes
                   from ${figureNotes} n
                   join ${monitoringReturns} nr on nr.id = n.return_id
                  where nr.period_id = ${period.id} and btrim(n.comparability_note) <> ''
                  group by n.return_id) fn on fn.return_id = r.id
     where p.programme_id = ${ctx.programme.id}
       ${
         mine
           ? sql`and p.id in ${
               mine.length
                 ? sql`(${sql.join(
                     mine.map((id) => sql`${id}`),
                     sql`, `,
                   )})`
                 : sql`(null)`
             }`
           : sql``
       }
     order by p.name, p.id`)) as unknown as { rows: PivotRow[] };

  const tablePartnerships: TablePartnership[] = [];
  const figures: (GridFigure | number | undefined)[][] = [];
  const returnNotes: { partnershipId: string; note: string }[] = [];
  for (const p of found.rows) {
    const at = p.submittedAt === null ? null : new Date(p.submittedAt);
    // A return with no submission time (entered as accepted by an import) has unknown timeliness.
    const hasReturn = p.returnId !== null;
    tablePartnerships.push(
      at ? { id: p.id, name: p.name, hasReturn, onTime: todayIso(at) <= period.dueOn } : { id: p.id, name: p.name, hasReturn },
    );
    const row: (GridFigure | number | undefined)[] = [];
    figures.push(row);
    if (!p.returnId) continue;
    returnNotes.push({ partnershipId: p.id, note: p.note ?? '' });
    const notes = parsed(p.notes);
    const values = parsed(p.figures) ?? [];
    const reasons = parsed(p.reasons);
    for (let i = 0; i < defs.length; i++) {
      const value = values[i] ?? null;
      const reason = reasons ? (reasons[i] ?? null) : null;
      const notReported = reason !== null;
      // A not-reported figure's footnote is why; otherwise any comparability note on the figure.
      const note = notReported && reason.trim() ? reason : notes ? (notes[defs[i]!.id] ?? '') : '';
      if (value === null && !notReported && !note) continue;
      row[i] = !notReported && !note ? Number(value) : { value: value === null ? null : Number(value), notReported, note };
    }
  }
  const table = portfolioTableFromGrid({
    indicators: defs.map((d) => ({ key: d.key, label: d.label, unit: d.unit, aggregation: d.aggregation })),
    partnerships: tablePartnerships,
    figures,
    returnNotes,
  });
  return {
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn, dueOn: period.dueOn },
    basis: TABLE_BASIS,
    scope: ctx.access.scope === 'programme' ? 'programme' : 'own-partnerships',
    table,
  };
}

/** A file name for downloads: the programme and period, in characters every system accepts. */
export const tableFileName = (slug: string, periodLabel: string, ext: string, name = 'table') =>
  `${slug}-${
    periodLabel
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'period'
  }-${name}.${ext}`;
