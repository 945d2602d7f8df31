import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, guardWrite, withVersion } from '../../../http/versions.js';
import { NotFound } from '../../../errors.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { eventRecord } from '../versions.js';
import { createEvent, listEvents, setAttendance, updateEvent } from './events.js';
import { CONTACT_TYPES, CREDIT_KINDS } from './schema.js';
import { deleteContact, deleteCredit, listContacts, listCredit, logContact, recordCredit } from './service.js';

const Params = z.object({ programme: z.string().max(60) });
const Filter = z.strictObject({ partnershipId: Uuid.optional() });
const Created = z.object({ data: z.object({ id: z.string() }) });
const Versioned = z.object({ data: z.object({ id: z.string(), version: Version.optional() }) });

const Contact = z
  .object({
    id: z.string(),
    partnershipId: z.string(),
    partnershipName: z.string(),
    providerName: z.string().nullable(),
    contactOn: z.string(),
    minutes: z.number(),
    type: z.string(),
    topic: z.string(),
    notes: z.string(),
  })
  .meta({ id: 'SupportContact' });
const ContactBody = z.strictObject({
  partnershipId: Uuid,
  providerId: Uuid.nullable().optional().describe('Default: the caller’s own support provider'),
  contactOn: isoDate,
  minutes: z
    .number()
    .int()
    .min(0, 'The time cannot be negative')
    .max(14 * 24 * 60, 'The time must be 14 days or less')
    .describe('Time in whole minutes'),
  type: text('the type of support', 60).describe(`One of ${CONTACT_TYPES.join(', ')}, or the programme’s own word`),
  topic: optionalText('the topic', 200).optional(),
  notes: optionalText('the notes', 5000).optional(),
});

const Credit = z
  .object({
    id: z.string(),
    partnershipId: z.string(),
    partnershipName: z.string(),
    kind: z.enum(CREDIT_KINDS),
    entryOn: z.string(),
    amountPence: z.number(),
    dayHundredths: z.number().nullable(),
    commitmentId: z.string().nullable(),
    purpose: z.string(),
    approvedBy: z.string(),
  })
  .meta({ id: 'SupportCredit' });
const common = {
  partnershipId: Uuid,
  entryOn: isoDate,
  purpose: optionalText('the purpose', 500).optional(),
  approvedBy: optionalText('who approved it', 200).optional(),
};
const CreditBody = z.union([
  z.strictObject({
    ...common,
    kind: z.enum(['spend', 'commitment']),
    amountPence: z.number().int().min(1, 'Enter the amount, more than £0').max(100_000_000),
    commitmentId: Uuid.nullable().optional().describe('A spend that settles one of the partnership’s commitments'),
  }),
  z.strictObject({
    ...common,
    kind: z.enum(['from_days', 'to_days']).describe('from_days: facilitator days traded for credit; to_days: credit traded for days'),
    dayHundredths: z
      .number()
      .int()
      .min(1, 'Enter the days to trade, more than 0')
      .max(100_000)
      .describe('Days × 100; the amount is these days at the day rate'),
  }),
]);

const Event = z
  .object({
    id: z.string(),
    name: z.string(),
    heldOn: z.string(),
    place: z.string(),
    costPence: z.number(),
    notes: z.string(),
    agreedActions: z.string(),
    version: Version.optional().describe('For programme managers: the event’s version, covering its attendance (If-Match)'),
    attendance: z.array(
      z.object({ name: z.string(), partnershipId: z.string().nullable(), organisationId: z.string().nullable(), people: z.number() }),
    ),
  })
  .meta({ id: 'SupportEvent' });
const EventBody = z.strictObject({
  name: text('the event’s name'),
  heldOn: isoDate,
  place: optionalText('the place', 200).optional(),
  costPence: z.number().int().min(0, 'The cost cannot be negative').max(100_000_000).optional(),
  notes: optionalText('the notes', 5000).optional(),
  agreedActions: optionalText('the agreed actions', 5000).optional(),
});
const People = z.strictObject({ people: z.number().int().min(0, 'The number of people cannot be negative').max(100_000) });

export async function supportLogRoutes(app: App, database: Database) {
  const { db } = database;
  const tags = ['support'];
  /** An event as the list shows it to the caller, for an edit conflict; refused as missing first. */
  const eventAsListed = async (ctx: ProgrammeContext, eventId: string) => {
    const find = async () => {
      const e = (await listEvents(db, ctx)).find((x) => x.id === eventId);
      if (!e) throw new NotFound('That event');
      return e as Record<string, unknown>;
    };
    await find();
    return find;
  };

  app.get(
    '/programmes/:programme/support/contacts',
    {
      schema: {
        tags,
        summary: 'The contact log, newest first (500 at most); a partnership member sees their own',
        params: Params,
        querystring: Filter,
        response: { 200: z.object({ data: z.array(Contact) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listContacts(db, ctx, req.query.partnershipId) };
    },
  );
  app.post(
    '/programmes/:programme/support/contacts',
    {
      schema: {
        tags,
        summary: 'Log a contact (programme managers; facilitators for partnerships they are assigned to)',
        params: Params,
        body: ContactBody,
        response: { 201: Created, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await logContact(db, ctx, callerOf(req), actorOf(req), req.body) });
    },
  );
  app.delete(
    '/programmes/:programme/support/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Remove a contact logged by mistake (as for logging it)',
        params: Params.extend({ contactId: Uuid }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await deleteContact(db, ctx, callerOf(req), actorOf(req), req.params.contactId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/programmes/:programme/support/credit',
    {
      schema: {
        tags,
        summary: 'The credit ledger, newest first (500 at most); a partnership member sees their own',
        params: Params,
        querystring: Filter,
        response: { 200: z.object({ data: z.array(Credit) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listCredit(db, ctx, req.query.partnershipId) };
    },
  );
  app.post(
    '/programmes/:programme/support/credit',
    {
      schema: {
        tags,
        summary: 'Record a credit spend, commitment or transfer between days and credit at the day rate (as for contacts)',
        params: Params,
        body: CreditBody,
        response: { 201: z.object({ data: z.object({ id: z.string(), amountPence: z.number() }) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await recordCredit(db, ctx, callerOf(req), actorOf(req), req.body) });
    },
  );
  app.delete(
    '/programmes/:programme/support/credit/:creditId',
    {
      schema: {
        tags,
        summary: 'Remove a credit entry recorded by mistake (as for recording it)',
        params: Params.extend({ creditId: Uuid }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await deleteCredit(db, ctx, callerOf(req), actorOf(req), req.params.creditId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/programmes/:programme/support/events',
    {
      schema: {
        tags,
        summary: 'Networking and learning events with who came (a partnership member sees their own attendance)',
        params: Params,
        response: { 200: z.object({ data: z.array(Event), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listEvents(db, ctx), abilities: { create: ctx.access.canManage } };
    },
  );
  app.post(
    '/programmes/:programme/support/events',
    {
      schema: {
        tags,
        summary: 'Add an event (programme managers)',
        params: Params,
        body: EventBody,
        response: { 201: Created, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const e = await createEvent(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data: { id: e!.id } });
    },
  );
  app.patch(
    '/programmes/:programme/support/events/:eventId',
    {
      schema: {
        tags,
        summary: 'Change an event (programme managers)',
        params: Params.extend({ eventId: Uuid }),
        headers: IfMatchHeaders,
        body: changeOf(EventBody),
        response: { 200: Versioned, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { eventId } = req.params;
      const { version } = await guardWrite(
        db,
        req,
        reply,
        eventRecord(eventId),
        (tx) => updateEvent(tx, ctx, actorOf(req), eventId, req.body),
        { current: await eventAsListed(ctx, eventId), history: ctx.access.canSeeAudit },
      );
      return withVersion({ data: { id: eventId } }, version);
    },
  );
  app.put(
    '/programmes/:programme/support/events/:eventId/partnerships/:partnershipId',
    {
      schema: {
        tags,
        summary: 'How many came from a partnership (0: nobody) (programme managers)',
        params: Params.extend({ eventId: Uuid, partnershipId: Uuid }),
        headers: IfMatchHeaders.describe('The event’s version (its attendance is part of it)'),
        body: People,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { eventId } = req.params;
      await guardWrite(
        db,
        req,
        reply,
        eventRecord(eventId),
        (tx) => setAttendance(tx, ctx, actorOf(req), eventId, { partnershipId: req.params.partnershipId, people: req.body.people }),
        { current: await eventAsListed(ctx, eventId), history: ctx.access.canSeeAudit },
      );
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/programmes/:programme/support/events/:eventId/organisations/:organisationId',
    {
      schema: {
        tags,
        summary: 'How many came from an organisation (0: nobody) (programme managers)',
        params: Params.extend({ eventId: Uuid, organisationId: Uuid }),
        headers: IfMatchHeaders.describe('The event’s version (its attendance is part of it)'),
        body: People,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { eventId } = req.params;
      await guardWrite(
        db,
        req,
        reply,
        eventRecord(eventId),
        (tx) => setAttendance(tx, ctx, actorOf(req), eventId, { organisationId: req.params.organisationId, people: req.body.people }),
        { current: await eventAsListed(ctx, eventId), history: ctx.access.canSeeAudit },
      );
      return reply.code(204).send(null);
    },
  );
}
