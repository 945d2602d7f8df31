/**
 * Theories of change and their versions: load within the caller's programme, check, write with an
 * audit row in one transaction. A version is a draft until published; a published version never changes
 * (refused here with words, and by a trigger in the database). New drafts copy a version's model and
 * mappings, keeping the keys of its steps and links, so the diff can follow them.
 */
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { getPlace } from '../../places/service.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { diffModels } from '../domain/diff.js';
import { DEFAULT_STAGES, type Stage, type TheoryModel, keyFrom, modelProblems } from '../domain/model.js';
import { type TheoryLevel, theoriesOfChange, tocMappings, tocStageSets, tocVersions } from '../schema.js';
import { requireTheoryEditor, requireTheoryReader } from './access.js';

export type Theory = typeof theoriesOfChange.$inferSelect;
export type Version = typeof tocVersions.$inferSelect;

const nameConflict = {
  theories_of_change_name_key: { path: 'name', message: 'This programme already has a theory of change with that name' },
  toc_versions_name_key: { path: 'name', message: 'This theory already has a version with that name' },
};

/** A published version touched anyway (the trigger's refusal), as the service's own words. */
function fromDb(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const constraint = e.constraint ?? e.cause?.constraint;
  if (constraint === 'toc_versions_published_immutable')
    throw new Conflict('This version is published and cannot be changed. Start a new draft from it instead.');
  conflictFromDb(err, nameConflict);
}

/** Every problem of a model as field errors ("nodes.2.label" → ['model', 'nodes', 2, 'label']). */
export function checkModel(model: TheoryModel, at: (string | number)[] = ['model']) {
  const problems = modelProblems(model);
  if (problems.length) {
    const errors: FieldError[] = problems.map((p) => ({
      path: [...at, ...p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))],
      message: p.message,
    }));
    throw new Invalid(`${problems.map((p) => p.message).join('. ')}.`, errors);
  }
}

// ---- stages -------------------------------------------------------------------------------------

/** The stages a new theory of this programme starts with. */
export async function programmeStages(db: Queryable, ctx: ProgrammeContext): Promise<Stage[]> {
  requireTheoryReader(ctx);
  const [row] = await db.select().from(tocStageSets).where(eq(tocStageSets.programmeId, ctx.programme.id));
  return (row?.stages ?? DEFAULT_STAGES).map((s) => ({ key: s.key, label: s.label }));
}

/** Sets them: labels in order; a stage keeps its key when given one, else gets one from its label. */
export async function setProgrammeStages(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  given: { key?: string | undefined; label: string }[],
) {
  requireTheoryEditor(ctx);
  const taken = new Set(given.flatMap((s) => (s.key ? [s.key] : [])));
  const stages = given.map((s) => {
    if (s.key) return { key: s.key, label: s.label.trim() };
    const key = keyFrom(s.label, taken);
    taken.add(key);
    return { key, label: s.label.trim() };
  });
  checkModel({ stages, nodes: [], links: [] }, ['stages']);
  const before = await programmeStages(db, ctx);
  return db.transaction(async (tx) => {
    await tx
      .insert(tocStageSets)
      .values({ programmeId: ctx.programme.id, stages })
      .onConflictDoUpdate({ target: tocStageSets.programmeId, set: { stages, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_stages',
      entityId: ctx.programme.id,
      action: 'update',
      summary: 'Changed the stages of new theories of change',
      before: { stages: before.map((s) => s.label) },
      after: { stages: stages.map((s) => s.label) },
    });
    return stages;
  });
}

// ---- theories -----------------------------------------------------------------------------------

export interface TheoryInput {
  name: string;
  level: TheoryLevel;
  placeId?: string | null | undefined;
  description?: string | undefined;
}

export async function theoryView(db: Queryable, ctx: ProgrammeContext, t: Theory) {
  const versions = await db.select().from(tocVersions).where(eq(tocVersions.theoryId, t.id)).orderBy(asc(tocVersions.number));
  const place = t.placeId ? await getPlace(db as Db, ctx, t.placeId) : null;
  return {
    id: t.id,
    name: t.name,
    level: t.level,
    place: place ? { id: place.id, name: place.name } : null,
    description: t.description,
    createdAt: t.createdAt.toISOString(),
    versions: versions.map(versionSummary),
  };
}

export const versionSummary = (v: Version) => ({
  id: v.id,
  number: v.number,
  name: v.name,
  status: v.status,
  changeNote: v.changeNote,
  createdAt: v.createdAt.toISOString(),
  publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
  publishedBy: v.publishedBy,
  basedOnId: v.basedOnId,
  steps: v.model.nodes.length,
  links: v.model.links.length,
});

export async function listTheories(db: Queryable, ctx: ProgrammeContext) {
  requireTheoryReader(ctx);
  const rows = await db
    .select()
    .from(theoriesOfChange)
    .where(eq(theoriesOfChange.programmeId, ctx.programme.id))
    .orderBy(asc(theoriesOfChange.level), asc(theoriesOfChange.name));
  return Promise.all(rows.map((t) => theoryView(db, ctx, t)));
}

export async function loadTheory(db: Queryable, ctx: ProgrammeContext, theoryId: string): Promise<Theory> {
  requireTheoryReader(ctx);
  const [t] = await db
    .select()
    .from(theoriesOfChange)
    .where(and(eq(theoriesOfChange.id, theoryId), eq(theoriesOfChange.programmeId, ctx.programme.id)));
  if (!t) throw new NotFound('That theory of change');
  return t;
}

/** For the CLI: a theory by name, or the programme's only one (or its only programme-level one). */
export async function theoryByName(db: Queryable, ctx: ProgrammeContext, name: string | undefined): Promise<Theory> {
  requireTheoryReader(ctx);
  const all = await db.select().from(theoriesOfChange).where(eq(theoriesOfChange.programmeId, ctx.programme.id));
  if (name) {
    const hit = all.find((t) => t.name.trim().toLowerCase() === name.trim().toLowerCase());
    if (!hit) throw new NotFound(`The theory of change “${name}”`);
    return hit;
  }
  const candidates = all.length === 1 ? all : all.filter((t) => t.level === 'programme');
  if (candidates.length === 1) return candidates[0]!;
  if (all.length === 0) throw new NotFound(`A theory of change of ${ctx.programme.name}`);
  throw new Invalid(
    `${ctx.programme.name} has ${all.length} theories of change: name one with --theory (${all.map((t) => t.name).join(', ')})`,
    [{ path: ['theory'], message: 'Name the theory of change' }],
  );
}

async function checkPlace(db: Db, ctx: ProgrammeContext, input: { level: TheoryLevel; placeId?: string | null | undefined }) {
  if (input.level === 'place') {
    if (!input.placeId)
      throw new Invalid('Choose the place this theory of change is for', [{ path: ['placeId'], message: 'Choose the place' }]);
    try {
      await getPlace(db, ctx, input.placeId);
    } catch {
      throw new Invalid('Choose one of the programme’s places', [{ path: ['placeId'], message: 'Choose one of the programme’s places' }]);
    }
    return input.placeId;
  }
  if (input.placeId)
    throw new Invalid('A programme-level theory of change is not for one place', [
      { path: ['placeId'], message: 'Leave the place empty for a programme-level theory, or make it place-level' },
    ]);
  return null;
}

const theoryAudit = (t: Theory) => ({ name: t.name, level: t.level, placeId: t.placeId, description: t.description });

/** A new theory with its first version, a draft (an empty model in the programme's stages unless given one). */
export async function createTheory(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  input: TheoryInput & { model?: TheoryModel | undefined; versionName?: string | undefined },
) {
  requireTheoryEditor(ctx);
  const placeId = await checkPlace(db, ctx, input);
  const model = input.model ?? { stages: await programmeStages(db, ctx), nodes: [], links: [] };
  checkModel(model);
  try {
    return await db.transaction(async (tx) => {
      const [t] = await tx
        .insert(theoriesOfChange)
        .values({ programmeId: ctx.programme.id, name: input.name, level: input.level, placeId, description: input.description ?? '' })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'theory_of_change',
        entityId: t!.id,
        action: 'create',
        summary: `Added the theory of change ${t!.name}`,
        after: theoryAudit(t!),
      });
      const v = await insertVersion(tx, ctx, actor, t!, { name: input.versionName, model, basedOnId: null });
      return { theory: t!, version: v };
    });
  } catch (err) {
    fromDb(err);
  }
}

export async function updateTheory(db: Db, ctx: ProgrammeContext, actor: Actor, theoryId: string, input: Partial<TheoryInput>) {
  requireTheoryEditor(ctx);
  const before = await loadTheory(db, ctx, theoryId);
  const level = input.level ?? before.level;
  const placeId = await checkPlace(db, ctx, { level, placeId: input.placeId === undefined ? before.placeId : input.placeId });
  try {
    return await db.transaction(async (tx) => {
      const [t] = await tx
        .update(theoriesOfChange)
        .set({ name: input.name ?? before.name, level, placeId, description: input.description ?? before.description })
        .where(eq(theoriesOfChange.id, before.id))
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'theory_of_change',
        entityId: t!.id,
        action: 'update',
        summary: `Changed the theory of change ${t!.name}`,
        before: theoryAudit(before),
        after: theoryAudit(t!),
      });
      return t!;
    });
  } catch (err) {
    fromDb(err);
  }
}

// ---- versions -----------------------------------------------------------------------------------

export async function loadVersion(db: Queryable, theory: Theory, versionId: string): Promise<Version> {
  const [v] = await db
    .select()
    .from(tocVersions)
    .where(and(eq(tocVersions.id, versionId), eq(tocVersions.theoryId, theory.id)));
  if (!v) throw new NotFound('That version');
  return v;
}

/** For the CLI: a version by name, or the newest. */
export async function versionByName(db: Queryable, theory: Theory, name: string | undefined): Promise<Version> {
  const all = await db.select().from(tocVersions).where(eq(tocVersions.theoryId, theory.id)).orderBy(desc(tocVersions.number));
  if (!name) return all[0]!;
  const hit = all.find((v) => v.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (!hit) throw new NotFound(`The version “${name}” of ${theory.name}`);
  return hit;
}

export const versionView = (theory: Theory, v: Version) => ({
  ...versionSummary(v),
  theory: { id: theory.id, name: theory.name },
  model: v.model,
});

const versionAudit = (v: Version) => ({
  name: v.name,
  status: v.status,
  changeNote: v.changeNote,
  steps: v.model.nodes.length,
  links: v.model.links.length,
});

async function insertVersion(
  tx: Queryable,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  input: { name?: string | undefined; model: TheoryModel; basedOnId: string | null },
): Promise<Version> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: max(tocVersions.number) })
    .from(tocVersions)
    .where(eq(tocVersions.theoryId, theory.id));
  const number = Number(n ?? 0) + 1;
  const [v] = await tx
    .insert(tocVersions)
    .values({
      theoryId: theory.id,
      number,
      name: input.name?.trim() || `Version ${number}`,
      model: input.model,
      basedOnId: input.basedOnId,
    })
    .returning();
  await recordAudit(tx, actor, {
    programmeId: ctx.programme.id,
    entityType: 'toc_version',
    entityId: v!.id,
    action: 'create',
    summary: `Started the draft ${v!.name} of ${theory.name}`,
    after: versionAudit(v!),
  });
  return v!;
}

function requireDraft(v: Version) {
  if (v.status !== 'draft') throw new Conflict(`${v.name} is published and cannot be changed. Start a new draft from it instead.`);
}

/** Saves a draft's whole model (the editor's save, an import into a draft). */
export async function saveDraftModel(tx: Db, ctx: ProgrammeContext, actor: Actor, theory: Theory, versionId: string, model: TheoryModel) {
  requireTheoryEditor(ctx);
  const before = await loadVersion(tx, theory, versionId);
  requireDraft(before);
  checkModel(model);
  const words = diffModels(before.model, model).map((c) => c.words);
  try {
    const [v] = await tx.update(tocVersions).set({ model }).where(eq(tocVersions.id, before.id)).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'toc_version',
      entityId: v!.id,
      action: 'update',
      summary: words.length
        ? `Saved ${v!.name} of ${theory.name}: ${words.slice(0, 3).join('; ')}${words.length > 3 ? '…' : ''}`
        : `Saved ${v!.name} of ${theory.name}`,
      before: { steps: before.model.nodes.length, links: before.model.links.length, changes: [] as string[] },
      after: { steps: v!.model.nodes.length, links: v!.model.links.length, changes: words },
    });
    return v!;
  } catch (err) {
    fromDb(err);
  }
}

/** Renames a draft or rewrites its change note. */
export async function updateDraft(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  versionId: string,
  input: { name?: string | undefined; changeNote?: string | undefined },
) {
  requireTheoryEditor(ctx);
  const before = await loadVersion(db, theory, versionId);
  requireDraft(before);
  try {
    return await db.transaction(async (tx) => {
      const [v] = await tx
        .update(tocVersions)
        .set({ name: input.name ?? before.name, changeNote: input.changeNote ?? before.changeNote })
        .where(eq(tocVersions.id, before.id))
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'toc_version',
        entityId: v!.id,
        action: 'update',
        summary: `Changed the draft ${v!.name} of ${theory.name}`,
        before: versionAudit(before),
        after: versionAudit(v!),
      });
      return v!;
    });
  } catch (err) {
    fromDb(err);
  }
}

/** Publishes a draft with its change note ("original", "refined after the realist analysis"): from then on it is fixed. */
export async function publishVersion(db: Db, ctx: ProgrammeContext, actor: Actor, theory: Theory, versionId: string, changeNote: string) {
  requireTheoryEditor(ctx);
  const before = await loadVersion(db, theory, versionId);
  requireDraft(before);
  if (!changeNote.trim())
    throw new Invalid('Enter a change note: what this version changes, or why it was drawn', [
      { path: ['changeNote'], message: 'Enter a change note' },
    ]);
  checkModel(before.model);
  try {
    return await db.transaction(async (tx) => {
      const [v] = await tx
        .update(tocVersions)
        .set({ status: 'published', changeNote: changeNote.trim(), publishedAt: new Date(), publishedBy: actor.label })
        .where(and(eq(tocVersions.id, before.id), eq(tocVersions.status, 'draft')))
        .returning();
      if (!v) throw new Conflict(`${before.name} has just been published by someone else.`);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'toc_version',
        entityId: v.id,
        action: 'publish',
        summary: `Published ${v.name} of ${theory.name}: ${v.changeNote}`,
        before: versionAudit(before),
        after: versionAudit(v),
      });
      return v;
    });
  } catch (err) {
    fromDb(err);
  }
}

/** A new draft copied from a version (its model and its mappings), or from `model` when given (an accepted suggestion, an import). */
export async function createDraft(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  theory: Theory,
  input: { fromVersionId: string; name?: string | undefined; model?: TheoryModel | undefined },
) {
  requireTheoryEditor(ctx);
  const from = await loadVersion(db, theory, input.fromVersionId);
  const model = input.model ?? from.model;
  checkModel(model);
  const keys = new Set(model.nodes.map((n) => n.key));
  try {
    return await db.transaction(async (tx) => {
      const v = await insertVersion(tx, ctx, actor, theory, { name: input.name, model, basedOnId: from.id });
      const copied = (await tx.select().from(tocMappings).where(eq(tocMappings.versionId, from.id))).filter((m) => keys.has(m.nodeKey));
      if (copied.length)
        await tx.insert(tocMappings).values(
          copied.map((m) => ({
            versionId: v.id,
            nodeKey: m.nodeKey,
            evaluationId: m.evaluationId,
            codeId: m.codeId,
            indicatorId: m.indicatorId,
          })),
        );
      return v;
    });
  } catch (err) {
    fromDb(err);
  }
}

/** Deletes a draft (never a published version, nor a theory's only version). */
export async function deleteDraft(db: Db, ctx: ProgrammeContext, actor: Actor, theory: Theory, versionId: string) {
  requireTheoryEditor(ctx);
  const before = await loadVersion(db, theory, versionId);
  requireDraft(before);
  const all = await db.select({ id: tocVersions.id }).from(tocVersions).where(eq(tocVersions.theoryId, theory.id));
  if (all.length === 1) throw new Conflict(`${before.name} is the only version of ${theory.name}, so it stays.`);
  try {
    await db.transaction(async (tx) => {
      await tx.delete(tocVersions).where(eq(tocVersions.id, before.id));
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'toc_version',
        entityId: before.id,
        action: 'delete',
        summary: `Deleted the draft ${before.name} of ${theory.name}`,
        before: versionAudit(before),
      });
    });
  } catch (err) {
    fromDb(err);
  }
}

/** What changed from one version to another, in words. */
export async function diffVersions(db: Queryable, theory: Theory, fromId: string, toId: string) {
  const [a, b] = await Promise.all([loadVersion(db, theory, fromId), loadVersion(db, theory, toId)]);
  return { from: versionSummary(a), to: versionSummary(b), changes: diffModels(a.model, b.model) };
}

export const tocVersionRecord = (id: string) => ({ key: tocVersions.id, id, entityType: 'toc_version' });
