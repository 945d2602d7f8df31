/**
 * Codebook routes beyond the basic ones in routes.ts: splitting a code, how a code is used (for the
 * split and merge pages), the codebook's history, and the codebook as a REFI-QDA file (.qdc) or CSV,
 * out and in. Under /api/v1/programmes/:programme/evaluations/:evaluation.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Invalid } from '../../../errors.js';
import { acceptFiles, Uuid, actorOf, callerOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { AuditEventView } from '../../audit/history.js';
import { openProgramme } from '../../programmes/context.js';
import { exportCodebook, importCodebook } from './io.js';
import { MAX_CODEBOOK_BYTES } from '../domain/qdc.js';
import { codeUse, codebookHistory } from './history.js';
import { loadEvaluation, requireEvaluator } from '../evaluations/service.js';
import { splitCode } from './split.js';

const tags = ['evaluation'];

/**
 * What a .qdc file arrives as: browsers know no type for .qdc and the page sends application/xml;
 * other clients may send text/xml or octet-stream. The bytes decide (parseCodebook reads the encoding).
 */
const QDC_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];

const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const CodeParams = EvaluationParams.extend({ codeId: Uuid });

const SplitBody = z.strictObject({
  codes: z
    .array(
      z.strictObject({
        name: text('a name for the new code', 200),
        description: optionalText('description', 4000).optional(),
        colour: z
          .string()
          .regex(/^#[0-9A-Fa-f]{6}$/, 'Colour must be #RRGGBB, e.g. #1D70B8')
          .nullable()
          .optional()
          .describe('Defaults to the original’s colour'),
      }),
    )
    .min(1, 'Name at least one new code')
    .max(20)
    .describe('The new codes; `moves` name them by their place in this list, from 0'),
  place: z
    .enum(['beside', 'under'])
    .optional()
    .describe('beside (default): next to the original, under the same parent; under: as child codes of the original'),
  moves: z
    .array(
      z.strictObject({
        respondentId: Uuid,
        to: z.array(z.number().int().min(0).max(19)).max(20).describe('The new codes this respondent’s coding goes to, by index'),
        keep: z.boolean().describe('Whether the original keeps the coding too'),
        passagesTo: z
          .number()
          .int()
          .min(0)
          .max(19)
          .nullable()
          .optional()
          .describe('The new code (one of `to`) this respondent’s coded passages of the original move to; omitted: they stay'),
      }),
    )
    .max(100_000)
    .optional()
    .describe('Respondents not named keep their coding on the original only'),
  moveAllTo: z
    .number()
    .int()
    .min(0)
    .max(19)
    .optional()
    .describe(
      'Instead of `moves`: everything coded with the original (every respondent, every coder’s coding, every coded passage and so its quotes) goes to this new code',
    ),
});
const SplitResult = z.object({
  data: z.object({
    original: z.string(),
    created: z.array(z.object({ id: z.string(), name: z.string() })),
    codingsAdded: z.number().int(),
    codingsRemoved: z.number().int(),
    passagesMoved: z.number().int().describe('Coded passages moved to a new code'),
  }),
});
const CodeUse = z.object({
  data: z.object({
    code: z.object({ id: z.string(), name: z.string(), family: z.string(), familyLabel: z.string(), parentId: z.string().nullable() }),
    codings: z.number().int().describe('Codings of this code, every coder’s'),
    respondentCount: z.number().int(),
    respondents: z
      .array(z.object({ id: z.string(), ref: z.string(), consent: z.string(), codings: z.number().int() }))
      .describe('By reference; at most 5,000'),
  }),
});
const HistoryQuery = z.strictObject({
  codeId: Uuid.optional().describe('One code’s history (with the codes merged into it)'),
  before: z.coerce.number().int().positive().optional().describe('The next page: events older than this id'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const History = z.object({ data: z.array(AuditEventView), nextBefore: z.number().int().nullable() });
const ImportQuery = z.strictObject({
  family: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Put every top-level code in this family (a key or label; a new name makes a custom family)'),
});
const ImportResult = z
  .object({
    evaluation: z.object({ slug: z.string(), created: z.boolean() }),
    family: z.object({ key: z.string(), created: z.boolean() }).nullable(),
    families: z.array(
      z.object({ key: z.string(), label: z.string(), placedBy: z.array(z.string()), added: z.number().int(), updated: z.number().int() }),
    ),
    renumbered: z.array(z.string()).describe('Codes whose guid another evaluation already uses: given a new id here'),
    sets: z
      .object({ added: z.number().int(), updated: z.number().int() })
      .describe('The file’s sets (code groups), kept as made and given back on export'),
  })
  .meta({ id: 'CodebookImportResult' });

const attachment = (name: string) => `attachment; filename="${name}"`;

function fileOf(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new Invalid('Send the .qdc file itself as the request body, with Content-Type application/xml.', [
      { path: ['file'], message: 'Choose a .qdc file' },
    ]);
  }
  return body;
}

export async function codebookRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';

  app.post(
    `${base}/codebook/codes/:codeId/split`,
    {
      schema: {
        tags,
        summary:
          'Split a code into new ones; chosen respondents’ codings go to the new codes, the rest stay on the original (evaluators and managers)',
        description:
          'No coding is lost: a respondent named in `moves` must end with the original, a new code, or both. The original and its child codes stay. Audited on the original (with each move) and on each new code.',
        params: CodeParams,
        body: SplitBody,
        response: { 201: SplitResult, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const result = await splitCode(
        db,
        ctx,
        actorOf(req),
        await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator'),
        req.params.codeId,
        req.body,
      );
      return reply.code(201).send({ data: result! });
    },
  );

  app.get(
    `${base}/codebook/codes/:codeId/codings`,
    {
      schema: {
        tags,
        summary: 'How many codings a code has, and the respondents behind them (evaluators and managers: respondent-level)',
        params: CodeParams,
        response: { 200: CodeUse, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await codeUse(db, ctx, await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator'), req.params.codeId) };
    },
  );

  app.get(
    `${base}/codebook/history`,
    {
      schema: {
        tags,
        summary: 'The codebook’s history: codes added, renamed, moved, merged, split and imported, newest first (evaluators and managers)',
        params: EvaluationParams,
        querystring: HistoryQuery,
        response: { 200: History, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const rows = await codebookHistory(db, ctx, await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator'), req.query);
      return { data: rows, nextBefore: rows.length === req.query.limit ? rows[rows.length - 1]!.id : null };
    },
  );

  app.get(
    `${base}/codebook.qdc`,
    {
      schema: {
        tags,
        summary: 'The codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA or QualCoder (the programme’s team)',
        description:
          'Each family is a top-level code and a code set; codes keep their nesting, descriptions, colours and ids (guids). An empty codebook is 422.',
        params: EvaluationParams,
        produces: ['application/xml'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const xml = await exportCodebook(db, ctx, await loadEvaluation(db, ctx, req.params.evaluation), 'qdc');
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${req.params.evaluation}-codebook.qdc`))
        .send(xml);
    },
  );

  app.get(
    `${base}/codebook.csv`,
    {
      schema: {
        tags,
        summary: 'The codebook as CSV: family,code,parent,description,color,guid (the programme’s team)',
        params: EvaluationParams,
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const csv = await exportCodebook(db, ctx, await loadEvaluation(db, ctx, req.params.evaluation), 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${req.params.evaluation}-codebook.csv`))
        .send(csv);
    },
  );

  // The raw-file parser lives in this plugin only, so nowhere else in the API accepts a bare XML upload.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, QDC_TYPES, { bodyLimit: MAX_CODEBOOK_BYTES + 1 });

    const run = async (
      req: FastifyRequest<{ Params: z.infer<typeof EvaluationParams>; Querystring: z.infer<typeof ImportQuery> }>,
      dryRun: boolean,
    ) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      // Role and evaluation first, so a caller who may not import learns nothing from the file's problems.
      requireEvaluator(ctx);
      await loadEvaluation(db, ctx, req.params.evaluation);
      return importCodebook(db, ctx, actorOf(req), fileOf(req.body), {
        evaluation: req.params.evaluation,
        family: req.query.family,
        dryRun,
      });
    };

    scoped.post(
      `${base}/codebook/import/preview`,
      {
        schema: {
          tags,
          summary: 'What importing this REFI-QDA codebook (.qdc) would add and update, without changing anything (evaluators and managers)',
          description:
            'The file is the raw request body (Content-Type application/xml). A malformed or truncated file is 422 saying what is wrong and where.',
          params: EvaluationParams,
          querystring: ImportQuery,
          response: { 200: z.object({ data: ImportResult }), ...problems },
        },
      },
      async (req) => ({ data: await run(req, true) }),
    );

    scoped.post(
      `${base}/codebook/import`,
      {
        schema: {
          tags,
          summary:
            'Import a REFI-QDA codebook (.qdc): codes keep their nesting, descriptions, colours and guids; all or nothing (evaluators and managers)',
          description:
            'The file is the raw request body (Content-Type application/xml). Codes go to the family named by their top-level code or code set, or to `family`. A code already there (same guid, or same name in the same place) is updated, not added twice.',
          params: EvaluationParams,
          querystring: ImportQuery,
          response: { 201: z.object({ data: ImportResult }), ...problems },
        },
      },
      async (req, reply) => reply.code(201).send({ data: await run(req, false) }),
    );
  });
}
