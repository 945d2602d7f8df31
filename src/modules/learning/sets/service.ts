/**
 * Action-learning sets (issue 17, point 3): a cluster of partnerships, its sessions (date, who attended,
 * notes), and the actions each partnership committed to between sessions at three levels (by us, with
 * us, for us) with priority and what came of them. A set's learning links to the case studies it produced
 * (case_studies.learning_set_id).
 *
 * Who sees a set: the programme's team (every programme role) and the members of its partnerships.
 * Who runs it (the set, its partnerships, sessions): managers and facilitators. Who records actions and
 * their follow-up: those, and the members of the partnership that committed to the action.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import type { ActionLevel, ActionStatus, Priority } from '../domain/vocab.js';
import { caseStudies, learningActions, learningSessions, learningSetPartnerships, learningSets } from '../schema.js';
import { visibleCaseStudies } from '../case-studies/service.js';

export interface SetInput {
  name: string;
  description?: string | undefined;
  learning?: string | undefined;
  partnershipIds?: string[] | undefined;
  /** On a change: every case study the set produced (of those the caller can see); others it named are let go. */
  caseStudyIds?: string[] | undefined;
}
export interface SessionInput {
  heldOn: string;
  title: string;
  attendees?: string[] | undefined;
  notes?: string | undefined;
}
export interface ActionInput {
  partnershipId: string;
  sessionId?: string | null | undefined;
  level: ActionLevel;
  action: string;
  priority?: Priority | undefined;
  status?: ActionStatus | undefined;
  followUp?: string | undefined;
  followUpOn?: string | null | undefined;
}

type SetRow = typeof learningSets.$inferSelect;

export const canRunSets = (ctx: ProgrammeContext) =>
  ctx.access.canManage || (ctx.access.scope === 'programme' && ctx.access.role === 'facilitator');

function requireRunner(ctx: ProgrammeContext) {
  if (!canRunSets(ctx)) throw new Forbidden('Only a programme manager or a facilitator can run action-learning sets.');
}

const canActFor = (ctx: ProgrammeContext, partnershipId: string) =>
  canRunSets(ctx) || (ctx.access.scope === 'partnership' && ctx.access.partnershipIds.includes(partnershipId));

/** Sets the caller may see: all of the programme's for its team; a member's own partnerships' sets. */
function visibleSets(ctx: ProgrammeContext) {
  const programme = eq(learningSets.programmeId, ctx.programme.id);
  if (ctx.access.scope === 'programme') return programme;
  return and(
    programme,
    inArray(
      learningSets.id,
      sql`(select ${learningSetPartnerships.setId} from ${learningSetPartnerships} where ${inArray(learningSetPartnerships.partnershipId, ctx.access.partnershipIds)})`,
    ),
  );
}

async function loadSet(db: Queryable, ctx: ProgrammeContext, setId: string): Promise<SetRow> {
  const [set] = await db
    .select()
    .from(learningSets)
    .where(and(eq(learningSets.id, setId), visibleSets(ctx)));
  if (!set) throw new NotFound('That action-learning set');
  return set;
}

async function membersOf(db: Queryable, setIds: string[]) {
  if (!setIds.length) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .select({ setId: learningSetPartnerships.setId, id: partnerships.id, name: partnerships.name })
    .from(learningSetPartnerships)
    .innerJoin(partnerships, eq(partnerships.id, learningSetPartnerships.partnershipId))
    .where(inArray(learningSetPartnerships.setId, setIds))
    .orderBy(asc(partnerships.name));
  const out = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) out.set(r.setId, [...(out.get(r.setId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export async function listSets(db: Queryable, ctx: ProgrammeContext) {
  const sets = await db.select().from(learningSets).where(visibleSets(ctx)).orderBy(asc(learningSets.name));
  const ids = sets.map((s) => s.id);
  const members = await membersOf(db, ids);
  const counts = ids.length
    ? await db
        .select({
          setId: learningSessions.setId,
          sessions: sql<number>`count(*)::int`,
          last: sql<string | null>`max(${learningSessions.heldOn})::text`,
        })
        .from(learningSessions)
        .where(inArray(learningSessions.setId, ids))
        .groupBy(learningSessions.setId)
    : [];
  const open = ids.length
    ? await db
        .select({ setId: learningActions.setId, n: sql<number>`count(*)::int` })
        .from(learningActions)
        .where(and(inArray(learningActions.setId, ids), eq(learningActions.status, 'open')))
        .groupBy(learningActions.setId)
    : [];
  return sets.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    partnerships: members.get(s.id) ?? [],
    sessions: counts.find((c) => c.setId === s.id)?.sessions ?? 0,
    lastSessionOn: counts.find((c) => c.setId === s.id)?.last ?? null,
    openActions: open.find((c) => c.setId === s.id)?.n ?? 0,
  }));
}

export async function getSet(db: Queryable, ctx: ProgrammeContext, setId: string) {
  const set = await loadSet(db, ctx, setId);
  const [members, sessions, actions, studies] = await Promise.all([
    membersOf(db, [set.id]),
    db
      .select()
      .from(learningSessions)
      .where(eq(learningSessions.setId, set.id))
      .orderBy(asc(learningSessions.heldOn), asc(learningSessions.createdAt)),
    db
      .select({ action: learningActions, partnershipName: partnerships.name })
      .from(learningActions)
      .innerJoin(partnerships, eq(partnerships.id, learningActions.partnershipId))
      .where(eq(learningActions.setId, set.id))
      .orderBy(asc(partnerships.name), asc(learningActions.level), asc(learningActions.createdAt)),
    db
      .select({ id: caseStudies.id, title: caseStudies.title, status: caseStudies.status })
      .from(caseStudies)
      .where(and(eq(caseStudies.learningSetId, set.id), visibleCaseStudies(ctx)))
      .orderBy(asc(caseStudies.title)),
  ]);
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    learning: set.learning,
    partnerships: members.get(set.id) ?? [],
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, title: s.title, attendees: s.attendees, notes: s.notes })),
    actions: actions.map(({ action: a, partnershipName }) => presentAction(a, partnershipName, ctx)),
    caseStudies: studies,
    abilities: {
      update: canRunSets(ctx),
      addAction:
        canRunSets(ctx) ||
        (ctx.access.scope === 'partnership' &&
          (members.get(set.id) ?? []).some((m) => ctx.access.scope === 'partnership' && ctx.access.partnershipIds.includes(m.id))),
    },
  };
}

const presentAction = (a: typeof learningActions.$inferSelect, partnershipName: string, ctx: ProgrammeContext) => ({
  id: a.id,
  partnership: { id: a.partnershipId, name: partnershipName },
  sessionId: a.sessionId,
  level: a.level,
  action: a.action,
  priority: a.priority,
  status: a.status,
  followUp: a.followUp,
  followUpOn: a.followUpOn,
  abilities: { update: canActFor(ctx, a.partnershipId) },
});

async function checkPartnerships(db: Queryable, ctx: ProgrammeContext, ids: string[]) {
  if (!ids.length) return;
  const found = new Set(
    (
      await db
        .select({ id: partnerships.id })
        .from(partnerships)
        .where(and(inArray(partnerships.id, ids), eq(partnerships.programmeId, ctx.programme.id)))
    ).map((p) => p.id),
  );
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new Invalid('That partnership is not in this programme', [
      { path: ['partnershipIds', missing], message: 'That partnership is not in this programme' },
    ]);
}

const setAudit = (s: SetRow, partnershipIds: string[], caseStudyIds?: string[]) => ({
  name: s.name,
  description: s.description,
  learning: s.learning,
  partnershipIds,
  ...(caseStudyIds ? { caseStudyIds } : {}),
});

/** The ids of the set's case studies the caller can see, by title. */
async function setCaseStudyIds(db: Queryable, ctx: ProgrammeContext, setId: string) {
  const rows = await db
    .select({ id: caseStudies.id })
    .from(caseStudies)
    .where(and(eq(caseStudies.learningSetId, setId), visibleCaseStudies(ctx)))
    .orderBy(asc(caseStudies.title));
  return rows.map((r) => r.id);
}

async function checkCaseStudies(db: Queryable, ctx: ProgrammeContext, ids: string[]) {
  if (!ids.length) return;
  const found = new Set(
    (
      await db
        .select({ id: caseStudies.id })
        .from(caseStudies)
        .where(and(inArray(caseStudies.id, ids), visibleCaseStudies(ctx)))
    ).map((c) => c.id),
  );
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new Invalid('That case study is not one you can see in this programme', [
      { path: ['caseStudyIds', missing], message: 'That case study is not one you can see in this programme' },
    ]);
}

async function nameTaken(db: Queryable, ctx: ProgrammeContext, name: string, except?: string) {
  const [hit] = await db
    .select({ id: learningSets.id })
    .from(learningSets)
    .where(and(eq(learningSets.programmeId, ctx.programme.id), sql`lower(${learningSets.name}) = lower(${name})`));
  if (hit && hit.id !== except)
    throw new Conflict(`There is already a set called ${name}`, [{ path: ['name'], message: 'Give the set a name no other set has' }]);
}

export async function createSet(db: Db, ctx: ProgrammeContext, actor: Actor, input: SetInput) {
  requireRunner(ctx);
  const ids = [...new Set(input.partnershipIds ?? [])];
  await checkPartnerships(db, ctx, ids);
  await nameTaken(db, ctx, input.name.trim());
  const id = await db.transaction(async (tx) => {
    const [s] = await tx
      .insert(learningSets)
      .values({
        programmeId: ctx.programme.id,
        name: input.name.trim(),
        description: input.description?.trim() ?? '',
        learning: input.learning?.trim() ?? '',
      })
      .returning();
    if (ids.length) await tx.insert(learningSetPartnerships).values(ids.map((partnershipId) => ({ setId: s!.id, partnershipId })));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_set',
      entityId: s!.id,
      action: 'create',
      summary: `Started the action-learning set ${s!.name}`,
      after: setAudit(s!, ids),
    });
    return s!.id;
  });
  return getSet(db, ctx, id);
}

export async function updateSet(db: Db, ctx: ProgrammeContext, actor: Actor, setId: string, input: Partial<SetInput>) {
  requireRunner(ctx);
  const before = await loadSet(db, ctx, setId);
  const beforeIds = ((await membersOf(db, [before.id])).get(before.id) ?? []).map((m) => m.id);
  const ids = input.partnershipIds ? [...new Set(input.partnershipIds)] : beforeIds;
  await checkPartnerships(db, ctx, ids);
  if (input.name !== undefined) await nameTaken(db, ctx, input.name.trim(), before.id);
  const studyIds = input.caseStudyIds ? [...new Set(input.caseStudyIds)] : undefined;
  if (studyIds) await checkCaseStudies(db, ctx, studyIds);
  const beforeStudyIds = studyIds ? await setCaseStudyIds(db, ctx, before.id) : undefined;
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(learningSets)
      .set({
        name: input.name?.trim() ?? before.name,
        description: input.description?.trim() ?? before.description,
        learning: input.learning?.trim() ?? before.learning,
      })
      .where(eq(learningSets.id, before.id))
      .returning();
    if (input.partnershipIds) {
      await tx.delete(learningSetPartnerships).where(eq(learningSetPartnerships.setId, before.id));
      if (ids.length) await tx.insert(learningSetPartnerships).values(ids.map((partnershipId) => ({ setId: before.id, partnershipId })));
    }
    if (studyIds) {
      // Let go of the ones no longer named (only those the caller can see), then name the set on each given.
      const letGo = (beforeStudyIds ?? []).filter((id) => !studyIds.includes(id));
      if (letGo.length) await tx.update(caseStudies).set({ learningSetId: null }).where(inArray(caseStudies.id, letGo));
      if (studyIds.length) await tx.update(caseStudies).set({ learningSetId: before.id }).where(inArray(caseStudies.id, studyIds));
    }
    const afterStudyIds = studyIds ? await setCaseStudyIds(tx, ctx, before.id) : undefined;
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_set',
      entityId: before.id,
      action: 'update',
      summary: `Changed the action-learning set ${s!.name}`,
      before: setAudit(before, beforeIds, beforeStudyIds),
      after: setAudit(s!, ids, afterStudyIds),
    });
  });
  return getSet(db, ctx, before.id);
}

export async function addSession(db: Db, ctx: ProgrammeContext, actor: Actor, setId: string, input: SessionInput) {
  requireRunner(ctx);
  const set = await loadSet(db, ctx, setId);
  await db.transaction(async (tx) => {
    const [s] = await tx
      .insert(learningSessions)
      .values({
        setId: set.id,
        heldOn: input.heldOn,
        title: input.title.trim(),
        attendees: (input.attendees ?? []).map((a) => a.trim()).filter(Boolean),
        notes: input.notes?.trim() ?? '',
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_session',
      entityId: s!.id,
      action: 'create',
      summary: `Recorded the session ${s!.title} of ${set.name}`,
      after: { setId: set.id, heldOn: s!.heldOn, title: s!.title, attendees: s!.attendees, notes: s!.notes },
    });
  });
  return getSet(db, ctx, set.id);
}

export async function updateSession(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  setId: string,
  sessionId: string,
  input: Partial<SessionInput>,
) {
  requireRunner(ctx);
  const set = await loadSet(db, ctx, setId);
  const [before] = await db
    .select()
    .from(learningSessions)
    .where(and(eq(learningSessions.id, sessionId), eq(learningSessions.setId, set.id)));
  if (!before) throw new NotFound('That session');
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(learningSessions)
      .set({
        heldOn: input.heldOn ?? before.heldOn,
        title: input.title?.trim() ?? before.title,
        attendees: input.attendees ? input.attendees.map((a) => a.trim()).filter(Boolean) : before.attendees,
        notes: input.notes?.trim() ?? before.notes,
      })
      .where(eq(learningSessions.id, before.id))
      .returning();
    const view = (x: typeof before) => ({ setId: set.id, heldOn: x.heldOn, title: x.title, attendees: x.attendees, notes: x.notes });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_session',
      entityId: before.id,
      action: 'update',
      summary: `Changed the session ${s!.title} of ${set.name}`,
      before: view(before),
      after: view(s!),
    });
  });
  return getSet(db, ctx, set.id);
}

async function checkedAction(db: Queryable, setId: string, a: ActionInput) {
  const errors: FieldError[] = [];
  const [member] = await db
    .select({ id: learningSetPartnerships.partnershipId })
    .from(learningSetPartnerships)
    .where(and(eq(learningSetPartnerships.setId, setId), eq(learningSetPartnerships.partnershipId, a.partnershipId)));
  if (!member) errors.push({ path: ['partnershipId'], message: 'That partnership is not in this set' });
  if (a.sessionId) {
    const [session] = await db
      .select({ id: learningSessions.id })
      .from(learningSessions)
      .where(and(eq(learningSessions.id, a.sessionId), eq(learningSessions.setId, setId)));
    if (!session) errors.push({ path: ['sessionId'], message: 'That session is not one of this set’s' });
  }
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
}

const actionAudit = (a: typeof learningActions.$inferSelect) => ({
  setId: a.setId,
  partnershipId: a.partnershipId,
  sessionId: a.sessionId,
  level: a.level,
  action: a.action,
  priority: a.priority,
  status: a.status,
  followUp: a.followUp,
  followUpOn: a.followUpOn,
});

export async function addAction(db: Db, ctx: ProgrammeContext, actor: Actor, setId: string, input: ActionInput) {
  const set = await loadSet(db, ctx, setId);
  if (!canActFor(ctx, input.partnershipId)) throw new Forbidden('You can record actions for your own partnership only.');
  await checkedAction(db, set.id, input);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .insert(learningActions)
      .values({
        setId: set.id,
        partnershipId: input.partnershipId,
        sessionId: input.sessionId ?? null,
        level: input.level,
        action: input.action.trim(),
        priority: input.priority ?? 'medium',
        status: input.status ?? 'open',
        followUp: input.followUp?.trim() ?? '',
        followUpOn: input.followUpOn ?? null,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_action',
      entityId: a!.id,
      action: 'create',
      summary: `Recorded an action in ${set.name}: ${a!.action}`,
      after: actionAudit(a!),
    });
  });
  return getSet(db, ctx, set.id);
}

export async function updateAction(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  setId: string,
  actionId: string,
  input: Partial<ActionInput>,
) {
  const set = await loadSet(db, ctx, setId);
  const [before] = await db
    .select()
    .from(learningActions)
    .where(and(eq(learningActions.id, actionId), eq(learningActions.setId, set.id)));
  if (!before) throw new NotFound('That action');
  if (!canActFor(ctx, before.partnershipId) || (input.partnershipId && !canActFor(ctx, input.partnershipId)))
    throw new Forbidden('You can change your own partnership’s actions only.');
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ActionInput>;
  const next = { ...before, ...given };
  await checkedAction(db, set.id, next);
  await db.transaction(async (tx) => {
    const [a] = await tx
      .update(learningActions)
      .set({
        partnershipId: next.partnershipId,
        sessionId: next.sessionId ?? null,
        level: next.level,
        action: next.action.trim(),
        priority: next.priority,
        status: next.status,
        followUp: next.followUp.trim(),
        followUpOn: next.followUpOn ?? null,
      })
      .where(eq(learningActions.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'learning_action',
      entityId: before.id,
      action: 'update',
      summary: `Followed up an action in ${set.name}: ${a!.action}`,
      before: actionAudit(before),
      after: actionAudit(a!),
    });
  });
  return getSet(db, ctx, set.id);
}

/** Sets the caller can see, by name, newest first: for the case-study form's "produced by" choice. */
export async function setChoices(db: Queryable, ctx: ProgrammeContext) {
  return db
    .select({ id: learningSets.id, name: learningSets.name })
    .from(learningSets)
    .where(visibleSets(ctx))
    .orderBy(desc(learningSets.createdAt));
}
