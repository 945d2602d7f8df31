import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../../db/database.js';
import type { App } from '../../http/app.js';
import { ListQuery, Slug, Uuid, actorOf, callerOf, changeOf, isoDate, listOf, optionalText, problems, text } from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, partsOf, withVersion } from '../../http/versions.js';
import { type ProgrammeContext, openProgramme } from '../programmes/context.js';
import { crosstabCsv, crosstabFor, crosstabView, matrixFor } from './analysis.js';
import { CONSENT_STATUSES, codes, codings, evaluations, respondents } from './schema.js';
import {
  canWorkWithRespondents,
  createCode,
  createEvaluation,
  createFamily,
  createRespondent,
  evaluationView,
  findCodeNode,
  getCodebook,
  getRespondent,
  listEvaluations,
  listRespondents,
  loadEvaluation,
  mergeCodes,
  recordConsent,
  setCodings,
  updateCode,
  updateEvaluation,
  updateRespondent,
} from './service.js';

const tags = ['evaluation'];

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

type CodeNodeShape = {
  id: string;
  name: string;
  description: string;
  colour: string | null;
  position: number;
  version?: string | undefined;
  children: CodeNodeShape[];
};
const CodeNode: z.ZodType<CodeNodeShape> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      colour: z.string().nullable(),
      position: z.number().int(),
      version: Version.optional(),
      children: z.array(CodeNode),
    }),
  )
  .meta({ id: 'CodeNode' });
const CodeFamily = z
  .object({ id: z.string(), key: z.string(), label: z.string(), position: z.number().int(), codes: z.array(CodeNode) })
  .meta({ id: 'CodeFamily' });
const Codebook = z.object({ data: z.array(CodeFamily), abilities: z.object({ update: z.boolean() }) });

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
  version: Version.optional().describe(
    'Covers the respondent’s row (imported codes included) and your codings of them: ticking or un-ticking moves it on',
  ),
}).meta({ id: 'RespondentDetail' });
const RespondentAnswer = z.object({ data: RespondentDetail, abilities: z.object({ update: z.boolean() }) });

const FAMILY_KEY = /^[a-z0-9]+([_-][a-z0-9]+)*$/;
const colour = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'Colour must be #RRGGBB, e.g. #1D70B8')
  .nullable();

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
const FamilyBody = z.strictObject({
  key: z
    .string()
    .min(1, 'Enter a key')
    .max(60)
    .regex(FAMILY_KEY, 'Key may use lower-case letters, digits and single _ or - only')
    .describe('e.g. "turning_point"'),
  label: text('a label for the family', 100),
});
const CodeBody = z.strictObject({
  family: z.string().min(1).max(60).describe('The family’s key, e.g. "context"'),
  name: text('the code’s name', 200),
  parentId: Uuid.nullable().optional(),
  description: optionalText('description', 4000).optional(),
  colour: colour.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
const CodeChange = z.strictObject({
  name: text('the code’s name', 200),
  parentId: Uuid.nullable().describe('Move the code under another of its family (null: to the top)'),
  description: optionalText('description', 4000),
  colour,
  position: z.number().int().min(0).max(100_000),
});
const MergeBody = z.strictObject({
  mergeCodeIds: z
    .array(Uuid)
    .min(1, 'Choose at least one code to merge')
    .max(200)
    .describe('Codes merged into the one in the path: their codings and child codes move to it, then they go'),
});
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
const CodingsBody = z.strictObject({
  codeIds: z.array(Uuid).max(1000).describe('Every code this respondent identified, for you as coder: others you had ticked are removed'),
});

const Filters = {
  phase: z.string().trim().max(200).optional().describe('Only respondents in this phase (by name)'),
  place: z.string().trim().max(200).optional(),
  participantType: z.string().trim().max(100).optional(),
};
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const CrosstabQuery = z.strictObject({
  family: z.string().min(1).max(60).describe('The code family’s key, e.g. "mechanism"'),
  by: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('participant_type, theme, coproduction_model, place, phase or attribute:<name>; without it the one group is All'),
  ...Filters,
  format: z.enum(['json', 'csv']).default('json'),
  includeSmallGroups: bool
    .optional()
    .describe('Show what disclosure control hides, in JSON and CSV alike (evaluators and managers only, 403 otherwise; each use audited)'),
});
const Reason = z
  .enum(['small group', 'secondary'])
  .nullable()
  .describe(
    'Why it is suppressed: `small group` (under the disclosure threshold) or `secondary` (hidden too, so that a small group cannot be worked out by subtraction); null when shown',
  );
const ProtectedRow = z.object({
  group: z.string(),
  nGroup: z.number().int().nullable().describe('null when the group is suppressed'),
  code: z.string(),
  codeId: z.string(),
  nCode: z.number().int().nullable(),
  percent: z.number().nullable(),
  small: z.boolean().describe('The group is under the disclosure threshold'),
  suppressed: z.boolean(),
  reason: Reason,
});
const Crosstab = z
  .object({
    evaluation: z.object({ slug: z.string(), title: z.string() }),
    family: z.object({ key: z.string(), label: z.string() }),
    by: z.string().nullable(),
    total: z
      .number()
      .int()
      .nullable()
      .describe('Respondents counted: consent given, filters matched; null when it would give a suppressed group’s size (one small group)'),
    overlapping: z
      .boolean()
      .describe('True when a respondent is in several groups (several themes), so group sizes add up to more than the total'),
    disclosureThreshold: z.number().int(),
    includesSmallGroups: z.boolean().describe('True when the evaluator’s override showed what disclosure control hides'),
    groups: z.array(
      z.object({ group: z.string(), nGroup: z.number().int().nullable(), small: z.boolean(), suppressed: z.boolean(), reason: Reason }),
    ),
    rows: z.array(ProtectedRow),
  })
  .meta({ id: 'Crosstab' });

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const EvaluationParams = ProgrammeParams.extend({ evaluation: z.string().max(60) });
const CodeParams = EvaluationParams.extend({ codeId: Uuid });
const RespondentParams = EvaluationParams.extend({ respondentId: Uuid });

const attachment = (name: string) => `attachment; filename="${name}"`;

export async function evaluationRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations';

  const abilities = (ctx: ProgrammeContext) => ({ update: canWorkWithRespondents(ctx), respondents: canWorkWithRespondents(ctx) });
  const EvaluationAnswer = z.object({ data: Evaluation, abilities: EvaluationAbilities });
  const codebook = async (ctx: ProgrammeContext, slug: string) => ({
    data: await getCodebook(db, ctx, await loadEvaluation(db, ctx, slug)),
    abilities: { update: canWorkWithRespondents(ctx) },
  });
  const evaluationVersion = (id: string): RecordVersion => ({ key: evaluations.id, id, entityType: 'evaluation' });
  const codeVersion = (id: string): RecordVersion => ({ key: codes.id, id, entityType: 'evaluation_code' });
  /**
   * A respondent and the codings a coder's save replaces (theirs and the imported ones): one version,
   * so a coding screen open in two places cannot silently undo the other's ticks.
   */
  const respondentVersion = (id: string, coderId: string): RecordVersion => ({
    key: respondents.id,
    id,
    entityType: 'respondent',
    parts: partsOf(sql`select ${codings}.xmin::text || ${codings.codeId}::text from ${codings}
      where ${codings.respondentId} = ${id} and (${codings.coderId} = ${coderId} or ${codings.coderId} is null)`),
  });
  // The caller's id: in blind coding they see only their own ticks.
  const respondent = async (ctx: ProgrammeContext, slug: string, id: string, viewerId: string) => ({
    data: await getRespondent(db, ctx, slug, id, viewerId),
    abilities: { update: canWorkWithRespondents(ctx) },
  });

  /** Every change to a respondent (details, consent, codings) under the one version the coder saw. */
  const respondentWrite = async (
    req: FastifyRequest<{ Params: { evaluation: string; respondentId: string } }>,
    reply: FastifyReply,
    ctx: ProgrammeContext,
    write: (tx: Db) => Promise<unknown>,
  ) => {
    const { evaluation, respondentId } = req.params;
    const me = callerOf(req).userId;
    const { version } = await guardWrite(db, req, reply, respondentVersion(respondentId, me), write, {
      current: async () => (await respondent(ctx, evaluation, respondentId, me)).data,
      history: ctx.access.canSeeAudit,
    });
    return withVersion(await respondent(ctx, evaluation, respondentId, me), version);
  };

  // ---- evaluations

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
      return withVersion(
        { data: evaluationView(await loadEvaluation(db, ctx, req.params.evaluation)), abilities: abilities(ctx) },
        version,
      );
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
        (tx) => updateEvaluation(tx, ctx, actorOf(req), req.params.evaluation, req.body),
        {
          current: async () => evaluationView(await loadEvaluation(db, ctx, req.params.evaluation)),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: evaluationView(e), abilities: abilities(ctx) }, version);
    },
  );

  // ---- codebook

  app.get(
    `${base}/:evaluation/codebook`,
    {
      schema: {
        tags,
        summary: 'The codebook: families in order, each with its codes as a tree',
        params: EvaluationParams,
        response: { 200: Codebook, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return codebook(ctx, req.params.evaluation);
    },
  );

  app.post(
    `${base}/:evaluation/codebook/families`,
    {
      schema: {
        tags,
        summary: 'Add a custom code family (evaluators and managers)',
        params: EvaluationParams,
        body: FamilyBody,
        response: { 201: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await createFamily(db, ctx, actorOf(req), req.params.evaluation, req.body);
      return reply.code(201).send(await codebook(ctx, req.params.evaluation));
    },
  );

  app.post(
    `${base}/:evaluation/codebook/codes`,
    {
      schema: {
        tags,
        summary: 'Add a code to a family, at the top or under another code (evaluators and managers)',
        params: EvaluationParams,
        body: CodeBody,
        response: { 201: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await createCode(db, ctx, actorOf(req), req.params.evaluation, req.body);
      return reply.code(201).send(await codebook(ctx, req.params.evaluation));
    },
  );

  app.patch(
    `${base}/:evaluation/codebook/codes/:codeId`,
    {
      schema: {
        tags,
        summary: 'Rename, describe, recolour or move a code; its codings stay with it (evaluators and managers)',
        params: CodeParams,
        headers: IfMatchHeaders,
        body: changeOf(CodeChange),
        response: { 200: Codebook, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { evaluation, codeId } = req.params;
      // The codebook answers each code's version in its tree; the current code for a 409 is its node there.
      await guardWrite(db, req, reply, codeVersion(codeId), (tx) => updateCode(tx, ctx, actorOf(req), evaluation, codeId, req.body), {
        current: async () => findCodeNode((await codebook(ctx, evaluation)).data, codeId) ?? {},
        history: ctx.access.canSeeAudit,
      });
      return codebook(ctx, evaluation);
    },
  );

  app.post(
    `${base}/:evaluation/codebook/codes/:codeId/merge`,
    {
      schema: {
        tags,
        summary: 'Merge other codes into this one: their codings and child codes move to it (evaluators and managers)',
        params: CodeParams,
        body: MergeBody,
        response: { 200: Codebook, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await mergeCodes(db, ctx, actorOf(req), req.params.evaluation, req.params.codeId, req.body.mergeCodeIds);
      return codebook(ctx, req.params.evaluation);
    },
  );

  // ---- respondents

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
      const { rows, total } = await listRespondents(db, ctx, req.params.evaluation, req.query);
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
      const id = await createRespondent(db, ctx, actorOf(req), req.params.evaluation, req.body);
      return reply.code(201).send(await respondent(ctx, req.params.evaluation, id!, callerOf(req).userId));
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
      const version = await answerVersion(db, reply, respondentVersion(req.params.respondentId, callerOf(req).userId));
      return withVersion(await respondent(ctx, req.params.evaluation, req.params.respondentId, callerOf(req).userId), version);
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
      return respondentWrite(req, reply, ctx, (tx) =>
        updateRespondent(tx, ctx, actorOf(req), req.params.evaluation, req.params.respondentId, req.body),
      );
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
      return respondentWrite(req, reply, ctx, (tx) =>
        recordConsent(tx, ctx, actorOf(req), req.params.evaluation, req.params.respondentId, req.body),
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
      return respondentWrite(req, reply, ctx, (tx) =>
        setCodings(tx, ctx, actorOf(req), req.params.evaluation, req.params.respondentId, req.body.codeIds),
      );
    },
  );

  // ---- analysis

  app.get(
    `${base}/:evaluation/crosstab`,
    {
      schema: {
        tags,
        summary: 'For every group and every code of a family: n_group, n_code and percent (the programme’s team; aggregates only)',
        description:
          'Respondents with consent withdrawn are never counted. A respondent whose project has several themes counts once in each. Disclosure control, the same in JSON and CSV (`group,n_group,code,n_code,percent`): a group under the disclosure threshold is suppressed (size, counts and percents null or blank, `reason: small group`), and so is the next smallest group where the totals would give it back (`reason: secondary`), unless `includeSmallGroups=true` (evaluators and managers; audited).',
        params: EvaluationParams,
        querystring: CrosstabQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: z.union([Crosstab, z.string()]), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const result = await crosstabFor(db, ctx, actorOf(req), req.params.evaluation, req.query, {
        use: req.query.format === 'json' ? 'on screen (JSON)' : 'as CSV',
      });
      if (req.query.format === 'json') return crosstabView(result);
      const { csv } = crosstabCsv(result);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachment(
            `${ctx.programme.slug}-${result.evaluation.slug}-${result.family.key}${result.table.by ? `-by-${result.table.by.replace(':', '-')}` : ''}.csv`,
          ),
        )
        .send(csv);
    },
  );

  app.get(
    `${base}/:evaluation/matrix.csv`,
    {
      schema: {
        tags,
        summary:
          'The respondent × code table for SPSS, R or Excel: a row per respondent with consent given, 0/1 per code (evaluators and managers)',
        params: EvaluationParams,
        querystring: z.strictObject({ family: z.string().min(1).max(60).optional(), ...Filters }),
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { csv, evaluation } = await matrixFor(db, ctx, actorOf(req), req.params.evaluation, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${evaluation.slug}-matrix.csv`))
        .send(csv);
    },
  );
}
