import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { attributeValues } from '../analysis/data.js';
import { canWorkWithRespondents, loadEvaluation } from '../evaluations/service.js';
import { getBase, listBases, setBase } from './bases.js';

const tags = ['evaluation'];
const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const FamilyParams = EvaluationParams.extend({
  family: z.string().max(60).describe('The code family’s key, e.g. "self_identified_outcome"'),
});

const Counts = {
  everyone: z.boolean().describe('True when no base is recorded: everyone in the evaluation was asked'),
  asked: z.number().int().describe('Respondents asked, whatever their consent'),
  counted: z.number().int().describe('Of them, those with consent given: who the family’s figures count'),
  notAsked: z.number().int().describe('Respondents of the evaluation not asked'),
};
const BaseSummary = z.object({ key: z.string(), label: z.string(), ...Counts }).meta({ id: 'FamilyBaseSummary' });
const FamilyBase = z
  .object({
    family: z.object({ key: z.string(), label: z.string() }),
    ...Counts,
    askedOf: z.array(z.string()).nullable().describe('The references of the respondents asked; null when everyone was'),
  })
  .meta({ id: 'FamilyBase' });
const BaseBody = z.strictObject({
  askedOf: z
    .array(z.string().trim().max(60, 'A respondent’s reference is 60 characters or fewer'))
    .max(20000, 'List at most 20,000 respondents at once: for more, use the evidence import’s bases.csv')
    .nullable()
    .describe('The references of the respondents asked this family’s question, or null when everyone was'),
});
const Attribute = z.object({ name: z.string(), values: z.array(z.string()).describe('Every value recorded, alphabetically') });

export async function baseRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';

  app.get(
    `${base}/bases`,
    {
      schema: {
        tags,
        summary: 'Who was asked each code family’s question: everyone, or a base of respondents (evaluators and managers)',
        params: EvaluationParams,
        response: { 200: z.object({ data: z.array(BaseSummary), abilities: z.object({ update: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await listBases(db, ctx, e), abilities: { update: canWorkWithRespondents(ctx) } };
    },
  );

  app.get(
    `${base}/bases/:family`,
    {
      schema: {
        tags,
        summary: 'One code family’s base: the respondents asked its question, or everyone (evaluators and managers)',
        params: FamilyParams,
        response: { 200: z.object({ data: FamilyBase }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await getBase(db, ctx, e, req.params.family) };
    },
  );

  app.put(
    `${base}/bases/:family`,
    {
      schema: {
        tags,
        summary:
          'Record who was asked a code family’s question: its figures then count only them (evaluators and managers; replaces the base whole)',
        params: FamilyParams,
        body: BaseBody,
        response: { 200: z.object({ data: FamilyBase }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation, 'evaluator');
      return { data: await setBase(db, ctx, actorOf(req), e, req.params.family, req.body.askedOf) };
    },
  );

  app.get(
    `${base}/attributes`,
    {
      schema: {
        tags,
        summary: 'The respondents’ attributes (name and the values recorded), to group a cross-tab by (the programme’s team)',
        params: EvaluationParams,
        response: { 200: z.object({ data: z.array(Attribute) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await loadEvaluation(db, ctx, req.params.evaluation);
      return { data: await attributeValues(db, ctx, e) };
    },
  );
}
