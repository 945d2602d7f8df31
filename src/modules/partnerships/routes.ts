import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import {
  changeOf,
  ListQuery,
  Uuid,
  actorOf,
  callerOf,
  isoDate,
  listOf,
  optionalText,
  problems,
  recordOf,
  text,
} from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { openProgramme } from '../programmes/context.js';
import { partnershipOrganisations, partnerships } from './schema.js';
import {
  addMember,
  createPartnership,
  getPartnership,
  listPartnerships,
  membershipGrowth,
  updateMember,
  updatePartnership,
} from './service.js';

const IdName = z.object({ id: z.string(), name: z.string() });
const PartnershipRow = z
  .object({
    id: z.string(),
    name: z.string(),
    place: IdName.nullable(),
    leadOrganisation: IdName.nullable(),
    memberCount: z.number().int(),
  })
  .meta({ id: 'PartnershipRow' });
const Member = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    role: z.string(),
    joinedOn: z.string().nullable(),
    leftOn: z.string().nullable(),
    version: Version.optional(),
  })
  .meta({ id: 'PartnershipMember' });
const Partnership = PartnershipRow.extend({
  description: z.string(),
  members: z.array(Member),
  projects: z.array(IdName),
  progressions: z.array(z.object({ phaseNumber: z.number().int(), phaseName: z.string(), progressed: z.boolean(), reason: z.string() })),
  inProgrammeFrom: z.string().describe('The first day the partnership is in the programme'),
  inProgrammeUntil: z.string().nullable().describe('Its last day in the programme; null while it is still in'),
  createdAt: z.string(),
  version: Version.optional(),
}).meta({ id: 'Partnership' });

const partnershipVersion = (id: string): RecordVersion => ({ key: partnerships.id, id, entityType: 'partnership' });
const memberVersion = (id: string): RecordVersion => ({ key: partnershipOrganisations.id, id, entityType: 'partnership_member' });
const Growth = z
  .object({
    partnershipId: z.string(),
    name: z.string(),
    atStart: z.number().int(),
    atEnd: z.number().int(),
    joined: z.number().int(),
    left: z.number().int(),
    grew: z.boolean(),
  })
  .meta({ id: 'MembershipGrowth' });

const PartnershipBody = z.strictObject({
  name: text('the partnership name'),
  placeId: Uuid.nullable().optional(),
  leadOrganisationId: Uuid.nullable().optional(),
  description: optionalText('description').optional(),
  leadJoinedOn: isoDate.optional().describe('When a newly named lead organisation joined; today when left out'),
  inProgrammeFrom: z.iso
    .date({ message: 'Enter the date the partnership joined the programme, for example 1 4 2019' })
    .optional()
    .describe('The first day the partnership is in the programme (returns are expected for periods due from then); today when left out'),
  inProgrammeUntil: z.iso
    .date({ message: 'Enter the date the partnership left the programme, for example 31 3 2024' })
    .nullable()
    .optional()
    .describe('Its last day in the programme, when it has left'),
});
const role = text('a role', 60).describe('Defaults to "member". The role "lead" is set by naming the partnership’s lead organisation.');
const MemberBody = z.strictObject({
  organisationId: Uuid,
  role: role.optional(),
  joinedOn: isoDate.nullable().optional(),
  leftOn: isoDate.nullable().optional(),
});
const MemberChangeBody = z.strictObject({
  role: role.optional(),
  joinedOn: isoDate.nullable().optional(),
  leftOn: isoDate.nullable().optional(),
});

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const PartnershipParams = ProgrammeParams.extend({ partnershipId: Uuid });
const Abilities = z.object({ update: z.boolean() });

export async function partnershipRoutes(app: App, database: Database) {
  const { db } = database;

  const record = async (ctx: Awaited<ReturnType<typeof openProgramme>>, id: string) => ({
    data: await getPartnership(db, ctx, id),
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'partnership', id),
  });
  const RecordAnswer = z.object({ data: Partnership, abilities: Abilities, history: z.array(AuditEventView) });

  app.get(
    '/programmes/:programme/partnerships',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'Partnerships, with their place, lead organisation and current number of member organisations',
        params: ProgrammeParams,
        querystring: ListQuery.extend({ placeId: Uuid.optional() }),
        response: { 200: listOf(PartnershipRow), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('partnerships', req.query), () =>
        listPartnerships(db, ctx, req.query),
      );
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/partnerships',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'Add a partnership (programme managers); a lead organisation also becomes a member with the role "lead"',
        params: ProgrammeParams,
        body: PartnershipBody,
        response: { 201: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = await createPartnership(db, ctx, actorOf(req), req.body);
      return reply.code(201).send(await record(ctx, id));
    },
  );

  // Registered before /:partnershipId so the word is never read as an id.
  app.get(
    '/programmes/:programme/partnerships/membership-growth',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'For one calendar year: each partnership’s members at the start and end, who joined and left, and how many grew',
        params: ProgrammeParams,
        querystring: z.strictObject({
          year: z.coerce
            .number({ message: 'Give the year as four digits, e.g. 2020' })
            .int('Give the year as four digits, e.g. 2020')
            .min(1900)
            .max(2200),
        }),
        response: {
          200: z.object({ data: z.array(Growth), summary: z.object({ grew: z.number().int(), of: z.number().int() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return membershipGrowth(db, ctx, req.query.year);
    },
  );

  app.get(
    '/programmes/:programme/partnerships/:partnershipId',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'A partnership with its members over time, projects, phase progressions and history',
        params: PartnershipParams,
        response: { 200: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, partnershipVersion(req.params.partnershipId));
      return withVersion(await record(ctx, req.params.partnershipId), version);
    },
  );

  app.patch(
    '/programmes/:programme/partnerships/:partnershipId',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'Change a partnership (programme managers); a replaced lead stays on as a member',
        params: PartnershipParams,
        headers: IfMatchHeaders,
        body: changeOf(PartnershipBody),
        response: { 200: RecordAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { partnershipId } = req.params;
      const { result: id, version } = await guardWrite(
        db,
        req,
        reply,
        partnershipVersion(partnershipId),
        (tx) => updatePartnership(tx, ctx, actorOf(req), partnershipId, req.body),
        {
          current: async () => (await record(ctx, partnershipId)).data,
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion(await record(ctx, id), version);
    },
  );

  app.post(
    '/programmes/:programme/partnerships/:partnershipId/members',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'Add an organisation to a partnership, with when it joined and left (programme managers)',
        params: PartnershipParams,
        body: MemberBody,
        response: { 201: recordOf(Member), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const data = await addMember(db, ctx, actorOf(req), req.params.partnershipId, req.body);
      return reply.code(201).send({ data, abilities: { update: true } });
    },
  );

  app.patch(
    '/programmes/:programme/partnerships/:partnershipId/members/:memberId',
    {
      schema: {
        tags: ['partnerships'],
        summary: 'Change a member’s role or dates, e.g. record when it left (programme managers)',
        params: PartnershipParams.extend({ memberId: Uuid }),
        headers: IfMatchHeaders,
        body: changeOf(MemberChangeBody),
        response: { 200: recordOf(Member), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { partnershipId, memberId } = req.params;
      // Each member carries its version in the partnership's members list; that list answers the 409 too.
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        memberVersion(memberId),
        (tx) => updateMember(tx, ctx, actorOf(req), partnershipId, memberId, req.body),
        {
          current: async () => (await record(ctx, partnershipId)).data.members.find((m) => m.id === memberId) ?? {},
          history: false,
        },
      );
      return withVersion({ data: result, abilities: { update: true } }, version);
    },
  );
}
