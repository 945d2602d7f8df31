import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { Invalid } from '../../errors.js';
import { acceptFiles, actorOf, callerOf, problems } from '../../http/route-kit.js';
import { openProgramme } from '../programmes/context.js';
import { registryExportRoutes } from './export-routes.js';
import { COLUMNS } from './sheet.js';
import { previewImport, runImport } from './service.js';

/**
 * The content types a spreadsheet arrives as. Browsers send octet-stream when they do not know, and on
 * Windows often label a .csv as application/vnd.ms-excel; the bytes decide what the file really is.
 */
const SPREADSHEET_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  'application/vnd.ms-excel',
];

const RowProblem = z.object({ row: z.number().int(), field: z.enum([...COLUMNS, 'row']), message: z.string() });
const ImportPlan = z
  .object({
    rows: z.number().int(),
    changes: z
      .number()
      .int()
      .describe('Records the import adds or fills in; 0 when every row is already in Cairn as the file has it (nothing to import)'),
    creates: z.object({
      places: z.array(z.object({ name: z.string(), region: z.string(), nation: z.string().nullable() })),
      organisations: z.array(z.object({ name: z.string(), type: z.string() })),
      partnerships: z.array(z.object({ name: z.string(), place: z.string(), leadOrganisation: z.string().nullable() })),
    }),
    matches: z.object({
      places: z.array(z.object({ id: z.string(), name: z.string() })),
      organisations: z.array(z.object({ id: z.string(), name: z.string() })),
      partnerships: z.array(
        z.object({ id: z.string(), name: z.string(), setPlace: z.string().nullable(), setLeadOrganisation: z.string().nullable() }),
      ),
    }),
    warnings: z.array(RowProblem),
  })
  .meta({ id: 'RegistryImportPlan' });

const Params = z.object({ programme: z.string().max(60) });
const Query = z.strictObject({ filename: z.string().max(255).optional() });

function fileOf(body: unknown, filename: string | undefined) {
  if (!Buffer.isBuffer(body)) {
    throw new Invalid('Send the spreadsheet itself as the request body, with Content-Type text/csv or the Excel (.xlsx) type.');
  }
  return { bytes: body, filename };
}

const present = ({ errors: _, ...plan }: Awaited<ReturnType<typeof previewImport>>) => plan;

export async function registryImportRoutes(app: App, database: Database) {
  const { db } = database;
  // The raw-file parsers live in this plugin only, so nowhere else in the API accepts a bare upload.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, SPREADSHEET_TYPES);

    scoped.post(
      '/programmes/:programme/registry-import/preview',
      {
        schema: {
          tags: ['registry import'],
          summary: 'What importing this spreadsheet would create and match (programme managers); 422 lists every bad row and field',
          description: `The file is the raw request body (CSV or .xlsx). Columns: ${COLUMNS.join(', ')}; partnership and place are required.`,
          params: Params,
          querystring: Query,
          response: { 200: z.object({ data: ImportPlan }), ...problems },
        },
      },
      async (req) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        return { data: present(await previewImport(db, ctx, fileOf(req.body, req.query.filename))) };
      },
    );

    scoped.post(
      '/programmes/:programme/registry-import',
      {
        schema: {
          tags: ['registry import'],
          summary: 'Import partnerships, places and lead organisations from a spreadsheet: all of it, or nothing if any row is wrong',
          params: Params,
          querystring: Query,
          response: { 201: z.object({ data: ImportPlan }), ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const plan = await runImport(db, ctx, actorOf(req), fileOf(req.body, req.query.filename));
        return reply.code(201).send({ data: present(plan) });
      },
    );
  });
  await registryExportRoutes(app, database);
}
