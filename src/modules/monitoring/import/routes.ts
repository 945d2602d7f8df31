import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Invalid } from '../../../errors.js';
import { acceptFiles, actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme, requireManager } from '../../programmes/context.js';
import { RETURN_STATUSES } from '../schema.js';
import { importReturns, previewReturnsImport } from './service.js';

/** As for the registry import: browsers label spreadsheets many ways, and the bytes decide what the file is. */
const SPREADSHEET_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  'application/vnd.ms-excel',
];

const ImportResult = z
  .object({
    period: z.object({
      id: z.string().nullable(),
      label: z.string(),
      created: z.boolean(),
      startsOn: z.string().nullable(),
      endsOn: z.string().nullable(),
      dueOn: z.string().nullable(),
    }),
    rows: z.number().int(),
    returns: z.array(
      z.object({
        row: z.number().int(),
        partnership: z.string(),
        replaces: z.enum(RETURN_STATUSES).nullable(),
        reported: z.number().int(),
        notReported: z.number().int(),
        comparabilityNote: z.string(),
      }),
    ),
  })
  .meta({ id: 'ReturnsImportResult' });

const Params = z.object({ programme: z.string().max(60) });
const Query = z.strictObject({ period: z.string().min(1).max(120), filename: z.string().max(255).optional() });

function sourceOf(body: unknown, filename: string | undefined) {
  if (!Buffer.isBuffer(body)) {
    throw new Invalid('Send the spreadsheet itself as the request body, with Content-Type text/csv or the Excel (.xlsx) type.');
  }
  return { bytes: body, filename };
}

export async function returnsImportRoutes(app: App, database: Database) {
  const { db } = database;
  // The raw-file parser lives in this plugin only, so nowhere else in the API accepts a bare upload.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, SPREADSHEET_TYPES);

    scoped.post(
      '/programmes/:programme/monitoring/import/preview',
      {
        schema: {
          tags: ['monitoring'],
          summary: 'What importing this returns spreadsheet would do (programme managers); 422 lists every bad row and column',
          description:
            'The file is the raw request body (CSV or .xlsx). Columns: partnership, one per indicator key, and optionally note; `-` or blank is not reported. `period.created` is false here; `period.id` is null when the import would create the period.',
          params: Params,
          querystring: Query,
          response: { 200: z.object({ data: ImportResult }), ...problems },
        },
      },
      async (req) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        // Who may import is settled before what was sent is looked at.
        requireManager(ctx);
        return { data: await previewReturnsImport(db, ctx, { source: sourceOf(req.body, req.query.filename), period: req.query.period }) };
      },
    );

    scoped.post(
      '/programmes/:programme/monitoring/import',
      {
        schema: {
          tags: ['monitoring'],
          summary: 'Import returns from a spreadsheet as submitted returns: all rows, or nothing if any is wrong (programme managers)',
          description:
            'A period with no such label is created (its dates are the import date until a manager sets them) and `period.created` says so. An accepted return is locked: its row is an error.',
          params: Params,
          querystring: Query,
          response: { 201: z.object({ data: ImportResult }), ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        requireManager(ctx);
        const result = await importReturns(db, ctx, actorOf(req), {
          source: sourceOf(req.body, req.query.filename),
          period: req.query.period,
        });
        return reply.code(201).send({ data: result });
      },
    );
  });
}
