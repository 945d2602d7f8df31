import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { callerOf, problems } from '../../http/route-kit.js';
import { PROGRAMME_ROLES } from '../accounts/schema.js';
import { homeFor } from './service.js';

const ProgrammeRef = z.object({ slug: z.string(), name: z.string() });
const Count = z.number().int();

const ReturnTask = z.object({
  programme: ProgrammeRef,
  partnership: z.object({ id: z.string(), name: z.string() }),
  period: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string(), dueOn: z.string() }),
  returnId: z.string().nullable().describe('null: nobody has started the return yet'),
  status: z.enum(['not_started', 'draft', 'returned']),
  reviewComment: z.string().describe('The reviewer’s words, when the return was sent back'),
  overdue: z.boolean(),
});

const ReviewTasks = z.object({
  programme: ProgrammeRef,
  submitted: z.object({
    total: Count,
    returns: z
      .array(
        z.object({
          id: z.string(),
          partnership: z.object({ id: z.string(), name: z.string() }),
          period: z.object({ id: z.string(), label: z.string() }),
          submittedAt: z.string().nullable(),
        }),
      )
      .describe('The oldest waiting first, ten at most'),
  }),
  overdue: z
    .array(z.object({ period: z.object({ id: z.string(), label: z.string(), dueOn: z.string() }), partnerships: Count }))
    .describe('Periods past their due date with partnerships expected to report that have not'),
  imported: z
    .array(z.object({ period: z.object({ id: z.string(), label: z.string() }), returns: Count, importedAt: z.string().nullable() }))
    .describe('Returns a spreadsheet import submitted, waiting for a manager to accept or return them'),
});

const EvaluationTasks = z.object({
  programme: ProgrammeRef,
  evaluations: z.array(
    z.object({
      evaluation: z.object({ id: z.string(), slug: z.string(), title: z.string(), blindCoding: z.boolean() }),
      respondents: Count.describe('Respondents with consent given'),
      uncodedRespondents: z.object({ total: Count, first: z.array(z.object({ id: z.string(), ref: z.string() })) }),
      transcripts: Count,
      uncodedTranscripts: z.object({ total: Count, first: z.array(z.object({ id: z.string(), title: z.string() })) }),
      agreement: z
        .object({ codedByTwoOrMore: Count, codedByOneOnly: Count, codedByOthersNotYou: Count })
        .nullable()
        .describe('While blind coding is on (a round for an agreement check): how far the coders’ overlap has come'),
    }),
  ),
});

const Home = z
  .object({
    name: z.string(),
    isAdmin: z.boolean(),
    programmes: z.array(ProgrammeRef.extend({ role: z.enum([...PROGRAMME_ROLES, 'partnership_member']) })),
    returns: z.array(ReturnTask).nullable().describe('A partnership member’s returns to do; null when they belong to no partnership'),
    review: z.array(ReviewTasks).nullable().describe('A programme manager’s, by programme; null when they manage none'),
    evaluation: z.array(EvaluationTasks).nullable().describe('An evaluator’s, by programme; null when they evaluate none'),
    invitations: z
      .object({
        outstanding: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            email: z.string(),
            programme: z.string().nullable(),
            role: z.string().nullable(),
            expiresAt: z.string(),
          }),
        ),
        expired: Count,
      })
      .nullable()
      .describe('An administrator’s; null for everyone else'),
    nothingToDo: z.boolean(),
  })
  .meta({ id: 'Home' });

export async function homeRoutes(app: App, database: Database) {
  const { db } = database;
  app.get(
    '/home',
    {
      schema: {
        tags: ['home'],
        summary: 'What the caller has to do next, for each role they hold (each section only within their own scope)',
        response: { 200: z.object({ data: Home }), ...problems },
      },
    },
    async (req) => ({ data: await homeFor(db, callerOf(req)) }),
  );
}
