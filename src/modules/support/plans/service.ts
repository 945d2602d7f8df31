import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Forbidden, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnershipOrganisations, partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { canEditPlan, canSeePlan, canStartPlan } from '../access.js';
import {
  type Participant,
  type PlanContent,
  type ReviewJudgement,
  contentProblems,
  emptyContent,
  ownershipOf,
  planDiff,
  reviewProblems,
  reviewSummary,
} from './domain.js';
import { actionPlanReviews, actionPlanVersions, actionPlans } from './schema.js';

export type Plan = typeof actionPlans.$inferSelect;
type Kind = Plan['kind'];

/** What a client sends: items may come without ids (new ones); the service gives them ids. */
export type ContentInput = Omit<PlanContent, 'priorities' | 'actions' | 'phase'> & {
  priorities: (Omit<PlanContent['priorities'][number], 'id'> & { id?: string | undefined })[];
  actions: (Omit<PlanContent['actions'][number], 'id'> & { id?: string | undefined })[];
  phase:
    | (Omit<NonNullable<PlanContent['phase']>, 'milestones'> & {
        milestones: (Omit<NonNullable<PlanContent['phase']>['milestones'][number], 'id'> & { id?: string | undefined })[];
      })
    | null;
};

const withIds = (c: ContentInput): PlanContent => ({
  ...c,
  priorities: c.priorities.map((p) => ({ ...p, id: p.id ?? randomUUID() })),
  actions: c.actions.map((a) => ({ ...a, id: a.id ?? randomUUID() })),
  phase: c.phase ? { ...c.phase, milestones: c.phase.milestones.map((m) => ({ ...m, id: m.id ?? randomUUID() })) } : null,
});

/** The partnerships that own a plan: its own, or those its organisation is (or was) in or leads. */
async function ownersOf(db: Queryable, plan: Pick<Plan, 'partnershipId' | 'organisationId'>): Promise<string[]> {
  if (plan.partnershipId) return [plan.partnershipId];
  const orgId = plan.organisationId!;
  const [spells, leads] = await Promise.all([
    db
      .select({ id: partnershipOrganisations.partnershipId })
      .from(partnershipOrganisations)
      .where(eq(partnershipOrganisations.organisationId, orgId)),
    db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.leadOrganisationId, orgId)),
  ]);
  return [...new Set([...spells, ...leads].map((r) => r.id))];
}

/** Plans a partnership member may see: their partnerships', and those of organisations in them. */
function visiblePlans(db: Queryable, ctx: ProgrammeContext) {
  if (ctx.access.scope === 'programme') return undefined;
  const mine = ctx.access.partnershipIds;
  return or(
    inArray(actionPlans.partnershipId, mine),
    inArray(
      actionPlans.organisationId,
      db
        .select({ id: partnershipOrganisations.organisationId })
        .from(partnershipOrganisations)
        .where(inArray(partnershipOrganisations.partnershipId, mine)),
    ),
    inArray(
      actionPlans.organisationId,
      db.select({ id: partnerships.leadOrganisationId }).from(partnerships).where(inArray(partnerships.id, mine)),
    ),
  );
}

const ownerName = sql<string>`coalesce(${partnerships.name}, ${organisations.name})`;

export async function listPlans(
  db: Queryable,
  ctx: ProgrammeContext,
  assigned: readonly string[],
  q: { partnershipId?: string | undefined; organisationId?: string | undefined },
) {
  const rows = await db
    .select({
      plan: actionPlans,
      ownerName,
      lastReview: sql<string | null>`(select max(r.reviewed_on)::text from ${actionPlanReviews} r where r.plan_id = ${actionPlans.id})`,
    })
    .from(actionPlans)
    .leftJoin(partnerships, eq(partnerships.id, actionPlans.partnershipId))
    .leftJoin(organisations, eq(organisations.id, actionPlans.organisationId))
    .where(
      and(
        eq(actionPlans.programmeId, ctx.programme.id),
        visiblePlans(db, ctx),
        q.partnershipId ? eq(actionPlans.partnershipId, q.partnershipId) : undefined,
        q.organisationId ? eq(actionPlans.organisationId, q.organisationId) : undefined,
      ),
    )
    .orderBy(asc(ownerName), asc(actionPlans.createdAt));
  const mayStart =
    ctx.access.canManage ||
    ctx.access.scope === 'partnership' ||
    (ctx.access.scope === 'programme' && ctx.access.role === 'facilitator' && assigned.length > 0);
  return {
    rows: rows.map((r) => ({
      id: r.plan.id,
      kind: r.plan.kind,
      title: r.plan.content.title,
      owner: { partnershipId: r.plan.partnershipId, organisationId: r.plan.organisationId, name: r.ownerName },
      number: r.plan.version,
      updatedAt: r.plan.updatedAt.toISOString(),
      people: ownershipOf(r.plan.content.participants).people,
      lastReviewedOn: r.lastReview,
    })),
    create: mayStart,
  };
}

/** A plan the caller may see, or 404 — the same answer for "missing" and "not yours". */
export async function loadPlan(db: Queryable, ctx: ProgrammeContext, planId: string) {
  const [plan] = await db
    .select()
    .from(actionPlans)
    .where(and(eq(actionPlans.id, planId), eq(actionPlans.programmeId, ctx.programme.id)));
  if (!plan) throw new NotFound('That plan');
  const owners = await ownersOf(db, plan);
  if (!canSeePlan(ctx.access, owners)) throw new NotFound('That plan');
  return { plan, owners };
}

export async function getPlan(db: Queryable, ctx: ProgrammeContext, assigned: readonly string[], planId: string) {
  const { plan, owners } = await loadPlan(db, ctx, planId);
  const [[owner], versions, reviews] = await Promise.all([
    plan.partnershipId
      ? db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.id, plan.partnershipId))
      : db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, plan.organisationId!)),
    db
      .select({ version: actionPlanVersions.version, savedBy: actionPlanVersions.savedBy, savedAt: actionPlanVersions.savedAt })
      .from(actionPlanVersions)
      .where(eq(actionPlanVersions.planId, plan.id))
      .orderBy(desc(actionPlanVersions.version)),
    db
      .select()
      .from(actionPlanReviews)
      .where(eq(actionPlanReviews.planId, plan.id))
      .orderBy(desc(actionPlanReviews.reviewedOn), desc(actionPlanReviews.createdAt)),
  ]);
  const reviewed = new Map<number, PlanContent>();
  for (const r of reviews) if (!reviewed.has(r.planVersion)) reviewed.set(r.planVersion, await versionContent(db, plan.id, r.planVersion));
  return {
    data: {
      id: plan.id,
      kind: plan.kind,
      owner: { partnershipId: plan.partnershipId, organisationId: plan.organisationId, name: owner?.name ?? '' },
      content: plan.content,
      number: plan.version,
      ownership: ownershipOf(plan.content.participants),
      updatedAt: plan.updatedAt.toISOString(),
      versions: versions.map((v) => ({ version: v.version, savedBy: v.savedBy, savedAt: v.savedAt.toISOString() })),
      reviews: reviews.map((r) => {
        const priorities = reviewed.get(r.planVersion)?.priorities ?? [];
        return {
          id: r.id,
          reviewedOn: r.reviewedOn,
          planVersion: r.planVersion,
          judgements: r.judgements.map((j) => ({ ...j, priority: priorities.find((p) => p.id === j.priorityId)?.text ?? '' })),
          participants: r.participants,
          ownership: ownershipOf(r.participants),
          summary: r.summary,
          outcome: reviewSummary(priorities, r.judgements),
        };
      }),
    },
    abilities: { update: canEditPlan(ctx.access, owners, assigned) },
  };
}

async function versionContent(db: Queryable, planId: string, version: number): Promise<PlanContent> {
  const [v] = await db
    .select({ content: actionPlanVersions.content })
    .from(actionPlanVersions)
    .where(and(eq(actionPlanVersions.planId, planId), eq(actionPlanVersions.version, version)));
  if (!v) throw new NotFound('That version of the plan');
  return v.content;
}

/** One version of a plan as it was saved, with what changed from the version before. */
export async function getPlanVersion(db: Queryable, ctx: ProgrammeContext, planId: string, version: number) {
  const { plan } = await loadPlan(db, ctx, planId);
  const [v] = await db
    .select()
    .from(actionPlanVersions)
    .where(and(eq(actionPlanVersions.planId, plan.id), eq(actionPlanVersions.version, version)));
  if (!v) throw new NotFound('That version of the plan');
  const before = version > 1 ? await versionContent(db, plan.id, version - 1) : null;
  return {
    version: v.version,
    savedBy: v.savedBy,
    savedAt: v.savedAt.toISOString(),
    content: v.content,
    ownership: ownershipOf(v.content.participants),
    changes: before ? planDiff(before, v.content) : [],
    latest: plan.version,
  };
}

const auditView = (p: { kind: Kind; version: number; content: PlanContent }) => ({
  title: p.content.title,
  kind: p.kind,
  version: p.version,
  priorities: p.content.priorities.length,
  actions: p.content.actions.length,
  people: ownershipOf(p.content.participants).people,
});

function check(content: PlanContent, kind: Kind) {
  const problems = contentProblems(content, kind);
  if (problems.length) throw new Invalid(`${problems.map((p) => p.message).join('. ')}.`, problems);
}

export interface NewPlan {
  kind: Kind;
  partnershipId?: string | null | undefined;
  organisationId?: string | null | undefined;
  content?: ContentInput | undefined;
  title: string;
}

export async function createPlan(db: Db, ctx: ProgrammeContext, actor: Actor, assigned: readonly string[], input: NewPlan) {
  const partnershipId = input.partnershipId ?? null;
  const organisationId = input.organisationId ?? null;
  if ((partnershipId === null) === (organisationId === null))
    throw new Invalid('Choose the partnership or the organisation the plan is for.', [
      { path: ['partnershipId'], message: 'Choose the partnership or the organisation the plan is for' },
    ]);
  // The owner must be this programme's and one the caller may see (else it does not exist for them).
  if (partnershipId) {
    const [p] = await db
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(and(eq(partnerships.id, partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
    // Another partnership's id, to one of a partnership's members, is as good as missing.
    if (ctx.access.scope === 'partnership' && !canSeePlan(ctx.access, [partnershipId])) throw new NotFound('That partnership');
    if (!p)
      throw new Invalid('That partnership is not in this programme.', [
        { path: ['partnershipId'], message: 'That partnership is not in this programme' },
      ]);
  } else {
    const [o] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, organisationId!), eq(organisations.programmeId, ctx.programme.id)));
    if (o && !canSeePlan(ctx.access, await ownersOf(db, { partnershipId, organisationId }))) throw new NotFound('That organisation');
    if (!o)
      throw new Invalid('That organisation is not in this programme.', [
        { path: ['organisationId'], message: 'That organisation is not in this programme' },
      ]);
  }
  const owners = await ownersOf(db, { partnershipId, organisationId });
  if (!canStartPlan(ctx.access, owners, assigned))
    throw new Forbidden('Only the partnership’s members, its facilitators and programme managers can make its plans.');
  const content = input.content ? withIds({ ...input.content, title: input.title }) : emptyContent(input.title, input.kind);
  if (input.kind === 'phase' && content.phase === null) content.phase = emptyContent('', 'phase').phase;
  check(content, input.kind);
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(actionPlans)
      .values({ programmeId: ctx.programme.id, kind: input.kind, partnershipId, organisationId, content, version: 1 })
      .returning();
    await tx.insert(actionPlanVersions).values({ planId: plan!.id, version: 1, content, savedBy: actor.label });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'action_plan',
      entityId: plan!.id,
      action: 'create',
      summary: `Started the ${input.kind === 'phase' ? 'phase plan' : 'action plan'} “${content.title}”`,
      after: auditView(plan!),
    });
    return plan!.id;
  });
}

/** Saves a new version of a plan: the fields sent replace the current ones; the old version stays readable. */
export async function updatePlan(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  assigned: readonly string[],
  planId: string,
  change: Partial<ContentInput>,
) {
  const { plan, owners } = await loadPlan(db, ctx, planId);
  if (!canEditPlan(ctx.access, owners, assigned))
    throw new Forbidden('Only the partnership’s members, its facilitators and programme managers can change its plans.');
  const next = withIds({ ...plan.content, ...change } as ContentInput);
  check(next, plan.kind);
  const changes = planDiff(plan.content, next);
  if (changes.length === 0) return plan.id;
  const version = plan.version + 1;
  await db.update(actionPlans).set({ content: next, version, updatedAt: new Date() }).where(eq(actionPlans.id, plan.id));
  await db.insert(actionPlanVersions).values({ planId: plan.id, version, content: next, savedBy: actor.label });
  await recordAudit(db, actor, {
    programmeId: ctx.programme.id,
    entityType: 'action_plan',
    entityId: plan.id,
    action: 'update',
    summary: `Saved version ${version} of “${next.title}”: ${changes.map((c) => c.words).join('; ')}`,
    before: auditView(plan),
    after: auditView({ kind: plan.kind, version, content: next }),
  });
  return plan.id;
}

export interface ReviewInput {
  reviewedOn: string;
  judgements: ReviewJudgement[];
  participants: Participant[];
  summary?: string | undefined;
}

/** Records an annual review of the plan's current version: a judgement for each of its priorities. */
export async function addReview(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  assigned: readonly string[],
  planId: string,
  input: ReviewInput,
) {
  const { plan, owners } = await loadPlan(db, ctx, planId);
  if (!canEditPlan(ctx.access, owners, assigned))
    throw new Forbidden('Only the partnership’s members, its facilitators and programme managers can review its plans.');
  const problems = reviewProblems(plan.content.priorities, input.judgements);
  if (plan.content.priorities.length === 0)
    problems.push({ path: ['judgements'], message: 'The plan has no priorities to review yet: add them first' });
  if (problems.length) throw new Invalid(`${problems.map((p) => p.message).join('. ')}.`, problems);
  const outcome = reviewSummary(plan.content.priorities, input.judgements);
  return db.transaction(async (tx) => {
    const [review] = await tx
      .insert(actionPlanReviews)
      .values({
        planId: plan.id,
        planVersion: plan.version,
        reviewedOn: input.reviewedOn,
        judgements: input.judgements,
        participants: input.participants,
        summary: input.summary ?? '',
        recordedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'action_plan',
      entityId: plan.id,
      action: 'review',
      summary: `Reviewed “${plan.content.title}” on ${input.reviewedOn}: ${outcome.words}`,
      after: { reviewedOn: input.reviewedOn, people: ownershipOf(input.participants).people },
    });
    return review!.id;
  });
}
