import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { type FieldError, Invalid, NotFound, conflictFromDb } from '../../errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type RecordVersion, partsOf } from '../../http/versions.js';
import { announceChange } from '../../db/changes.js';
import { type Actor, diffRecords, recordAudit } from '../audit/audit.js';
import { auditEvents } from '../audit/schema.js';
import { containing, limitedTo } from '../partnerships/service.js';
import { partnerships } from '../partnerships/schema.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../programmes/context.js';
import { type Vocabulary, vocabularyTerms } from '../programmes/schema.js';
import { type PROVENANCE, projectTerms, projects } from './schema.js';
import { type ProjectTermInput, projectTermErrors, termIdsOf } from './terms.js';

export type Provenance = (typeof PROVENANCE)[number];

/** A project and its themes and typology tags (rows of project_terms): one version. */
export const projectVersion = (id: string): RecordVersion => ({
  key: projects.id,
  id,
  entityType: 'project',
  parts: partsOf(
    sql`select ${projectTerms}.xmin::text || ${projectTerms.termId}::text from ${projectTerms} where ${projectTerms.projectId} = ${id}`,
  ),
});

export interface ProjectInput extends ProjectTermInput {
  name: string;
  description?: string | undefined;
  partnershipId?: string | null | undefined;
  provenance?: Provenance | undefined;
}

export interface ProjectFilters {
  partnershipId?: string | undefined;
  themeId?: string | undefined;
  coproductionModelId?: string | undefined;
  typologyId?: string | undefined;
}

type Tag = { id: string; label: string };

const nameConflict = { projects_name_key: { path: 'name', message: 'This programme already has a project with that name' } };

const baseSelect = (db: Queryable) =>
  db
    .select({ project: projects, partnershipName: partnerships.name, modelLabel: vocabularyTerms.label })
    .from(projects)
    .leftJoin(partnerships, eq(partnerships.id, projects.partnershipId))
    .leftJoin(vocabularyTerms, eq(vocabularyTerms.id, projects.coproductionModelId));

type BaseRow = Awaited<ReturnType<typeof baseSelect>>[number];

/** Themes and typology tags for several projects at once, in each vocabulary's own order. */
async function tagsOf(db: Queryable, projectIds: string[]) {
  const rows = projectIds.length
    ? await db
        .select({
          projectId: projectTerms.projectId,
          id: vocabularyTerms.id,
          label: vocabularyTerms.label,
          vocabulary: vocabularyTerms.vocabulary,
        })
        .from(projectTerms)
        .innerJoin(vocabularyTerms, eq(vocabularyTerms.id, projectTerms.termId))
        .where(inArray(projectTerms.projectId, projectIds))
        .orderBy(asc(vocabularyTerms.position), asc(vocabularyTerms.label))
    : [];
  const of = (projectId: string, vocabulary: Vocabulary): Tag[] =>
    rows.filter((r) => r.projectId === projectId && r.vocabulary === vocabulary).map(({ id, label }) => ({ id, label }));
  return of;
}

function present(row: BaseRow, tags: (projectId: string, v: Vocabulary) => Tag[]) {
  const p = row.project;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    partnership: p.partnershipId && row.partnershipName !== null ? { id: p.partnershipId, name: row.partnershipName } : null,
    themes: tags(p.id, 'theme'),
    typology: tags(p.id, 'typology'),
    coproductionModel: p.coproductionModelId && row.modelLabel !== null ? { id: p.coproductionModelId, label: row.modelLabel } : null,
    provenance: p.provenance,
    createdAt: p.createdAt.toISOString(),
  };
}

export type ProjectView = ReturnType<typeof present>;

/** Projects a caller may see: all of them in programme scope, else those of their own partnerships. */
function visible(ctx: ProgrammeContext): SQL | undefined {
  const mine = limitedTo(ctx);
  return and(eq(projects.programmeId, ctx.programme.id), mine ? inArray(projects.partnershipId, mine) : undefined);
}

export async function listProjects(db: Queryable, ctx: ProgrammeContext, q: ListQuery & ProjectFilters) {
  const tagged = (termId: string) =>
    inArray(projects.id, db.select({ id: projectTerms.projectId }).from(projectTerms).where(eq(projectTerms.termId, termId)));
  const where = and(
    visible(ctx),
    q.q ? ilike(projects.name, containing(q.q)) : undefined,
    q.partnershipId ? eq(projects.partnershipId, q.partnershipId) : undefined,
    q.coproductionModelId ? eq(projects.coproductionModelId, q.coproductionModelId) : undefined,
    q.themeId ? tagged(q.themeId) : undefined,
    q.typologyId ? tagged(q.typologyId) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    baseSelect(db).where(where).orderBy(asc(projects.name), asc(projects.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(projects).where(where),
  ]);
  const tags = await tagsOf(
    db,
    rows.map((r) => r.project.id),
  );
  return { rows: rows.map((r) => present(r, tags)), total: Number(total?.n ?? 0) };
}

/** A project the caller may see, or 404 — the same answer for "missing" and "not yours". */
export async function getProject(db: Queryable, ctx: ProgrammeContext, projectId: string): Promise<ProjectView> {
  const [row] = await baseSelect(db).where(and(visible(ctx), eq(projects.id, projectId)));
  if (!row) throw new NotFound('That project');
  return present(row, await tagsOf(db, [row.project.id]));
}

/** What the audit log keeps of a project: labels and names people recognise rather than ids. */
const auditView = (p: ProjectView) => ({
  name: p.name,
  description: p.description,
  partnership: p.partnership?.name ?? null,
  themes: p.themes.map((t) => t.label),
  typology: p.typology.map((t) => t.label),
  coproductionModel: p.coproductionModel?.label ?? null,
  provenance: p.provenance,
});

/** Partnership and terms must be this programme's own, each term from the vocabulary its field names. */
async function checkReferences(db: Queryable, ctx: ProgrammeContext, input: Partial<ProjectInput>) {
  const errors: FieldError[] = [];
  if (input.partnershipId) {
    const [hit] = await db
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
    if (!hit) errors.push({ path: ['partnershipId'], message: 'That partnership is not in this programme' });
  }
  const ids = termIdsOf(input);
  const terms = ids.length
    ? await db
        .select({ id: vocabularyTerms.id, vocabulary: vocabularyTerms.vocabulary })
        .from(vocabularyTerms)
        .where(and(eq(vocabularyTerms.programmeId, ctx.programme.id), inArray(vocabularyTerms.id, ids)))
    : [];
  errors.push(...projectTermErrors(input, new Map(terms.map((t) => [t.id, t.vocabulary]))));
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
}

/** Replaces one vocabulary's tags on a project, leaving the other vocabulary's alone. */
async function replaceTags(tx: Queryable, projectId: string, vocabulary: Vocabulary, termIds: string[]) {
  await tx
    .delete(projectTerms)
    .where(
      and(
        eq(projectTerms.projectId, projectId),
        inArray(
          projectTerms.termId,
          tx.select({ id: vocabularyTerms.id }).from(vocabularyTerms).where(eq(vocabularyTerms.vocabulary, vocabulary)),
        ),
      ),
    );
  if (termIds.length) await tx.insert(projectTerms).values(termIds.map((termId) => ({ projectId, termId })));
}

export async function createProject(db: Db, ctx: ProgrammeContext, actor: Actor, input: ProjectInput) {
  requireManager(ctx);
  await checkReferences(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(projects)
        .values({
          programmeId: ctx.programme.id,
          name: input.name,
          description: input.description ?? '',
          partnershipId: input.partnershipId ?? null,
          coproductionModelId: input.coproductionModelId ?? null,
          provenance: input.provenance ?? 'real',
        })
        .returning();
      await replaceTags(tx, p!.id, 'theme', input.themeIds ?? []);
      await replaceTags(tx, p!.id, 'typology', input.typologyIds ?? []);
      const view = await getProject(tx, ctx, p!.id);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'project',
        entityId: p!.id,
        action: 'create',
        summary: `Created project ${p!.name}`,
        after: auditView(view),
      });
      return view;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function updateProject(db: Db, ctx: ProgrammeContext, actor: Actor, projectId: string, input: Partial<ProjectInput>) {
  requireManager(ctx);
  const before = await getProject(db, ctx, projectId);
  await checkReferences(db, ctx, input);
  const { themeIds, typologyIds, ...fields } = input;
  try {
    return await db.transaction(async (tx) => {
      if (Object.keys(fields).length) await tx.update(projects).set(fields).where(eq(projects.id, projectId));
      if (themeIds) await replaceTags(tx, projectId, 'theme', themeIds);
      if (typologyIds) await replaceTags(tx, projectId, 'typology', typologyIds);
      const after = await getProject(tx, ctx, projectId);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'project',
        entityId: projectId,
        action: 'update',
        summary: `Updated project ${after.name}`,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

/** A project an import names, with its themes and co-production model already resolved to terms. */
export interface ImportedProject {
  name: string;
  themeIds: string[];
  /** For the audit row, as the file gave them. */
  themes: string[];
  coproductionModelId: string | null;
  coproductionModel: string | null;
}

/**
 * For imports: the programme's projects by name, any missing ones created with their themes and model.
 * Names are matched by `key` (the importer's loose match); a project already there stands as it is (its
 * themes and model are the programme's record). One query reads the projects there; new ones go in
 * batches of 1,000, each batch three statements (projects, their themes, their audit rows), however
 * many there are. Answers every project's id by key, the names created, and how many were matched.
 */
export async function ensureProjectsNamed(
  tx: Queryable,
  ctx: ProgrammeContext,
  actor: Actor,
  rows: ImportedProject[],
  options: { key: (name: string) => string; source: string },
): Promise<{ idByKey: Map<string, string>; created: string[]; matched: number }> {
  const programmeId = ctx.programme.id;
  const { key } = options;
  const existing = await tx.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.programmeId, programmeId));
  const idByKey = new Map(existing.map((p) => [key(p.name), p.id]));
  const fresh: { id: string; row: ImportedProject }[] = [];
  let matched = 0;
  for (const row of rows) {
    if (!row.name) continue;
    if (idByKey.has(key(row.name))) {
      matched += 1;
      continue;
    }
    const id = randomUUID();
    idByKey.set(key(row.name), id);
    fresh.push({ id, row });
  }
  for (let i = 0; i < fresh.length; i += 1000) {
    const batch = fresh.slice(i, i + 1000);
    await tx
      .insert(projects)
      .values(batch.map(({ id, row }) => ({ id, programmeId, name: row.name, coproductionModelId: row.coproductionModelId })));
    const tags = batch.flatMap(({ id, row }) => row.themeIds.map((termId) => ({ projectId: id, termId })));
    if (tags.length) await tx.insert(projectTerms).values(tags);
    await tx.insert(auditEvents).values(
      batch.map(({ id, row }) => ({
        actorUserId: actor.userId,
        actorLabel: actor.label,
        programmeId,
        entityType: 'project',
        entityId: id,
        action: 'create',
        summary: `Added the project ${row.name} (${options.source})`,
        changes: diffRecords(null, { name: row.name, themes: row.themes, coproductionModel: row.coproductionModel }),
      })),
    );
  }
  if (fresh.length) await announceChange(tx, programmeId, 'project');
  return { idByKey, created: fresh.map((p) => p.row.name), matched };
}
