import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, callerOf, isoDate, problems } from '../../../http/route-kit.js';
import { Forbidden } from '../../../errors.js';
import { openProgramme } from '../../programmes/context.js';
import { assignedPartnershipIds } from '../providers/service.js';
import { supportSurvival } from '../survival/service.js';
import { partnershipSupport, programmeSupportBurnDown, supportOverview, supportWarningList } from './service.js';

const Params = z.object({ programme: z.string().max(60) });
const AsOf = z.strictObject({ asOf: isoDate.optional().describe('Default today') });
const Point = z.object({
  date: z.string(),
  daysLeft: z.number().nullable(),
  creditLeft: z.number().nullable(),
  daysPlanned: z.number(),
  creditPlanned: z.number(),
});
const Row = z.object({
  partnershipId: z.string(),
  name: z.string(),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  daysAllowed: z.number().nullable(),
  daysUsed: z.number(),
  daysLeft: z.number().nullable(),
  creditAllowedPence: z.number().nullable(),
  creditSpentPence: z.number(),
  creditLeftPence: z.number().nullable(),
  committedPence: z.number(),
  eventsAttended: z.number(),
  attendanceRate: z.number().nullable(),
  costTotal: z.number().describe('Pounds'),
  costPerYear: z.number().nullable().describe('Whole pounds'),
  lastContact: z.string().nullable(),
});
const Overview = z
  .object({
    settings: z.object({
      minutesPerDay: z.number(),
      contactWeeks: z.number(),
      recommendedDaysPerYear: z.number(),
      creditTimeSharePercent: z.number(),
    }),
    events: z.number(),
    rows: z.array(Row),
    totals: z.object({
      partnerships: z.number(),
      daysAllowed: z.number(),
      daysUsed: z.number(),
      creditAllowedPence: z.number(),
      creditSpentPence: z.number(),
      costTotal: z.number(),
      costPerYearMean: z.number().nullable(),
    }),
  })
  .meta({ id: 'SupportOverview' });
const Warning = z.object({ partnership: z.string(), warning: z.string(), detail: z.string() });

export async function supportSummaryRoutes(app: App, database: Database) {
  const { db } = database;
  const tags = ['support'];

  app.get(
    '/programmes/:programme/support/summary',
    {
      schema: {
        tags,
        summary: 'Cost and use per partnership with balances, and the programme’s totals (a partnership member sees their own)',
        params: Params,
        response: {
          200: z.object({
            data: Overview,
            abilities: z.object({
              manage: z.boolean(),
              logFor: z.array(z.string()).describe('Partnerships the caller may log support for'),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const ctx = await openProgramme(db, caller, req.params.programme);
      const data = await supportOverview(db, ctx);
      const logFor = ctx.access.canManage
        ? data.rows.map((r) => r.partnershipId)
        : caller.programmeRoles.get(ctx.programme.id) === 'facilitator'
          ? await assignedPartnershipIds(db, ctx.programme.id, caller.userId)
          : [];
      return { data, abilities: { manage: ctx.access.canManage, logFor } };
    },
  );

  app.get(
    '/programmes/:programme/support/burn-down',
    {
      schema: {
        tags,
        summary: 'The programme’s days and credit left at each month’s end, beside an even pace',
        params: Params,
        querystring: AsOf,
        response: { 200: z.object({ data: z.array(Point) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await programmeSupportBurnDown(db, ctx, req.query.asOf) };
    },
  );

  app.get(
    '/programmes/:programme/support/partnerships/:partnershipId',
    {
      schema: {
        tags,
        summary: 'A partnership’s allowance, balances and burn-down',
        params: Params.extend({ partnershipId: Uuid }),
        querystring: AsOf,
        response: {
          200: z.object({
            data: z.object({
              partnershipId: z.string(),
              name: z.string(),
              allowance: z
                .object({
                  startOn: z.string(),
                  endOn: z.string(),
                  daysAllowed: z.number(),
                  creditAllowedPence: z.number(),
                  dayRatePence: z.number(),
                })
                .nullable(),
              balances: z
                .object({
                  daysAvailable: z.number(),
                  daysUsed: z.number(),
                  daysLeft: z.number(),
                  creditSpentPence: z.number(),
                  creditLeftPence: z.number(),
                  committedPence: z.number(),
                  creditUncommittedPence: z.number(),
                })
                .nullable(),
              burnDown: z.array(Point),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await partnershipSupport(db, ctx, req.params.partnershipId, req.query.asOf) };
    },
  );

  app.get(
    '/programmes/:programme/support/warnings',
    {
      schema: {
        tags,
        summary: 'No recent contact, below the recommended days, credit not spent — as of a date',
        params: Params,
        querystring: AsOf,
        response: { 200: z.object({ data: z.array(Warning) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await supportWarningList(db, ctx, req.query.asOf) };
    },
  );

  app.get(
    '/programmes/:programme/support/survival',
    {
      schema: {
        tags,
        summary: 'How many supported groups are in their original form, and what happened to the others (programme roles)',
        params: Params,
        querystring: AsOf,
        response: {
          200: z.object({
            data: z.object({
              asOf: z.string(),
              survived: z.number(),
              total: z.number(),
              headline: z.string(),
              rows: z.array(
                z.object({
                  organisation: z.string(),
                  partnership: z.string(),
                  status: z.string(),
                  survived: z.boolean(),
                  since: z.string().nullable(),
                  reason: z.string(),
                }),
              ),
              endings: z.array(z.object({ status: z.string(), count: z.number() })),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (ctx.access.scope !== 'programme') throw new Forbidden('The survival table is for the programme’s team.');
      return { data: await supportSurvival(db, ctx, req.query.asOf) };
    },
  );
}
