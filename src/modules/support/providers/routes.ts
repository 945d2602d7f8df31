import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { Forbidden, NotFound } from '../../../errors.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { listAllowances, setAllowance, settingsOf, updateSettings } from './allowances.js';
import { allowanceRecord, providerRecord, settingsRecord } from '../versions.js';
import { SUPPORT_ROLES } from './schema.js';
import { assignProvider, createProvider, listProviders, programmePeople, unassignProvider, updateProvider } from './service.js';

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
    version: Version.optional().describe('For programme managers: the provider’s version, covering whom it covers (If-Match)'),
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
    .object({
      startOn: z.string(),
      endOn: z.string(),
      daysAllowed: z.number(),
      creditAllowedPence: z.number(),
      dayRatePence: z.number(),
      version: Version.describe('The allowance’s version: send it in If-Match on its PUT'),
    })
    .nullable(),
});

export async function supportProviderRoutes(app: App, database: Database) {
  const { db } = database;
  const tags = ['support'];
  /** A provider as the list shows it to the caller, for an edit conflict; refused as missing first. */
  const providerAsListed = async (ctx: ProgrammeContext, providerId: string) => {
    const find = async () => {
      const p = (await listProviders(db, ctx)).find((x) => x.id === providerId);
      if (!p) throw new NotFound('That support provider');
      return p as Record<string, unknown>;
    };
    await find();
    return find;
  };

  app.get(
    '/programmes/:programme/support/providers',
    {
      schema: {
        tags,
        summary: 'Support providers and the partnerships each covers (a partnership member sees those covering their partnerships)',
        params: Params,
        response: {
          200: z.object({
            data: z.array(Provider),
            people: z
              .array(z.object({ id: z.string(), name: z.string(), role: z.string() }))
              .describe('For programme managers: the people with a role in the programme, whom a provider may be linked to'),
            abilities: z.object({ create: z.boolean() }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listProviders(db, ctx), people: await programmePeople(db, ctx), abilities: { create: ctx.access.canManage } };
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
        headers: IfMatchHeaders,
        body: changeOf(ProviderBody),
        response: { 200: z.object({ data: z.object({ id: z.string(), version: Version.optional() }) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { providerId } = req.params;
      const current = await providerAsListed(ctx, providerId);
      const { version } = await guardWrite(
        db,
        req,
        reply,
        providerRecord(providerId),
        (tx) => updateProvider(tx, ctx, actorOf(req), providerId, req.body),
        { current, history: ctx.access.canSeeAudit },
      );
      return withVersion({ data: { id: providerId } }, version);
    },
  );

  app.put(
    '/programmes/:programme/support/providers/:providerId/partnerships/:partnershipId',
    {
      schema: {
        tags,
        summary: 'The provider covers this partnership, with a named contact there (programme managers)',
        params: AssignParams,
        headers: IfMatchHeaders.describe('The provider’s version (whom it covers is part of it)'),
        body: AssignBody,
        response: {
          200: z.object({ data: z.object({ id: z.string(), partnershipName: z.string(), version: Version.optional() }) }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { providerId } = req.params;
      const current = await providerAsListed(ctx, providerId);
      const { result: a, version } = await guardWrite(
        db,
        req,
        reply,
        providerRecord(providerId),
        (tx) => assignProvider(tx, ctx, actorOf(req), providerId, { partnershipId: req.params.partnershipId, ...req.body }),
        { current, history: ctx.access.canSeeAudit },
      );
      return withVersion({ data: { id: a!.id, partnershipName: a!.partnershipName } }, version);
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
        response: {
          200: z.object({ data: Settings.extend({ version: Version.optional() }), abilities: z.object({ update: z.boolean() }) }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, settingsRecord(ctx.programme.id));
      return withVersion({ data: await settingsOf(db, ctx.programme.id), abilities: { update: ctx.access.canManage } }, version);
    },
  );

  app.put(
    '/programmes/:programme/support/settings',
    {
      schema: {
        tags,
        summary: 'Change the support settings (programme managers)',
        params: Params,
        headers: IfMatchHeaders,
        body: Settings.partial().strict(),
        response: { 200: z.object({ data: Settings.extend({ version: Version.optional() }) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can change the support settings.');
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        settingsRecord(ctx.programme.id),
        (tx) => updateSettings(tx, ctx, actorOf(req), req.body),
        { current: async () => ({ ...(await settingsOf(db, ctx.programme.id)) }), history: ctx.access.canSeeAudit },
      );
      return withVersion({ data: result }, version);
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
        headers: IfMatchHeaders,
        body: AllowanceBody,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can set allowances.');
      const { partnershipId } = req.params;
      const current = async () => {
        const row = (await listAllowances(db, ctx)).find((r) => r.partnershipId === partnershipId);
        if (!row) throw new NotFound('That partnership');
        return { ...row, ...row.allowance };
      };
      await current();
      await guardWrite(
        db,
        req,
        reply,
        allowanceRecord(partnershipId),
        (tx) => setAllowance(tx, ctx, actorOf(req), partnershipId, req.body),
        { current, history: ctx.access.canSeeAudit },
      );
      return reply.code(204).send(null);
    },
  );
}
