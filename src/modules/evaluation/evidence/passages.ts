/** Passages of a transcript coded for a respondent, and the codings they stand behind (see common.ts for the rules). */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Conflict, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { passageProblem, tightenPassage } from '../../../shared/transcript.js';
import { codes, codings, passages, respondents, transcriptRespondents, transcripts } from '../schema.js';
import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { loadRespondent, refuseWithdrawn } from './common.js';
import { insertQuote } from './quotes.js';
import { dropUnbackedCodings, getTranscript, loadTranscript } from './transcripts.js';

// ---- passages -----------------------------------------------------------------------------------

export interface PassageInput {
  respondentId: string;
  codeId: string;
  start: number;
  end: number;
  /** Also keep the passage as a quote of the respondent. */
  quote?: { attribution: string; publishable?: boolean | undefined } | undefined;
}

/**
 * Codes a passage for a respondent: the passage, the respondent named by the transcript, the coding
 * (as `passage` unless the coder already has it), and the quote when asked, in one transaction.
 */
export async function addPassage(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, transcriptId: string, input: PassageInput) {
  requireEvaluator(ctx);
  const t = await loadTranscript(db, e, transcriptId);
  const r = await loadRespondent(db, e, input.respondentId, ['respondentId']);
  refuseWithdrawn(r, 'respondentId');
  const [c] = await db
    .select({ id: codes.id, name: codes.name })
    .from(codes)
    .where(and(eq(codes.id, input.codeId), eq(codes.evaluationId, e.id)));
  if (!c) fail([{ path: ['codeId'], message: 'That code is not in this evaluation' }]);
  const problem = passageProblem(t.body, input.start, input.end);
  if (problem) fail([{ path: ['start'], message: problem }]);
  const { start, end } = tightenPassage(t.body, input.start, input.end);
  const text = t.body.slice(start, end);
  const coder = actor.userId;
  const [same] = await db
    .select({ id: passages.id })
    .from(passages)
    .where(
      and(
        eq(passages.transcriptId, t.id),
        eq(passages.respondentId, r.id),
        eq(passages.codeId, c!.id),
        coder ? eq(passages.coderId, coder) : sql`${passages.coderId} is null`,
        eq(passages.startOffset, start),
        eq(passages.endOffset, end),
      ),
    );
  if (same)
    throw new Conflict(`You have already coded this passage as ${c!.name} for ${r.ref}.`, [
      { path: ['codeId'], message: `Already coded as ${c!.name} for ${r.ref}` },
    ]);
  const id = await db.transaction(async (tx) => {
    // The next number of this transcript's own, taken under the transcript's row lock: never reused.
    const [{ number } = { number: 1 }] = await tx
      .update(transcripts)
      .set({ passagesNumbered: sql`${transcripts.passagesNumbered} + 1` })
      .where(eq(transcripts.id, t.id))
      .returning({ number: transcripts.passagesNumbered });
    const [p] = await tx
      .insert(passages)
      .values({ transcriptId: t.id, respondentId: r.id, codeId: c!.id, coderId: coder, number, startOffset: start, endOffset: end, text })
      .returning();
    await tx.insert(transcriptRespondents).values({ transcriptId: t.id, respondentId: r.id }).onConflictDoNothing();
    const added = await tx
      .insert(codings)
      .values({ respondentId: r.id, codeId: c!.id, coderId: coder, source: 'passage' })
      .onConflictDoNothing()
      .returning({ code: codings.codeId });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_passage',
      entityId: p!.id,
      action: 'create',
      summary: `Coded passage ${number} of ${t.title} for ${r.ref} as ${c!.name}${added.length ? '' : ' (already coded)'}`,
      after: { transcript: t.title, number, respondent: r.ref, code: c!.name, start, end, text, codingAdded: added.length > 0 },
    });
    if (input.quote)
      await insertQuote(tx, ctx, actor, r, {
        respondentId: r.id,
        text,
        attribution: input.quote.attribution,
        publishable: input.quote.publishable,
        passageId: p!.id,
      });
    return p!.id;
  });
  const view = await getTranscript(db, ctx, e, t.id, actor.userId);
  return { transcript: view, passageId: id };
}

export async function removePassage(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, transcriptId: string, passageId: string) {
  requireEvaluator(ctx);
  const t = await loadTranscript(db, e, transcriptId);
  const [p] = await db
    .select({
      id: passages.id,
      respondentId: passages.respondentId,
      codeId: passages.codeId,
      coderId: passages.coderId,
      text: passages.text,
      number: passages.number,
      start: passages.startOffset,
      end: passages.endOffset,
      ref: respondents.ref,
      code: codes.name,
    })
    .from(passages)
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .innerJoin(codes, eq(codes.id, passages.codeId))
    .where(and(eq(passages.id, passageId), eq(passages.transcriptId, t.id)));
  if (!p) throw new NotFound('That passage');
  await db.transaction(async (tx) => {
    await tx.delete(passages).where(eq(passages.id, passageId));
    const codingsRemoved = await dropUnbackedCodings(tx, [p]);
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_passage',
      entityId: passageId,
      action: 'delete',
      summary: `Removed passage ${p.number} of ${t.title}, coded for ${p.ref} as ${p.code}${codingsRemoved ? `: ${p.ref} no longer counts as identifying ${p.code} by you` : ''}`,
      before: { transcript: t.title, number: p.number, respondent: p.ref, code: p.code, start: p.start, end: p.end, text: p.text },
      after: { codingRemoved: codingsRemoved > 0 },
    });
  });
  return getTranscript(db, ctx, e, t.id, actor.userId);
}
