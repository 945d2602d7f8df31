/**
 * Routes for working with what is coded: a code's retrieval (its passages, the respondents coded with
 * it, its quotes; with or without its sub-codes; filtered by group and attribute) as JSON, CSV and
 * XLSX; the respondent search behind the participant picker; memos on codes, passages and
 * respondents. Under /api/v1/programmes/:programme/evaluations/:evaluation. Respondent-level, so
 * evaluators and managers only: other roles 403, another programme's evaluation 404.
 */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { csvOf } from '../../../spreadsheet/write.js';
import { asBuffer, runTask } from '../../../workers/pool.js';
import { openProgramme } from '../../programmes/context.js';
import { retrievalRows } from '../domain/retrieval.js';
import { loadEvaluation } from '../evaluations/service.js';
import { type MemoRef, getMemo, setMemo } from './memos.js';
import { EXPORT_LIMIT, type Retrieval, type RetrievalQuery, retrieveCode, searchRespondents } from './retrieval.js';

const tags = ['evaluation'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const CodeParams = EvaluationParams.extend({ codeId: Uuid });
const PassageParams = EvaluationParams.extend({ transcriptId: Uuid, passageId: Uuid });
const RespondentParams = EvaluationParams.extend({ respondentId: Uuid });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const filterText = (what: string) =>
  z
    .string()
    .trim()
    .max(200, `${what} must be 200 characters or fewer`)
    .optional()
    .transform((v) => v || undefined);
const Filters = {
  participantType: filterText('The group').describe('Only respondents of this participant type (any case)'),
  attributeKey: filterText('The attribute name').describe('Only respondents with this attribute (with attributeValue: of that value)'),
  attributeValue: filterText('The attribute value').describe(
    'With attributeKey: only respondents whose attribute has this value (any case)',
  ),
};
const RetrievalQuerySchema = z.strictObject({
  subcodes: bool
    .optional()
    .default(false)
    .describe('true: the code and every code under it (at any depth); false (default): the code alone'),
  ...Filters,
  respondentId: Uuid.optional().describe('Only this respondent'),
  page: z.coerce.number().int().min(1).default(1).describe('The same page of each list: passages, respondents coded, quotes'),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const ExportQuery = RetrievalQuerySchema.omit({ page: true, pageSize: true });

const Who = z.object({ id: z.string(), ref: z.string(), participantType: z.string().nullable() });
const CodeRef = z.object({ id: z.string(), name: z.string(), colour: z.string().nullable() });
const Memo = z.object({ text: z.string(), updatedAt: z.string() }).nullable().meta({ id: 'Memo' }).describe('null when there is no memo');
const RetrievalAnswer = z
  .object({
    code: z.object({ id: z.string(), name: z.string(), familyLabel: z.string(), colour: z.string().nullable() }),
    subcodes: z.boolean().describe('Whether the codes under it are included'),
    codes: z.array(CodeRef).describe('The codes retrieved: the code, then those under it when included'),
    blindCoding: z.boolean().describe('Blind coding is on: only your passages and codings (and imported ones) are listed'),
    memo: Memo,
    respondents: z.object({
      total: z.number().int().describe('Respondents (consent given) coded with the codes, after the filters'),
      threshold: z.number().int().describe('The evaluation’s disclosure threshold'),
      byGroup: z.array(
        z.object({
          group: z.string(),
          respondents: z.number().int().nullable().describe('null when suppressed'),
          suppressed: z.enum(['small group', 'secondary']).nullable(),
        }),
      ),
    }),
    withdrawnHidden: z.number().int().describe('Respondents coded with these codes who withdrew consent: left out of everything here'),
    page: z.number().int(),
    pageSize: z.number().int(),
    passages: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          number: z.number().int().describe('Its number in its transcript (stored, never shifts)'),
          start: z.number().int(),
          end: z.number().int(),
          text: z.string(),
          transcript: z.object({ id: z.string(), title: z.string() }),
          respondent: Who,
          code: CodeRef,
          memo: z.string().nullable(),
          quoteId: z.string().nullable(),
        }),
      ),
    }),
    codings: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          respondent: Who,
          code: CodeRef,
          sources: z.array(z.string()).describe('tick, passage, import: how the respondent came to be coded with it'),
          coders: z.number().int().describe('Coders who coded it (imported codings have none)'),
        }),
      ),
    }),
    quotes: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          attribution: z.string(),
          publishable: z.boolean(),
          respondent: Who,
          code: z.string(),
          transcript: z.object({ id: z.string(), title: z.string() }),
          passageNumber: z.number().int(),
        }),
      ),
    }),
  })
  .meta({ id: 'CodeRetrieval' });

const SearchQuery = z.strictObject({
  q: filterText('The search').describe('Words in the reference, participant type or any attribute name or value'),
  ...Filters,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const SearchAnswer = z.object({
  data: z.array(Who.extend({ attributes: z.record(z.string(), z.string()) })),
  total: z.number().int().describe('How many match (only `limit` are listed)'),
  withdrawnHidden: z.number().int().describe('Respondents who withdrew consent: never listed'),
  participantTypes: z.array(z.string()).describe('The groups there are, for a filter'),
  attributeKeys: z.array(z.string()).describe('The attribute names there are, for a filter'),
});
const MemoBody = z.strictObject({
  text: z.string().max(20_000, 'A memo must be 20,000 characters or fewer').describe('The memo; empty clears it'),
});
const MemoAnswer = z.object({ data: Memo });

const fileName = (slug: string, code: string, ext: string) =>
  `${slug}-${
    code
      .normalize('NFKD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'code'
  }-coded.${ext}`;

const rowsFor = (r: Retrieval) =>
  retrievalRows({
    passages: r.passages.items.map((p) => ({
      number: p.number,
      transcript: p.transcript.title,
      respondent: p.respondent.ref,
      participantType: p.respondent.participantType,
      code: p.code.name,
      text: p.text,
      memo: p.memo,
    })),
    codings: r.codings.items.map((c) => ({
      respondent: c.respondent.ref,
      participantType: c.respondent.participantType,
      code: c.code.name,
      sources: c.sources,
    })),
    quotes: r.quotes.items.map((q) => ({
      respondent: q.respondent.ref,
      participantType: q.respondent.participantType,
      code: q.code,
      transcript: q.transcript.title,
      passageNumber: q.passageNumber,
      text: q.text,
      attribution: q.attribution,
      publishable: q.publishable,
    })),
  });

export async function codingRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';

  app.get(
    `${base}/codebook/codes/:codeId/retrieval`,
    {
      schema: {
        tags,
        summary:
          'Everything coded with a code: its passages (with transcript and respondent), the respondents coded with it and its quotes; optionally with the codes under it (evaluators and managers)',
        description:
          'Respondents who withdrew consent are left out of every list and figure (`withdrawnHidden` counts them). Respondents by group follow the evaluation’s disclosure threshold, as the cross-tab does.',
        params: CodeParams,
        querystring: RetrievalQuerySchema,
        response: { 200: z.object({ data: RetrievalAnswer }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await retrieveCode(db, ctx, e, req.params.codeId, req.query as RetrievalQuery, callerOf(req).userId) };
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `${base}/codebook/codes/:codeId/retrieval.${format}`,
      {
        schema: {
          tags,
          summary: `Everything coded with a code as ${format === 'csv' ? 'CSV' : 'an Excel workbook (.xlsx)'}: a row per passage, respondent coded and quote (evaluators and managers)`,
          description: `Columns: kind, transcript, passage, respondent, participant_type, code, text, how_coded, attribution, publishable, memo. The same filters as the retrieval; at most ${EXPORT_LIMIT.toLocaleString('en-GB')} rows of each kind. Respondents who withdrew consent are never in it; cells a spreadsheet would read as a formula are quoted.`,
          params: CodeParams,
          querystring: ExportQuery,
          produces: [format === 'csv' ? 'text/csv' : XLSX],
          response: { 200: format === 'csv' ? z.string() : z.string().meta({ format: 'binary' }), ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
        const r = await retrieveCode(
          db,
          ctx,
          e,
          req.params.codeId,
          { ...(req.query as Omit<RetrievalQuery, 'page' | 'pageSize'>), page: 1, pageSize: EXPORT_LIMIT },
          callerOf(req).userId,
        );
        const rows = rowsFor(r);
        reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${fileName(ctx.programme.slug, r.code.name, format)}"`);
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvOf(rows));
        const sheet = rows.map((row, i) => (i === 0 ? row.map((value) => ({ value, fontWeight: 'bold' })) : row));
        // Zipped on a worker thread, as every .xlsx download is: a long retrieval takes CPU.
        const bytes = await runTask('xlsxFile', {
          sheets: [{ sheet: 'Coded', rows: sheet, columns: rows[0]!.map((_, i) => ({ width: i === 6 ? 80 : 18 })) }],
        });
        // Fastify sends a Buffer as it is, whatever the schema's type says.
        return reply.type(XLSX).send(asBuffer(bytes) as unknown as string);
      },
    );
  }

  app.get(
    `${base}/respondent-search`,
    {
      schema: {
        tags,
        summary:
          'Find respondents (consent given) by reference, group or attribute, best matches first: the participant picker (evaluators and managers)',
        params: EvaluationParams,
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return searchRespondents(db, ctx, e, req.query);
    },
  );

  // ---- memos: one route pair per kind of subject, so each is checked where it lives
  const memoRoutes = <P extends z.ZodObject>(path: string, params: P, what: string, refOf: (p: z.infer<P>) => MemoRef) => {
    app.get(
      `${base}/${path}/memo`,
      {
        schema: { tags, summary: `The memo on ${what} (evaluators and managers)`, params, response: { 200: MemoAnswer, ...problems } },
      },
      async (req) => {
        const p = req.params as z.infer<P> & { programme: string; evaluation: string };
        const ctx = await openProgramme(db, callerOf(req), p.programme);
        const e = await loadEvaluation(db, ctx, p.evaluation, 'evaluator');
        return { data: await getMemo(db, ctx, e, refOf(p)) };
      },
    );
    app.put(
      `${base}/${path}/memo`,
      {
        schema: {
          tags,
          summary: `Write, change or (with empty text) clear the memo on ${what}; audited with its words (evaluators and managers)`,
          params,
          body: MemoBody,
          response: { 200: MemoAnswer, ...problems },
        },
      },
      async (req) => {
        const p = req.params as z.infer<P> & { programme: string; evaluation: string };
        const ctx = await openProgramme(db, callerOf(req), p.programme);
        const e = await loadEvaluation(db, ctx, p.evaluation, 'evaluator');
        return { data: await setMemo(db, ctx, actorOf(req), e, refOf(p), (req.body as z.infer<typeof MemoBody>).text) };
      },
    );
  };
  memoRoutes('codebook/codes/:codeId', CodeParams, 'a code', (p) => ({ type: 'code', id: p.codeId }));
  memoRoutes('transcripts/:transcriptId/passages/:passageId', PassageParams, 'a coded passage', (p) => ({
    type: 'passage',
    id: p.passageId,
    transcriptId: p.transcriptId,
  }));
  memoRoutes('respondents/:respondentId', RespondentParams, 'a respondent', (p) => ({ type: 'respondent', id: p.respondentId }));
}
