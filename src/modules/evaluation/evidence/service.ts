/**
 * Evidence behind the codings: transcripts of interviews and workshops, passages of them coded for a
 * respondent, and quotes with how they may be attributed and whether they may be published.
 * Respondent-level, so evaluators and managers only. Each write is one transaction with its audit row.
 *
 * Passages and codings: a passage makes its respondent count as having identified its code, through
 * the `codings` row for (respondent, code, coder). That row's source says why it is there: `tick` when
 * the coder ticked the code (passages or not), `passage` when only passages stand behind it. So
 * - coding a passage adds a `passage` coding unless the coder already has one for that code;
 * - removing a coder's last passage for a respondent and code removes a `passage` coding, never a tick;
 * - un-ticking a code that passages stand behind keeps the coding, as `passage` (service.setCodings);
 * - deleting a transcript removes its passages and, the same way, codings only they stood behind.
 *
 * Withdrawn consent: a withdrawn respondent's quotes and passages stay in the database for audit, but
 * leave every list here (their count is given, so a page can say some are hidden), and no new
 * evidence can be recorded for them.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Invalid, NotFound } from '../../../http/errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { passageProblem, tightenPassage } from '../../../shared/transcript.js';
import { codeFamilies, codes, codings, passages, quotes, respondents, transcriptRespondents, transcripts } from '../schema.js';
import { loadEvaluation, requireEvaluator } from '../evaluations/service.js';
import { readTranscriptFile } from './transcript-upload.js';

type Evaluation = Awaited<ReturnType<typeof loadEvaluation>>;

const fail = (errors: FieldError[]) => {
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
};

async function openEvaluation(db: Queryable, ctx: ProgrammeContext, slug: string) {
  requireEvaluator(ctx);
  return loadEvaluation(db, ctx, slug);
}

/** A respondent of this evaluation, or 404 (another evaluation's answers like a missing one). */
async function loadRespondent(db: Queryable, e: Evaluation, respondentId: string, path: (string | number)[] | null = null) {
  const [r] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!r) {
    if (path) fail([{ path, message: 'That respondent is not in this evaluation' }]);
    throw new NotFound('That respondent');
  }
  return r!;
}

function refuseWithdrawn(r: { ref: string; consent: string }, path: string) {
  if (r.consent !== 'given') {
    fail([{ path: [path], message: `${r.ref} has withdrawn their consent, so no new evidence can be recorded for them` }]);
  }
}

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
  slug: string,
  q: { publishable?: boolean | undefined; respondentId?: string | undefined },
) {
  const e = await openEvaluation(db, ctx, slug);
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

async function insertQuote(tx: Queryable, ctx: ProgrammeContext, actor: Actor, r: { id: string; ref: string }, input: QuoteInput) {
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

export async function createQuote(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: QuoteInput) {
  const e = await openEvaluation(db, ctx, slug);
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
export async function getQuote(db: Queryable, ctx: ProgrammeContext, slug: string, quoteId: string) {
  return quoteView(await loadQuote(db, await openEvaluation(db, ctx, slug), quoteId));
}

export async function updateQuote(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, quoteId: string, input: QuoteChange) {
  const e = await openEvaluation(db, ctx, slug);
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

export async function deleteQuote(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, quoteId: string) {
  const e = await openEvaluation(db, ctx, slug);
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

// ---- transcripts --------------------------------------------------------------------------------

export interface TranscriptUpload {
  bytes: Buffer;
  fileName: string;
  title?: string | undefined;
  heldOn?: string | null | undefined;
  respondentIds?: string[] | undefined;
}
export interface TranscriptChange {
  title?: string | undefined;
  heldOn?: string | null | undefined;
  respondentIds?: string[] | undefined;
}

// Qualified by hand: inside a subquery a bare "id" would be the subquery's own table's.
const transcriptIdColumn = sql.raw('"transcripts"."id"');

const transcriptSummary = (db: Queryable) =>
  db
    .select({
      id: transcripts.id,
      title: transcripts.title,
      heldOn: transcripts.heldOn,
      fileName: transcripts.fileName,
      format: transcripts.format,
      characters: sql<number>`length(${transcripts.body})::int`,
      createdAt: transcripts.createdAt,
      // Passages of respondents with consent given: the others are hidden everywhere.
      passages: sql<number>`(select count(*)::int from ${passages} p join ${respondents} r on r.id = p.respondent_id where p.transcript_id = ${transcriptIdColumn} and r.consent = 'given')`,
      respondents: sql<
        { id: string; ref: string; consent: string }[]
      >`coalesce((select json_agg(json_build_object('id', r.id, 'ref', r.ref, 'consent', r.consent) order by r.ref)
        from ${transcriptRespondents} tr join ${respondents} r on r.id = tr.respondent_id where tr.transcript_id = ${transcriptIdColumn}), '[]'::json)`,
    })
    .from(transcripts);

type TranscriptRow = Awaited<ReturnType<typeof transcriptSummary>>[number];
const transcriptView = (t: TranscriptRow) => ({
  id: t.id,
  title: t.title,
  heldOn: t.heldOn,
  fileName: t.fileName,
  format: t.format,
  characters: Number(t.characters),
  passages: Number(t.passages),
  // Withdrawn respondents are left out of the list; a page says so through `withdrawnNamed`.
  respondents: (t.respondents ?? []).filter((r) => r.consent === 'given').map((r) => ({ id: r.id, ref: r.ref })),
  withdrawnNamed: (t.respondents ?? []).filter((r) => r.consent !== 'given').length,
  createdAt: new Date(t.createdAt).toISOString(),
});

export async function listTranscripts(db: Queryable, ctx: ProgrammeContext, slug: string) {
  const e = await openEvaluation(db, ctx, slug);
  const rows = await transcriptSummary(db)
    .where(eq(transcripts.evaluationId, e.id))
    .orderBy(desc(transcripts.createdAt), asc(transcripts.title));
  return rows.map(transcriptView);
}

async function loadTranscript(db: Queryable, e: Evaluation, transcriptId: string) {
  const [t] = await db
    .select()
    .from(transcripts)
    .where(and(eq(transcripts.id, transcriptId), eq(transcripts.evaluationId, e.id)));
  if (!t) throw new NotFound('That transcript');
  return t;
}

/**
 * A transcript with its text and the passages coded in it (of respondents with consent given). With
 * blind coding on, a coder (`viewerId`) sees only their own passages, as they see only their own ticks;
 * `otherCodersHidden` counts the rest.
 */
export async function getTranscript(
  db: Queryable,
  ctx: ProgrammeContext,
  slug: string,
  transcriptId: string,
  viewerId: string | null = null,
) {
  const e = await openEvaluation(db, ctx, slug);
  const t = await loadTranscript(db, e, transcriptId);
  const blind = e.blindCoding && viewerId !== null;
  // One after another: a write answers with this inside its transaction, whose one connection takes one query at a time.
  const [summary] = await transcriptSummary(db).where(eq(transcripts.id, t.id));
  const all = await db
    .select({
      id: passages.id,
      respondentId: passages.respondentId,
      ref: respondents.ref,
      codeId: passages.codeId,
      code: codes.name,
      family: codeFamilies.key,
      familyLabel: codeFamilies.label,
      coderId: passages.coderId,
      start: passages.startOffset,
      end: passages.endOffset,
      text: passages.text,
      createdAt: passages.createdAt,
      quoteId: sql<string | null>`(select q.id from ${quotes} q where q.passage_id = "passages"."id" order by q.created_at limit 1)`,
    })
    .from(passages)
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .innerJoin(codes, eq(codes.id, passages.codeId))
    .innerJoin(codeFamilies, eq(codeFamilies.id, codes.familyId))
    .where(and(eq(passages.transcriptId, t.id), eq(respondents.consent, 'given')))
    .orderBy(asc(passages.startOffset), asc(passages.endOffset), asc(passages.createdAt));
  const [hidden] = await db
    .select({ n: count() })
    .from(passages)
    .innerJoin(respondents, eq(respondents.id, passages.respondentId))
    .where(and(eq(passages.transcriptId, t.id), eq(respondents.consent, 'withdrawn')));
  const coded = blind ? all.filter((p) => p.coderId === viewerId) : all;
  return {
    ...transcriptView(summary!),
    body: t.body,
    otherCodersHidden: all.length - coded.length,
    passages: coded.map((p) => ({
      id: p.id,
      respondent: { id: p.respondentId, ref: p.ref },
      code: { id: p.codeId, name: p.code, family: p.family, familyLabel: p.familyLabel },
      coderId: p.coderId,
      start: p.start,
      end: p.end,
      text: p.text,
      quoteId: p.quoteId,
      createdAt: p.createdAt.toISOString(),
    })),
    withdrawnPassages: Number(hidden?.n ?? 0),
  };
}

async function checkRespondents(db: Queryable, e: Evaluation, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return wanted;
  const found = await db
    .select({ id: respondents.id })
    .from(respondents)
    .where(and(eq(respondents.evaluationId, e.id), inArray(respondents.id, wanted)));
  const known = new Set(found.map((f) => f.id));
  fail(
    ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: ['respondentIds', i], message: 'That respondent is not in this evaluation' }])),
  );
  return wanted;
}

const titleFromFile = (fileName: string) =>
  fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim()
    .slice(0, 200) || 'Transcript';

export async function uploadTranscript(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: TranscriptUpload) {
  const e = await openEvaluation(db, ctx, slug);
  const named = await checkRespondents(db, e, input.respondentIds ?? []);
  const { text, format } = await readTranscriptFile(input.bytes, input.fileName);
  const id = await db.transaction(async (tx) => {
    const [t] = await tx
      .insert(transcripts)
      .values({
        evaluationId: e.id,
        title: input.title?.trim() || titleFromFile(input.fileName),
        heldOn: input.heldOn ?? null,
        fileName: input.fileName || (format === 'docx' ? 'transcript.docx' : 'transcript.txt'),
        format,
        body: text,
        uploadedBy: actor.userId,
      })
      .returning();
    if (named.length) await tx.insert(transcriptRespondents).values(named.map((respondentId) => ({ transcriptId: t!.id, respondentId })));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: t!.id,
      action: 'create',
      summary: `Uploaded the transcript ${t!.title} to ${e.title} (${text.length.toLocaleString('en-GB')} characters)`,
      after: { title: t!.title, heldOn: t!.heldOn, fileName: t!.fileName, format, characters: text.length, respondentIds: named },
    });
    return t!.id;
  });
  return getTranscript(db, ctx, slug, id, actor.userId);
}

export async function updateTranscript(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  transcriptId: string,
  input: TranscriptChange,
) {
  const e = await openEvaluation(db, ctx, slug);
  const before = await loadTranscript(db, e, transcriptId);
  const named = input.respondentIds ? await checkRespondents(db, e, input.respondentIds) : null;
  await db.transaction(async (tx) => {
    const had = (
      await tx
        .select({ id: transcriptRespondents.respondentId })
        .from(transcriptRespondents)
        .where(eq(transcriptRespondents.transcriptId, transcriptId))
    )
      .map((r) => r.id)
      .sort();
    const change = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.heldOn !== undefined ? { heldOn: input.heldOn } : {}),
    };
    const [t] = Object.keys(change).length
      ? await tx.update(transcripts).set(change).where(eq(transcripts.id, transcriptId)).returning()
      : [before];
    if (named) {
      await tx.delete(transcriptRespondents).where(eq(transcriptRespondents.transcriptId, transcriptId));
      if (named.length) await tx.insert(transcriptRespondents).values(named.map((respondentId) => ({ transcriptId, respondentId })));
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: transcriptId,
      action: 'update',
      summary: `Changed the transcript ${t!.title}`,
      before: { title: before.title, heldOn: before.heldOn, respondentIds: had },
      after: { title: t!.title, heldOn: t!.heldOn, respondentIds: named ? [...named].sort() : had },
    });
  });
  return getTranscript(db, ctx, slug, transcriptId, actor.userId);
}

/**
 * Removes `passage` codings that no passage stands behind any more, for these (respondent, code,
 * coder) triples. A ticked coding (`tick`) or an imported one stays.
 */
async function dropUnbackedCodings(tx: Queryable, triples: { respondentId: string; codeId: string; coderId: string | null }[]) {
  if (triples.length === 0) return 0;
  const values = sql.join(
    triples.map((t) => sql`(${t.respondentId}::uuid, ${t.codeId}::uuid, ${t.coderId}::uuid)`),
    sql`, `,
  );
  const gone = (await tx.execute(sql`
    delete from ${codings} c using (values ${values}) as v(respondent_id, code_id, coder_id)
    where c.respondent_id = v.respondent_id and c.code_id = v.code_id and c.coder_id is not distinct from v.coder_id and c.source = 'passage'
      and not exists (select 1 from ${passages} p where p.respondent_id = c.respondent_id and p.code_id = c.code_id and p.coder_id is not distinct from c.coder_id)
    returning 1`)) as unknown as { rows: unknown[] };
  return gone.rows.length;
}

export async function deleteTranscript(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, transcriptId: string) {
  const e = await openEvaluation(db, ctx, slug);
  const t = await loadTranscript(db, e, transcriptId);
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(passages)
      .where(eq(passages.transcriptId, transcriptId))
      .returning({ respondentId: passages.respondentId, codeId: passages.codeId, coderId: passages.coderId });
    const codingsRemoved = await dropUnbackedCodings(tx, gone);
    await tx.delete(transcripts).where(eq(transcripts.id, transcriptId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation_transcript',
      entityId: transcriptId,
      action: 'delete',
      summary: `Removed the transcript ${t.title} with its ${gone.length} coded passage${gone.length === 1 ? '' : 's'} (${codingsRemoved} coding${codingsRemoved === 1 ? '' : 's'} only they stood behind)`,
      before: { title: t.title, heldOn: t.heldOn, fileName: t.fileName, characters: t.body.length, passages: gone.length },
      after: { codingsRemoved },
    });
  });
}

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
export async function addPassage(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, transcriptId: string, input: PassageInput) {
  const e = await openEvaluation(db, ctx, slug);
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
    const [p] = await tx
      .insert(passages)
      .values({ transcriptId: t.id, respondentId: r.id, codeId: c!.id, coderId: coder, startOffset: start, endOffset: end, text })
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
      summary: `Coded a passage of ${t.title} for ${r.ref} as ${c!.name}${added.length ? '' : ' (already coded)'}`,
      after: { transcript: t.title, respondent: r.ref, code: c!.name, start, end, text, codingAdded: added.length > 0 },
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
  const view = await getTranscript(db, ctx, slug, t.id, actor.userId);
  return { transcript: view, passageId: id };
}

export async function removePassage(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, transcriptId: string, passageId: string) {
  const e = await openEvaluation(db, ctx, slug);
  const t = await loadTranscript(db, e, transcriptId);
  const [p] = await db
    .select({
      id: passages.id,
      respondentId: passages.respondentId,
      codeId: passages.codeId,
      coderId: passages.coderId,
      text: passages.text,
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
      summary: `Removed a passage of ${t.title} coded for ${p.ref} as ${p.code}${codingsRemoved ? `: ${p.ref} no longer counts as identifying ${p.code} by you` : ''}`,
      before: { transcript: t.title, respondent: p.ref, code: p.code, start: p.start, end: p.end, text: p.text },
      after: { codingRemoved: codingsRemoved > 0 },
    });
  });
  return getTranscript(db, ctx, slug, t.id, actor.userId);
}
