/**
 * Last period's figures beside this period's (as Akvo RSR shows them): the partnership's return for the
 * latest earlier period (by start date) that was submitted or accepted, each indicator's figure from it.
 * Only this partnership's own return is read, so a member sees nothing of another partnership's.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { COUNTED_STATUSES } from '../portfolio/service.js';
import { type Figure, figuresOfReturns } from './figures.js';
import type { ReturnRef } from './outlier-context.js';

export interface LastPeriod {
  period: { id: string; label: string };
  figures: Map<string, Figure>;
}

const counted = sql.raw(COUNTED_STATUSES.map((s) => `'${s}'`).join(', '));

export async function lastPeriodFigures(db: Queryable, r: ReturnRef): Promise<LastPeriod | null> {
  const [last] = await rowsOf<{ return_id: string; period_id: string; label: string }>(
    db,
    sql`
    select m.id as return_id, p.id as period_id, p.label
      from monitoring_returns m
      join reporting_periods p on p.id = m.period_id
     where m.programme_id = ${r.programmeId}
       and m.partnership_id = ${r.partnershipId}
       and m.status in (${counted})
       and p.starts_on < (select starts_on from reporting_periods where id = ${r.periodId})
     order by p.starts_on desc, p.label
     limit 1`,
  );
  if (!last) return null;
  const figures = (await figuresOfReturns(db, sql`m.id = ${last.return_id}`)).get(last.return_id) ?? new Map();
  return { period: { id: last.period_id, label: last.label }, figures };
}
