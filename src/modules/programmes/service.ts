import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, getTableColumns, ilike, inArray, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from '../../db/database.js';
import { Conflict, Forbidden, Invalid, NotFound, conflictFromDb } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type Caller, visibleProgrammeIds } from '../access/access.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { partnerships, phaseProgressions } from '../partnerships/schema.js';
import { grants } from '../grants/schema.js';
import { organisations } from '../organisations/schema.js';
import { places } from '../places/schema.js';
import { projectTerms, projects } from '../projects/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from './context.js';
import { VOCABULARIES, type Vocabulary, phases, programmes, vocabularyTerms } from './schema.js';
import { defaultVocabularies } from './vocabularies.js';

export interface ProgrammeInput {
  slug: string;
  name: string;
  description?: string | undefined;
  funder?: string | undefined;
}

const slugConflict = {
  programmes_slug_unique: { path: 'slug', message: 'A programme with that slug already exists' },
};

export const presentProgramme = (p: typeof programmes.$inferSelect) => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  description: p.description,
  funder: p.funder,
  createdAt: p.createdAt.toISOString(),
});

export async function listProgrammes(db: Db, caller: Caller, q: ListQuery) {
  const visible = visibleProgrammeIds(caller);
  const conds = [];
  if (visible) conds.push(visible.length ? inArray(programmes.id, visible) : sql`false`);
  if (q.q) conds.push(or(ilike(programmes.name, `%${q.q}%`), ilike(programmes.slug, `%${q.q}%`)));
  const where = conds.length ? and(...conds) : undefined;
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db.select().from(programmes).where(where).orderBy(asc(programmes.name)).limit(limit).offset(offset),
    db.select({ n: count() }).from(programmes).where(where),
  ]);
  return { rows: rows.map(presentProgramme), total: Number(total?.n ?? 0) };
}

export async function createProgramme(db: Db, caller: Caller | null, actor: Actor, input: ProgrammeInput) {
  if (caller && !caller.isAdmin) throw new Forbidden('Only a platform administrator can create a programme.');
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(programmes)
        .values({ slug: input.slug, name: input.name, description: input.description ?? '', funder: input.funder ?? '' })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: p!.id,
        entityType: 'programme',
        entityId: p!.id,
        action: 'create',
        summary: `Created programme ${p!.name}`,
        after: presentProgramme(p!),
      });
      await seedVocabularies(tx, p!.id, defaultVocabularies());
      return presentProgramme(p!);
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export async function updateProgramme(db: Db, ctx: ProgrammeContext, actor: Actor, input: Partial<ProgrammeInput>) {
  requireManager(ctx);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .update(programmes)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(programmes.id, ctx.programme.id))
        .returning();
      await recordAudit(tx, actor, {
        programmeId: p!.id,
        entityType: 'programme',
        entityId: p!.id,
        action: 'update',
        summary: `Updated programme ${p!.name}`,
        before: presentProgramme(ctx.programme),
        after: presentProgramme(p!),
      });
      return presentProgramme(p!);
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

/** Counts for the programme's front page, scoped to what the caller may see. */
export async function programmeSummary(db: Db, ctx: ProgrammeContext) {
  const id = ctx.programme.id;
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  const n = async (rows: Promise<{ n: number }[]>) => Number((await rows)[0]?.n ?? 0);
  return {
    partnerships: await n(
      db
        .select({ n: count() })
        .from(partnerships)
        .where(and(eq(partnerships.programmeId, id), mine ? inArray(partnerships.id, mine) : undefined)),
    ),
    projects: await n(
      db
        .select({ n: count() })
        .from(projects)
        .where(and(eq(projects.programmeId, id), mine ? inArray(projects.partnershipId, mine) : undefined)),
    ),
    places: mine ? null : await n(db.select({ n: count() }).from(places).where(eq(places.programmeId, id))),
    organisations: mine ? null : await n(db.select({ n: count() }).from(organisations).where(eq(organisations.programmeId, id))),
    grants: mine ? null : await n(db.select({ n: count() }).from(grants).where(eq(grants.programmeId, id))),
  };
}

// ---- phases -------------------------------------------------------------------------------------

export interface PhaseInput {
  number: number;
  name: string;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
}

export const presentPhase = (p: typeof phases.$inferSelect & { version?: string }) => ({
  id: p.id,
  number: p.number,
  name: p.name,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  version: p.version,
});

/** A row with its version (decision 012), for lists whose items are edited one by one. */
const withXmin = <T extends PgTable>(t: T) => ({ ...getTableColumns(t), version: sql<string>`${t}.xmin::text` });

function checkPhaseDates(input: { startsOn?: string | null | undefined; endsOn?: string | null | undefined }) {
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
    throw new Invalid('The end date must be on or after the start date.', [
      { path: ['endsOn'], message: 'End date must be on or after the start date' },
    ]);
  }
}

export async function listPhases(db: Queryable, ctx: ProgrammeContext) {
  const rows = await db.select(withXmin(phases)).from(phases).where(eq(phases.programmeId, ctx.programme.id)).orderBy(asc(phases.number));
  const progressions = rows.length
    ? await db
        .select({
          id: phaseProgressions.id,
          phaseId: phaseProgressions.phaseId,
          partnershipId: phaseProgressions.partnershipId,
          partnershipName: partnerships.name,
          progressed: phaseProgressions.progressed,
          reason: phaseProgressions.reason,
          version: sql<string>`${phaseProgressions}.xmin::text`,
        })
        .from(phaseProgressions)
        .innerJoin(partnerships, eq(partnerships.id, phaseProgressions.partnershipId))
        .where(
          inArray(
            phaseProgressions.phaseId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(partnerships.name))
    : [];
  const visible = (pid: string) => ctx.access.scope === 'programme' || ctx.access.partnershipIds.includes(pid);
  return rows.map((p) => ({
    ...presentPhase(p),
    progressions: progressions.filter((g) => g.phaseId === p.id && visible(g.partnershipId)).map(({ phaseId: _, ...g }) => g),
  }));
}

const phaseConflict = { phases_programme_number_key: { path: 'number', message: 'This programme already has a phase with that number' } };

export async function createPhase(db: Db, ctx: ProgrammeContext, actor: Actor, input: PhaseInput) {
  requireManager(ctx);
  checkPhaseDates(input);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(phases)
        .values({
          programmeId: ctx.programme.id,
          number: input.number,
          name: input.name,
          startsOn: input.startsOn ?? null,
          endsOn: input.endsOn ?? null,
        })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'phase',
        entityId: p!.id,
        action: 'create',
        summary: `Added phase ${p!.number}: ${p!.name}`,
        after: presentPhase(p!),
      });
      return presentPhase(p!);
    });
  } catch (err) {
    conflictFromDb(err, phaseConflict);
  }
}

async function loadPhase(db: Queryable, ctx: ProgrammeContext, phaseId: string) {
  const [p] = await db
    .select()
    .from(phases)
    .where(and(eq(phases.id, phaseId), eq(phases.programmeId, ctx.programme.id)));
  if (!p) throw new NotFound('That phase');
  return p;
}

export async function updatePhase(db: Db, ctx: ProgrammeContext, actor: Actor, phaseId: string, input: Partial<PhaseInput>) {
  requireManager(ctx);
  const before = await loadPhase(db, ctx, phaseId);
  checkPhaseDates({
    startsOn: input.startsOn === undefined ? before.startsOn : input.startsOn,
    endsOn: input.endsOn === undefined ? before.endsOn : input.endsOn,
  });
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx.update(phases).set(input).where(eq(phases.id, phaseId)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'phase',
        entityId: p!.id,
        action: 'update',
        summary: `Updated phase ${p!.number}: ${p!.name}`,
        before: presentPhase(before),
        after: presentPhase(p!),
      });
      return presentPhase(p!);
    });
  } catch (err) {
    conflictFromDb(err, phaseConflict);
  }
}

export interface ProgressionInput {
  partnershipId: string;
  progressed: boolean;
  reason?: string | undefined;
}

/** Records whether a partnership went on from this phase to the next; a "no" needs its reason. */
/** The progression already recorded for a partnership from one of this programme's phases, if any: which row a write would change. */
export async function progressionOf(db: Queryable, ctx: ProgrammeContext, phaseId: string, partnershipId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: phaseProgressions.id })
    .from(phaseProgressions)
    .innerJoin(phases, eq(phases.id, phaseProgressions.phaseId))
    .where(
      and(
        eq(phaseProgressions.phaseId, phaseId),
        eq(phaseProgressions.partnershipId, partnershipId),
        eq(phases.programmeId, ctx.programme.id),
      ),
    );
  return row?.id ?? null;
}

export async function setProgression(db: Db, ctx: ProgrammeContext, actor: Actor, phaseId: string, input: ProgressionInput) {
  requireManager(ctx);
  const phase = await loadPhase(db, ctx, phaseId);
  const [ps] = await db
    .select()
    .from(partnerships)
    .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!ps)
    throw new Invalid('That partnership is not in this programme.', [
      { path: ['partnershipId'], message: 'That partnership is not in this programme' },
    ]);
  const reason = (input.reason ?? '').trim();
  if (!input.progressed && !reason) {
    throw new Invalid('Say why the partnership did not progress.', [
      { path: ['reason'], message: 'Enter the reason the partnership did not progress' },
    ]);
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(phaseProgressions)
      .where(and(eq(phaseProgressions.phaseId, phaseId), eq(phaseProgressions.partnershipId, ps.id)));
    const [row] = await tx
      .insert(phaseProgressions)
      .values({ phaseId, partnershipId: ps.id, progressed: input.progressed, reason })
      .onConflictDoUpdate({
        target: [phaseProgressions.phaseId, phaseProgressions.partnershipId],
        set: { progressed: input.progressed, reason },
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership',
      entityId: ps.id,
      action: 'progression',
      summary: `${ps.name} ${input.progressed ? 'progressed' : 'did not progress'} from phase ${phase.number}`,
      before: before ? { progressed: before.progressed, reason: before.reason } : null,
      after: { progressed: row!.progressed, reason: row!.reason },
    });
    return { id: row!.id, partnershipId: ps.id, partnershipName: ps.name, progressed: row!.progressed, reason: row!.reason };
  });
}

// ---- vocabularies -------------------------------------------------------------------------------

export const presentTerm = (t: typeof vocabularyTerms.$inferSelect & { version?: string }) => ({
  id: t.id,
  vocabulary: t.vocabulary,
  label: t.label,
  description: t.description,
  position: t.position,
  version: t.version,
});

export async function seedVocabularies(tx: Queryable, programmeId: string, lists: Partial<Record<Vocabulary, string[]>>) {
  const values = Object.entries(lists).flatMap(([vocabulary, labels]) =>
    (labels ?? []).map((label, position) => ({ programmeId, vocabulary: vocabulary as Vocabulary, label, position })),
  );
  if (values.length) await tx.insert(vocabularyTerms).values(values).onConflictDoNothing();
}

export async function listTerms(db: Queryable, programmeId: string, vocabulary?: Vocabulary) {
  const rows = await db
    .select(withXmin(vocabularyTerms))
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, programmeId), vocabulary ? eq(vocabularyTerms.vocabulary, vocabulary) : undefined))
    .orderBy(asc(vocabularyTerms.vocabulary), asc(vocabularyTerms.position), asc(vocabularyTerms.label));
  return rows.map(presentTerm);
}

export async function vocabulariesOf(db: Queryable, programmeId: string) {
  const terms = await listTerms(db, programmeId);
  return Object.fromEntries(VOCABULARIES.map((v) => [v, terms.filter((t) => t.vocabulary === v)])) as Record<
    Vocabulary,
    ReturnType<typeof presentTerm>[]
  >;
}

const termConflict = { vocabulary_terms_label_key: { path: 'label', message: 'That list already has a term with that label' } };

export async function addTerm(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  input: { vocabulary: Vocabulary; label: string; description?: string | undefined },
) {
  requireManager(ctx);
  try {
    return await db.transaction(async (tx) => {
      const [{ next } = { next: 0 }] = await tx
        .select({ next: sql<number>`coalesce(max(${vocabularyTerms.position}) + 1, 0)::int` })
        .from(vocabularyTerms)
        .where(and(eq(vocabularyTerms.programmeId, ctx.programme.id), eq(vocabularyTerms.vocabulary, input.vocabulary)));
      const [t] = await tx
        .insert(vocabularyTerms)
        .values({
          programmeId: ctx.programme.id,
          vocabulary: input.vocabulary,
          label: input.label,
          description: input.description ?? '',
          position: next,
        })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'vocabulary_term',
        entityId: t!.id,
        action: 'create',
        summary: `Added “${t!.label}” to ${t!.vocabulary}`,
        after: presentTerm(t!),
      });
      return presentTerm(t!);
    });
  } catch (err) {
    conflictFromDb(err, termConflict);
  }
}

async function loadTerm(db: Queryable, ctx: ProgrammeContext, termId: string) {
  const [t] = await db
    .select()
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.id, termId), eq(vocabularyTerms.programmeId, ctx.programme.id)));
  if (!t) throw new NotFound('That term');
  return t;
}

export async function updateTerm(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  termId: string,
  input: { label?: string | undefined; description?: string | undefined },
) {
  requireManager(ctx);
  const before = await loadTerm(db, ctx, termId);
  try {
    return await db.transaction(async (tx) => {
      const [t] = await tx.update(vocabularyTerms).set(input).where(eq(vocabularyTerms.id, termId)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'vocabulary_term',
        entityId: t!.id,
        action: 'update',
        summary: `Renamed or described “${t!.label}” in ${t!.vocabulary}`,
        before: presentTerm(before),
        after: presentTerm(t!),
      });
      return presentTerm(t!);
    });
  } catch (err) {
    conflictFromDb(err, termConflict);
  }
}

/** Removes a term nobody uses; a term in use must be merged or renamed, so no project silently loses a tag. */
export async function removeTerm(db: Db, ctx: ProgrammeContext, actor: Actor, termId: string) {
  requireManager(ctx);
  const before = await loadTerm(db, ctx, termId);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(projectTerms).where(eq(projectTerms.termId, termId));
  const usedAsModel = await db.select({ id: projects.id }).from(projects).where(eq(projects.coproductionModelId, termId)).limit(1);
  const usedByOrgs =
    before.vocabulary === 'organisation_type'
      ? await db
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.programmeId, ctx.programme.id), sql`lower(${organisations.type}) = lower(${before.label})`))
          .limit(1)
      : [];
  if (Number(n) > 0 || usedAsModel.length > 0 || usedByOrgs.length > 0) {
    throw new Conflict(`“${before.label}” is in use, so it cannot be removed. Rename it instead.`);
  }
  await db.transaction(async (tx) => {
    await tx.delete(vocabularyTerms).where(eq(vocabularyTerms.id, termId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'vocabulary_term',
      entityId: termId,
      action: 'delete',
      summary: `Removed “${before.label}” from ${before.vocabulary}`,
      before: presentTerm(before),
    });
  });
}

/**
 * For imports: a vocabulary's terms by label, any missing ones added at its end (no audit row, as the
 * evidence import has always done). Labels are matched by `key` (the importer's loose match). One query
 * reads the vocabulary and one statement adds the new terms, however many. Answers every term by key,
 * and the labels added, in the order first given.
 */
export async function ensureTermsLabelled(
  tx: Queryable,
  programmeId: string,
  vocabulary: Vocabulary,
  labels: string[],
  key: (label: string) => string,
): Promise<{ byKey: Map<string, { id: string; label: string }>; created: string[] }> {
  const existing = await tx
    .select({ id: vocabularyTerms.id, label: vocabularyTerms.label })
    .from(vocabularyTerms)
    .where(and(eq(vocabularyTerms.programmeId, programmeId), eq(vocabularyTerms.vocabulary, vocabulary)))
    .orderBy(asc(vocabularyTerms.position));
  const byKey = new Map(existing.map((t) => [key(t.label), t]));
  const fresh: { id: string; label: string; position: number }[] = [];
  for (const label of labels) {
    if (!label || byKey.has(key(label))) continue;
    const term = { id: randomUUID(), label, position: existing.length + fresh.length };
    byKey.set(key(label), term);
    fresh.push(term);
  }
  if (fresh.length) await tx.insert(vocabularyTerms).values(fresh.map((t) => ({ ...t, programmeId, vocabulary })));
  return { byKey, created: fresh.map((t) => t.label) };
}
