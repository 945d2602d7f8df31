import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { ListQuery, Uuid, actorOf, callerOf, changeOf, isoDate, listOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { CONSENT_STATUSES } from '../schema.js';
import { loadEvaluation, canWorkWithRespondents, type Evaluation } from '../evaluations/service.js';
import { createRespondent, getRespondent, listRespondents, recordConsent, respondentVersion, updateRespondent } from './service.js';
import { setCodings } from '../evidence/ticks.js';
import { setRespondentAsked } from './bases.js';

const tags = ['evaluation'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const EvaluationParams = ProgrammeParams.extend({ evaluation: z.string().max(60) });
const RespondentParams = EvaluationParams.extend({ respondentId: Uuid });

const Respondent = z
  .object({
    id: z.string(),
    ref: z.string().describe('Pseudonymous reference, never a name'),
    participantType: z.string().nullable(),
    project: z.object({ id: z.string(), name: z.string() }).nullable(),
    themes: z.array(z.string()).describe('From the project; several count in each'),
    coproductionModel: z.string().nullable(),
    place: z.string().nullable().describe('The respondent’s own place when recorded, else their project’s partnership’s place'),
    phase: z.string().nullable(),
    attributes: z.record(z.string(), z.string()),
    consent: z.enum(CONSENT_STATUSES).describe('From the latest consent record; withdrawn respondents are in no analysis'),
  })
  .meta({ id: 'Respondent' });
const RespondentDetail = Respondent.extend({
  consentRecords: z.array(z.object({ status: z.enum(CONSENT_STATUSES), on: z.string(), scope: z.string(), recordedAt: z.string() })),
  codings: z.array(
    z.object({ codeId: z.string(), name: z.string(), family: z.string(), coderId: z.string().nullable(), source: z.string() }),
  ),
  notAsked: z
    .array(z.string())
    .describe('Keys of the code families whose question this respondent was not asked (their base leaves them out): not counted there'),
  version: Version.optional().describe(
    'Covers the respondent’s row (imported codes included) and your codings of them: ticking or un-ticking moves it on',
  ),
}).meta({ id: 'RespondentDetail' });
const RespondentAnswer = z.object({ data: RespondentDetail, abilities: z.object({ update: z.boolean() }) });
const attributes = z
  .record(z.string().trim().min(1).max(60), z.string().max(200))
  .refine((a) => Object.keys(a).length <= 50, 'At most 50 attributes');
const ConsentBody = z.strictObject({
  status: z.enum(CONSENT_STATUSES, { message: 'Consent is given or withdrawn' }),
  on: isoDate.optional().describe('Defaults to today'),
  scope: optionalText('scope', 1000).optional().describe('What was consented to, e.g. "quotes may be published anonymously"'),
});
const RespondentBody = z.strictObject({
  ref: text('a pseudonymous reference (never a name)', 60),
  participantType: z.string().trim().max(100).nullable().optional().describe('One of the programme’s participant types'),
  projectId: Uuid.nullable().optional(),
  placeId: Uuid.nullable().optional(),
  phaseId: Uuid.nullable().optional(),
  attributes: attributes.optional(),
  consent: ConsentBody,
});
const RespondentChange = RespondentBody.omit({ consent: true });
const AskedBody = z.strictObject({
  families: z
    .array(z.string().max(60))
    .max(100)
    .describe('Keys of every code family whose question this respondent was asked; a family left out gets a base without them'),
});
const CodingsBody = z.strictObject({
  codeIds: z.array(Uuid).max(1000).describe('Every code this respondent identified, for you as coder: others you had ticked are removed'),
});

export async function respondentRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations';
  // The caller's id: in blind coding they see only their own ticks.
  const respondent = async (ctx: ProgrammeContext, e: Evaluation, id: string, viewerId: string) => ({
    data: await getRespondent(db, ctx, e, id, viewerId),
    abilities: { update: canWorkWithRespondents(ctx) },
  });

  /** Every change to a respondent (details, consent, codings) under the one version the coder saw. */
  const respondentWrite = async (
    req: FastifyRequest<{ Params: { evaluation: string; respondentId: string } }>,
    reply: FastifyReply,
    ctx: ProgrammeContext,
    write: (tx: Db, e: Evaluation) => Promise<unknown>,
  ) => {
    const { respondentId } = req.params;
    const evaluation = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
    const me = callerOf(req).userId;
    const { version } = await guardWrite(db, req, reply, respondentVersion(respondentId, me), (tx) => write(tx, evaluation), {
      current: async () => (await respondent(ctx, evaluation, respondentId, me)).data,
      history: ctx.access.canSeeAudit,
    });
    return withVersion(await respondent(ctx, evaluation, respondentId, me), version);
  };

  app.get(
    `${base}/:evaluation/respondents`,
    {
      schema: {
        tags,
        summary: 'Respondents (evaluators and managers only: respondent-level data)',
        params: EvaluationParams,
        querystring: ListQuery.extend({
          participantType: z.string().max(100).optional(),
          projectId: Uuid.optional(),
          consent: z.enum(CONSENT_STATUSES).optional(),
        }),
        response: { 200: listOf(Respondent), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { rows, total } = await listRespondents(db, ctx, e, req.query);
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: canWorkWithRespondents(ctx) },
      };
    },
  );

  app.post(
    `${base}/:evaluation/respondents`,
    {
      schema: {
        tags,
        summary: 'Add a respondent by a pseudonymous reference, with their consent (evaluators and managers)',
        params: EvaluationParams,
        body: RespondentBody,
        response: { 201: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const id = await createRespondent(db, ctx, actorOf(req), e, req.body);
      return reply.code(201).send(await respondent(ctx, e, id!, callerOf(req).userId));
    },
  );

  app.get(
    `${base}/:evaluation/respondents/:respondentId`,
    {
      schema: {
        tags,
        summary: 'A respondent with their consent records and codings (evaluators and managers)',
        params: RespondentParams,
        response: { 200: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const version = await answerVersion(db, reply, respondentVersion(req.params.respondentId, callerOf(req).userId));
      return withVersion(await respondent(ctx, e, req.params.respondentId, callerOf(req).userId), version);
    },
  );

  app.patch(
    `${base}/:evaluation/respondents/:respondentId`,
    {
      schema: {
        tags,
        summary: 'Change a respondent’s participant type, project, place, phase or attributes (evaluators and managers)',
        params: RespondentParams,
        headers: IfMatchHeaders,
        body: changeOf(RespondentChange),
        response: { 200: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return respondentWrite(req, reply, ctx, (tx, e) => updateRespondent(tx, ctx, actorOf(req), e, req.params.respondentId, req.body));
    },
  );

  app.post(
    `${base}/:evaluation/respondents/:respondentId/consent`,
    {
      schema: {
        tags,
        summary:
          'Record consent given or withdrawn; a withdrawn respondent leaves every analysis from now, the record stays (evaluators and managers)',
        params: RespondentParams,
        headers: IfMatchHeaders,
        body: ConsentBody,
        response: { 200: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return respondentWrite(req, reply, ctx, (tx, e) => recordConsent(tx, ctx, actorOf(req), e, req.params.respondentId, req.body));
    },
  );

  app.put(
    `${base}/:evaluation/respondents/:respondentId/asked`,
    {
      schema: {
        tags,
        summary: 'Record which code families’ questions a respondent was asked (evaluators and managers)',
        params: RespondentParams,
        headers: IfMatchHeaders,
        body: AskedBody,
        response: { 200: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return respondentWrite(req, reply, ctx, (tx, e) =>
        setRespondentAsked(tx, ctx, actorOf(req), e, req.params.respondentId, req.body.families),
      );
    },
  );

  app.put(
    `${base}/:evaluation/respondents/:respondentId/codings`,
    {
      schema: {
        tags,
        summary: 'Set the codes a respondent identified, as ticked by you (evaluators and managers)',
        params: RespondentParams,
        headers: IfMatchHeaders,
        body: CodingsBody,
        response: { 200: RespondentAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return respondentWrite(req, reply, ctx, (tx, e) => setCodings(tx, ctx, actorOf(req), e, req.params.respondentId, req.body.codeIds));
    },
  );
}
