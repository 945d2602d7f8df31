import { inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/database.js';
import { type FieldError, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { replaceImportedCodes } from '../respondents/codings.js';
import { codes, codings, passages } from '../schema.js';

import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { type Code, codeConflict, loadCode, notFoundAsNull } from './service.js';

/**
 * Merges codes into the one kept: their codings move to it (a respondent who had both counts once),
 * their child codes move under it, and the merged codes go. Each is audited with what it held.
 */
export async function mergeCodes(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, keptId: string, mergedIds: string[]) {
  requireEvaluator(ctx);
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
