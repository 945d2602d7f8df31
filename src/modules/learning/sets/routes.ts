/** Action-learning sets over HTTP: sets, their sessions, and partnerships' actions with their follow-up. */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { ACTION_LEVELS, ACTION_STATUSES, CASE_STUDY_STATUSES, PRIORITIES } from '../domain/vocab.js';
import { addAction, addSession, canRunSets, createSet, getSet, listSets, updateAction, updateSession, updateSet } from './service.js';

const tags = ['learning'];
const Params = z.object({ programme: z.string().max(60) });
const SetParams = Params.extend({ setId: Uuid });
const Named = z.object({ id: z.string(), name: z.string() });

const LearningSet = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    learning: z.string(),
    partnerships: z.array(Named),
    sessions: z.array(
      z.object({ id: z.string(), heldOn: z.string(), title: z.string(), attendees: z.array(z.string()), notes: z.string() }),
    ),
    actions: z.array(
      z.object({
        id: z.string(),
        partnership: Named,
        sessionId: z.string().nullable().describe('The session it was agreed at'),
        level: z
          .enum(ACTION_LEVELS)
          .describe('by_us: the partnership itself; with_us: locally or regionally, with others; for_us: national bodies'),
        action: z.string(),
        priority: z.enum(PRIORITIES),
        status: z.enum(ACTION_STATUSES),
        followUp: z.string().describe('What came of it'),
        followUpOn: z.string().nullable(),
        abilities: z.object({ update: z.boolean() }),
      }),
    ),
    caseStudies: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(CASE_STUDY_STATUSES) })),
    abilities: z.object({ update: z.boolean(), addAction: z.boolean() }),
  })
  .meta({ id: 'LearningSet' });
const SetSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  partnerships: z.array(Named),
  sessions: z.number().int(),
  lastSessionOn: z.string().nullable(),
  openActions: z.number().int(),
});

const SetBody = z.strictObject({
  name: text('the name of the set', 120),
  description: optionalText('the description', 2000).optional(),
  learning: optionalText('what the set is learning', 20_000).optional(),
  partnershipIds: z.array(Uuid).max(100).optional(),
});
const SetChange = changeOf(
  SetBody.extend({
    caseStudyIds: z
      .array(Uuid)
      .max(500)
      .describe('Every case study the set produced, of those the caller can see; any other it named is let go'),
  }),
);
const SessionBody = z.strictObject({
  heldOn: isoDate,
  title: text('the session’s title', 200),
  attendees: z.array(z.string().trim().min(1).max(200)).max(200).optional().describe('Who attended, one entry each'),
  notes: optionalText('the notes', 20_000).optional(),
});
const ActionBody = z.strictObject({
  partnershipId: Uuid,
  sessionId: Uuid.nullable().optional(),
  level: z.enum(ACTION_LEVELS, { message: 'Choose by us, with us or for us' }),
  action: text('the action', 1000),
  priority: z.enum(PRIORITIES, { message: 'Choose high, medium or low' }).optional(),
  status: z.enum(ACTION_STATUSES, { message: 'Choose open, done or dropped' }).optional(),
  followUp: optionalText('what came of it', 5000).optional(),
  followUpOn: isoDate.nullable().optional(),
});
const one = { 200: z.object({ data: LearningSet }), ...problems };

export async function learningSetRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/learning-sets',
    {
      schema: {
        tags,
        summary: 'Action-learning sets: the programme’s team sees all, a partnership’s members the sets their partnership is in',
        params: Params,
        response: { 200: z.object({ data: z.array(SetSummary), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listSets(db, ctx), abilities: { create: canRunSets(ctx) } };
    },
  );

  app.post(
    '/programmes/:programme/learning-sets',
    {
      schema: {
        tags,
        summary: 'Start an action-learning set of partnerships (managers and facilitators)',
        params: Params,
        body: SetBody,
        response: { 201: z.object({ data: LearningSet }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createSet(db, ctx, actorOf(req), req.body) });
    },
  );

  app.get(
    '/programmes/:programme/learning-sets/:setId',
    {
      schema: {
        tags,
        summary: 'A set with its partnerships, sessions, actions and the case studies it produced',
        params: SetParams,
        response: one,
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await getSet(db, ctx, req.params.setId) };
    },
  );

  app.patch(
    '/programmes/:programme/learning-sets/:setId',
    {
      schema: {
        tags,
        summary: 'Change a set: its name, partnerships, what it is learning, the case studies it produced (managers and facilitators)',
        params: SetParams,
        body: SetChange,
        response: one,
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateSet(db, ctx, actorOf(req), req.params.setId, req.body) };
    },
  );

  app.post(
    '/programmes/:programme/learning-sets/:setId/sessions',
    {
      schema: {
        tags,
        summary: 'Record a session: its date, who attended, notes (managers and facilitators)',
        params: SetParams,
        body: SessionBody,
        response: { 201: z.object({ data: LearningSet }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await addSession(db, ctx, actorOf(req), req.params.setId, req.body) });
    },
  );

  app.patch(
    '/programmes/:programme/learning-sets/:setId/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Change a session’s record',
        params: SetParams.extend({ sessionId: Uuid }),
        body: changeOf(SessionBody),
        response: one,
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateSession(db, ctx, actorOf(req), req.params.setId, req.params.sessionId, req.body) };
    },
  );

  app.post(
    '/programmes/:programme/learning-sets/:setId/actions',
    {
      schema: {
        tags,
        summary:
          'Record an action a partnership committed to: by us, with us or for us, with its priority (the set’s runners, or the partnership’s members)',
        params: SetParams,
        body: ActionBody,
        response: { 201: z.object({ data: LearningSet }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await addAction(db, ctx, actorOf(req), req.params.setId, req.body) });
    },
  );

  app.patch(
    '/programmes/:programme/learning-sets/:setId/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Follow up an action: what came of it, its status',
        params: SetParams.extend({ actionId: Uuid }),
        body: changeOf(ActionBody),
        response: one,
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateAction(db, ctx, actorOf(req), req.params.setId, req.params.actionId, req.body) };
    },
  );
}
