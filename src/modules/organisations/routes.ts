import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import {
  changeOf,
  ListQuery,
  PageInfo,
  Uuid,
  actorOf,
  callerOf,
  isoDate,
  optionalText,
  problems,
  recordOf,
  text,
} from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { openProgramme } from '../programmes/context.js';
import { ACCEPTED_PREFIXES } from './identifiers.js';
import { ORGANISATION_SIZES, ORGANISATION_STATUSES, organisations } from './schema.js';

const organisationVersion = (id: string): RecordVersion => ({ key: organisations.id, id, entityType: 'organisation' });
import { createOrganisation, getOrganisation, listOrganisations, recordStatus, updateOrganisation } from './service.js';

const Status = z.enum(ORGANISATION_STATUSES, { message: `Status must be one of: ${ORGANISATION_STATUSES.join(', ')}` });
const Size = z.enum(ORGANISATION_SIZES, { message: `Size must be one of: ${ORGANISATION_SIZES.join(', ')}` });

const Organisation = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string().nullable(),
    identifiers: z.array(z.string()),
    size: Size.nullable(),
    status: Status.describe('Current status: the latest by date; active when none is recorded'),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Organisation' });
const StatusEntry = z
  .object({ id: z.string(), status: Status, effectiveOn: z.string(), reason: z.string(), recordedAt: z.string() })
  .meta({ id: 'OrganisationStatus' });
const Membership = z.object({
  id: z.string().describe('The partnership'),
  name: z.string(),
  role: z.string(),
  joinedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  lead: z.boolean(),
});
const OrganisationRecord = Organisation.extend({ statuses: z.array(StatusEntry), partnerships: z.array(Membership) }).meta({
  id: 'OrganisationRecord',
});

const OrganisationBody = z.strictObject({
  name: text('the organisation name'),
  type: z
    .string()
    .trim()
    .max(120, 'Type must be 120 characters or fewer')
    .nullable()
    .optional()
    .describe("A label from the programme's organisation_type vocabulary (any case)"),
  identifiers: z
    .array(z.string().max(100, 'Identifier must be 100 characters or fewer'), { message: 'Identifiers must be a list' })
    .max(20, 'At most 20 identifiers')
    .optional()
    .describe(`org-id identifiers such as GB-CHC-1234567; lists accepted: ${ACCEPTED_PREFIXES.join(', ')}`),
  size: Size.nullable().optional(),
});
const StatusBody = z.strictObject({
  status: Status,
  effectiveOn: isoDate.describe('When the change took effect'),
  reason: optionalText('reason', 2000).optional().describe('Needed for merged and wound_up'),
});
const Params = z.object({ programme: z.string().max(60) });
const OrganisationParams = Params.extend({ organisationId: Uuid });
const OrganisationQuery = ListQuery.extend({
  type: z.string().trim().max(120).optional(),
  status: Status.optional(),
});

export async function organisationRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Organisations in the programme with their current status (a partnership member sees their partnerships’ organisations)',
        params: Params,
        querystring: OrganisationQuery,
        response: {
          200: z.object({ data: z.array(Organisation), page: PageInfo, abilities: z.object({ create: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('organisations', req.query), () =>
        listOrganisations(db, ctx, req.query),
      );
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Add an organisation (programme managers)',
        params: Params,
        body: OrganisationBody,
        response: { 201: recordOf(Organisation), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createOrganisation(db, ctx, actorOf(req), req.body), abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme/organisations/:organisationId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'An organisation with its status timeline, its partnerships and its history',
        params: OrganisationParams,
        response: { 200: recordOf(OrganisationRecord).extend({ history: z.array(AuditEventView) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, organisationVersion(req.params.organisationId));
      const data = await getOrganisation(db, ctx, req.params.organisationId);
      const history = await recordHistory(db, ctx.access, 'organisation', data.id);
      return withVersion({ data, abilities: { update: ctx.access.canManage }, history }, version);
    },
  );

  app.patch(
    '/programmes/:programme/organisations/:organisationId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Change an organisation (programme managers); identifiers given replace the list',
        params: OrganisationParams,
        headers: IfMatchHeaders,
        body: changeOf(OrganisationBody),
        response: { 200: recordOf(Organisation), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = req.params.organisationId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        organisationVersion(id),
        (tx) => updateOrganisation(tx, ctx, actorOf(req), id, req.body),
        {
          current: () => getOrganisation(db, ctx, id),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result!, abilities: { update: true } }, version);
    },
  );

  app.post(
    '/programmes/:programme/organisations/:organisationId/statuses',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Record a change in an organisation’s life from a date (programme managers); merged and wound_up need a reason',
        params: OrganisationParams,
        body: StatusBody,
        response: {
          201: z.object({ data: StatusEntry, current: Status.describe('The organisation’s status now, after this entry') }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { entry, current } = await recordStatus(db, ctx, actorOf(req), req.params.organisationId, req.body);
      return reply.code(201).send({ data: entry, current });
    },
  );
}
