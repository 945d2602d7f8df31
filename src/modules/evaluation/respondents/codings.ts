/**
 * What a respondent identified lives in two places (decision 011): `codings` rows, one per coder and
 * code (ticks, coded passages, the command line's codings), and `respondents.imported_code_numbers`,
 * the codes an evidence import gave them, as code numbers in their own row. This file is where the
 * second is read and rewritten; everything else asks here.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';

/** A uuid[] parameter (ids Cairn made or checked, so the literal needs no quoting). */
export const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
/** An integer[] parameter. */
export const numberArray = (numbers: number[]) => sql`${`{${numbers.join(',')}}`}::integer[]`;

/**
 * Every (respondent, code) pair of an evaluation, each once, whoever coded it and however: the
 * codings rows and the imported codes. Optionally only these codes.
 */
export function identifiedPairs(evaluationId: string, codeIds?: string[]): SQL {
  const onlyRows = codeIds ? sql`and c.code_id = any(${uuidArray(codeIds)})` : sql``;
  const onlyImported = codeIds ? sql`and k.id = any(${uuidArray(codeIds)})` : sql``;
  return sql`(
    select c.respondent_id, c.code_id from codings c join respondents r on r.id = c.respondent_id
     where r.evaluation_id = ${evaluationId}::uuid ${onlyRows}
    union
    select r.id, k.id from respondents r cross join lateral unnest(r.imported_code_numbers) n join codes k on k.number = n
     where r.evaluation_id = ${evaluationId}::uuid ${onlyImported})`;
}

/** The codes imported for one respondent, with their names and families, in codebook order. */
export async function importedCodesOf(db: Queryable, respondentId: string) {
  return rowsOf<{ codeId: string; name: string; family: string; number: number }>(
    db,
    sql`
    select k.id as "codeId", k.name, f.key as family, k.number
      from respondents r cross join lateral unnest(r.imported_code_numbers) n
      join codes k on k.number = n join code_families f on f.id = k.family_id
     where r.id = ${respondentId}::uuid
     order by f.position, k.name`,
  );
}

/**
 * Rewrites the imported codes of some respondents: each named respondent's numbers go through
 * `change` (which may drop, add or swap some), repeats removed. Answers how many imported codes were
 * taken off and put on, for the audit row. The triggers recount the cross-tab.
 */
export async function rewriteImportedCodes(db: Queryable, respondentIds: string[], change: (id: string, numbers: number[]) => number[]) {
  if (respondentIds.length === 0) return { removed: 0, added: 0 };
  const rows = await rowsOf<{ id: string; numbers: number[] }>(
    db,
    sql`
    select id, imported_code_numbers as numbers from respondents where id = any(${uuidArray(respondentIds)}) for update`,
  );
  let removed = 0;
  let added = 0;
  const updates: SQL[] = [];
  for (const r of rows) {
    const before = new Set(r.numbers.map(Number));
    const after = [...new Set(change(r.id, [...before]))];
    const afterSet = new Set(after);
    const off = [...before].filter((n) => !afterSet.has(n)).length;
    const on = after.filter((n) => !before.has(n)).length;
    if (!off && !on) continue;
    removed += off;
    added += on;
    updates.push(sql`(${r.id}::uuid, ${numberArray(after)})`);
  }
  for (let i = 0; i < updates.length; i += 1000) {
    await db.execute(sql`
      update respondents r set imported_code_numbers = v.numbers
        from (values ${sql.join(updates.slice(i, i + 1000), sql`, `)}) as v(id, numbers) where r.id = v.id`);
  }
  return { removed, added };
}

/** The respondents of an evaluation whose imported codes include any of these. */
export async function respondentsWithImportedCodes(db: Queryable, evaluationId: string, numbers: number[]) {
  if (numbers.length === 0) return [];
  return (
    await rowsOf<{ id: string }>(
      db,
      sql`
    select id from respondents where evaluation_id = ${evaluationId}::uuid and imported_code_numbers && ${numberArray(numbers)}`,
    )
  ).map((r) => r.id);
}

/**
 * Swaps codes in every respondent of an evaluation who has them among their imported codes (a
 * merge: each merged code becomes the kept one, once). Answers how many imported codes moved.
 */
export async function replaceImportedCodes(db: Queryable, evaluationId: string, from: number[], to: number) {
  if (from.length === 0) return 0;
  const [moved] = await rowsOf<{ n: number }>(
    db,
    sql`
    with hit as (
      select id, (select count(*) from unnest(imported_code_numbers) n where n = any(${numberArray(from)}))::int as k
        from respondents where evaluation_id = ${evaluationId}::uuid and imported_code_numbers && ${numberArray(from)}),
    changed as (
      update respondents r
         set imported_code_numbers = array(select distinct case when n = any(${numberArray(from)}) then ${to}::integer else n end from unnest(r.imported_code_numbers) n)
        from hit where r.id = hit.id returning 1)
    select coalesce(sum(k), 0)::int as n from hit`,
  );
  return Number(moved?.n ?? 0);
}
