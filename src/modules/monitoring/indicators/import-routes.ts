import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import type { App } from '../../../http/app-type.js';
import { acceptFiles, actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { importDefinitions } from './definitions-import.js';

const tags = ['monitoring'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });

/** Indicator definitions from a CSV: `POST …/indicators/import`. */
export async function indicatorImportRoutes(app: App, database: Database) {
  const { db } = database;

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
