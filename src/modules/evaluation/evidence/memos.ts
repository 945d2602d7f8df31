/**
 * Memos on a code, a coded passage or a respondent: one per subject, written, changed and cleared in
 * place, each change one transaction with its audit row (`evaluation_memo`, the words before and
 * after). Respondent-level, so evaluators and managers only; a respondent who withdrew consent takes
 * no new memo (as they take no new evidence) and their memo is not shown.
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { loadCode } from '../codebook/service.js';
import { type Evaluation, requireEvaluator } from '../evaluations/service.js';
import { type MemoSubject, memos, passages, respondents, transcripts } from '../schema.js';
import { loadRespondent, refuseWithdrawn } from './common.js';

export interface MemoRef {
  type: MemoSubject;
  id: string;
  /** For a passage: the transcript it must be in. */
  transcriptId?: string | undefined;
}

const column = { code: memos.codeId, passage: memos.passageId, respondent: memos.respondentId } as const;

/** The subject, checked to be this evaluation's (404 otherwise), and how the audit names it. */
async function subjectOf(db: Queryable, e: Evaluation, s: MemoRef, writing: boolean): Promise<string> {
  if (s.type === 'code') return `the code ${(await loadCode(db, e.id, s.id)).name}`;
  if (s.type === 'respondent') {
    const r = await loadRespondent(db, e, s.id);
    if (writing) refuseWithdrawn(r, 'text');
    else if (r.consent !== 'given') throw new NotFound('That respondent');
    return r.ref;
  }
  const [p] = await db
    .select({
      number: passages.number,
      transcriptId: passages.transcriptId,
      title: transcripts.title,
      consent: respondents.consent,
      ref: respondents.ref,
    })
    .from(passages)
    .innerJoin(transcripts, eq(transcripts.id, passages.transcriptId))
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .where(and(eq(passages.id, s.id), eq(transcripts.evaluationId, e.id)));
  if (p?.consent !== 'given' || (s.transcriptId && p.transcriptId !== s.transcriptId)) throw new NotFound('That passage');
  return `passage ${p.number} of ${p.title} (${p.ref})`;
}

const view = (m: typeof memos.$inferSelect | undefined) => (m ? { text: m.text, updatedAt: m.updatedAt.toISOString() } : null);

export async function getMemo(db: Queryable, ctx: ProgrammeContext, e: Evaluation, s: MemoRef) {
  requireEvaluator(ctx);
  await subjectOf(db, e, s, false);
  const [m] = await db.select().from(memos).where(eq(column[s.type], s.id));
  return view(m);
}

/** Writes the memo (an empty text clears it). Answers the memo, or null once cleared. */
export async function setMemo(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, s: MemoRef, text: string) {
  requireEvaluator(ctx);
  const about = await subjectOf(db, e, s, true);
  const words = text.trim();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(memos).where(eq(column[s.type], s.id)).for('update');
    if (!words && !before) return null;
    if (before && before.text === words) return view(before);
    let after: typeof memos.$inferSelect | undefined;
    if (!words) await tx.delete(memos).where(eq(memos.id, before!.id));
    else if (before)
      [after] = await tx
        .update(memos)
        .set({ text: words, updatedBy: actor.userId, updatedAt: new Date() })
        .where(eq(memos.id, before.id))
        .returning();
    else
      [after] = await tx
        .insert(memos)
        .values({ evaluationId: e.id, [`${s.type}Id`]: s.id, text: words, updatedBy: actor.userId })
        .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_memo',
      entityId: (after ?? before)!.id,
      action: !before ? 'create' : !after ? 'delete' : 'update',
      summary: `${!before ? 'Wrote' : !after ? 'Cleared' : 'Changed'} the memo on ${about}`,
      ...(before ? { before: { subject: about, text: before.text } } : {}),
      ...(after ? { after: { subject: about, text: after.text } } : {}),
    });
    return view(after);
  });
}
