import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, optionalText, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { NATIONAL_STANDARDS, RATINGS } from '../domain/standards.js';
import { EngagementParams, Params } from '../register/views.js';
import { portfolio, rateEngagement, selfAssessments } from './service.js';

const tags = ['engagement'];
const StandardRating = z.object({
  standard: z.enum(NATIONAL_STANDARDS),
  rating: z.enum(RATINGS),
  evidence: z.string(),
  indicators: z.string().describe('“How will we know”: what the partner will look for'),
});
const Cycle = z
  .object({ cycle: z.number().int(), ratedOn: z.string(), ratings: z.array(StandardRating) })
  .meta({ id: 'SelfAssessmentCycle' });

export async function standardsRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/engagements/:engagementId/self-assessments',
    {
      schema: {
        tags,
        summary: 'An engagement’s self-assessments against the seven National Standards, latest cycle first',
        params: EngagementParams,
        response: { 200: z.object({ data: z.array(Cycle) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await selfAssessments(db, ctx, req.params.engagementId) };
    },
  );

  app.put(
    '/programmes/:programme/engagements/:engagementId/self-assessments/:cycle',
    {
      schema: {
        tags,
        summary: 'Rate an engagement on the National Standards for one cycle, replacing that cycle’s ratings (cycles go 1, 2, …)',
        params: EngagementParams.extend({ cycle: z.coerce.number({ message: 'The cycle must be a whole number' }).int().min(1).max(1000) }),
        body: z.strictObject({
          ratings: z
            .array(
              z.strictObject({
                standard: z.enum(NATIONAL_STANDARDS, { error: 'Choose a National Standard' }),
                rating: z.enum(RATINGS, { error: 'Choose how well the engagement meets the standard' }),
                evidence: optionalText('the evidence', 4000).optional(),
                indicators: optionalText('how you will know', 4000).optional(),
              }),
            )
            .min(1, 'Rate at least one standard')
            .max(NATIONAL_STANDARDS.length, 'Rate each standard once'),
        }),
        response: { 200: z.object({ data: Cycle }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return {
        data: await rateEngagement(db, ctx, actorOf(req), req.params.engagementId, { cycle: req.params.cycle, ratings: req.body.ratings }),
      };
    },
  );

  app.get(
    '/programmes/:programme/engagement-standards',
    {
      schema: {
        tags,
        summary: 'Strengths and gaps against the National Standards by lead partner and standard, over each engagement’s latest cycle',
        params: Params,
        response: {
          200: z.object({
            data: z.object({
              engagementsAssessed: z.number().int(),
              standards: z.array(z.enum(NATIONAL_STANDARDS)),
              cells: z.array(
                z.object({
                  partner: z.string(),
                  standard: z.enum(NATIONAL_STANDARDS),
                  rated: z.number().int(),
                  strengths: z.number().int().describe('Rated largely or fully'),
                  gaps: z.number().int().describe('Rated not yet or partly'),
                  byRating: z.record(z.enum(RATINGS), z.number().int()),
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
      return { data: { ...(await portfolio(db, ctx)), standards: [...NATIONAL_STANDARDS] } };
    },
  );
}
