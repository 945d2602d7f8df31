import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, problems, recordOf } from '../../../http/route-kit.js';
import { IfMatchHeaders, answerVersion, guardWrite } from '../../../http/versions.js';
import { csvOf } from '../../../spreadsheet/write.js';
import { loadEvaluation } from '../../evaluation/evaluations/service.js';
import { openProgramme } from '../../programmes/context.js';
import { LINK_CLASSES } from '../domain/validation.js';
import { canEditTheories, requireTheoryEditor } from '../theories/access.js';
import { loadTheory, loadVersion, versionView } from '../theories/service.js';
import { VersionParams, VersionRecord } from '../theories/api-schemas.js';
import { listMappings, mappingCatalogue, mappingsRecord, setMappings } from './mappings.js';
import {
  VALIDATION_COLUMNS,
  acceptSuggestion,
  linkRespondents,
  setThresholds,
  stepEvidence,
  thresholdsFor,
  validateVersion,
  validationRows,
} from './validation.js';

const tags = ['theory of change'];
const base = '/programmes/:programme/theories-of-change/:theoryId';

const Mapping = z
  .object({
    id: z.string(),
    nodeKey: z.string(),
    kind: z.enum(['code', 'indicator']),
    evaluation: z.object({ id: z.string(), slug: z.string(), title: z.string() }).nullable(),
    code: z.object({ id: z.string(), name: z.string(), family: z.string(), familyLabel: z.string(), path: z.string() }).nullable(),
    indicator: z.object({ id: z.string(), key: z.string(), label: z.string() }).nullable(),
  })
  .meta({ id: 'TocMapping' });

const Catalogue = z.object({
  evaluations: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      codes: z.array(z.object({ id: z.string(), name: z.string(), family: z.string(), familyLabel: z.string(), path: z.string() })),
    }),
  ),
  indicators: z.array(z.object({ id: z.string(), key: z.string(), label: z.string(), unit: z.string() })),
});

const ThresholdFields = {
  minBoth: z.coerce
    .number({ message: 'Respondents at both ends must be a number' })
    .int('Respondents at both ends must be a whole number')
    .min(1, 'Respondents at both ends must be 1 or more')
    .max(100000)
    .describe('Respondents at both ends needed to call a link supported (default 5)'),
  supportLift: z.coerce
    .number({ message: 'The lift for “supported” must be a number' })
    .positive('The lift for “supported” must be more than 0')
    .max(1000)
    .describe('Lift at or above which a link with enough respondents is supported (default 1.2)'),
  contradictLift: z.coerce
    .number({ message: 'The lift for “contradicted” must be a number' })
    .min(0, 'The lift for “contradicted” must be 0 or more')
    .max(1000)
    .describe('Lift at or below which a link is contradicted, when chance alone would put enough respondents at both ends (default 0.8)'),
};
const Thresholds = z
  .object({ minBoth: z.number().int(), supportLift: z.number(), contradictLift: z.number(), saved: z.boolean() })
  .meta({ id: 'TocThresholds' });

const count = z.number().int().nullable().describe('null: hidden (fewer than the disclosure threshold), or nothing mapped');
const Validation = z
  .object({
    theory: z.object({ id: z.string(), name: z.string() }),
    version: z.object({ id: z.string(), name: z.string(), status: z.string() }),
    evaluation: z.object({ slug: z.string(), title: z.string() }),
    total: count,
    disclosureThreshold: z.number().int(),
    thresholds: Thresholds,
    nodes: z.array(z.object({ key: z.string(), label: z.string(), mapped: z.boolean(), respondents: count })),
    links: z.array(
      z.object({
        key: z.string(),
        from: z.string(),
        to: z.string(),
        fromLabel: z.string(),
        toLabel: z.string(),
        respondentsFrom: count,
        respondentsTo: count,
        respondentsBoth: count,
        lift: z.number().nullable(),
        suppressed: z.boolean(),
        status: z.enum(LINK_CLASSES),
        reason: z.string(),
      }),
    ),
    suggestions: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        fromLabel: z.string(),
        toLabel: z.string(),
        respondentsBoth: count,
        lift: z.number().nullable(),
      }),
    ),
    flags: z.array(z.object({ key: z.string(), status: z.enum(LINK_CLASSES), words: z.string() })),
  })
  .meta({ id: 'TocValidation' });

export async function evidenceRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    `${base}/versions/:versionId/mappings`,
    {
      schema: {
        tags,
        summary:
          'Codes and indicators mapped to the version’s steps, and everything they may be mapped to (ETag: send it back in If-Match when saving the list)',
        params: VersionParams,
        response: {
          200: z.object({ data: z.array(Mapping), catalogue: Catalogue, abilities: z.object({ update: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      await answerVersion(db, reply, mappingsRecord(req.params.versionId));
      const v = await loadVersion(db, theory, req.params.versionId);
      const cat = await mappingCatalogue(db, ctx);
      return {
        data: await listMappings(db, ctx, v),
        catalogue: {
          evaluations: cat.evaluations.map((e) => ({
            slug: e.evaluation.slug,
            title: e.evaluation.title,
            codes: e.codes.map(({ withSubCodes: _, ...c }) => c),
          })),
          indicators: cat.indicators,
        },
        abilities: { update: canEditTheories(ctx) },
      };
    },
  );

  app.put(
    `${base}/versions/:versionId/mappings`,
    {
      schema: {
        tags,
        summary:
          'Replace the version’s mappings: each maps a step to a code (with its sub-codes) or an indicator (managers and evaluators)',
        params: VersionParams,
        headers: IfMatchHeaders,
        body: z.strictObject({
          mappings: z
            .array(
              z.strictObject({
                nodeKey: z.string().trim().min(1, 'Choose a step').max(100),
                codeId: Uuid.nullable().optional(),
                indicatorId: Uuid.nullable().optional(),
              }),
            )
            .max(2000),
        }),
        response: { 200: z.object({ data: z.array(Mapping) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      // Refused before the version is compared: someone who may not map hears 403, whatever version they send.
      requireTheoryEditor(ctx);
      const { result } = await guardWrite(
        db,
        req,
        reply,
        mappingsRecord(v.id),
        (tx) => setMappings(tx, ctx, actorOf(req), theory, v, req.body.mappings),
        { current: async () => ({ mappings: await listMappings(db, ctx, v) }), history: ctx.access.canSeeAudit },
      );
      return { data: result };
    },
  );

  app.get(
    `${base}/versions/:versionId/evidence`,
    {
      schema: {
        tags,
        summary:
          'Each step’s evidence: respondents per evaluation (small counts hidden) and the latest total of each mapped indicator with its period',
        params: VersionParams,
        response: {
          200: z.object({
            data: z.object({
              respondents: z.array(
                z.object({ nodeKey: z.string(), evaluation: z.object({ slug: z.string(), title: z.string() }), respondents: count }),
              ),
              indicators: z.array(
                z.object({
                  nodeKey: z.string(),
                  indicator: z.object({ id: z.string(), key: z.string(), label: z.string(), unit: z.string() }),
                  total: z.number().nullable(),
                  basis: z.string().nullable(),
                  period: z.object({ id: z.string(), label: z.string() }).nullable(),
                }),
              ),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      return { data: await stepEvidence(db, ctx, v) };
    },
  );

  app.get(
    `${base}/versions/:versionId/validation`,
    {
      schema: {
        tags,
        summary:
          'The version tested against an evaluation: respondents per step, per link from/to/both, lift and class (supported, weak, contradicted, untested); suggested links; flags. CSV: from,to,respondents_from,respondents_to,respondents_both,lift,status',
        params: VersionParams,
        querystring: z.strictObject({
          evaluation: z.string().min(1, 'Choose an evaluation').max(60).describe('The evaluation’s slug'),
          minBoth: ThresholdFields.minBoth.optional(),
          supportLift: ThresholdFields.supportLift.optional(),
          contradictLift: ThresholdFields.contradictLift.optional(),
          format: z.enum(['json', 'csv']).default('json'),
        }),
        produces: ['application/json', 'text/csv'],
        response: { 200: z.union([z.object({ data: Validation }), z.string()]), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      const evaluation = await loadEvaluation(db, ctx, req.query.evaluation);
      const { minBoth, supportLift, contradictLift } = req.query;
      const result = await validateVersion(db, ctx, theory, v, evaluation, { thresholds: { minBoth, supportLift, contradictLift } });
      if (req.query.format === 'csv') {
        const body = csvOf([VALIDATION_COLUMNS, ...validationRows(result)]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="validation-${evaluation.slug}.csv"`)
          .send(body);
      }
      return { data: result };
    },
  );

  app.get(
    `${base}/thresholds/:evaluation`,
    {
      schema: {
        tags,
        summary: 'The thresholds for classing this theory’s links against an evaluation (the defaults until an evaluator sets them)',
        params: z.object({ programme: z.string().max(60), theoryId: Uuid, evaluation: z.string().max(60) }),
        response: { 200: recordOf(Thresholds), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
      return { data: await thresholdsFor(db, theory, evaluation), abilities: { update: canEditTheories(ctx) } };
    },
  );

  app.put(
    `${base}/thresholds/:evaluation`,
    {
      schema: {
        tags,
        summary: 'Set the thresholds for classing this theory’s links against an evaluation (managers and evaluators)',
        params: z.object({ programme: z.string().max(60), theoryId: Uuid, evaluation: z.string().max(60) }),
        body: z.strictObject(ThresholdFields),
        response: { 200: recordOf(Thresholds), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
      return { data: await setThresholds(db, ctx, actorOf(req), theory, evaluation, req.body), abilities: { update: true } };
    },
  );

  app.get(
    `${base}/versions/:versionId/links/:linkKey/respondents`,
    {
      schema: {
        tags,
        summary: 'The respondents (consent given) at both ends of a link, and their publishable quotes (managers and evaluators)',
        params: VersionParams.extend({ linkKey: z.string().min(1).max(100) }),
        querystring: z.strictObject({ evaluation: z.string().min(1, 'Choose an evaluation').max(60).describe('The evaluation’s slug') }),
        response: {
          200: z.object({
            data: z.object({
              link: z.object({ key: z.string(), fromLabel: z.string(), toLabel: z.string() }),
              found: z.number().int(),
              respondents: z.array(z.object({ id: z.string(), ref: z.string(), participantType: z.string().nullable() })),
              quotes: z.array(z.object({ id: z.string(), respondentRef: z.string(), text: z.string(), attribution: z.string() })),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      const evaluation = await loadEvaluation(db, ctx, req.query.evaluation, 'evaluator');
      return { data: await linkRespondents(db, ctx, v, evaluation, req.params.linkKey) };
    },
  );

  app.post(
    `${base}/versions/:versionId/suggestions/accept`,
    {
      schema: {
        tags,
        summary: 'Accept a suggested link: a new draft of this version with the link added (managers and evaluators)',
        params: VersionParams,
        body: z.strictObject({
          from: z.string().trim().min(1, 'Choose the step the link starts from').max(100),
          to: z.string().trim().min(1, 'Choose the step the link leads to').max(100),
          rationale: z.string().trim().max(5000).optional(),
        }),
        response: { 201: recordOf(VersionRecord), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const v = await loadVersion(db, theory, req.params.versionId);
      const made = await acceptSuggestion(db, ctx, actorOf(req), theory, v, req.body);
      return reply.code(201).send({ data: versionView(theory, made!), abilities: { update: true } });
    },
  );
}
