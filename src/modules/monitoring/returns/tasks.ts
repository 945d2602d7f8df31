/**
 * Returns as work to do, for the home page (which returns a partnership owes, and which are overdue, is
 * ../completeness/): the reviewer's words on returns sent back, and a manager's returns waiting for
 * review — those a partnership submitted, and those a spreadsheet import brought in, which wait for a
 * manager to accept them.
 */
import { and, asc, count, eq, inArray, isNull, max, ne, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { latestActionSql } from '../../audit/history.js';
import { limitedTo } from '../../partnerships/service.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { monitoringReturns, reportingPeriods } from '../schema.js';

/**
 * The reviewer's words on each of these returns that was sent back (a partnership's own or, for a
 * manager, any of the programme's), for the home page's "sent back" tasks. Others are absent.
 */
export async function reviewCommentsOf(db: Queryable, ctx: ProgrammeContext, returnIds: string[]): Promise<Map<string, string>> {
  if (returnIds.length === 0) return new Map();
  const mine = limitedTo(ctx);
  const rows = await db
    .select({ id: monitoringReturns.id, comment: monitoringReturns.reviewComment })
    .from(monitoringReturns)
    .where(
      and(
        eq(monitoringReturns.programmeId, ctx.programme.id),
        inArray(monitoringReturns.id, returnIds),
        eq(monitoringReturns.status, 'returned'),
        mine ? inArray(monitoringReturns.partnershipId, mine) : undefined,
      ),
    );
  return new Map(rows.map((r) => [r.id, r.comment]));
}

/**
 * Submitted returns waiting for a manager: those a partnership sent in (the oldest `limit` of them, and
 * how many in all), and those an import brought in, by period — an import submits every return it
 * writes, and a manager then accepts or returns each (../import/README.md). What sent a return in is
 * the latest "submit" or "import" in its audit trail. Managers only: anyone else gets null.
 */
export async function returnsAwaitingReview(db: Queryable, ctx: ProgrammeContext, limit = 10) {
  if (!ctx.access.canManage) return null;
  const via = latestActionSql('monitoring_return', monitoringReturns.id, ['submit', 'import']);
  const waiting = db
    .select({
      id: monitoringReturns.id,
      partnershipId: monitoringReturns.partnershipId,
      partnershipName: sql<string>`${partnerships.name}`.as('partnership_name'),
      periodId: monitoringReturns.periodId,
      periodLabel: sql<string>`${reportingPeriods.label}`.as('period_label'),
      submittedAt: monitoringReturns.submittedAt,
      via: via.as('via'),
    })
    .from(monitoringReturns)
    .innerJoin(partnerships, eq(partnerships.id, monitoringReturns.partnershipId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, monitoringReturns.periodId))
    .where(and(eq(monitoringReturns.programmeId, ctx.programme.id), eq(monitoringReturns.status, 'submitted')))
    .as('waiting');
  const bySubmission = or(isNull(waiting.via), ne(waiting.via, 'import'));
  const [first, [total], imports] = await Promise.all([
    db.select().from(waiting).where(bySubmission).orderBy(asc(waiting.submittedAt), asc(waiting.partnershipName)).limit(limit),
    db.select({ n: count() }).from(waiting).where(bySubmission),
    db
      .select({ periodId: waiting.periodId, label: waiting.periodLabel, returns: count(), lastAt: max(waiting.submittedAt) })
      .from(waiting)
      .where(eq(waiting.via, 'import'))
      .groupBy(waiting.periodId, waiting.periodLabel)
      .orderBy(asc(waiting.periodLabel)),
  ]);
  return {
    submitted: {
      total: Number(total?.n ?? 0),
      returns: first.map((r) => ({
        id: r.id,
        partnership: { id: r.partnershipId, name: r.partnershipName },
        period: { id: r.periodId, label: r.periodLabel },
        submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
      })),
    },
    imported: imports.map((i) => ({
      period: { id: i.periodId, label: i.label },
      returns: Number(i.returns),
      importedAt: i.lastAt ? new Date(i.lastAt).toISOString() : null,
    })),
  };
}
