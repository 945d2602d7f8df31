import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { importedCodesOf, rewriteImportedCodes } from '../respondents/codings.js';
import { type CodingSource, codes, codings, passages, respondents } from '../schema.js';

import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';

/**
 * Sets the codes a respondent identified, for one coder: ticked codes are added, the rest of that
 * coder's ticks removed. Imported codings (no coder) are left as they are unless the caller is the
 * CLI (no user), whose codings these are.
 */
export async function setCodings(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  e: Evaluation,
  respondentId: string,
  codeIds: string[],
  source: CodingSource = 'tick',
) {
  requireEvaluator(ctx);
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
