import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { loadEvaluation } from '../evaluations/service.js';
import { crosstabCsv, crosstabFor, crosstabView, matrixFor } from './crosstab.js';

const tags = ['evaluation'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const EvaluationParams = ProgrammeParams.extend({ evaluation: z.string().max(60) });

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
    everyoneAsked: z
      .boolean()
      .describe('False when the family’s question was asked of some respondents only (its base): only they are counted, in every N'),
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

const attachment = (name: string) => `attachment; filename="${name}"`;

export async function analysisRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations';
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
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
      const result = await crosstabFor(db, ctx, actorOf(req), evaluation, req.query, {
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
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { csv } = await matrixFor(db, ctx, actorOf(req), evaluation, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${evaluation.slug}-matrix.csv`))
        .send(csv);
    },
  );
}
