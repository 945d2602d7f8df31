import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import type { ChartFormat } from './service.js';

/** vega takes most of a second to load: the server loads it when the first chart is asked for, not at start. */
const charts = () => import('./service.js');
import { AGGREGATIONS } from '../schema.js';

const tags = ['monitoring'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const indicator = z
  .string()
  .trim()
  .min(1, 'Say which indicator to chart, by its key')
  .max(100)
  .describe('The indicator’s key, e.g. volunteers');
const ByPartnershipQuery = z.strictObject({
  indicator,
  period: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('The reporting period’s label or id; without it, the period that started most recently'),
});
const AcrossPeriodsQuery = z.strictObject({
  indicator,
  partnerships: z.enum(['0', '1', 'true', 'false']).optional().describe('1: also a line for each partnership (up to 12 partnerships)'),
});
const wantsLines = (q: z.infer<typeof AcrossPeriodsQuery>) => q.partnerships === '1' || q.partnerships === 'true';

const Footnote = z.object({ marker: z.string(), text: z.string() });
const Indicator = z.object({ key: z.string(), label: z.string(), unit: z.string(), aggregation: z.enum(AGGREGATIONS) });
const Status = z.enum(['reported', 'not-reported', 'missing']);
const Words = {
  title: z.string(),
  subtitle: z.array(z.string()),
  valueTitle: z.string().describe('The value axis title, with the unit'),
  description: z.string().describe('What the chart shows, in words: use it as the alt text'),
};
const ByPartnershipView = z
  .object({
    kind: z.literal('by-partnership'),
    programme: z.string(),
    indicator: Indicator,
    period: z.object({ id: z.string(), label: z.string() }),
    scope: z.enum(['programme', 'own-partnerships']),
    partnerships: z
      .array(
        z.object({
          partnershipId: z.string(),
          name: z.string(),
          nameMarkers: z.array(z.string()),
          status: Status,
          value: z.number().nullable(),
          text: z.string(),
          markers: z.array(z.string()),
        }),
      )
      .describe('In the order drawn: largest figure first, then those not reported, then those with no figure'),
    total: z.object({ basis: z.enum(['sum', 'mean']), value: z.number().nullable(), text: z.string() }),
    reported: z.number().int(),
    footnotes: z.array(Footnote),
    ...Words,
  })
  .meta({ id: 'ChartByPartnership' });
const AcrossPeriodsView = z
  .object({
    kind: z.literal('across-periods'),
    programme: z.string(),
    indicator: Indicator,
    scope: z.enum(['programme', 'own-partnerships']),
    basis: z.enum(['sum', 'mean']),
    periods: z.array(
      z.object({
        periodId: z.string(),
        label: z.string(),
        value: z.number().nullable(),
        text: z.string(),
        reported: z.number().int(),
        partnerships: z.number().int(),
        markers: z.array(z.string()),
      }),
    ),
    partnerships: z
      .array(
        z.object({
          partnershipId: z.string(),
          name: z.string(),
          figures: z.array(z.object({ periodId: z.string(), status: Status, value: z.number().nullable(), text: z.string() })),
        }),
      )
      .nullable(),
    footnotes: z.array(Footnote),
    ...Words,
  })
  .meta({ id: 'ChartAcrossPeriods' });

/** The file to send. Fastify sends a Buffer as it is, without the JSON serialiser, whatever the schema's type says. */
const imageOf = async (svg: string, format: ChartFormat) =>
  format === 'svg' ? svg : ((await (await charts()).pngOf(svg)) as unknown as string);

const attachment = (name: string) => `attachment; filename="${name}"`;
const TYPES: Record<ChartFormat, string> = { svg: 'image/svg+xml', png: 'image/png' };

export async function chartRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/monitoring/charts/by-partnership',
    {
      schema: {
        tags,
        summary:
          'The figures of one indicator for one period, a bar per partnership, as a chart shows them (members see their own partnerships)',
        params: ProgrammeParams,
        querystring: ByPartnershipQuery,
        response: { 200: z.object({ data: ByPartnershipView }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return {
        data: await cachedAnswer(db, ctx, questionOf('chart-by-partnership', req.query), async () =>
          (await charts()).chartByPartnership(db, ctx, req.query),
        ),
      };
    },
  );

  app.get(
    '/programmes/:programme/monitoring/charts/across-periods',
    {
      schema: {
        tags,
        summary:
          'The figures of one indicator in every reporting period, as a chart shows them: the total (or average) and optionally each partnership',
        params: ProgrammeParams,
        querystring: AcrossPeriodsQuery,
        response: { 200: z.object({ data: AcrossPeriodsView }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const input = { indicator: req.query.indicator, partnerships: wantsLines(req.query) };
      return {
        data: await cachedAnswer(db, ctx, questionOf('chart-across-periods', input), async () =>
          (await charts()).chartAcrossPeriods(db, ctx, input),
        ),
      };
    },
  );

  for (const format of ['svg', 'png'] as const) {
    const image = {
      params: ProgrammeParams,
      produces: [TYPES[format]],
      // An image, not JSON: the body is the file itself.
      response: { 200: z.string().meta({ format: 'binary' }), ...problems },
    };
    app.get(
      `/programmes/:programme/monitoring/charts/by-partnership.${format}`,
      {
        schema: {
          tags,
          summary: `A bar chart of one indicator for one period, a bar per partnership, as ${format.toUpperCase()} (members see their own partnerships)`,
          querystring: ByPartnershipQuery,
          ...image,
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const question = questionOf('chart-by-partnership', req.query);
        const chart = await cachedAnswer(db, ctx, question, async () => (await charts()).chartByPartnership(db, ctx, req.query));
        const svg = await cachedAnswer(db, ctx, `${question}|svg`, async () => (await charts()).renderSvg(chart));
        return reply
          .type(TYPES[format])
          .header('content-disposition', attachment((await charts()).chartFileName(ctx.programme.slug, chart, format)))
          .send(await imageOf(svg, format));
      },
    );

    app.get(
      `/programmes/:programme/monitoring/charts/across-periods.${format}`,
      {
        schema: {
          tags,
          summary: `A chart of one indicator across reporting periods, as ${format.toUpperCase()}: the total (or average) per period, and with partnerships=1 a line per partnership`,
          querystring: AcrossPeriodsQuery,
          ...image,
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const input = { indicator: req.query.indicator, partnerships: wantsLines(req.query) };
        const question = questionOf('chart-across-periods', input);
        const chart = await cachedAnswer(db, ctx, question, async () => (await charts()).chartAcrossPeriods(db, ctx, input));
        const svg = await cachedAnswer(db, ctx, `${question}|svg`, async () => (await charts()).renderSvg(chart));
        return reply
          .type(TYPES[format])
          .header('content-disposition', attachment((await charts()).chartFileName(ctx.programme.slug, chart, format)))
          .send(await imageOf(svg, format));
      },
    );
  }
}
