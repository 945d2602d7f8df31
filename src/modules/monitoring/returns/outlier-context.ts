/**
 * What the outlier check (domain/outliers.ts) compares each figure of one return with, loaded in two
 * set-based queries whatever the number of indicators:
 *
 * - history: this partnership's reported figures for the same indicator in the programme's earlier
 *   periods (starting before this one), from submitted or accepted returns;
 * - peers: the other partnerships' reported figures for the same indicator and period, from submitted
 *   or accepted returns (a draft can still change), summarised in the database as a count, median,
 *   median absolute deviation and quartiles.
 *
 * Peers arrive only as that summary, so no other partnership's figure reaches the code that answers a
 * partnership member, and a period with thousands of returns costs one aggregate, not thousands of rows.
 * Only numeric indicators this return holds a figure for are compared; "not reported" is never a figure.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { type OutlierResult, type PeerSummary, type Voice, outlierWarnings } from '../domain/outliers.js';
import { COUNTED_STATUSES } from '../portfolio/service.js';

export interface ReturnRef {
  id: string;
  programmeId: string;
  partnershipId: string;
  periodId: string;
}

const counted = sql.raw(COUNTED_STATUSES.map((s) => `'${s}'`).join(', '));

/** This return's figures worth checking: a number in a numeric indicator (a figure not reported has none). */
const figuresOf = (returnId: string) => sql`
  select v.indicator_id, v.value::float8 as value
  from monitoring_returns m
  cross join lateral unnest(m.figure_indicators, m.figure_values) as v(indicator_id, value)
  join indicators i on i.id = v.indicator_id
  where m.id = ${returnId} and i.unit <> 'text' and v.value is not null`;

interface FigureRow {
  indicator_id: string;
  value: number;
}
interface HistoryRow {
  indicator_id: string;
  history: number[];
}
interface PeerRow {
  indicator_id: string;
  n: number;
  median: number;
  mad: number;
  q1: number;
  q3: number;
}

/** Each checked figure's warnings and check outcomes, by indicator id; indicators without a figure are absent. */
export async function outlierChecks(db: Queryable, r: ReturnRef, voice: Voice): Promise<Map<string, OutlierResult>> {
  const figures = await rowsOf<FigureRow>(db, figuresOf(r.id));
  if (figures.length === 0) return new Map();
  const [history, peers] = await Promise.all([
    rowsOf<HistoryRow>(
      db,
      sql`
      with mine as (${figuresOf(r.id)})
      select v.indicator_id, array_agg(v.value::float8 order by p.starts_on) as history
      from monitoring_returns m
      cross join lateral unnest(m.figure_indicators, m.figure_values) as v(indicator_id, value)
      join mine on mine.indicator_id = v.indicator_id
      join reporting_periods p on p.id = m.period_id
      where m.programme_id = ${r.programmeId}
        and m.partnership_id = ${r.partnershipId}
        and m.status in (${counted})
        and p.starts_on < (select starts_on from reporting_periods where id = ${r.periodId})
        and v.value is not null
      group by v.indicator_id`,
    ),
    rowsOf<PeerRow>(
      db,
      sql`
      with mine as (${figuresOf(r.id)}),
      peer as (
        select v.indicator_id, v.value::float8 as x
        from monitoring_returns m
        cross join lateral unnest(m.figure_indicators, m.figure_values) as v(indicator_id, value)
        join mine on mine.indicator_id = v.indicator_id
        where m.programme_id = ${r.programmeId}
          and m.period_id = ${r.periodId}
          and m.partnership_id <> ${r.partnershipId}
          and m.status in (${counted})
          and v.value is not null),
      centre as (
        select indicator_id, count(*)::int as n,
          percentile_cont(0.5) within group (order by x) as median,
          percentile_cont(0.25) within group (order by x) as q1,
          percentile_cont(0.75) within group (order by x) as q3
        from peer group by indicator_id),
      spread as (
        select p.indicator_id, percentile_cont(0.5) within group (order by abs(p.x - c.median)) as mad
        from peer p join centre c on c.indicator_id = p.indicator_id
        group by p.indicator_id)
      select c.indicator_id, c.n, c.median, c.q1, c.q3, s.mad
      from centre c join spread s on s.indicator_id = c.indicator_id`,
    ),
  ]);
  const historyOf = new Map(history.map((h) => [h.indicator_id, h.history.map(Number)]));
  const peersOf = new Map(
    peers.map((p): [string, PeerSummary] => [
      p.indicator_id,
      { count: Number(p.n), median: Number(p.median), mad: Number(p.mad), q1: Number(p.q1), q3: Number(p.q3) },
    ]),
  );
  const none: PeerSummary = { count: 0, median: 0, mad: 0, q1: 0, q3: 0 };
  return new Map(
    figures.map((f) => [
      f.indicator_id,
      outlierWarnings({
        value: Number(f.value),
        history: historyOf.get(f.indicator_id) ?? [],
        peers: peersOf.get(f.indicator_id) ?? none,
        voice,
      }),
    ]),
  );
}
