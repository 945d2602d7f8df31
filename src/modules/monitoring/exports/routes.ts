import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { grantsAs360GivingCsv, grantsAs360GivingPackage } from './grants-export.js';

const ProgrammeParams = z.object({ programme: z.string().max(60) });
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

/** The programme's grants in the 360Giving Data Standard, as CSV and as a JSON package. */
export async function exportRoutes(app: App, database: Database) {
  const { db } = database;

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
}
