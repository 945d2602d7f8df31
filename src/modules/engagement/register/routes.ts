import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, changeOf, isoDate, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { openProgramme } from '../../programmes/context.js';
import { checkCandidate, overlapOf, programmeOverlaps } from '../overlaps/service.js';
import { canRecordEngagements } from './access.js';
import { engagementCalendar } from './calendar.js';
import {
  createEngagement,
  deleteEngagement,
  engagementVersion,
  getEngagement,
  listEngagements,
  overlapWindow,
  setOverlapWindow,
  updateEngagement,
} from './service.js';
import { Engagement, EngagementBody, EngagementParams, NewEngagementBody, OverlapCheckQuery, OverlapCluster, Params } from './views.js';

const tags = ['engagement'];
const ListQuery = z.strictObject({
  locality: text('the locality', 120).optional(),
  from: isoDate.optional().describe('Engagements ending on or after this day'),
  to: isoDate.optional().describe('Engagements starting on or before this day'),
  q: z.string().trim().max(200).optional(),
});

const WithOverlap = z.object({
  data: Engagement,
  overlap: OverlapCluster.nullable().describe('The flagged cluster this engagement is in, if any'),
  abilities: z.object({ update: z.boolean() }),
});

export async function engagementRegisterRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/engagements',
    {
      schema: {
        tags,
        summary: 'The engagement register by start date (a partnership member sees their partnerships’ engagements)',
        params: Params,
        querystring: ListQuery,
        response: {
          200: z.object({
            data: z.array(Engagement),
            overlapWindowDays: z.number().int(),
            abilities: z.object({ create: z.boolean(), setWindow: z.boolean() }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const [data, overlapWindowDays] = await Promise.all([listEngagements(db, ctx, req.query), overlapWindow(db, ctx.programme.id)]);
      return { data, overlapWindowDays, abilities: { create: canRecordEngagements(ctx), setWindow: ctx.access.canManage } };
    },
  );

  app.get(
    '/programmes/:programme/engagements/calendar.ics',
    {
      schema: {
        tags,
        summary: 'The engagement calendar as an iCalendar file, for the programme or one locality',
        params: Params,
        querystring: ListQuery,
        produces: ['text/calendar'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const list = await listEngagements(db, ctx, req.query);
      const name = req.query.locality
        ? `${ctx.programme.name}: engagements in ${req.query.locality}`
        : `${ctx.programme.name}: engagements`;
      const file = `${ctx.programme.slug}-engagements${req.query.locality ? `-${list[0]?.localitySlug ?? 'locality'}` : ''}.ics`;
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(engagementCalendar(name, list, req.hostname.replace(/:\d+$/, '') || 'cairn'));
    },
  );

  app.get(
    '/programmes/:programme/engagements/overlap-check',
    {
      schema: {
        tags,
        summary: 'Would an engagement not yet saved overlap others? The flagged cluster it would join, if any',
        params: Params,
        querystring: OverlapCheckQuery,
        response: { 200: z.object({ data: OverlapCluster.nullable() }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const q = req.query;
      const data = await checkCandidate(db, ctx, {
        ...q,
        leadPartner: q.leadPartner ?? '',
        topics: q.topics.split(';'),
      });
      return { data };
    },
  );

  app.get(
    '/programmes/:programme/engagement-overlaps',
    {
      schema: {
        tags,
        summary:
          'Clusters of engagements that risk consulting the same people on the same thing, flagged when two or more lead partners are in one',
        params: Params,
        response: {
          200: z.object({ data: z.object({ windowDays: z.number().int(), clusters: z.array(OverlapCluster) }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await programmeOverlaps(db, ctx) };
    },
  );

  app.get(
    '/programmes/:programme/engagement-settings',
    {
      schema: {
        tags,
        summary: 'The programme’s overlap window (days)',
        params: Params,
        response: {
          200: z.object({ data: z.object({ overlapWindowDays: z.number().int() }), abilities: z.object({ update: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: { overlapWindowDays: await overlapWindow(db, ctx.programme.id) }, abilities: { update: ctx.access.canManage } };
    },
  );

  app.put(
    '/programmes/:programme/engagement-settings',
    {
      schema: {
        tags,
        summary: 'Set the overlap window: engagements this many days apart or fewer still overlap (programme managers)',
        params: Params,
        body: z.strictObject({
          overlapWindowDays: z
            .number({ message: 'Enter the window as a whole number of days' })
            .int('Enter the window as a whole number of days')
            .min(0, 'The window cannot be negative')
            .max(366, 'The window must be 366 days or fewer'),
        }),
        response: {
          200: z.object({ data: z.object({ overlapWindowDays: z.number().int() }), abilities: z.object({ update: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await setOverlapWindow(db, ctx, actorOf(req), req.body.overlapWindowDays), abilities: { update: true } };
    },
  );

  app.post(
    '/programmes/:programme/engagements',
    {
      schema: {
        tags,
        summary: 'Record an engagement (a partnership member for their partnership; programme managers); says if it overlaps others',
        params: Params,
        body: NewEngagementBody,
        response: { 201: WithOverlap, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await createEngagement(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data, overlap: await overlapOf(db, ctx, data), abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme/engagements/:engagementId',
    {
      schema: {
        tags,
        summary: 'An engagement, the overlap it is in (if any), and its history',
        params: EngagementParams,
        response: { 200: WithOverlap.extend({ history: z.array(AuditEventView) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, engagementVersion(req.params.engagementId));
      const data = await getEngagement(db, ctx, req.params.engagementId);
      const [overlap, history] = await Promise.all([overlapOf(db, ctx, data), recordHistory(db, ctx.access, 'engagement', data.id)]);
      return { ...withVersion({ data, abilities: { update: data.canChange } }, version), overlap, history };
    },
  );

  app.patch(
    '/programmes/:programme/engagements/:engagementId',
    {
      schema: {
        tags,
        summary: 'Change an engagement (its partnership’s members; programme managers)',
        params: EngagementParams,
        headers: IfMatchHeaders,
        body: changeOf(EngagementBody),
        response: { 200: WithOverlap, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = req.params.engagementId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        engagementVersion(id),
        (tx) => updateEngagement(tx, ctx, actorOf(req), id, req.body),
        {
          current: () => getEngagement(db, ctx, id),
          history: ctx.access.canSeeAudit,
        },
      );
      return { ...withVersion({ data: result!, abilities: { update: true } }, version), overlap: await overlapOf(db, ctx, result!) };
    },
  );

  app.delete(
    '/programmes/:programme/engagements/:engagementId',
    {
      schema: {
        tags,
        summary: 'Remove an engagement with its self-assessments, feedback and “you said, we did” (its partnership’s members; managers)',
        params: EngagementParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await deleteEngagement(db, ctx, actorOf(req), req.params.engagementId);
      return reply.code(204).send(null);
    },
  );
}
