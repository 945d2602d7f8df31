import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { loadEvaluation } from '../evaluations/service.js';
import { agreementFor } from './agreement.js';
import { OUTCOME_FAMILIES, cellRespondents, configurationsFor } from '../analysis/configurations.js';

const tags = ['evaluation'];

const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const Filters = {
  phase: z.string().trim().max(200).optional().describe('Only respondents in this phase (by name)'),
  place: z.string().trim().max(200).optional(),
  participantType: z.string().trim().max(100).optional(),
};

const CodeRef = z.object({ id: z.string(), name: z.string(), family: z.string() });
const Reading = z
  .object({
    band: z.enum(['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost_perfect']).nullable(),
    label: z.string(),
    meaning: z.string(),
  })
  .describe('Landis & Koch (1977) band, in words');

const ConfigurationsQuery = z.strictObject({
  minSupport: z.coerce
    .number({ message: 'The minimum support is a number of respondents' })
    .int('The minimum support is a whole number of respondents')
    .min(1, 'The minimum support is 1 respondent or more')
    .max(1_000_000)
    .optional()
    .describe(
      'Leave out combinations fewer respondents identified together; default the disclosure threshold. Raised to the threshold for anyone but evaluators and managers',
    ),
  outcomeFamily: z
    .enum(OUTCOME_FAMILIES, { message: 'Outcome family is short_term_outcome or long_term_outcome' })
    .optional()
    .describe('Outcomes of this family only; both without it'),
  limit: z.coerce.number().int().min(1).max(5000).optional().describe('At most this many of each list, best first (default 200)'),
  ...Filters,
});
const Pair = z.object({
  from: CodeRef,
  to: CodeRef,
  support: z.number().int(),
  share: z.number(),
  lift: z.number(),
  confidence: z.number().describe('Of the respondents who identified `from`, the share who also identified `to`'),
  small: z.boolean(),
});
const Configurations = z
  .object({
    data: z.object({
      evaluation: z.object({ slug: z.string(), title: z.string() }),
      total: z.number().int().describe('Respondents counted: consent given, filters matched'),
      minSupport: z.number().int().describe('The minimum support applied'),
      raisedFrom: z.number().int().nullable().describe('The minimum support asked for, when it was raised to the disclosure threshold'),
      disclosureThreshold: z.number().int(),
      outcomeFamilies: z.array(z.object({ key: z.string(), label: z.string() })),
      found: z
        .object({ configurations: z.number().int(), contextMechanism: z.number().int(), mechanismOutcome: z.number().int() })
        .describe('How many there are before `limit`'),
      configurations: z.array(
        z.object({
          context: CodeRef,
          mechanism: CodeRef,
          outcome: CodeRef,
          support: z.number().int().describe('Respondents who identified all three'),
          share: z.number().describe('support / total'),
          lift: z.number().describe('P(C∧M∧O) / (P(C)·P(M)·P(O)); above 1, they go together more often than if unrelated'),
          small: z.boolean().describe('Support under the disclosure threshold (only evaluators and managers ever see these)'),
        }),
      ),
      contextMechanism: z.array(Pair),
      mechanismOutcome: z.array(Pair),
    }),
    abilities: z.object({ respondents: z.boolean().describe('May drill down to the respondents behind a cell') }),
  })
  .meta({ id: 'Configurations' });

const CellQuery = z.strictObject({
  context: Uuid.optional().describe('A context code’s id'),
  mechanism: Uuid.optional(),
  outcome: Uuid.optional().describe('A short-term or long-term outcome code’s id'),
  ...Filters,
});
const CellRespondents = z
  .object({
    data: z.object({
      cell: z.object({ context: CodeRef.nullable(), mechanism: CodeRef.nullable(), outcome: CodeRef.nullable() }),
      total: z.number().int().describe('Respondents counted: consent given, filters matched'),
      found: z.number().int().describe('Respondents behind the cell; at most 1,000 are listed, in reference order'),
      respondents: z.array(
        z.object({
          id: z.string(),
          ref: z.string(),
          participantType: z.string().nullable(),
          project: z.string().nullable(),
          themes: z.array(z.string()),
          place: z.string().nullable(),
          phase: z.string().nullable(),
          quotes: z
            .array(z.object({ id: z.string(), text: z.string(), attribution: z.string().describe('e.g. "A beneficiary"; never a name') }))
            .describe('Their quotes marked publishable, oldest first'),
        }),
      ),
    }),
    abilities: z.object({ respondents: z.boolean() }),
  })
  .meta({ id: 'CellRespondents' });

const AgreementQuery = z.strictObject({
  coderA: Uuid.optional().describe('A coder’s user id; without both coders the answer lists who has coded'),
  coderB: Uuid.optional(),
  family: z.string().min(1).max(60).optional().describe('Compare this family’s codes only (default: every code)'),
});
const Kappa = {
  observed: z.number().nullable().describe('Share of respondents the coders agree on'),
  expected: z.number().nullable().describe('Share chance alone would give'),
  kappa: z.number().nullable(),
  reason: z.string().nullable().describe('Why kappa could not be worked out'),
  reading: Reading,
};
const Person = z.object({ id: z.string(), name: z.string(), email: z.string() });
const Agreement = z
  .object({
    data: z.object({
      evaluation: z.object({ slug: z.string(), title: z.string() }),
      family: z.object({ key: z.string(), label: z.string() }).nullable(),
      coders: z.array(Person.extend({ respondents: z.number().int().describe('Respondents with consent given they ticked codes for') })),
      agreement: z
        .object({
          coderA: Person,
          coderB: Person,
          respondents: z.number().int().describe('Respondents (consent given) both coded'),
          onlyCodedByA: z.number().int(),
          onlyCodedByB: z.number().int(),
          perCode: z.array(
            z.object({
              codeId: z.string(),
              code: z.string(),
              family: z.string(),
              familyLabel: z.string(),
              both: z.number().int(),
              onlyA: z.number().int(),
              onlyB: z.number().int(),
              neither: z.number().int(),
              ...Kappa,
            }),
          ),
          overall: z.object({
            method: z.literal('pooled').describe('De Vries et al. (2008): mean observed and mean chance agreement over the codes'),
            codes: z.number().int(),
            codesWithoutVariation: z.number().int(),
            ...Kappa,
          }),
        })
        .nullable(),
    }),
    abilities: z.object({ respondents: z.boolean() }),
  })
  .meta({ id: 'Agreement' });

/** Configurations (context → mechanism → outcome) with the drill-down, and agreement between coders. */
export async function evaluationQualityRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';

  app.get(
    `${base}/configurations`,
    {
      schema: {
        tags,
        summary:
          'Which contexts, mechanisms and outcomes the same respondents identified together: support and lift, ranked (the programme’s team; aggregates)',
        description:
          'Respondents with consent withdrawn are never counted. For anyone but evaluators and managers, combinations fewer respondents share than the evaluation’s disclosure threshold are left out.',
        params: EvaluationParams,
        querystring: ConfigurationsQuery,
        response: { 200: Configurations, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { abilities, ...data } = await configurationsFor(db, ctx, await loadEvaluation(db, ctx, req.params.evaluation), req.query);
      return { data, abilities };
    },
  );

  app.get(
    `${base}/configurations/respondents`,
    {
      schema: {
        tags,
        summary: 'The respondents behind a configuration’s cell: who identified every code given (evaluators and managers)',
        params: EvaluationParams,
        querystring: CellQuery,
        response: { 200: CellRespondents, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      const { evaluation: _e, ...data } = await cellRespondents(db, ctx, evaluation, req.query);
      return { data, abilities: { respondents: true } };
    },
  );

  app.get(
    `${base}/agreement`,
    {
      schema: {
        tags,
        summary:
          'Agreement between two coders: Cohen’s kappa per code and pooled overall, over the respondents both coded (evaluators and managers)',
        params: EvaluationParams,
        querystring: AgreementQuery,
        response: { 200: Agreement, ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await agreementFor(db, ctx, evaluation, req.query), abilities: { respondents: true } };
    },
  );
}
