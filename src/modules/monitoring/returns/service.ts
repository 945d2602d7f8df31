/**
 * Returns: one partnership's figures for one reporting period, entered by its members (or a manager on
 * their behalf), submitted, then reviewed (sent back, accepted, reopened, and comments and follow-up
 * flags on single values). The figures themselves are read and written through figures.ts.
 */
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../../errors.js';
import type { ListQuery } from '../../../http/route-kit.js';
import { canSeePartnershipRecord } from '../../access/access.js';
import { users } from '../../accounts/schema.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { containing, limitedTo } from '../../partnerships/service.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, pageWindow } from '../../programmes/context.js';
import { type ReturnStatus, indicators, monitoringReturns, reportingPeriods } from '../schema.js';
import { type ValueEntry, describeValue, missingRequired, valueProblems } from '../returns/values.js';
import type { OutlierResult } from '../domain/outliers.js';
import { outlierChecks } from '../returns/outlier-context.js';
import { lastPeriodFigures } from '../returns/last-period.js';
import { type Figure, entryOf, figuresOf, figuresWithNotesOf, writeFigures, writeNote } from '../returns/figures.js';
import { fail } from '../checks.js';
import { indicatorView, loadIndicator } from '../indicators/service.js';

/** Entering figures: the partnership's own members, and programme managers entering on its behalf. */
export const canEnterFor = (ctx: ProgrammeContext, partnershipId: string) =>
  ctx.access.canManage || (ctx.access.scope === 'partnership' && ctx.access.partnershipIds.includes(partnershipId));

/** Comments and follow-up flags on single values: managers and evaluators. */
export const canReview = (ctx: ProgrammeContext) =>
  ctx.access.canManage || (ctx.access.scope === 'programme' && ctx.access.role === 'evaluator');

function requireEntry(ctx: ProgrammeContext, partnershipId: string) {
  if (!canEnterFor(ctx, partnershipId))
    throw new Forbidden('Only the partnership’s members or a programme manager can fill in this return.');
}

export interface ReturnListQuery extends ListQuery {
  periodId?: string | undefined;
  partnershipId?: string | undefined;
  status?: ReturnStatus | undefined;
}

// A return's own columns, without its figures: those are read through figures.ts when wanted.
const {
  figureIndicators: _i,
  figureValues: _v,
  figureTexts: _t,
  figureNotReported: _n,
  ...returnColumns
} = getTableColumns(monitoringReturns);
type MonitoringReturn = Omit<
  typeof monitoringReturns.$inferSelect,
  'figureIndicators' | 'figureValues' | 'figureTexts' | 'figureNotReported'
>;
type Loaded = MonitoringReturn & { partnershipName: string; periodLabel: string; dueOn: string };

/** A return is overdue while it waits on the partnership after its due date. */
const isOverdue = (status: ReturnStatus, dueOn: string, today = todayIso()) =>
  (status === 'draft' || status === 'returned') && dueOn < today;

function returnRows(db: Queryable) {
  return db
    .select({ r: returnColumns, partnershipName: partnerships.name, periodLabel: reportingPeriods.label, dueOn: reportingPeriods.dueOn })
    .from(monitoringReturns)
    .innerJoin(partnerships, eq(partnerships.id, monitoringReturns.partnershipId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, monitoringReturns.periodId));
}

const rowView = (x: Loaded) => ({
  id: x.id,
  partnership: { id: x.partnershipId, name: x.partnershipName },
  period: { id: x.periodId, label: x.periodLabel, dueOn: x.dueOn },
  status: x.status,
  overdue: isOverdue(x.status, x.dueOn),
  submittedAt: x.submittedAt?.toISOString() ?? null,
  reviewedAt: x.reviewedAt?.toISOString() ?? null,
});

export async function listReturns(db: Queryable, ctx: ProgrammeContext, q: ReturnListQuery) {
  const mine = limitedTo(ctx);
  const where = and(
    eq(monitoringReturns.programmeId, ctx.programme.id),
    mine ? inArray(monitoringReturns.partnershipId, mine) : undefined,
    q.periodId ? eq(monitoringReturns.periodId, q.periodId) : undefined,
    q.partnershipId ? eq(monitoringReturns.partnershipId, q.partnershipId) : undefined,
    q.status ? eq(monitoringReturns.status, q.status) : undefined,
    q.q ? ilike(partnerships.name, containing(q.q)) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    returnRows(db)
      .where(where)
      .orderBy(desc(reportingPeriods.startsOn), asc(partnerships.name), asc(monitoringReturns.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: count() })
      .from(monitoringReturns)
      .innerJoin(partnerships, eq(partnerships.id, monitoringReturns.partnershipId))
      .where(where),
  ]);
  return { rows: rows.map(({ r, ...names }) => rowView({ ...r, ...names })), total: Number(total?.n ?? 0) };
}

/** A return the caller may see; another partnership's return reads exactly like one that does not exist. */
async function loadReturn(db: Queryable, ctx: ProgrammeContext, id: string): Promise<Loaded> {
  const [hit] = await returnRows(db).where(and(eq(monitoringReturns.id, id), eq(monitoringReturns.programmeId, ctx.programme.id)));
  if (!hit || !canSeePartnershipRecord(ctx.access, hit.r.partnershipId)) throw new NotFound('That return');
  return { ...hit.r, partnershipName: hit.partnershipName, periodLabel: hit.periodLabel, dueOn: hit.dueOn };
}

const numberOf = (v: string | null) => (v === null ? null : Number(v));

async function programmeIndicators(db: Queryable, ctx: ProgrammeContext) {
  return db
    .select()
    .from(indicators)
    .where(eq(indicators.programmeId, ctx.programme.id))
    .orderBy(asc(indicators.position), asc(indicators.key));
}

async function nameOf(db: Queryable, userId: string | null) {
  if (!userId) return null;
  const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return u?.name ?? null;
}

/**
 * The whole return: every indicator of the programme with its definition and whatever has been entered,
 * and for each figure the outlier warnings (never errors) against the partnership's earlier returns and
 * the other partnerships, worded for the partnership's own members or for a reviewer.
 */
export async function getReturn(db: Queryable, ctx: ProgrammeContext, id: string) {
  const r = await loadReturn(db, ctx, id);
  const voice = ctx.access.scope === 'partnership' ? 'partnership' : 'reviewer';
  const [defs, values, submittedBy, reviewedBy, outliers, last] = await Promise.all([
    programmeIndicators(db, ctx),
    figuresWithNotesOf(db, id),
    nameOf(db, r.submittedBy),
    nameOf(db, r.reviewedBy),
    outlierChecks(db, r, voice),
    lastPeriodFigures(db, r),
  ]);
  return {
    ...rowView(r),
    comparabilityNote: r.comparabilityNote,
    submittedBy,
    reviewedBy,
    reviewComment: r.reviewComment,
    lastPeriod: last?.period ?? null,
    values: defs.map((i) => {
      const v = values.get(i.id);
      const before = last?.figures.get(i.id);
      return {
        indicator: indicatorView(i),
        value: v ? numberOf(v.value) : null,
        textValue: v?.textValue ?? null,
        notReported: v?.notReported ?? false,
        notReportedReason: v?.notReportedReason ?? '',
        comparabilityNote: v?.comparabilityNote ?? '',
        reviewerComment: v?.reviewerComment ?? '',
        followUp: v?.followUp ?? false,
        lastPeriod: last
          ? {
              value: before ? numberOf(before.value) : null,
              textValue: before?.textValue ?? null,
              notReported: before?.notReported ?? false,
              notReportedReason: before?.notReportedReason ?? '',
            }
          : null,
        ...outlierView(outliers.get(i.id)),
      };
    }),
    missing: missingRequired(defs, new Map([...values].map(([k, v]) => [k, entryOf(v)]))).map((i) => i.key),
  };
}

const outlierView = (o: OutlierResult | undefined) => ({
  warnings: o?.warnings ?? [],
  outlierChecks: o ? { ownHistory: o.ownHistory, portfolio: o.portfolio } : null,
});

/** What the caller may do with this return now, so the UI shows only the buttons that will work. */
export function returnAbilities(ctx: ProgrammeContext, r: { status: ReturnStatus; partnership: { id: string } }) {
  const open = r.status === 'draft' || r.status === 'returned';
  return {
    update: open && canEnterFor(ctx, r.partnership.id),
    submit: open && canEnterFor(ctx, r.partnership.id),
    sendBack: r.status === 'submitted' && ctx.access.canManage,
    accept: r.status === 'submitted' && ctx.access.canManage,
    reopen: r.status === 'accepted' && ctx.access.canManage,
    review: r.status !== 'accepted' && canReview(ctx),
  };
}

/** One return per partnership per period: opens the one there is, or starts a draft. */
export async function openReturn(db: Db, ctx: ProgrammeContext, actor: Actor, input: { partnershipId: string; periodId: string }) {
  const [p] = await db
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!p || !canSeePartnershipRecord(ctx.access, p.id)) throw new NotFound('That partnership');
  requireEntry(ctx, p.id);
  const [period] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.id, input.periodId), eq(reportingPeriods.programmeId, ctx.programme.id)));
  if (!period) fail([{ path: ['periodId'], message: 'That reporting period is not in this programme' }]);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(monitoringReturns)
      .values({ programmeId: ctx.programme.id, partnershipId: p.id, periodId: period!.id })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [existing] = await tx
        .select({ id: monitoringReturns.id })
        .from(monitoringReturns)
        .where(and(eq(monitoringReturns.partnershipId, p.id), eq(monitoringReturns.periodId, period!.id)));
      return { id: existing!.id, created: false };
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'monitoring_return',
      entityId: created.id,
      action: 'create',
      summary: `Started ${p.name}’s return for ${period!.label}`,
      after: { status: created.status },
    });
    return { id: created.id, created: true };
  });
}

function requireOpen(r: Loaded) {
  if (r.status === 'accepted') throw new Conflict('This return has been accepted and is locked. A programme manager can reopen it.');
  if (r.status === 'submitted')
    throw new Conflict('This return has been submitted and is waiting for review, so it cannot be changed now.');
}

export interface ValueInput extends ValueEntry {
  indicatorId: string;
}

export interface ReturnChange {
  comparabilityNote?: string | undefined;
  values?: ValueInput[] | undefined;
}

/** Saves figures into a draft (or a returned return). Each value sent replaces what was there; others stay. */
export async function saveReturn(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, input: ReturnChange) {
  const r = await loadReturn(db, ctx, id);
  requireEntry(ctx, r.partnershipId);
  requireOpen(r);
  const defs = new Map((await programmeIndicators(db, ctx)).map((i) => [i.id, i]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (input.values ?? []).forEach((v, i) => {
    const def = defs.get(v.indicatorId);
    if (!def) {
      errors.push({ path: ['values', i, 'indicatorId'], message: 'That indicator is not in this programme' });
      return;
    }
    if (seen.has(v.indicatorId)) {
      errors.push({ path: ['values', i, 'indicatorId'], message: `${def.label} is given twice` });
      return;
    }
    seen.add(v.indicatorId);
    for (const p of valueProblems(def.unit, v)) errors.push({ path: ['values', i, p.field], message: `${def.label}: ${p.message}` });
  });
  fail(errors);
  return db.transaction(async (tx) => {
    // Lock the return, so two saves at once cannot each keep figures the other just replaced.
    await tx.select({ id: monitoringReturns.id }).from(monitoringReturns).where(eq(monitoringReturns.id, id)).for('update');
    const current = await figuresWithNotesOf(tx, id);
    const figures = new Map<string, Figure>(current);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const v of input.values ?? []) {
      const key = defs.get(v.indicatorId)!.key;
      const old = current.get(v.indicatorId);
      const figure: Figure = {
        indicatorId: v.indicatorId,
        value: v.notReported || v.value === undefined || v.value === null ? null : String(v.value),
        textValue: v.notReported || !v.textValue?.trim() ? null : v.textValue.trim(),
        notReported: v.notReported ?? false,
        notReportedReason: v.notReported ? (v.notReportedReason ?? '').trim() : '',
      };
      figures.set(v.indicatorId, figure);
      const comparabilityNote = (v.comparabilityNote ?? '').trim();
      if (comparabilityNote !== (old?.comparabilityNote ?? '')) {
        await writeNote(tx, id, v.indicatorId, {
          reviewerComment: old?.reviewerComment ?? '',
          followUp: old?.followUp ?? false,
          comparabilityNote,
        });
      }
      before[key] = describeValue(old ? entryOf(old) : undefined);
      after[key] = describeValue(entryOf(figure));
      before[`${key} note`] = old?.comparabilityNote ?? '';
      after[`${key} note`] = comparabilityNote;
    }
    await writeFigures(tx, id, figures.values());
    if (input.comparabilityNote !== undefined) {
      before.comparabilityNote = r.comparabilityNote;
      after.comparabilityNote = input.comparabilityNote;
    }
    await tx
      .update(monitoringReturns)
      .set({ ...(input.comparabilityNote !== undefined ? { comparabilityNote: input.comparabilityNote } : {}), updatedAt: new Date() })
      .where(eq(monitoringReturns.id, id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'monitoring_return',
      entityId: id,
      action: 'update',
      summary: `Saved ${r.partnershipName}’s return for ${r.periodLabel}`,
      before,
      after,
    });
    return id;
  });
}

/** A move from one status to another, with who did it, in one transaction with its audit row. */
async function move(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  r: Loaded,
  to: ReturnStatus,
  action: string,
  summary: string,
  extra: Partial<MonitoringReturn>,
) {
  return db.transaction(async (tx) => {
    // The status in the WHERE clause makes two reviewers clicking at once safe: the second one finds nothing to move.
    const [after] = await tx
      .update(monitoringReturns)
      .set({ status: to, updatedAt: new Date(), ...extra })
      .where(and(eq(monitoringReturns.id, r.id), eq(monitoringReturns.status, r.status)))
      .returning({ status: monitoringReturns.status, reviewComment: monitoringReturns.reviewComment });
    if (!after) throw new Conflict('Someone else changed this return a moment ago. Reload it and try again.');
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'monitoring_return',
      entityId: r.id,
      action,
      summary,
      before: { status: r.status, reviewComment: r.reviewComment },
      after: { status: after.status, reviewComment: after.reviewComment },
    });
    return r.id;
  });
}

export async function submitReturn(db: Db, ctx: ProgrammeContext, actor: Actor, id: string) {
  const r = await loadReturn(db, ctx, id);
  requireEntry(ctx, r.partnershipId);
  requireOpen(r);
  const [defs, values] = await Promise.all([programmeIndicators(db, ctx), figuresOf(db, id)]);
  const missing = missingRequired(defs, new Map([...values].map(([k, v]) => [k, entryOf(v)])));
  if (missing.length) {
    throw new Invalid(
      `Before submitting, enter ${missing.map((i) => i.label).join(', ')}, or mark ${missing.length === 1 ? 'it' : 'each'} not reported with a reason.`,
      missing.map((i) => ({ path: ['values', i.key], message: `${i.label} is required: enter it, or mark it not reported with a reason` })),
    );
  }
  return move(db, ctx, actor, r, 'submitted', 'submit', `Submitted ${r.partnershipName}’s return for ${r.periodLabel}`, {
    submittedAt: new Date(),
    submittedBy: actor.userId,
  });
}

function requireStatus(r: Loaded, status: ReturnStatus, message: string) {
  if (r.status !== status) throw new Conflict(message);
}

async function loadForReview(db: Queryable, ctx: ProgrammeContext, id: string) {
  const r = await loadReturn(db, ctx, id);
  if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can review returns.');
  return r;
}

export async function sendBack(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, comment: string) {
  const r = await loadForReview(db, ctx, id);
  requireStatus(r, 'submitted', 'Only a submitted return can be returned to its partnership.');
  return move(db, ctx, actor, r, 'returned', 'return', `Returned ${r.partnershipName}’s return for ${r.periodLabel} with comments`, {
    reviewedAt: new Date(),
    reviewedBy: actor.userId,
    reviewComment: comment,
  });
}

export async function acceptReturn(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, comment: string | undefined) {
  const r = await loadForReview(db, ctx, id);
  requireStatus(r, 'submitted', 'Only a submitted return can be accepted.');
  return move(db, ctx, actor, r, 'accepted', 'accept', `Accepted ${r.partnershipName}’s return for ${r.periodLabel}`, {
    reviewedAt: new Date(),
    reviewedBy: actor.userId,
    reviewComment: comment ?? '',
  });
}

export async function reopenReturn(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, comment: string) {
  const r = await loadForReview(db, ctx, id);
  requireStatus(r, 'accepted', 'Only an accepted return can be reopened.');
  return move(db, ctx, actor, r, 'returned', 'reopen', `Reopened ${r.partnershipName}’s accepted return for ${r.periodLabel}`, {
    reviewedAt: new Date(),
    reviewedBy: actor.userId,
    reviewComment: comment,
  });
}

/** A reviewer's comment and follow-up flag on one figure, whether or not the partnership has entered it yet. */
export async function reviewValue(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  id: string,
  indicatorId: string,
  input: { reviewerComment?: string | undefined; followUp?: boolean | undefined },
) {
  const r = await loadReturn(db, ctx, id);
  if (!canReview(ctx)) throw new Forbidden('Only a programme manager or an evaluator can comment on a return’s figures.');
  if (r.status === 'accepted') throw new Conflict('This return has been accepted and is locked. A programme manager can reopen it.');
  const def = await loadIndicator(db, ctx, indicatorId);
  return db.transaction(async (tx) => {
    const old = (await figuresWithNotesOf(tx, id)).get(indicatorId);
    const set = {
      reviewerComment: input.reviewerComment ?? old?.reviewerComment ?? '',
      followUp: input.followUp ?? old?.followUp ?? false,
    };
    await writeNote(tx, id, indicatorId, { comparabilityNote: old?.comparabilityNote ?? '', ...set });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'monitoring_return',
      entityId: id,
      action: 'review',
      summary: `Reviewed ${def.label} in ${r.partnershipName}’s return for ${r.periodLabel}`,
      before: { [`${def.key} comment`]: old?.reviewerComment ?? '', [`${def.key} follow-up`]: old?.followUp ?? false },
      after: { [`${def.key} comment`]: set.reviewerComment, [`${def.key} follow-up`]: set.followUp },
    });
    return id;
  });
}
