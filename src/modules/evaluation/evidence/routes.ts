/**
 * Evidence routes: quotes, transcripts (uploaded as the raw request body, text or .docx) and passages
 * coded in them. Under /api/v1/programmes/:programme/evaluations/:evaluation. Respondent-level, so
 * evaluators and managers only: other roles 403, another programme's evaluation 404.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Invalid } from '../../../errors.js';
import { acceptFiles, Uuid, actorOf, callerOf, changeOf, isoDate, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { addPassage, removePassage } from './passages.js';
import { createQuote, deleteQuote, getQuote, listQuotes, quoteVersion, updateQuote } from './quotes.js';
import { deleteTranscript, getTranscript, listTranscripts, transcriptVersion, updateTranscript, uploadTranscript } from './transcripts.js';
import { TRANSCRIPT_FORMATS } from '../schema.js';

import { type Evaluation, loadEvaluation } from '../evaluations/service.js';

const tags = ['evaluation'];

/** What a transcript arrives as. Browsers label .docx and .txt many ways; the bytes decide. */
const TRANSCRIPT_TYPES = [
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
];

const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const QuoteParams = EvaluationParams.extend({ quoteId: Uuid });
const TranscriptParams = EvaluationParams.extend({ transcriptId: Uuid });
const PassageParams = TranscriptParams.extend({ passageId: Uuid });

const Quote = z
  .object({
    id: z.string(),
    respondent: z.object({ id: z.string(), ref: z.string(), participantType: z.string().nullable() }),
    text: z.string(),
    attribution: z.string().describe('How the quote may be attributed, e.g. "A beneficiary"'),
    publishable: z.boolean().describe('Whether it may be published; false unless an evaluator says so'),
    passageId: z.string().nullable(),
    transcriptId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Quote' });
const QuoteAnswer = z.object({ data: Quote });
const QuoteList = z.object({
  data: z.array(Quote),
  withdrawnHidden: z.number().int().describe('Quotes left out because their respondent withdrew consent (kept for audit)'),
  attributions: z.array(z.string()).describe('Attributions used so far in this evaluation, to suggest'),
  abilities: z.object({ create: z.boolean() }),
});
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const QuoteQuery = z.strictObject({
  publishable: bool.optional().describe('true: only quotes that may be published; false: only those that may not'),
  respondentId: Uuid.optional(),
});
const attribution = text('an attribution, e.g. “A beneficiary”', 100);
const quoteText = text('the quote', 4000);
const QuoteBody = z.strictObject({
  respondentId: Uuid,
  text: quoteText,
  attribution,
  publishable: z.boolean().optional().describe('Defaults to false: not for publication'),
  passageId: Uuid.nullable().optional().describe('The coded passage the quote comes from, if any'),
});
const QuoteChange = z.strictObject({ text: quoteText, attribution, publishable: z.boolean() });

const TranscriptSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    heldOn: z.string().nullable(),
    fileName: z.string(),
    format: z.enum(TRANSCRIPT_FORMATS),
    characters: z.number().int(),
    passages: z.number().int().describe('Coded passages of respondents with consent given'),
    respondents: z.array(z.object({ id: z.string(), ref: z.string() })).describe('Respondents the transcript names (consent given)'),
    withdrawnNamed: z.number().int().describe('Respondents it names who withdrew consent, left out of the list'),
    createdAt: z.string(),
  })
  .meta({ id: 'TranscriptSummary' });
const Passage = z
  .object({
    id: z.string(),
    number: z.number().int().describe('Its number in the transcript: given when coded, never changed or reused'),
    respondent: z.object({ id: z.string(), ref: z.string() }),
    code: z.object({
      id: z.string(),
      name: z.string(),
      family: z.string(),
      familyLabel: z.string(),
      colour: z.string().nullable(),
      parentId: z.string().nullable(),
    }),
    coderId: z.string().nullable(),
    start: z.number().int().describe('Offset in UTF-16 code units of the body, as the browser counts'),
    end: z.number().int().describe('End offset, exclusive'),
    text: z.string(),
    quoteId: z.string().nullable().describe('The quote saved from this passage, if any'),
    memo: z.string().nullable().describe('The memo on this passage, if any'),
    createdAt: z.string(),
  })
  .meta({ id: 'Passage' });
const Transcript = TranscriptSummary.extend({
  body: z.string(),
  passages: z.array(Passage).describe('Coded passages of respondents with consent given, in order'),
  passageCount: z.number().int(),
  version: Version.optional().describe('Covers the transcript, the respondents it names and your coded passages in it'),
  withdrawnPassages: z.number().int().describe('Passages left out because their respondent withdrew consent (kept for audit)'),
  otherCodersHidden: z.number().int().describe('With blind coding on: passages other coders coded, not shown to you'),
}).meta({ id: 'Transcript' });
const TranscriptAnswer = z.object({ data: Transcript });

const UploadQuery = z.strictObject({
  filename: z.string().trim().max(255).optional().describe('The file’s name, e.g. interview-r01.docx'),
  title: z.string().trim().max(200).optional().describe('Defaults to the file name'),
  heldOn: isoDate.optional().describe('When the interview or workshop took place'),
  respondentIds: z.string().max(20_000).optional().describe('Respondents who took part, comma-separated ids'),
});
const TranscriptChange = z.strictObject({
  title: text('a title for the transcript', 200),
  heldOn: isoDate.nullable(),
  respondentIds: z.array(Uuid).max(500).describe('The respondents who took part: replaces the list'),
});
const PassageBody = z.strictObject({
  respondentId: Uuid.describe('The respondent the passage is coded for'),
  codeId: Uuid,
  start: z.number().int().min(0).describe('Offset in UTF-16 code units, as the browser counts'),
  end: z.number().int().min(1).describe('End offset, exclusive; white space at either end is dropped'),
  quote: z
    .strictObject({ attribution, publishable: z.boolean().optional() })
    .optional()
    .describe('Also save the passage as a quote of the respondent'),
});

const idsOf = (list: string | undefined) => {
  const ids = (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.findIndex((id) => !Uuid.safeParse(id).success);
  if (bad >= 0)
    throw new Invalid('Choose the respondents from the list: one of those sent is not a respondent in Cairn.', [
      { path: ['respondentIds', bad], message: 'Choose the respondents from the list' },
    ]);
  return ids;
};

const transcriptData = (t: Awaited<ReturnType<typeof getTranscript>>) => ({ ...t, passageCount: t.passages.length });

export async function evidenceRoutes(app: App, database: Database) {
  const { db } = database;

  const currentQuote = (ctx: ProgrammeContext, e: Evaluation, quoteId: string) => getQuote(db, ctx, e, quoteId);
  /** The transcript's text, the respondents it names and the caller's passages in it change under one version. */
  const transcriptWrite = async <T>(
    req: FastifyRequest<{ Params: { evaluation: string; transcriptId: string } }>,
    reply: FastifyReply,
    ctx: ProgrammeContext,
    write: (tx: Db, e: Evaluation) => Promise<T>,
  ) => {
    const me = callerOf(req).userId;
    const { transcriptId } = req.params;
    const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
    return guardWrite(db, req, reply, transcriptVersion(transcriptId, me), (tx) => write(tx, e), {
      current: async () => transcriptData(await getTranscript(db, ctx, e, transcriptId, me)),
      history: ctx.access.canSeeAudit,
    });
  };
  const base = '/programmes/:programme/evaluations/:evaluation';

  // ---- quotes

  app.get(
    `${base}/quotes`,
    {
      schema: {
        tags,
        summary: 'Quotes of respondents with consent given, newest first (evaluators and managers)',
        params: EvaluationParams,
        querystring: QuoteQuery,
        response: { 200: QuoteList, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { quotes, withdrawnHidden, attributions } = await listQuotes(db, ctx, e, req.query);
      return { data: quotes, withdrawnHidden, attributions, abilities: { create: true } };
    },
  );

  app.post(
    `${base}/quotes`,
    {
      schema: {
        tags,
        summary: 'Add a quote from a respondent, with its attribution; not publishable unless said (evaluators and managers)',
        params: EvaluationParams,
        body: QuoteBody,
        response: { 201: QuoteAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return reply.code(201).send({ data: await createQuote(db, ctx, actorOf(req), e, req.body) });
    },
  );

  app.patch(
    `${base}/quotes/:quoteId`,
    {
      schema: {
        tags,
        summary: 'Change a quote’s words, attribution or whether it may be published (evaluators and managers)',
        params: QuoteParams,
        headers: IfMatchHeaders,
        body: changeOf(QuoteChange),
        response: { 200: QuoteAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { quoteId } = req.params;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        quoteVersion(quoteId),
        (tx) => updateQuote(tx, ctx, actorOf(req), e, quoteId, req.body),
        {
          current: () => currentQuote(ctx, e, quoteId),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result }, version);
    },
  );

  app.delete(
    `${base}/quotes/:quoteId`,
    {
      schema: {
        tags,
        summary: 'Remove a quote (evaluators and managers; audited with its words)',
        params: QuoteParams,
        headers: IfMatchHeaders,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { quoteId } = req.params;
      await guardWrite(db, req, reply, quoteVersion(quoteId), (tx) => deleteQuote(tx, ctx, actorOf(req), e, quoteId), {
        current: () => currentQuote(ctx, e, quoteId),
        history: ctx.access.canSeeAudit,
      });
      return reply.code(204).send(null);
    },
  );

  // ---- passages: listed before their transcript's routes, as the authorisation matrix removes records in document order

  app.post(
    `${base}/transcripts/:transcriptId/passages`,
    {
      schema: {
        tags,
        summary: 'Code a passage of a transcript for a respondent; they then count as having identified the code (evaluators and managers)',
        params: TranscriptParams,
        headers: IfMatchHeaders,
        body: PassageBody,
        response: { 201: z.object({ data: Transcript, passageId: z.string() }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const {
        result: { transcript, passageId },
        version,
      } = await transcriptWrite(req, reply, ctx, (tx, e) => addPassage(tx, ctx, actorOf(req), e, req.params.transcriptId, req.body));
      return reply.code(201).send({ data: { ...transcriptData(transcript), ...(version ? { version } : {}) }, passageId });
    },
  );

  app.delete(
    `${base}/transcripts/:transcriptId/passages/:passageId`,
    {
      schema: {
        tags,
        summary:
          'Remove a coded passage; the coding goes too when it was your last passage for that respondent and code and you had not ticked it (evaluators and managers)',
        params: PassageParams,
        headers: IfMatchHeaders,
        response: { 200: TranscriptAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { result, version } = await transcriptWrite(req, reply, ctx, (tx, e) =>
        removePassage(tx, ctx, actorOf(req), e, req.params.transcriptId, req.params.passageId),
      );
      return withVersion({ data: transcriptData(result) }, version);
    },
  );

  // ---- transcripts

  app.get(
    `${base}/transcripts`,
    {
      schema: {
        tags,
        summary: 'The evaluation’s transcripts, newest first (evaluators and managers)',
        params: EvaluationParams,
        response: { 200: z.object({ data: z.array(TranscriptSummary), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await listTranscripts(db, ctx, e), abilities: { create: true } };
    },
  );

  app.get(
    `${base}/transcripts/:transcriptId`,
    {
      schema: {
        tags,
        summary: 'A transcript’s text and its coded passages (evaluators and managers)',
        params: TranscriptParams,
        response: { 200: TranscriptAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const version = await answerVersion(db, reply, transcriptVersion(req.params.transcriptId, callerOf(req).userId));
      return withVersion({ data: transcriptData(await getTranscript(db, ctx, e, req.params.transcriptId, callerOf(req).userId)) }, version);
    },
  );

  app.patch(
    `${base}/transcripts/:transcriptId`,
    {
      schema: {
        tags,
        summary: 'Change a transcript’s title, date or the respondents it names (evaluators and managers)',
        params: TranscriptParams,
        headers: IfMatchHeaders,
        body: changeOf(TranscriptChange),
        response: { 200: TranscriptAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { result, version } = await transcriptWrite(req, reply, ctx, (tx, e) =>
        updateTranscript(tx, ctx, actorOf(req), e, req.params.transcriptId, req.body),
      );
      return withVersion({ data: transcriptData(result) }, version);
    },
  );

  app.delete(
    `${base}/transcripts/:transcriptId`,
    {
      schema: {
        tags,
        summary: 'Remove a transcript, its passages and the codings only they stood behind (evaluators and managers)',
        params: TranscriptParams,
        headers: IfMatchHeaders,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await transcriptWrite(req, reply, ctx, (tx, e) => deleteTranscript(tx, ctx, actorOf(req), e, req.params.transcriptId));
      return reply.code(204).send(null);
    },
  );

  // The raw-file parsers live in this plugin only, so nowhere else in the API accepts a bare upload.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    // Text too is read from its bytes (acceptFiles replaces Fastify's text/plain parser). No tighter body limit
    // than the app's: a file somewhat over 5 MB then gets the plain sentence from readTranscriptFile.
    acceptFiles(scoped, TRANSCRIPT_TYPES);

    scoped.post(
      `${base}/transcripts`,
      {
        schema: {
          tags,
          summary: 'Upload a transcript as plain text or Word (.docx); only its text is kept (evaluators and managers)',
          description:
            'The file is the raw request body (Content-Type text/plain, the .docx type or application/octet-stream). A picture, a damaged or truncated .docx, an empty file or one over 5 MB is 422 with one sentence saying what is wrong; nothing is stored.',
          params: EvaluationParams,
          querystring: UploadQuery,
          response: { 201: TranscriptAnswer, ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        // Who may upload is settled before the file is looked at; the evaluation is loaded once, here.
        const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const t = await uploadTranscript(db, ctx, actorOf(req), e, {
          bytes,
          fileName: req.query.filename ?? '',
          title: req.query.title,
          heldOn: req.query.heldOn ?? null,
          respondentIds: idsOf(req.query.respondentIds),
        });
        return reply.code(201).send({ data: transcriptData(t) });
      },
    );
  });
}
