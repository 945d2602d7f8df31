import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { runTask } from '../../../workers/pool.js';
import { burnDownSpec, costSpec } from '../domain/chart-specs.js';
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

const Image = z.string().meta({ format: 'binary' });
const ImageQuery = z.strictObject({
  partnershipId: Uuid.optional().describe('One partnership’s; the programme’s when omitted'),
  asOf: isoDate.optional(),
});

/** The charts as SVG, drawn on a worker thread (src/workers/), in the house look. */
export async function supportChartRoutes(app: App, database: Database) {
  const { db } = database;
  const tags = ['support'];
  const draw = async (spec: TopLevelSpec, title: string, description: string) =>
    (await runTask('svg', { spec, title, description, id: 'support-chart' })) as string;

  app.get(
    '/programmes/:programme/support/burn-down.svg',
    {
      schema: {
        tags,
        summary: 'The burn-down chart as SVG: a partnership’s, or the programme’s',
        params: Params,
        querystring: ImageQuery,
        produces: ['image/svg+xml'],
        response: { 200: Image, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const one = req.query.partnershipId ? await partnershipSupport(db, ctx, req.query.partnershipId, req.query.asOf) : null;
      const points = one ? one.burnDown : await programmeSupportBurnDown(db, ctx, req.query.asOf);
      const title = one ? `Support left: ${one.name}` : `Support left: ${ctx.programme.name}`;
      const last = points.filter((p) => p.daysLeft !== null).at(-1);
      const description = last
        ? `On ${last.date}, ${last.daysLeft} facilitator days and £${last.creditLeft} of credit were left; an even pace would have left ${last.daysPlanned} days and £${last.creditPlanned}.`
        : 'No support period has begun yet.';
      return reply.type('image/svg+xml').send(await draw(burnDownSpec(points, title), title, description));
    },
  );

  app.get(
    '/programmes/:programme/support/cost.svg',
    {
      schema: {
        tags,
        summary: 'Cost a year per partnership as an SVG bar chart, with the average',
        params: Params,
        produces: ['image/svg+xml'],
        response: { 200: Image, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const o = await supportOverview(db, ctx);
      const rows = o.rows.filter((r) => r.costPerYear !== null).map((r) => ({ name: r.name, costPerYear: r.costPerYear! }));
      const title = `What support costs a year: ${ctx.programme.name}`;
      const description = `${rows.length} partnerships; the average is ${o.totals.costPerYearMean === null ? 'not known' : `£${o.totals.costPerYearMean}`} a year.`;
      return reply.type('image/svg+xml').send(await draw(costSpec(rows, o.totals.costPerYearMean, title), title, description));
    },
  );
}
