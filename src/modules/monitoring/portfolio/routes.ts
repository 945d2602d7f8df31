import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { Invalid } from '../../../errors.js';
import { acceptFiles, actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { tableToCsv, tableToMarkdown } from '../domain/render-table.js';
import { grantsAs360GivingCsv, grantsAs360GivingPackage } from '../exports/grants-export.js';
import { importDefinitions } from '../indicators/definitions-import.js';
import { TABLE_BASIS, portfolioFor, tableFileName } from './service.js';
import { AGGREGATIONS } from '../schema.js';

const tags = ['monitoring'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const TableQuery = z.strictObject({
  period: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('The reporting period’s label or id; without it, the period that started most recently'),
});

const Cell = z.object({
  status: z.enum(['reported', 'not-reported', 'missing']),
  value: z.number().nullable(),
  markers: z.array(z.string()),
});
const PortfolioTableView = z
  .object({
    period: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string(), dueOn: z.string() }),
    basis: z.literal(TABLE_BASIS).describe('Only submitted and accepted returns count; drafts and returned ones do not'),
    scope: z
      .enum(['programme', 'own-partnerships'])
      .describe('own-partnerships: a partnership member sees their own rows, and totals over those rows only'),
    table: z.object({
      indicators: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), aggregation: z.enum(AGGREGATIONS) })),
      rows: z.array(
        z.object({ partnershipId: z.string(), name: z.string(), markers: z.array(z.string()), cells: z.record(z.string(), Cell) }),
      ),
      totals: z.record(z.string(), z.object({ basis: z.enum(['sum', 'mean', 'none']), value: z.number().nullable() })),
      coverage: z.record(
        z.string(),
        z.object({ reported: z.number().int(), reportedOnTime: z.number().int(), partnerships: z.number().int() }),
      ),
      footnotes: z.array(z.object({ marker: z.string(), text: z.string() })),
      onTimeKnown: z.boolean(),
    }),
  })
  .meta({ id: 'PortfolioTable' });

const ExportQuery = z.strictObject({
  prefix: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('The funder’s registered 360Giving prefix; defaults to 360G-cairn-<programme>, a stand-in not fit for real publication'),
  funderId: z.string().trim().max(100).optional().describe('The funder’s org-id (e.g. GB-CHC-…); defaults to one minted under the prefix'),
});

const IdName = z.object({ id: z.string(), name: z.string() });
const ThreeSixtyGivingPackage = z
  .object({
    grants: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        currency: z.string(),
        amountAwarded: z.number(),
        awardDate: z.string(),
        plannedDates: z.array(z.object({ startDate: z.string().optional(), endDate: z.string().optional() })).optional(),
        recipientOrganization: z.array(IdName),
        fundingOrganization: z.array(IdName),
        grantProgramme: z.array(z.object({ title: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: 'ThreeSixtyGivingPackage' });

const attachment = (name: string) => `attachment; filename="${name}"`;

export async function portfolioRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/monitoring/table',
    {
      schema: {
        tags,
        summary:
          'The portfolio table for a period: a row per partnership, totals and how many reported each indicator (members see their own rows)',
        params: ProgrammeParams,
        querystring: TableQuery,
        response: { 200: z.object({ data: PortfolioTableView }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return {
        data: await cachedAnswer(db, ctx, questionOf('monitoring-table', req.query), () => portfolioFor(db, ctx, req.query.period)),
      };
    },
  );

  for (const [ext, type, render] of [
    ['csv', 'text/csv; charset=utf-8', tableToCsv],
    ['md', 'text/markdown; charset=utf-8', tableToMarkdown],
  ] as const) {
    app.get(
      `/programmes/:programme/monitoring/table.${ext}`,
      {
        schema: {
          tags,
          summary:
            ext === 'csv'
              ? 'The portfolio table as CSV: partnership,<indicator keys…>, a row per partnership, then Total'
              : 'The portfolio table as Markdown, with footnotes and how many reported each indicator',
          params: ProgrammeParams,
          querystring: TableQuery,
          produces: [type.split(';')[0]!],
          response: { 200: z.string(), ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const answer = await cachedAnswer(db, ctx, questionOf('monitoring-table', req.query), () =>
          portfolioFor(db, ctx, req.query.period),
        );
        return reply
          .type(type)
          .header('content-disposition', attachment(tableFileName(ctx.programme.slug, answer.period.label, ext)))
          .send(render(answer.table));
      },
    );
  }

  const exportSchema = (format: 'CSV' | 'JSON') => ({
    tags: ['grants'],
    summary: `The programme’s grants in the 360Giving Data Standard (${format}), for programme staff; 422 names any grant not fit to publish`,
    params: ProgrammeParams,
    querystring: ExportQuery,
  });

  app.get(
    '/programmes/:programme/grants/360giving.csv',
    {
      schema: { ...exportSchema('CSV'), produces: ['text/csv'], response: { 200: z.string(), ...problems } },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const csv = await grantsAs360GivingCsv(db, ctx, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-360giving.csv`))
        .send(csv);
    },
  );

  app.get(
    '/programmes/:programme/grants/360giving.json',
    {
      schema: { ...exportSchema('JSON'), response: { 200: ThreeSixtyGivingPackage, ...problems } },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const body = await grantsAs360GivingPackage(db, ctx, req.query);
      reply.header('content-disposition', attachment(`${ctx.programme.slug}-360giving.json`));
      return body;
    },
  );

  // The CSV parser lives in this plugin only, so nowhere else in the API takes a bare CSV body.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel']);
    scoped.post(
      '/programmes/:programme/indicators/import',
      {
        schema: {
          tags,
          summary: 'Create or update indicators (by key) from a CSV of definitions (programme managers): all rows, or none if any is wrong',
          description:
            'The CSV file is the raw request body (Content-Type text/csv). Columns: indicator, definition (required), label, unit, aggregation.',
          params: ProgrammeParams,
          response: {
            200: z.object({
              data: z.object({
                rows: z.number().int(),
                created: z.array(z.string()),
                updated: z.array(z.string()),
                unchanged: z.array(z.string()),
              }),
            }),
            ...problems,
          },
        },
      },
      async (req) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        if (!Buffer.isBuffer(req.body)) {
          // Who may import is checked before the body, so a viewer hears "not allowed" whatever they sent.
          if (ctx.access.canManage) throw new Invalid('Send the CSV file itself as the request body, with Content-Type text/csv.');
        }
        return { data: await importDefinitions(db, ctx, actorOf(req), Buffer.isBuffer(req.body) ? req.body : new Uint8Array()) };
      },
    );
  });
}
