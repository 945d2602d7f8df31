import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/database.js';
import { Conflict, type FieldError, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { rewriteImportedCodes, uuidArray } from '../respondents/codings.js';
import { codeFamilies, codes, codings, passages, respondents } from '../schema.js';
import { dropUnbackedCodings } from '../evidence/transcripts.js';

import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { codeAudit, codeConflict, loadCode } from './service.js';

export interface SplitInput {
  /** The new codes, in order; `moves` name them by their index here. */
  codes: { name: string; description?: string | undefined; colour?: string | null | undefined }[];
  /** Beside the original (same parent: two ideas side by side) or under it (narrower ideas). */
  place?: 'beside' | 'under' | undefined;
  /**
   * Respondents whose coding goes to new codes. `to`: indexes into `codes`; `keep`: whether the original
   * keeps it too. Respondents not named keep their coding on the original only.
   */
  moves?: { respondentId: string; to: number[]; keep: boolean; passagesTo?: number | null | undefined }[] | undefined;
  /**
   * Everything to one new code (by index): every respondent coded with the original, every coder's
   * coding, every coded passage (and so the quotes saved from them); the original keeps none.
   * Instead of `moves`.
   */
  moveAllTo?: number | undefined;
}

/**
 * Splits a code that turned out to hold two (or more) ideas: adds the new codes, then copies the
 * codings of the chosen respondents to the new codes they were given (every coder's, with its source
 * and date), removing it from the original where the evaluator said so. A coding is never lost: every
 * respondent ends with the original, a new code, or both. The original and its child codes stay.
 */
export async function splitCode(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, codeId: string, input: SplitInput) {
  requireEvaluator(ctx);
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

  if (input.moveAllTo !== undefined && (input.moves?.length ?? 0) > 0)
    errors.push({ path: ['moveAllTo'], message: 'Either move everything to one new code or choose for each respondent, not both' });
  if (input.moveAllTo !== undefined && (!Number.isInteger(input.moveAllTo) || input.moveAllTo < 0 || input.moveAllTo >= input.codes.length))
    errors.push({ path: ['moveAllTo'], message: 'That is not one of the new codes' });
  const moves =
    input.moveAllTo !== undefined && !errors.length
      ? (await everyoneCodedWith(db, e.id, codeId, original.number)).map((respondentId) => ({
          respondentId,
          to: [input.moveAllTo!],
          keep: false,
          passagesTo: input.moveAllTo!,
        }))
      : (input.moves ?? []);
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
    if (m.passagesTo !== undefined && m.passagesTo !== null && !m.to.includes(m.passagesTo))
      errors.push({ path: ['moves', i, 'passagesTo'], message: 'Passages can only go to a new code this respondent is given' });
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
      // Coded passages go with their respondent's coding where asked (quotes saved from them follow the passage).
      let passagesMoved = 0;
      const passageMoves = moves.filter((m) => m.passagesTo !== undefined && m.passagesTo !== null);
      for (const target of new Set(passageMoves.map((m) => m.passagesTo!))) {
        const who = passageMoves.filter((m) => m.passagesTo === target).map((m) => m.respondentId);
        const moved = await tx
          .update(passages)
          .set({ codeId: created[target]!.id })
          .where(and(eq(passages.codeId, codeId), inArray(passages.respondentId, who)))
          .returning({ respondentId: passages.respondentId, coderId: passages.coderId });
        passagesMoved += moved.length;
        // A coding of the original that only those passages stood behind goes (a kept tick stays).
        await dropUnbackedCodings(
          tx,
          moved.map((p) => ({ respondentId: p.respondentId, codeId, coderId: p.coderId })),
        );
      }
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
        summary: `Split the code ${original.name} into ${names.join(', ')}: ${moves.length} respondent${moves.length === 1 ? '' : 's'} given new codes (${copied} codings added, ${removed} taken off ${original.name}${passagesMoved ? `, ${passagesMoved} coded passage${passagesMoved === 1 ? '' : 's'} moved` : ''})`,
        after: {
          splitInto: created.map((c) => ({ id: c.id, name: c.name })),
          place,
          moves: moves.map((m) => ({ respondent: coded.get(m.respondentId), to: [...new Set(m.to)].map((t) => names[t]), kept: m.keep })),
          codingsAdded: copied,
          codingsRemoved: removed,
          passagesMoved,
        },
      });
      return {
        original: original.id,
        created: created.map((c) => ({ id: c.id, name: c.name })),
        codingsAdded: copied,
        codingsRemoved: removed,
        passagesMoved,
      };
    });
  } catch (err) {
    conflictFromDb(err, codeConflict);
  }
}

/** Every respondent coded with the code: by any coder, or imported. */
async function everyoneCodedWith(db: Db, evaluationId: string, codeId: string, number: number): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`
    select distinct c.respondent_id as id from ${codings} c where c.code_id = ${codeId}::uuid
    union
    select r.id from ${respondents} r where r.evaluation_id = ${evaluationId}::uuid and ${number}::integer = any(r.imported_code_numbers)`,
  );
  return rows.map((r) => r.id);
}
