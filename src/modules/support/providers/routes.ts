import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { Forbidden } from '../../../errors.js';
import { openProgramme } from '../../programmes/context.js';
import { listAllowances, setAllowance, settingsOf, updateSettings } from './allowances.js';
import { SUPPORT_ROLES } from './schema.js';
import { assignProvider, createProvider, listProviders, unassignProvider, updateProvider } from './service.js';

const Params = z.object({ programme: z.string().max(60) });
const ProviderParams = Params.extend({ providerId: Uuid });
const AssignParams = ProviderParams.extend({ partnershipId: Uuid });
const PartnershipParams = Params.extend({ partnershipId: Uuid });

const Provider = z
  .object({
    id: z.string(),
    role: z.string(),
    name: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
    email: z.string(),
    person: z.object({ id: z.string(), name: z.string() }).nullable(),
    regions: z.string(),
    notes: z.string(),
    covers: z.array(
      z.object({
        id: z.string(),
        partnershipId: z.string(),
        partnershipName: z.string(),
        contactName: z.string(),
        contactEmail: z.string(),
      }),
    ),
  })
  .meta({ id: 'SupportProvider' });

const ProviderBody = z.strictObject({
  role: text('the role', 60).describe(`One of ${SUPPORT_ROLES.join(', ')}, or the programme’s own word`),
  name: text('the name'),
  organisationId: Uuid.nullable().optional(),
  email: z.union([z.email('Enter an email address like name@example.org'), z.literal('')]).optional(),
  userId: Uuid.nullable().optional().describe('A Cairn account with a role in this programme (a facilitator logs support)'),
  regions: optionalText('the regions', 500).optional(),
  notes: optionalText('the notes').optional(),
});
const AssignBody = z.strictObject({
  contactName: optionalText('the contact’s name', 200).optional(),
  contactEmail: z.union([z.email('Enter an email address like name@example.org'), z.literal('')]).optional(),
});
const Settings = z
  .object({
    minutesPerDay: z.number().int().min(60, 'A facilitator day is at least 1 hour').max(1440, 'A facilitator day is at most 24 hours'),
    contactWeeks: z.number().int().min(1, 'Weeks without contact must be at least 1').max(104),
    recommendedDaysPerYear: z.number().int().min(0).max(365),
    creditTimeSharePercent: z.number().int().min(0).max(100),
  })
  .meta({ id: 'SupportSettings' });
const AllowanceBody = z
  .strictObject({
    startOn: isoDate.describe('First day of support'),
    endOn: isoDate.describe('Last day of support'),
    dayHundredths: z.number().int().min(0, 'Days allowed cannot be negative').max(100_000).describe('Days allowed × 100 (24.5 days: 2450)'),
    creditAllowedPence: z.number().int().min(0, 'Credit allowed cannot be negative').max(100_000_000),
    dayRatePence: z.number().int().min(0, 'The day rate cannot be negative').max(1_000_000),
  })
  .refine((a) => a.endOn >= a.startOn, { path: ['endOn'], message: 'The end of support must be on or after its start' });
const Allowance = z.object({
  partnershipId: z.string(),
  partnershipName: z.string(),
  allowance: z
    .object({ startOn: z.string(), endOn: z.string(), daysAllowed: z.number(), creditAllowedPence: z.number(), dayRatePence: z.number() })
    .nullable(),
});

export async function supportProviderRoutes(app: App, database: Database) {
  const { db } = database;
  const tags = ['support'];

  app.get(
    '/programmes/:programme/support/providers',
    {
      schema: {
        tags,
        summary: 'Support providers and the partnerships each covers (a partnership member sees those covering their partnerships)',
        params: Params,
        response: { 200: z.object({ data: z.array(Provider), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listProviders(db, ctx), abilities: { create: ctx.access.canManage } };
    },
  );

  app.post(
    '/programmes/:programme/support/providers',
    {
      schema: {
        tags,
        summary: 'Add a support provider (programme managers)',
        params: Params,
        body: ProviderBody,
        response: { 201: z.object({ data: z.object({ id: z.string() }) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const p = await createProvider(db, ctx, actorOf(req), req.body);
      return reply.code(201).send({ data: { id: p!.id } });
    },
  );

  app.patch(
    '/programmes/:programme/support/providers/:providerId',
    {
      schema: {
        tags,
        summary: 'Change a support provider (programme managers)',
        params: ProviderParams,
        body: changeOf(ProviderBody),
        response: { 200: z.object({ data: z.object({ id: z.string() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const p = await updateProvider(db, ctx, actorOf(req), req.params.providerId, req.body);
      return { data: { id: p!.id } };
    },
  );

  app.put(
    '/programmes/:programme/support/providers/:providerId/partnerships/:partnershipId',
    {
      schema: {
        tags,
        summary: 'The provider covers this partnership, with a named contact there (programme managers)',
        params: AssignParams,
        body: AssignBody,
        response: { 200: z.object({ data: z.object({ id: z.string(), partnershipName: z.string() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const a = await assignProvider(db, ctx, actorOf(req), req.params.providerId, {
        partnershipId: req.params.partnershipId,
        ...req.body,
      });
      return { data: { id: a!.id, partnershipName: a!.partnershipName } };
    },
  );

  app.delete(
    '/programmes/:programme/support/providers/:providerId/partnerships/:partnershipId',
    {
      schema: {
        tags,
        summary: 'The provider no longer covers this partnership (programme managers)',
        params: AssignParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await unassignProvider(db, ctx, actorOf(req), req.params.providerId, req.params.partnershipId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/programmes/:programme/support/settings',
    {
      schema: {
        tags,
        summary: 'Hours in a facilitator day and the warnings’ thresholds',
        params: Params,
        response: { 200: z.object({ data: Settings, abilities: z.object({ update: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await settingsOf(db, ctx.programme.id), abilities: { update: ctx.access.canManage } };
    },
  );

  app.put(
    '/programmes/:programme/support/settings',
    {
      schema: {
        tags,
        summary: 'Change the support settings (programme managers)',
        params: Params,
        body: Settings.partial().strict(),
        response: { 200: z.object({ data: Settings }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateSettings(db, ctx, actorOf(req), req.body) };
    },
  );

  app.get(
    '/programmes/:programme/support/allowances',
    {
      schema: {
        tags,
        summary: 'Each partnership’s support allowance (a partnership member sees their own)',
        params: Params,
        response: { 200: z.object({ data: z.array(Allowance), abilities: z.object({ update: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listAllowances(db, ctx), abilities: { update: ctx.access.canManage } };
    },
  );

  app.put(
    '/programmes/:programme/support/allowances/:partnershipId',
    {
      schema: {
        tags,
        summary: 'Set a partnership’s support allowance (programme managers)',
        params: PartnershipParams,
        body: AllowanceBody,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can set allowances.');
      await setAllowance(db, ctx, actorOf(req), req.params.partnershipId, req.body);
      return reply.code(204).send(null);
    },
  );
}
