import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { ListQuery, Slug, actorOf, callerOf, changeOf, listOf, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import {
  canWorkWithRespondents,
  createEvaluation,
  evaluationVersion,
  evaluationView,
  listEvaluations,
  loadEvaluation,
  updateEvaluation,
} from './service.js';

const tags = ['evaluation'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const EvaluationParams = ProgrammeParams.extend({ evaluation: z.string().max(60) });
const Evaluation = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string().describe('What the evaluation is (the demo’s synthetic one says so here)'),
    disclosureThreshold: z.number().int().describe('Groups with fewer respondents than this are flagged, and suppressed in exports'),
    blindCoding: z.boolean().describe('Each coder sees only their own ticks on a respondent (for agreement between coders)'),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Evaluation' });
const EvaluationAbilities = z.object({
  update: z.boolean(),
  respondents: z.boolean().describe('May see and change respondents and their codings'),
});
const EvaluationBody = z.strictObject({
  slug: Slug,
  title: text('a title for the evaluation'),
  description: z.string().max(2000, 'Keep the description to 2,000 characters').optional(),
  disclosureThreshold: z.number().int().min(0).max(1000).optional().describe('Defaults to 5'),
});
const EvaluationChange = z.strictObject({
  title: text('a title for the evaluation'),
  disclosureThreshold: z.number().int().min(0).max(1000),
  blindCoding: z.boolean({ message: 'Blind coding is true or false' }),
});

export async function evaluationRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations';

  const abilities = (ctx: ProgrammeContext) => ({ update: canWorkWithRespondents(ctx), respondents: canWorkWithRespondents(ctx) });
  const EvaluationAnswer = z.object({ data: Evaluation, abilities: EvaluationAbilities });

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The programme’s evaluations (its team; not partnership members)',
        params: ProgrammeParams,
        querystring: ListQuery,
        response: { 200: listOf(Evaluation), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await listEvaluations(db, ctx, req.query);
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: canWorkWithRespondents(ctx) },
      };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Start an evaluation with the seven standard code families (evaluators and managers)',
        params: ProgrammeParams,
        body: EvaluationBody,
        response: { 201: EvaluationAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await createEvaluation(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data: evaluationView(e!), abilities: abilities(ctx) });
    },
  );

  app.get(
    `${base}/:evaluation`,
    {
      schema: { tags, summary: 'An evaluation', params: EvaluationParams, response: { 200: EvaluationAnswer, ...problems } },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation);
      const version = await answerVersion(db, reply, evaluationVersion(e.id));
      // Read again after its version, so the answer is never older than the version it carries.
      return withVersion({ data: evaluationView(await loadEvaluation(db, ctx, e.slug)), abilities: abilities(ctx) }, version);
    },
  );

  app.patch(
    `${base}/:evaluation`,
    {
      schema: {
        tags,
        summary: 'Change an evaluation’s title, disclosure threshold or blind coding (evaluators and managers)',
        params: EvaluationParams,
        headers: IfMatchHeaders,
        body: changeOf(EvaluationChange),
        response: { 200: EvaluationAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const was = await loadEvaluation(db, ctx, req.params.evaluation);
      const { result: e, version } = await guardWrite(
        db,
        req,
        reply,
        evaluationVersion(was.id),
        (tx) => updateEvaluation(tx, ctx, actorOf(req), was, req.body),
        {
          current: async () => evaluationView(await loadEvaluation(db, ctx, req.params.evaluation)),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: evaluationView(e), abilities: abilities(ctx) }, version);
    },
  );
}
