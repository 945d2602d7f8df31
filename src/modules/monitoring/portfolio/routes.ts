import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { tableToCsv, tableToMarkdown, tableWithNotesToCsv } from '../domain/render-table.js';
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
        z.object({
          partnershipId: z.string(),
          name: z.string(),
          returnState: z
            .enum(['on-time', 'late', 'sent', 'none'])
            .describe('Whether the return came by the due date, late, sent (when unknown), or none at all ("no return")'),
          markers: z.array(z.string()),
          cells: z.record(z.string(), Cell),
        }),
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

  for (const [name, ext, type, render, summary] of [
    [
      'table',
      'csv',
      'text/csv; charset=utf-8',
      tableToCsv,
      'The portfolio table as CSV: partnership,<indicator keys…>, a row per partnership, then Total',
    ],
    [
      'table-with-notes',
      'csv',
      'text/csv; charset=utf-8',
      tableWithNotesToCsv,
      'The portfolio table as CSV with each return’s state and notes: partnership,return,<indicator keys…>,notes',
    ],
    [
      'table',
      'md',
      'text/markdown; charset=utf-8',
      tableToMarkdown,
      'The portfolio table as Markdown, with footnotes and how many reported each indicator',
    ],
  ] as const) {
    app.get(
      `/programmes/:programme/monitoring/${name}.${ext}`,
      {
        schema: {
          tags,
          summary,
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
          .header('content-disposition', attachment(tableFileName(ctx.programme.slug, answer.period.label, ext, name)))
          .send(render(answer.table));
      },
    );
  }
}
