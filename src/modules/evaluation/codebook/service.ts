import type { RecordVersion } from '../../../http/versions.js';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { type Db, type Queryable, rowsOf } from '../../../db/database.js';
import { Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { codeFamilies, codes } from '../schema.js';

import { type Evaluation, fail, requireEvaluationReader, requireEvaluator } from '../evaluations/service.js';

// ---- codebook -----------------------------------------------------------------------------------

export type Code = typeof codes.$inferSelect;
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
  return families.map((f) => ({
    id: f.id,
    key: f.key,
    label: f.label,
    position: f.position,
    description: f.description,
    colour: f.colour,
    codes: tidy(roots.get(f.id)!),
  }));
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

export async function createFamily(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, input: FamilyInput) {
  requireEvaluator(ctx);
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

export async function familyByKey(db: Queryable, evaluationId: string, key: string, path: string[] = ['family']) {
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

export async function loadCode(db: Queryable, evaluationId: string, codeId: string): Promise<Code> {
  const [c] = await db
    .select()
    .from(codes)
    .where(and(eq(codes.id, codeId), eq(codes.evaluationId, evaluationId)));
  if (!c) throw new NotFound('That code');
  return c;
}

/** A code that is not there reads as null; any other failure (the database away) stays what it is. */
export const notFoundAsNull = (err: unknown): null => {
  if (err instanceof NotFound) return null;
  throw err;
};

export const codeConflict = {
  codes_name_key: { path: 'name', message: 'There is already a code with that name in the same place in the codebook' },
};
export const codeAudit = (c: Code, familyKey: string) => ({
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

export async function createCode(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, input: CodeInput) {
  requireEvaluator(ctx);
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
export async function updateCode(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, codeId: string, input: CodeChange) {
  requireEvaluator(ctx);
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

/** A code's record version (its row's xmin), for If-Match and ETag. */
export const codeVersion = (id: string): RecordVersion => ({ key: codes.id, id, entityType: 'evaluation_code' });
