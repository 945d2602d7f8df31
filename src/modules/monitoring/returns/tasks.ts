/**
 * Returns as work to do, for the home page: a partnership's returns still to send (not started, a draft,
 * or sent back), and a manager's returns waiting for review — those a partnership submitted, and those
 * a spreadsheet import brought in, which wait for a manager to accept them.
 */
import { and, asc, count, eq, inArray, isNull, lte, max, ne, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { latestActionSql } from '../../audit/history.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { monitoringReturns, reportingPeriods } from '../schema.js';

export interface ReturnToDo {
  /** `addedOn`: the day the partnership was added to the programme. */
  partnership: { id: string; name: string; addedOn: string };
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  /** null when nobody has started the return yet. */
  returnId: string | null;
  status: 'not_started' | 'draft' | 'returned';
  /** The reviewer's words when it was sent back. */
  reviewComment: string;
}

/**
 * For each of `partnershipIds` (narrowed to those of this programme the caller may see) and each period
 * that has begun, its return unless it is submitted or accepted: the candidates for "returns to do".
 * Whether the partnership is expected to report for a period at all is the completeness rule's to say.
 */
export async function openReturnsOf(
  db: Queryable,
  ctx: ProgrammeContext,
  partnershipIds: string[],
  today = todayIso(),
): Promise<ReturnToDo[]> {
  const mine = ctx.access.scope === 'partnership' ? new Set(ctx.access.partnershipIds) : null;
  const ids = mine ? partnershipIds.filter((id) => mine.has(id)) : partnershipIds;
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      partnershipId: partnerships.id,
      partnershipName: partnerships.name,
      addedOn: sql<string>`to_char(${partnerships.createdAt}, 'YYYY-MM-DD')`,
      periodId: reportingPeriods.id,
      label: reportingPeriods.label,
      startsOn: reportingPeriods.startsOn,
      endsOn: reportingPeriods.endsOn,
      dueOn: reportingPeriods.dueOn,
      returnId: monitoringReturns.id,
      status: monitoringReturns.status,
      reviewComment: monitoringReturns.reviewComment,
    })
    .from(partnerships)
    .innerJoin(reportingPeriods, eq(reportingPeriods.programmeId, partnerships.programmeId))
    .leftJoin(
      monitoringReturns,
      and(eq(monitoringReturns.partnershipId, partnerships.id), eq(monitoringReturns.periodId, reportingPeriods.id)),
    )
    .where(
      and(
        eq(partnerships.programmeId, ctx.programme.id),
        inArray(partnerships.id, ids),
        lte(reportingPeriods.startsOn, today),
        or(isNull(monitoringReturns.id), inArray(monitoringReturns.status, ['draft', 'returned'])),
      ),
    )
    .orderBy(asc(reportingPeriods.dueOn), asc(partnerships.name));
  return rows.map((r) => ({
    partnership: { id: r.partnershipId, name: r.partnershipName, addedOn: r.addedOn },
    period: { id: r.periodId, label: r.label, startsOn: r.startsOn, endsOn: r.endsOn, dueOn: r.dueOn },
    returnId: r.returnId,
    status: r.status === 'draft' || r.status === 'returned' ? r.status : 'not_started',
    reviewComment: r.reviewComment ?? '',
  }));
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
