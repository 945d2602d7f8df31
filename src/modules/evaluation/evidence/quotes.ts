/** Quotes: what a respondent said, how it may be attributed and whether it may be published (see common.ts for the rules). */
import type { RecordVersion } from '../../../http/versions.js';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { passages, quotes, respondents, transcripts } from '../schema.js';
import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { loadRespondent, refuseWithdrawn } from './common.js';

// ---- quotes -------------------------------------------------------------------------------------

export interface QuoteInput {
  respondentId: string;
  text: string;
  attribution: string;
  publishable?: boolean | undefined;
  passageId?: string | null | undefined;
}
export type QuoteChange = Partial<Pick<QuoteInput, 'text' | 'attribution' | 'publishable'>>;

const quoteSelect = (db: Queryable) =>
  db
    .select({
      id: quotes.id,
      respondentId: quotes.respondentId,
      ref: respondents.ref,
      participantType: respondents.participantType,
      consent: respondents.consent,
      text: quotes.text,
      attribution: quotes.attribution,
      publishable: quotes.publishable,
      passageId: quotes.passageId,
      transcriptId: passages.transcriptId,
      createdAt: quotes.createdAt,
      updatedAt: quotes.updatedAt,
      version: sql<string>`${quotes}.xmin::text`,
    })
    .from(quotes)
    .innerJoin(respondents, eq(respondents.id, quotes.respondentId))
    .leftJoin(passages, eq(passages.id, quotes.passageId));

type QuoteRow = Awaited<ReturnType<typeof quoteSelect>>[number];
const quoteView = (q: QuoteRow) => ({
  id: q.id,
  respondent: { id: q.respondentId, ref: q.ref, participantType: q.participantType },
  text: q.text,
  attribution: q.attribution,
  publishable: q.publishable,
  passageId: q.passageId,
  transcriptId: q.transcriptId,
  createdAt: q.createdAt.toISOString(),
  updatedAt: q.updatedAt.toISOString(),
  version: q.version,
});
export type QuoteView = ReturnType<typeof quoteView>;

/**
 * Quotes of respondents with consent given, newest first; `withdrawnHidden` counts those left out
 * because their respondent withdrew. `attributions` are the attributions used so far, to suggest.
 */
export async function listQuotes(
  db: Queryable,
  ctx: ProgrammeContext,
  e: Evaluation,
  q: { publishable?: boolean | undefined; respondentId?: string | undefined },
) {
  requireEvaluator(ctx);
  if (q.respondentId) await loadRespondent(db, e, q.respondentId);
  const scope = and(
    eq(respondents.evaluationId, e.id),
    q.respondentId ? eq(quotes.respondentId, q.respondentId) : undefined,
    q.publishable === undefined ? undefined : eq(quotes.publishable, q.publishable),
  );
  const [rows, [hidden], used] = await Promise.all([
    quoteSelect(db)
      .where(and(scope, eq(respondents.consent, 'given')))
      .orderBy(desc(quotes.createdAt), asc(quotes.id)),
    db
      .select({ n: count() })
      .from(quotes)
      .innerJoin(respondents, eq(respondents.id, quotes.respondentId))
      .where(and(scope, eq(respondents.consent, 'withdrawn'))),
    db
      .selectDistinct({ a: quotes.attribution })
      .from(quotes)
      .innerJoin(respondents, eq(respondents.id, quotes.respondentId))
      .where(eq(respondents.evaluationId, e.id))
      .orderBy(asc(quotes.attribution)),
  ]);
  return { quotes: rows.map(quoteView), withdrawnHidden: Number(hidden?.n ?? 0), attributions: used.map((u) => u.a) };
}

/** Publishable quotes of these respondents (consent given), for drill-downs such as configurations. */
export async function publishableQuotesFor(db: Queryable, evaluationId: string, respondentIds: string[]) {
  if (respondentIds.length === 0) return [];
  const rows = await quoteSelect(db)
    .where(
      and(
        eq(respondents.evaluationId, evaluationId),
        eq(respondents.consent, 'given'),
        eq(quotes.publishable, true),
        inArray(quotes.respondentId, respondentIds),
      ),
    )
    .orderBy(asc(respondents.ref), asc(quotes.createdAt));
  return rows.map(quoteView);
}

async function loadQuote(db: Queryable, e: Evaluation, quoteId: string) {
  const [row] = await quoteSelect(db).where(and(eq(quotes.id, quoteId), eq(respondents.evaluationId, e.id)));
  if (!row) throw new NotFound('That quote');
  return row;
}

const quoteAudit = (q: { text: string; attribution: string; publishable: boolean }) => ({
  text: q.text,
  attribution: q.attribution,
  publishable: q.publishable,
});

export async function insertQuote(tx: Queryable, ctx: ProgrammeContext, actor: Actor, r: { id: string; ref: string }, input: QuoteInput) {
  const [q] = await tx
    .insert(quotes)
    .values({
      respondentId: r.id,
      text: input.text,
      attribution: input.attribution,
      publishable: input.publishable ?? false,
      passageId: input.passageId ?? null,
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, actor, {
    programmeId: ctx.programme.id,
    entityType: 'evaluation_quote',
    entityId: q!.id,
    action: 'create',
    summary: `Added a quote from ${r.ref} (${q!.publishable ? 'may be published' : 'not for publication'})`,
    after: { respondent: r.ref, ...quoteAudit(q!), passageId: q!.passageId },
  });
  return q!.id;
}

export async function createQuote(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, input: QuoteInput) {
  requireEvaluator(ctx);
  const r = await loadRespondent(db, e, input.respondentId, ['respondentId']);
  refuseWithdrawn(r, 'respondentId');
  if (input.passageId) {
    const [p] = await db
      .select({ respondentId: passages.respondentId })
      .from(passages)
      .innerJoin(transcripts, eq(transcripts.id, passages.transcriptId))
      .where(and(eq(passages.id, input.passageId), eq(transcripts.evaluationId, e.id)));
    if (!p) fail([{ path: ['passageId'], message: 'That passage is not in this evaluation' }]);
    if (p && p.respondentId !== r.id)
      fail([{ path: ['passageId'], message: `That passage was coded for another respondent, not ${r.ref}` }]);
  }
  const id = await db.transaction((tx) => insertQuote(tx, ctx, actor, r, input));
  return quoteView(await loadQuote(db, e, id));
}

/** One quote as its list shows it, for an edit conflict's answer. */
export async function getQuote(db: Queryable, ctx: ProgrammeContext, e: Evaluation, quoteId: string) {
  requireEvaluator(ctx);
  return quoteView(await loadQuote(db, e, quoteId));
}

export async function updateQuote(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, quoteId: string, input: QuoteChange) {
  requireEvaluator(ctx);
  const before = await loadQuote(db, e, quoteId);
  await db.transaction(async (tx) => {
    const [q] = await tx
      .update(quotes)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(quotes.id, quoteId))
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_quote',
      entityId: quoteId,
      action: 'update',
      summary: `Changed a quote from ${before.ref}${before.publishable !== q!.publishable ? (q!.publishable ? ': may now be published' : ': no longer for publication') : ''}`,
      before: quoteAudit(before),
      after: quoteAudit(q!),
    });
  });
  return quoteView(await loadQuote(db, e, quoteId));
}

export async function deleteQuote(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, quoteId: string) {
  requireEvaluator(ctx);
  const before = await loadQuote(db, e, quoteId);
  await db.transaction(async (tx) => {
    await tx.delete(quotes).where(eq(quotes.id, quoteId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_quote',
      entityId: quoteId,
      action: 'delete',
      summary: `Removed a quote from ${before.ref}`,
      before: { respondent: before.ref, ...quoteAudit(before) },
    });
  });
}

/** A quote's record version (its row's xmin), for If-Match and ETag. */
export const quoteVersion = (id: string): RecordVersion => ({ key: quotes.id, id, entityType: 'evaluation_quote' });
