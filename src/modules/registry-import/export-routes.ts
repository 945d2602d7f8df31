import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { callerOf, problems } from '../../http/route-kit.js';
import { csvOf } from '../../spreadsheet/write.js';
import { asBuffer, runTask } from '../../workers/pool.js';
import { openProgramme } from '../programmes/context.js';
import { REGISTRY_RECORDS, exportSheets, registryExport, registryTemplate } from './export.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Params = z.object({ programme: z.string().max(60) });
const ExportQuery = z.strictObject({
  records: z
    .enum(REGISTRY_RECORDS)
    .default('partnerships')
    .describe('Which records the CSV holds; partnerships (the default) has the import’s columns, so the import reads it back'),
});
const attachment = (name: string) => `attachment; filename="${name}"`;
const csvReply = { produces: ['text/csv'], response: { 200: z.string(), ...problems } };
const xlsxReply = { produces: [XLSX], response: { 200: z.string().meta({ format: 'binary' }), ...problems } };

/** The import's template and the registry export, as CSV and .xlsx. */
export async function registryExportRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/registry-import/template.csv',
    {
      schema: {
        tags: ['registry import'],
        summary: 'An empty spreadsheet with the import’s columns (CSV), for programme managers',
        params: Params,
        ...csvReply,
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { csvRows } = await registryTemplate(db, ctx);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-registry-template.csv`))
        .send(csvOf(csvRows));
    },
  );

  app.get(
    '/programmes/:programme/registry-import/template.xlsx',
    {
      schema: {
        tags: ['registry import'],
        summary: 'The import’s template as Excel: the columns on the first sheet, notes on each column on the second',
        params: Params,
        ...xlsxReply,
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { sheets } = await registryTemplate(db, ctx);
      const bytes = await runTask('xlsxFile', { sheets });
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`${ctx.programme.slug}-registry-template.xlsx`))
        .send(asBuffer(bytes) as unknown as string); // Fastify sends a Buffer as it is, whatever the schema says
    },
  );

  app.get(
    '/programmes/:programme/registry-export.csv',
    {
      schema: {
        tags: ['registry import'],
        summary:
          'The programme’s partnerships, places, organisations or projects as CSV (programme staff); partnerships import back unchanged',
        params: Params,
        querystring: ExportQuery,
        ...csvReply,
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const records = await registryExport(db, ctx);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${req.query.records}.csv`))
        .send(csvOf(records[req.query.records]));
    },
  );

  app.get(
    '/programmes/:programme/registry-export.xlsx',
    {
      schema: {
        tags: ['registry import'],
        summary:
          'The programme’s registry as Excel (programme staff): partnerships (the import’s columns), places, organisations, projects',
        params: Params,
        ...xlsxReply,
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const bytes = await runTask('xlsxFile', { sheets: exportSheets(await registryExport(db, ctx)) });
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`${ctx.programme.slug}-registry.xlsx`))
        .send(asBuffer(bytes) as unknown as string); // Fastify sends a Buffer as it is, whatever the schema says
    },
  );
}
