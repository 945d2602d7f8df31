import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { EngagementParams } from '../register/views.js';
import { ANSWERS } from './schema.js';
import { feedbackSummary } from './service.js';

export async function feedbackRoutes(app: App, database: Database) {
  const { db } = database;
  app.get(
    '/programmes/:programme/engagements/:engagementId/feedback',
    {
      schema: {
        tags: ['engagement'],
        summary: 'What participants said about an engagement, in total only; nothing below the smallest group shown',
        params: EngagementParams,
        response: {
          200: z.object({
            data: z.object({
              responses: z.number().int().nullable().describe('Null when there are too few answers to show'),
              fewerThan: z.number().int().nullable().describe('Set when the answers are too few to show: there are fewer than this many'),
              questions: z.array(
                z.object({
                  key: z.string(),
                  question: z.string(),
                  answers: z.array(z.object({ answer: z.enum(ANSWERS), label: z.string(), count: z.number().int() })),
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
      return { data: await feedbackSummary(db, ctx, req.params.engagementId) };
    },
  );
}
