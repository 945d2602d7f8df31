import { and, asc, count, eq, getTableColumns, ilike, inArray, sql } from 'drizzle-orm';
import { type Db, type Queryable, rowsOf } from '../../db/database.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound, conflictFromDb } from '../../http/errors.js';
import type { ListQuery } from '../../http/route-kit.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import type { AuditEventView } from '../audit/history.js';
import { containing } from '../partnerships/service.js';
import { todayIso } from '../partnerships/membership.js';
import { places } from '../places/schema.js';
import { type ProgrammeContext, pageWindow } from '../programmes/context.js';
import { phases, vocabularyTerms } from '../programmes/schema.js';
import { projects } from '../projects/schema.js';
import { STANDARD_FAMILIES } from './domain/qdc.js';
import { identifiedPairs, importedCodesOf, replaceImportedCodes, rewriteImportedCodes, uuidArray } from './respondents/codings.js';
import type { Consent, Coding, Respondent, RespondentFilters } from './domain/respondents.js';
import {
  type CodingSource,
  type ConsentStatus,
  codeFamilies,
  codes,
  codings,
  consentRecords,
  evaluations,
  passages,
  respondents,
} from './schema.js';

// ---- who may do what ----------------------------------------------------------------------------

/**
 * Respondent-level data (who said what) is for programme managers and evaluators only. Other
 * programme roles (viewers, facilitators) read the codebook and aggregates; partnership members
 * see nothing of an evaluation.
 */
export const canWorkWithRespondents = (ctx: ProgrammeContext) =>
  ctx.access.scope === 'programme' && (ctx.access.canManage || ctx.access.role === 'evaluator');

export function requireEvaluationReader(ctx: ProgrammeContext) {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Evaluations are open to the programme’s team only.');
}

export function requireEvaluator(ctx: ProgrammeContext) {
  requireEvaluationReader(ctx);
  if (!canWorkWithRespondents(ctx))
    throw new Forbidden('Only the programme’s evaluators and managers can see or change respondents and their codings.');
}

/** Rows of a plain SQL statement, on either engine. */

const fail = (errors: FieldError[]) => {
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
};

// ---- evaluations --------------------------------------------------------------------------------

type Evaluation = typeof evaluations.$inferSelect;

export const evaluationView = (e: Evaluation) => ({
  id: e.id,
  slug: e.slug,
  title: e.title,
  description: e.description,
  disclosureThreshold: e.disclosureThreshold,
  blindCoding: e.blindCoding,
  createdAt: e.createdAt.toISOString(),
});

export interface EvaluationInput {
  slug: string;
  title: string;
  description?: string | undefined;
  disclosureThreshold?: number | undefined;
  blindCoding?: boolean | undefined;
}

const slugConflict = { evaluations_slug_key: { path: 'slug', message: 'This programme already has an evaluation with that slug' } };

export async function listEvaluations(db: Queryable, ctx: ProgrammeContext, q: ListQuery) {
  requireEvaluationReader(ctx);
  const where = and(eq(evaluations.programmeId, ctx.programme.id), q.q ? ilike(evaluations.title, containing(q.q)) : undefined);
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db.select().from(evaluations).where(where).orderBy(asc(evaluations.title), asc(evaluations.slug)).limit(limit).offset(offset),
    db.select({ n: count() }).from(evaluations).where(where),
  ]);
  return { rows: rows.map(evaluationView), total: Number(total?.n ?? 0) };
}

/** An evaluation of this programme by slug; another programme's answers 404 like a missing one. */
export async function loadEvaluation(db: Queryable, ctx: ProgrammeContext, slug: string): Promise<Evaluation> {
  requireEvaluationReader(ctx);
  const [e] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.programmeId, ctx.programme.id), eq(evaluations.slug, slug)));
  if (!e) throw new NotFound('That evaluation');
  return e;
}

/** Inside a transaction: the evaluation row, its seven standard code families, and the audit row. */
export async function insertEvaluation(tx: Queryable, ctx: ProgrammeContext, actor: Actor, input: EvaluationInput): Promise<Evaluation> {
  const [e] = await tx
    .insert(evaluations)
    .values({ ...input, programmeId: ctx.programme.id })
    .returning();
  await tx
    .insert(codeFamilies)
    .values(STANDARD_FAMILIES.map((f, position) => ({ evaluationId: e!.id, key: f.key, label: f.label, position })));
  await recordAudit(tx, actor, {
    programmeId: ctx.programme.id,
    entityType: 'evaluation',
    entityId: e!.id,
    action: 'create',
    summary: `Started the evaluation ${e!.title}`,
    after: { slug: e!.slug, title: e!.title, description: e!.description, disclosureThreshold: e!.disclosureThreshold },
  });
  return e!;
}

export async function createEvaluation(db: Db, ctx: ProgrammeContext, actor: Actor, input: EvaluationInput) {
  requireEvaluator(ctx);
  try {
    return await db.transaction((tx) => insertEvaluation(tx, ctx, actor, input));
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export async function updateEvaluation(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  input: Partial<Omit<EvaluationInput, 'slug'>>,
) {
  requireEvaluator(ctx);
  const before = await loadEvaluation(db, ctx, slug);
  return db.transaction(async (tx) => {
    const [e] = await tx.update(evaluations).set(input).where(eq(evaluations.id, before.id)).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: before.id,
      action: 'update',
      summary:
        before.blindCoding !== e!.blindCoding
          ? `Turned blind coding ${e!.blindCoding ? 'on' : 'off'} for the evaluation ${e!.title}`
          : `Changed the evaluation ${e!.title}`,
      before: { title: before.title, disclosureThreshold: before.disclosureThreshold, blindCoding: before.blindCoding },
      after: { title: e!.title, disclosureThreshold: e!.disclosureThreshold, blindCoding: e!.blindCoding },
    });
    return e!;
  });
}

// ---- codebook -----------------------------------------------------------------------------------

type Code = typeof codes.$inferSelect;
export interface CodeNode {
  id: string;
  name: string;
  description: string;
  colour: string | null;
  position: number;
  /** The code's version (its row's xmin); absent where codebooks are built from elsewhere. */
  version?: string;
  children: CodeNode[];
}

const byPosition = (a: { position: number; name: string }, b: { position: number; name: string }) =>
  a.position - b.position || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** Families in order, each with its codes as a tree (siblings by position, then name). */
export async function getCodebook(db: Queryable, ctx: ProgrammeContext, evaluation: Evaluation) {
  requireEvaluationReader(ctx);
  const [families, all] = await Promise.all([
    db
      .select()
      .from(codeFamilies)
      .where(eq(codeFamilies.evaluationId, evaluation.id))
      .orderBy(asc(codeFamilies.position), asc(codeFamilies.key)),
    // Each code's version (decision 012), so renaming or moving one can honour If-Match.
    db
      .select({ ...getTableColumns(codes), version: sql<string>`${codes}.xmin::text` })
      .from(codes)
      .where(eq(codes.evaluationId, evaluation.id)),
  ]);
  const nodes = new Map<string, CodeNode & { familyId: string; parentId: string | null }>(
    all.map((c) => [
      c.id,
      {
        id: c.id,
        name: c.name,
        description: c.description,
        colour: c.colour,
        position: c.position,
        version: c.version,
        children: [],
        familyId: c.familyId,
        parentId: c.parentId,
      },
    ]),
  );
  const roots = new Map<string, CodeNode[]>(families.map((f) => [f.id, []]));
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots.get(n.familyId)!).push(n);
  }
  const tidy = (list: CodeNode[]): CodeNode[] =>
    list.sort(byPosition).map(({ id, name, description, colour, position, version, children }) => ({
      id,
      name,
      description,
      colour,
      position,
      version,
      children: tidy(children),
    }));
  return families.map((f) => ({ id: f.id, key: f.key, label: f.label, position: f.position, codes: tidy(roots.get(f.id)!) }));
}

/** Codes of one family (or every family) depth-first in codebook order, as the analyses list them. */
export function flattenCodes(codebook: Awaited<ReturnType<typeof getCodebook>>, familyKey?: string) {
  const out: { id: string; name: string; family: string }[] = [];
  const walk = (family: string, list: CodeNode[]) => {
    for (const c of list) {
      out.push({ id: c.id, name: c.name, family });
      walk(family, c.children);
    }
  };
  for (const f of codebook) if (familyKey === undefined || f.key === familyKey) walk(f.key, f.codes);
  return out;
}

/** One code's node in the codebook tree (with its children and version), wherever it sits. */
export function findCodeNode(codebook: Awaited<ReturnType<typeof getCodebook>>, id: string): CodeNode | undefined {
  const walk = (list: CodeNode[]): CodeNode | undefined => {
    for (const c of list) {
      if (c.id === id) return c;
      const hit = walk(c.children);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const f of codebook) {
    const hit = walk(f.codes);
    if (hit) return hit;
  }
  return undefined;
}

export interface FamilyInput {
  key: string;
  label: string;
}

export async function createFamily(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: FamilyInput) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  try {
    return await db.transaction(async (tx) => {
      const [{ next } = { next: 0 }] = await tx
        .select({ next: sql<number>`coalesce(max(${codeFamilies.position}) + 1, 0)::int` })
        .from(codeFamilies)
        .where(eq(codeFamilies.evaluationId, e.id));
      const [f] = await tx
        .insert(codeFamilies)
        .values({ evaluationId: e.id, key: input.key, label: input.label, position: next })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'evaluation',
        entityId: e.id,
        action: 'add-family',
        summary: `Added the code family ${f!.label} to ${e.title}`,
        after: { family: f!.key, label: f!.label },
      });
      return f!;
    });
  } catch (err) {
    conflictFromDb(err, { code_families_key_key: { path: 'key', message: 'This evaluation already has a code family with that key' } });
  }
}

async function familyByKey(db: Queryable, evaluationId: string, key: string, path: string[] = ['family']) {
  const [f] = await db
    .select()
    .from(codeFamilies)
    .where(and(eq(codeFamilies.evaluationId, evaluationId), eq(codeFamilies.key, key)));
  if (!f) {
    const known = await db
      .select({ key: codeFamilies.key })
      .from(codeFamilies)
      .where(eq(codeFamilies.evaluationId, evaluationId))
      .orderBy(asc(codeFamilies.position));
    const message = `There is no code family ${key}: use one of ${known.map((k) => k.key).join(', ')}`;
    throw new Invalid(message, [{ path, message }]);
  }
  return f;
}

async function loadCode(db: Queryable, evaluationId: string, codeId: string): Promise<Code> {
  const [c] = await db
    .select()
    .from(codes)
    .where(and(eq(codes.id, codeId), eq(codes.evaluationId, evaluationId)));
  if (!c) throw new NotFound('That code');
  return c;
}

/** A code that is not there reads as null; any other failure (the database away) stays what it is. */
const notFoundAsNull = (err: unknown): null => {
  if (err instanceof NotFound) return null;
  throw err;
};

const codeConflict = {
  codes_name_key: { path: 'name', message: 'There is already a code with that name in the same place in the codebook' },
};
const codeAudit = (c: Code, familyKey: string) => ({
  family: familyKey,
  name: c.name,
  description: c.description,
  colour: c.colour,
  parentId: c.parentId,
  position: c.position,
});

export interface CodeInput {
  family: string;
  name: string;
  parentId?: string | null | undefined;
  description?: string | undefined;
  colour?: string | null | undefined;
  position?: number | undefined;
  /** A REFI-QDA guid to keep as the id. */
  id?: string | undefined;
}

/** A parent must be a code of the same evaluation and family; moving a code under itself is refused. */
async function checkParent(db: Queryable, evaluationId: string, familyId: string, parentId: string, movingId?: string) {
  const parent = await loadCode(db, evaluationId, parentId).catch(notFoundAsNull);
  if (!parent || parent.familyId !== familyId)
    fail([{ path: ['parentId'], message: 'The parent must be a code of the same family in this evaluation' }]);
  if (movingId) {
    // Walk up from the new parent: meeting the code itself means it would sit inside its own branch.
    const [loop] = await rowsOf<{ hit: boolean }>(
      db,
      sql`
      with recursive up(id, parent_id) as (
        select id, parent_id from ${codes} where id = ${parentId}
        union all select c.id, c.parent_id from ${codes} c join up on c.id = up.parent_id)
      select exists(select 1 from up where id = ${movingId}) as hit`,
    );
    if (loop?.hit) fail([{ path: ['parentId'], message: 'A code cannot be moved under itself or one of its own codes' }]);
  }
}

export async function createCode(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: CodeInput) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const family = await familyByKey(db, e.id, input.family);
  if (input.parentId) await checkParent(db, e.id, family.id, input.parentId);
  try {
    return await db.transaction(async (tx) => {
      const [c] = await tx
        .insert(codes)
        .values({
          ...(input.id ? { id: input.id } : {}),
          evaluationId: e.id,
          familyId: family.id,
          parentId: input.parentId ?? null,
          name: input.name,
          description: input.description ?? '',
          colour: input.colour ?? null,
          position: input.position ?? 0,
        })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'evaluation_code',
        entityId: c!.id,
        action: 'create',
        summary: `Added the code ${c!.name} (${family.label})`,
        after: codeAudit(c!, family.key),
      });
      return c!.id;
    });
  } catch (err) {
    conflictFromDb(err, codeConflict);
  }
}

export interface CodeChange {
  name?: string | undefined;
  description?: string | undefined;
  colour?: string | null | undefined;
  parentId?: string | null | undefined;
  position?: number | undefined;
}

/** Rename, describe, recolour or move a code within its family. Its codings stay with it. */
export async function updateCode(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, codeId: string, input: CodeChange) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const before = await loadCode(db, e.id, codeId);
  if (input.parentId) await checkParent(db, e.id, before.familyId, input.parentId, codeId);
  const [family] = await db.select().from(codeFamilies).where(eq(codeFamilies.id, before.familyId));
  try {
    return await db.transaction(async (tx) => {
      const [c] = await tx.update(codes).set(input).where(eq(codes.id, codeId)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'evaluation_code',
        entityId: codeId,
        action: input.parentId !== undefined && input.parentId !== before.parentId ? 'move' : 'update',
        summary: before.name === c!.name ? `Changed the code ${c!.name}` : `Renamed the code ${before.name} to ${c!.name}`,
        before: codeAudit(before, family!.key),
        after: codeAudit(c!, family!.key),
      });
      return codeId;
    });
  } catch (err) {
    conflictFromDb(err, codeConflict);
  }
}

/**
 * Merges codes into the one kept: their codings move to it (a respondent who had both counts once),
 * their child codes move under it, and the merged codes go. Each is audited with what it held.
 */
export async function mergeCodes(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, keptId: string, mergedIds: string[]) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const kept = await loadCode(db, e.id, keptId);
  const errors: FieldError[] = [];
  const merged: Code[] = [];
  for (const [i, id] of [...new Set(mergedIds)].entries()) {
    if (id === keptId) errors.push({ path: ['codeIds', i], message: 'A code cannot be merged into itself' });
    else {
      const c = await loadCode(db, e.id, id).catch(notFoundAsNull);
      if (!c) errors.push({ path: ['codeIds', i], message: 'That code is not in this evaluation' });
      else merged.push(c);
    }
  }
  if (merged.length === 0 && errors.length === 0) errors.push({ path: ['codeIds'], message: 'Choose at least one code to merge' });
  fail(errors);
  // The kept code must not sit under one being merged away, or it would vanish with it.
  const mergedSet = new Set(merged.map((m) => m.id));
  const [inside] = await rowsOf<{ hit: boolean }>(
    db,
    sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from ${codes} where id = ${keptId}
      union all select c.id, c.parent_id from ${codes} c join up on c.id = up.parent_id)
    select exists(select 1 from up where id in (${sql.join(
      [...mergedSet].map((id) => sql`${id}::uuid`),
      sql`, `,
    )})) as hit`,
  );
  if (inside?.hit) fail([{ path: ['codeIds'], message: 'The code you keep sits under one you are merging: keep the higher one instead' }]);
  try {
    return await db.transaction(async (tx) => {
      const ids = [...mergedSet];
      const moved = await rowsOf<{ n: number }>(
        tx,
        sql`
        with gone as (delete from ${codings} where code_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
                      returning respondent_id, coder_id, source, created_at),
             added as (insert into ${codings} (respondent_id, code_id, coder_id, source, created_at)
                       select respondent_id, ${keptId}::uuid, coder_id, case when bool_or(source = 'tick') then 'tick' else min(source) end, min(created_at)
                       from gone group by respondent_id, coder_id
                       on conflict on constraint codings_key do update set source = 'tick' where excluded.source = 'tick' returning 1)
        select (select count(*) from gone)::int as n`,
      );
      // Imported codes move too, before the merged codes go (deleting a code takes it out of every row).
      const codingsMoved =
        Number(moved[0]?.n ?? 0) +
        (await replaceImportedCodes(
          tx,
          e.id,
          merged.map((m) => m.number),
          kept.number,
        ));
      await tx.update(codes).set({ parentId: keptId }).where(inArray(codes.parentId, ids));
      // Coded passages follow their codings to the kept code (deleting the codes would take them along).
      await tx.update(passages).set({ codeId: keptId }).where(inArray(passages.codeId, ids));
      await tx.delete(codes).where(inArray(codes.id, ids));
      for (const m of merged) {
        await recordAudit(tx, actor, {
          programmeId: ctx.programme.id,
          entityType: 'evaluation_code',
          entityId: m.id,
          action: 'merge',
          summary: `Merged the code ${m.name} into ${kept.name}`,
          before: { name: m.name, description: m.description },
          after: { mergedInto: kept.id },
        });
      }
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'evaluation_code',
        entityId: kept.id,
        action: 'merge',
        summary: `Merged ${merged.map((m) => m.name).join(', ')} into ${kept.name} (${codingsMoved} codings moved)`,
        after: { merged: merged.map((m) => m.name), codingsMoved },
      });
      return kept.id;
    });
  } catch (err) {
    conflictFromDb(err, codeConflict);
  }
}

/**
 * How a code is used: codings and respondents in all, and the respondents (by pseudonymous reference)
 * with their consent, for the split and merge pages. Respondent-level, so evaluators and managers only.
 */
export async function codeUse(db: Queryable, ctx: ProgrammeContext, slug: string, codeId: string, listLimit = 5000) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const c = await loadCode(db, e.id, codeId);
  const [family] = await db.select().from(codeFamilies).where(eq(codeFamilies.id, c.familyId));
  // Every coder's codings of it, and each imported one (decision 011) as a coding of its own.
  const uses = sql`(
    select respondent_id from ${codings} where code_id = ${codeId}::uuid
    union all
    select id from ${respondents} where evaluation_id = ${e.id}::uuid and ${c.number}::integer = any(imported_code_numbers))`;
  const [totals] = await rowsOf<{ codings: number; respondents: number }>(
    db,
    sql`
    select count(*)::int as codings, count(distinct respondent_id)::int as respondents from ${uses} u`,
  );
  const people = await rowsOf<{ id: string; ref: string; consent: string; codings: number }>(
    db,
    sql`
    select r.id, r.ref, r.consent, count(*)::int as codings from ${uses} u join ${respondents} r on r.id = u.respondent_id
     group by r.id, r.ref, r.consent order by r.ref limit ${listLimit}`,
  );
  return {
    code: { id: c.id, name: c.name, family: family!.key, familyLabel: family!.label, parentId: c.parentId },
    codings: Number(totals?.codings ?? 0),
    respondentCount: Number(totals?.respondents ?? 0),
    respondents: people.map((p) => ({ ...p, codings: Number(p.codings) })),
  };
}

export interface SplitInput {
  /** The new codes, in order; `moves` name them by their index here. */
  codes: { name: string; description?: string | undefined; colour?: string | null | undefined }[];
  /** Beside the original (same parent: two ideas side by side) or under it (narrower ideas). */
  place?: 'beside' | 'under' | undefined;
  /**
   * Respondents whose coding goes to new codes. `to`: indexes into `codes`; `keep`: whether the original
   * keeps it too. Respondents not named keep their coding on the original only.
   */
  moves?: { respondentId: string; to: number[]; keep: boolean }[] | undefined;
}

/**
 * Splits a code that turned out to hold two (or more) ideas: adds the new codes, then copies the
 * codings of the chosen respondents to the new codes they were given (every coder's, with its source
 * and date), removing it from the original where the evaluator said so. A coding is never lost: every
 * respondent ends with the original, a new code, or both. The original and its child codes stay.
 */
export async function splitCode(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, codeId: string, input: SplitInput) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const original = await loadCode(db, e.id, codeId);
  const [family] = await db.select().from(codeFamilies).where(eq(codeFamilies.id, original.familyId));
  const place = input.place ?? 'beside';
  const parentId = place === 'under' ? original.id : original.parentId;
  const errors: FieldError[] = [];

  // Names must differ from each other and from the codes already where they will go (any case).
  const siblings = await db
    .select({ name: codes.name })
    .from(codes)
    .where(and(eq(codes.familyId, original.familyId), parentId ? eq(codes.parentId, parentId) : sql`${codes.parentId} is null`));
  const taken = new Set(siblings.map((s) => s.name.trim().toLowerCase()));
  const seen = new Set<string>();
  // A name already in the codebook is a conflict (409), as when adding a code; the rest is bad input (422).
  const clashes: FieldError[] = [];
  if (input.codes.length === 0) errors.push({ path: ['codes'], message: 'Name at least one new code' });
  input.codes.forEach((c, i) => {
    const key = c.name.trim().toLowerCase();
    if (!key) errors.push({ path: ['codes', i, 'name'], message: 'Enter a name for the new code' });
    else if (seen.has(key))
      errors.push({ path: ['codes', i, 'name'], message: `Two new codes are called ${c.name}: give each its own name` });
    else if (taken.has(key))
      clashes.push({
        path: ['codes', i, 'name'],
        message: `There is already a code called ${c.name} ${place === 'under' ? `under ${original.name}` : 'in that place'}`,
      });
    seen.add(key);
  });

  const moves = input.moves ?? [];
  const movedIds = [...new Set(moves.map((m) => m.respondentId))];
  const coded = new Map(
    (movedIds.length
      ? await rowsOf<{ id: string; ref: string }>(
          db,
          sql`
          select r.id, r.ref from ${respondents} r
           where r.evaluation_id = ${e.id}::uuid and r.id = any(${uuidArray(movedIds)})
             and (${original.number}::integer = any(r.imported_code_numbers)
                  or exists (select 1 from ${codings} c where c.respondent_id = r.id and c.code_id = ${codeId}::uuid))`,
        )
      : []
    ).map((r) => [r.id, r.ref]),
  );
  const named = new Set<string>();
  moves.forEach((m, i) => {
    if (!coded.has(m.respondentId))
      errors.push({ path: ['moves', i, 'respondentId'], message: `That respondent has no coding of ${original.name}` });
    else if (named.has(m.respondentId))
      errors.push({ path: ['moves', i, 'respondentId'], message: `${coded.get(m.respondentId)} is named twice` });
    named.add(m.respondentId);
    m.to.forEach((t, j) => {
      if (!Number.isInteger(t) || t < 0 || t >= input.codes.length)
        errors.push({ path: ['moves', i, 'to', j], message: 'That is not one of the new codes' });
    });
    if (!m.keep && m.to.length === 0) {
      errors.push({
        path: ['moves', i, 'to'],
        message: `${coded.get(m.respondentId) ?? 'This respondent'} would lose their coding: keep it on ${original.name} or give them a new code`,
      });
    }
  });
  fail(errors);
  if (clashes.length) throw new Conflict(`${clashes.map((e) => e.message).join('. ')}.`, clashes);

  try {
    return await db.transaction(async (tx) => {
      let position = original.position;
      if (place === 'under') {
        const [{ next } = { next: 0 }] = await tx
          .select({ next: sql<number>`coalesce(max(${codes.position}) + 1, 0)::int` })
          .from(codes)
          .where(eq(codes.parentId, original.id));
        position = next;
      }
      const created = await tx
        .insert(codes)
        .values(
          input.codes.map((c, i) => ({
            evaluationId: e.id,
            familyId: original.familyId,
            parentId,
            name: c.name.trim(),
            description: c.description ?? '',
            colour: c.colour === undefined ? original.colour : c.colour,
            position: place === 'under' ? position + i : position,
          })),
        )
        .returning();
      const pairs = moves.flatMap((m) => [...new Set(m.to)].map((t) => sql`(${m.respondentId}::uuid, ${created[t]!.id}::uuid)`));
      let copied = 0;
      if (pairs.length) {
        // Every coder's coding of the original, with its source and date, for each new code given.
        const rows = await rowsOf<{ n: number }>(
          tx,
          sql`
          with added as (
            insert into ${codings} (respondent_id, code_id, coder_id, source, created_at)
            select c.respondent_id, v.code_id, c.coder_id, c.source, c.created_at
            from ${codings} c join (values ${sql.join(pairs, sql`, `)}) as v(respondent_id, code_id) on v.respondent_id = c.respondent_id
            where c.code_id = ${codeId}
            on conflict on constraint codings_key do nothing returning 1)
          select count(*)::int as n from added`,
        );
        copied = Number(rows[0]?.n ?? 0);
      }
      const dropped = moves.filter((m) => !m.keep).map((m) => m.respondentId);
      const removedRows = dropped.length
        ? await tx
            .delete(codings)
            .where(and(eq(codings.codeId, codeId), inArray(codings.respondentId, dropped)))
            .returning({ id: codings.respondentId })
        : [];
      // Imported codes of the original go the same way: the new codes added, the original taken off where asked.
      const moveOf = new Map(moves.map((m) => [m.respondentId, m]));
      const imported = await rewriteImportedCodes(tx, movedIds, (id, numbers) => {
        const m = moveOf.get(id)!;
        if (!numbers.includes(original.number)) return numbers;
        const given = [...new Set(m.to)].map((t) => created[t]!.number);
        return [...numbers.filter((n) => m.keep || n !== original.number), ...given];
      });
      copied += imported.added;
      const removed = removedRows.length + imported.removed;
      for (const c of created) {
        await recordAudit(tx, actor, {
          programmeId: ctx.programme.id,
          entityType: 'evaluation_code',
          entityId: c.id,
          action: 'create',
          summary: `Added the code ${c.name} (${family!.label}), split from ${original.name}`,
          after: { ...codeAudit(c, family!.key), splitFrom: original.id },
        });
      }
      const names = created.map((c) => c.name);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'evaluation_code',
        entityId: original.id,
        action: 'split',
        summary: `Split the code ${original.name} into ${names.join(', ')}: ${moves.length} respondent${moves.length === 1 ? '' : 's'} given new codes (${copied} codings added, ${removed} taken off ${original.name})`,
        after: {
          splitInto: created.map((c) => ({ id: c.id, name: c.name })),
          place,
          moves: moves.map((m) => ({ respondent: coded.get(m.respondentId), to: [...new Set(m.to)].map((t) => names[t]), kept: m.keep })),
          codingsAdded: copied,
          codingsRemoved: removed,
        },
      });
      return {
        original: original.id,
        created: created.map((c) => ({ id: c.id, name: c.name })),
        codingsAdded: copied,
        codingsRemoved: removed,
      };
    });
  } catch (err) {
    conflictFromDb(err, codeConflict);
  }
}

/**
 * The codebook's history: every audit row of its codes (those there now, and those merged away
 * into them, followed through the merges), with the families added; or one code's. Newest first.
 */
export async function codebookHistory(
  db: Queryable,
  ctx: ProgrammeContext,
  slug: string,
  q: { codeId?: string | undefined; before?: number | undefined; limit: number },
): Promise<AuditEventView[]> {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  if (q.codeId) await loadCode(db, e.id, q.codeId);
  const pid = ctx.programme.id;
  const rows = await rowsOf<{
    id: number;
    at: Date | string;
    actor_label: string;
    entity_type: string;
    entity_id: string;
    action: string;
    summary: string;
    changes: Record<string, [unknown, unknown]>;
  }>(
    db,
    sql`
    with recursive ids(id) as (
      select id::text from ${codes} where evaluation_id = ${e.id} ${q.codeId ? sql`and id = ${q.codeId}` : sql``}
      union
      select a.entity_id from audit_events a join ids on a.changes -> 'mergedInto' ->> 1 = ids.id
      where a.programme_id = ${pid} and a.entity_type = 'evaluation_code' and a.action = 'merge')
    select id, at, actor_label, entity_type, entity_id, action, summary, changes from audit_events
    where programme_id = ${pid}
      and ((entity_type = 'evaluation_code' and entity_id in (select id from ids))
           ${q.codeId ? sql`` : sql`or (entity_type = 'evaluation' and entity_id = ${e.id}::text and action in ('create', 'add-family'))`})
      ${q.before ? sql`and id < ${q.before}` : sql``}
    order by id desc limit ${q.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor_label,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    summary: r.summary,
    changes: r.changes,
  }));
}

// ---- respondents --------------------------------------------------------------------------------

export interface RespondentInput {
  ref: string;
  participantType?: string | null | undefined;
  projectId?: string | null | undefined;
  placeId?: string | null | undefined;
  phaseId?: string | null | undefined;
  attributes?: Record<string, string> | undefined;
  consent: ConsentInput;
}

export interface ConsentInput {
  status: ConsentStatus;
  on?: string | undefined;
  scope?: string | undefined;
}

/** A respondent as the analyses and the screens see them: project-derived facts resolved to words. */
function respondentSelect(db: Queryable) {
  return db
    .select({
      id: respondents.id,
      ref: respondents.ref,
      participantType: respondents.participantType,
      attributes: respondents.attributes,
      consent: respondents.consent,
      project: sql<{
        id: string;
        name: string;
      } | null>`case when ${projects.id} is null then null else json_build_object('id', ${projects.id}, 'name', ${projects.name}) end`,
      // A project may carry several themes; each counts (documented in the README).
      themes: sql<string[]>`coalesce((select array_agg(vt.label order by vt.position, vt.label) from project_terms pt
        join vocabulary_terms vt on vt.id = pt.term_id and vt.vocabulary = 'theme' where pt.project_id = ${respondents.projectId}), '{}')`,
      coproductionModel: sql<string | null>`(select label from vocabulary_terms where id = ${projects.coproductionModelId})`,
      // The respondent's own place when recorded, else their project's partnership's place.
      place: sql<string | null>`coalesce((select name from places where id = ${respondents.placeId}),
        (select pl.name from partnerships pa join places pl on pl.id = pa.place_id where pa.id = ${projects.partnershipId}))`,
      phase: sql<string | null>`(select name from phases where id = ${respondents.phaseId})`,
    })
    .from(respondents)
    .leftJoin(projects, eq(projects.id, respondents.projectId));
}

type RespondentRow = Awaited<ReturnType<typeof respondentSelect>>[number];

const respondentView = (r: RespondentRow) => ({
  id: r.id,
  ref: r.ref,
  participantType: r.participantType,
  project: r.project,
  themes: r.themes ?? [],
  coproductionModel: r.coproductionModel,
  place: r.place,
  phase: r.phase,
  attributes: r.attributes ?? {},
  consent: r.consent,
});

export interface RespondentQuery extends ListQuery {
  participantType?: string | undefined;
  projectId?: string | undefined;
  consent?: Consent | undefined;
}

export async function listRespondents(db: Queryable, ctx: ProgrammeContext, slug: string, q: RespondentQuery) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const where = and(
    eq(respondents.evaluationId, e.id),
    q.q ? ilike(respondents.ref, containing(q.q)) : undefined,
    q.participantType ? eq(respondents.participantType, q.participantType) : undefined,
    q.projectId ? eq(respondents.projectId, q.projectId) : undefined,
    q.consent ? eq(respondents.consent, q.consent) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    respondentSelect(db).where(where).orderBy(asc(respondents.ref)).limit(limit).offset(offset),
    db.select({ n: count() }).from(respondents).where(where),
  ]);
  return { rows: rows.map(respondentView), total: Number(total?.n ?? 0) };
}

/**
 * A respondent with their consent records and codings. In blind coding a signed-in coder (`viewerId`)
 * gets only their own ticks, so nobody coding is swayed by another's; the CLI (no viewer) gets all.
 */
export async function getRespondent(db: Queryable, ctx: ProgrammeContext, slug: string, respondentId: string, viewerId?: string) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const [r] = await respondentSelect(db).where(and(eq(respondents.evaluationId, e.id), eq(respondents.id, respondentId)));
  if (!r) throw new NotFound('That respondent');
  const [consents, rowsCoded, imported] = await Promise.all([
    db.select().from(consentRecords).where(eq(consentRecords.respondentId, respondentId)).orderBy(asc(consentRecords.recordedAt)),
    db
      .select({ codeId: codings.codeId, name: codes.name, family: codeFamilies.key, coderId: codings.coderId, source: codings.source })
      .from(codings)
      .innerJoin(codes, eq(codes.id, codings.codeId))
      .innerJoin(codeFamilies, eq(codeFamilies.id, codes.familyId))
      .where(eq(codings.respondentId, respondentId))
      .orderBy(asc(codeFamilies.position), asc(codes.name)),
    importedCodesOf(db, respondentId),
  ]);
  const coded = [...rowsCoded, ...imported.map((c) => ({ ...c, coderId: null, source: 'import' as const }))];
  return {
    ...respondentView(r),
    consentRecords: consents.map((c) => ({ status: c.status, on: c.on, scope: c.scope, recordedAt: c.recordedAt.toISOString() })),
    codings: e.blindCoding && viewerId !== undefined ? coded.filter((c) => c.coderId === viewerId) : coded,
  };
}

/** Project, place, phase and participant type must be this programme's own. */
async function checkRespondentReferences(db: Queryable, ctx: ProgrammeContext, input: Partial<RespondentInput>) {
  const errors: FieldError[] = [];
  const pid = ctx.programme.id;
  if (input.projectId) {
    const [hit] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.programmeId, pid)));
    if (!hit) errors.push({ path: ['projectId'], message: 'That project is not in this programme' });
  }
  if (input.placeId) {
    const [hit] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.id, input.placeId), eq(places.programmeId, pid)));
    if (!hit) errors.push({ path: ['placeId'], message: 'That place is not in this programme' });
  }
  if (input.phaseId) {
    const [hit] = await db
      .select({ id: phases.id })
      .from(phases)
      .where(and(eq(phases.id, input.phaseId), eq(phases.programmeId, pid)));
    if (!hit) errors.push({ path: ['phaseId'], message: 'That phase is not in this programme' });
  }
  if (input.participantType) {
    const types = await db
      .select({ label: vocabularyTerms.label })
      .from(vocabularyTerms)
      .where(and(eq(vocabularyTerms.programmeId, pid), eq(vocabularyTerms.vocabulary, 'participant_type')))
      .orderBy(asc(vocabularyTerms.position));
    const hit = types.find((t) => t.label.toLowerCase() === input.participantType!.trim().toLowerCase());
    if (!hit) {
      errors.push({
        path: ['participantType'],
        message: types.length
          ? `Participant type must be one of the programme’s: ${types.map((t) => t.label).join(', ')}`
          : 'The programme has no participant types yet: a manager adds them to its vocabularies',
      });
    } else input.participantType = hit.label;
  }
  fail(errors);
}

const refConflict = { respondents_ref_key: { path: 'ref', message: 'This evaluation already has a respondent with that reference' } };

export async function createRespondent(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: RespondentInput) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  await checkRespondentReferences(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx
        .insert(respondents)
        .values({
          evaluationId: e.id,
          ref: input.ref,
          participantType: input.participantType ?? null,
          projectId: input.projectId ?? null,
          placeId: input.placeId ?? null,
          phaseId: input.phaseId ?? null,
          attributes: input.attributes ?? {},
          consent: input.consent.status,
        })
        .returning();
      await tx.insert(consentRecords).values({
        respondentId: r!.id,
        status: input.consent.status,
        on: input.consent.on ?? todayIso(),
        scope: input.consent.scope ?? '',
        recordedBy: actor.userId,
      });
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'respondent',
        entityId: r!.id,
        action: 'create',
        summary: `Added the respondent ${r!.ref} to ${e.title} (consent ${input.consent.status})`,
        after: {
          ref: r!.ref,
          participantType: r!.participantType,
          projectId: r!.projectId,
          attributes: r!.attributes,
          consent: r!.consent,
        },
      });
      return r!.id;
    });
  } catch (err) {
    conflictFromDb(err, refConflict);
  }
}

export type RespondentChange = Partial<Omit<RespondentInput, 'consent'>>;

export async function updateRespondent(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  respondentId: string,
  input: RespondentChange,
) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const [before] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!before) throw new NotFound('That respondent');
  await checkRespondentReferences(db, ctx, input);
  const view = (r: typeof before) => ({
    ref: r.ref,
    participantType: r.participantType,
    projectId: r.projectId,
    placeId: r.placeId,
    phaseId: r.phaseId,
    attributes: r.attributes,
  });
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx.update(respondents).set(input).where(eq(respondents.id, respondentId)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'respondent',
        entityId: respondentId,
        action: 'update',
        summary: `Changed the respondent ${r!.ref}`,
        before: view(before),
        after: view(r!),
      });
      return respondentId;
    });
  } catch (err) {
    conflictFromDb(err, refConflict);
  }
}

/**
 * Records consent given or withdrawn. The record is kept; the latest decides, and a withdrawn
 * respondent leaves every analysis, chart and export from this moment.
 */
export async function recordConsent(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, respondentId: string, input: ConsentInput) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const [before] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!before) throw new NotFound('That respondent');
  return db.transaction(async (tx) => {
    await tx
      .insert(consentRecords)
      .values({ respondentId, status: input.status, on: input.on ?? todayIso(), scope: input.scope ?? '', recordedBy: actor.userId });
    await tx.update(respondents).set({ consent: input.status }).where(eq(respondents.id, respondentId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'respondent',
      entityId: respondentId,
      action: input.status === 'withdrawn' ? 'withdraw-consent' : 'give-consent',
      summary:
        input.status === 'withdrawn'
          ? `Consent withdrawn by ${before.ref}: left out of every analysis from now`
          : `Consent given by ${before.ref}`,
      before: { consent: before.consent },
      after: { consent: input.status, on: input.on ?? todayIso(), scope: input.scope ?? '' },
    });
    return respondentId;
  });
}

/**
 * Sets the codes a respondent identified, for one coder: ticked codes are added, the rest of that
 * coder's ticks removed. Imported codings (no coder) are left as they are unless the caller is the
 * CLI (no user), whose codings these are.
 */
export async function setCodings(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  respondentId: string,
  codeIds: string[],
  source: CodingSource = 'tick',
) {
  requireEvaluator(ctx);
  const e = await loadEvaluation(db, ctx, slug);
  const [r] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!r) throw new NotFound('That respondent');
  const wanted = [...new Set(codeIds)];
  const found = wanted.length
    ? await db
        .select({ id: codes.id, name: codes.name })
        .from(codes)
        .where(and(eq(codes.evaluationId, e.id), inArray(codes.id, wanted)))
    : [];
  const known = new Set(found.map((c) => c.id));
  fail(wanted.flatMap((id, i) => (known.has(id) ? [] : [{ path: ['codeIds', i], message: 'That code is not in this evaluation' }])));
  const coder = actor.userId;
  const mine = coder ? eq(codings.coderId, coder) : sql`${codings.coderId} is null`;
  return db.transaction(async (tx) => {
    const before = await tx
      .select({ codeId: codings.codeId, source: codings.source })
      .from(codings)
      .where(and(eq(codings.respondentId, respondentId), mine));
    // Without a coder (the command line), the respondent's imported codes are the caller's too.
    const imported = coder ? [] : await importedCodesOf(tx, respondentId);
    // Codings only coded passages stand behind are not ticks: the form neither shows nor sets them (see evidence.ts).
    const had = new Set([...before.filter((b) => b.source !== 'passage').map((b) => b.codeId), ...imported.map((c) => c.codeId)]);
    const fromPassages = new Set(before.filter((b) => b.source === 'passage').map((b) => b.codeId));
    const removed = [...had].filter((id) => !known.has(id));
    const added = wanted.filter((id) => !had.has(id));
    // An un-ticked code that this coder's passages stand behind stays, as a passage coding.
    const backed = removed.length
      ? new Set(
          (
            await tx
              .selectDistinct({ codeId: passages.codeId })
              .from(passages)
              .where(
                and(
                  eq(passages.respondentId, respondentId),
                  inArray(passages.codeId, removed),
                  coder ? eq(passages.coderId, coder) : sql`${passages.coderId} is null`,
                ),
              )
          ).map((p) => p.codeId),
        )
      : new Set<string>();
    const dropped = removed.filter((id) => !backed.has(id));
    if (dropped.length) await tx.delete(codings).where(and(eq(codings.respondentId, respondentId), mine, inArray(codings.codeId, dropped)));
    const droppedNumbers = new Set(imported.filter((c) => dropped.includes(c.codeId)).map((c) => c.number));
    if (droppedNumbers.size)
      await rewriteImportedCodes(tx, [respondentId], (_id, numbers) => numbers.filter((n) => !droppedNumbers.has(n)));
    if (backed.size)
      await tx
        .update(codings)
        .set({ source: 'passage' })
        .where(and(eq(codings.respondentId, respondentId), mine, inArray(codings.codeId, [...backed])));
    const upgraded = added.filter((id) => fromPassages.has(id));
    if (upgraded.length)
      await tx
        .update(codings)
        .set({ source })
        .where(and(eq(codings.respondentId, respondentId), mine, inArray(codings.codeId, upgraded)));
    const fresh = added.filter((id) => !fromPassages.has(id));
    if (fresh.length)
      await tx
        .insert(codings)
        .values(fresh.map((codeId) => ({ respondentId, codeId, coderId: coder, source })))
        .onConflictDoNothing();
    if (added.length || removed.length) {
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'respondent',
        entityId: respondentId,
        action: 'code',
        summary: `Coded ${r.ref}: ${added.length} added, ${removed.length} removed`,
        before: { codeIds: [...had].sort() },
        after: { codeIds: [...wanted].sort() },
      });
    }
    return respondentId;
  });
}

// ---- what the analyses read ---------------------------------------------------------------------

/**
 * Respondents with consent given (the rest never leave the database for an analysis), in the
 * domain's shape with the pseudonymous ref as id, and their codings of the given codes. Two
 * set-based queries whatever the size.
 */
export async function analysisData(db: Queryable, evaluationId: string, codeIds: string[]) {
  const rows = await respondentSelect(db)
    .where(and(eq(respondents.evaluationId, evaluationId), eq(respondents.consent, 'given')))
    .orderBy(asc(respondents.ref));
  const people: Respondent[] = rows.map((r) => ({
    id: r.ref,
    participantType: r.participantType,
    themes: r.themes ?? [],
    coproductionModel: r.coproductionModel,
    place: r.place,
    phase: r.phase,
    project: r.project?.name ?? null,
    attributes: r.attributes ?? {},
    consent: r.consent,
  }));
  const coded: Coding[] = codeIds.length
    ? await rowsOf<Coding>(
        db,
        sql`
        select r.ref as "respondentId", p.code_id as code from ${identifiedPairs(evaluationId, codeIds)} p
          join ${respondents} r on r.id = p.respondent_id where r.consent = 'given'`,
      )
    : [];
  return { respondents: people, codings: coded };
}

/** The vocabulary's order for a dimension's groups (participant types, themes, models). */
export async function groupOrderFor(db: Queryable, ctx: ProgrammeContext, by: string | null): Promise<string[]> {
  const vocabulary =
    by === 'participant_type' ? 'participant_type' : by === 'theme' ? 'theme' : by === 'coproduction_model' ? 'coproduction_model' : null;
  if (vocabulary) {
    const terms = await db
      .select({ label: vocabularyTerms.label })
      .from(vocabularyTerms)
      .where(and(eq(vocabularyTerms.programmeId, ctx.programme.id), eq(vocabularyTerms.vocabulary, vocabulary)))
      .orderBy(asc(vocabularyTerms.position), asc(vocabularyTerms.label));
    return terms.map((t) => t.label);
  }
  if (by === 'phase') {
    const list = await db
      .select({ name: phases.name })
      .from(phases)
      .where(eq(phases.programmeId, ctx.programme.id))
      .orderBy(asc(phases.number));
    return list.map((p) => p.name);
  }
  return [];
}

/** Attribute names recorded on any respondent of the evaluation, for `--by <attribute>`. */
export async function attributeNames(db: Queryable, evaluationId: string): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select distinct jsonb_object_keys(attributes) as name from ${respondents} where evaluation_id = ${evaluationId} order by 1`,
  );
  return rows.map((r) => r.name);
}

export type { RespondentFilters };
