/** The exchange over HTTP: search published case studies, download the results, similar case studies. */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { NATIONS } from '../../places/schema.js';
import { Uuid, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { CaseStudy } from '../case-studies/routes.js';
import { NATIONAL_STANDARDS } from '../domain/vocab.js';
import { exchangeCsv, exchangeDocx } from './export.js';
import { searchExchange, similarCaseStudies } from './service.js';

const tags = ['learning'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const Params = z.object({ programme: z.string().max(60) });
const filters = {
  q: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe('Words to search for, as in a search box: "a phrase", or, -word. English stemming: volunteer finds volunteering'),
  theme: z.string().trim().max(120).optional(),
  standard: z.enum(NATIONAL_STANDARDS, { message: 'Choose a National Standard from the list' }).optional(),
  placeId: Uuid.optional(),
  nation: z.enum(NATIONS, { message: 'Choose a nation from the list' }).optional(),
  organisationType: z.string().trim().max(120).optional(),
  partnershipId: Uuid.optional(),
  learningSetId: Uuid.optional(),
};
const SearchQuery = z.strictObject({
  ...filters,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const FileQuery = z.strictObject(filters);
const Hit = z.object({
  position: z.number().int().describe('1 = best'),
  score: z.number().describe('ts_rank with the title weighted above the answers; 0 without words'),
  snippet: z
    .array(z.object({ text: z.string(), match: z.boolean() }))
    .describe('The answers around the matches; show match parts highlighted, every part as text'),
  caseStudy: CaseStudy,
});

const searched = (q: z.infer<typeof FileQuery>) =>
  [
    q.q ? `Searched for “${q.q}”` : 'Every published case study',
    q.theme && `theme ${q.theme}`,
    q.standard && `standard ${q.standard}`,
    q.nation && `in ${q.nation}`,
    q.organisationType && `by a ${q.organisationType}`,
  ]
    .filter(Boolean)
    .join(', ');

export async function exchangeRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/exchange',
    {
      schema: {
        tags,
        summary:
          'Search the programme’s published case studies: best first, with highlighted snippets, filtered by theme, standard, place, nation, organisation type',
        params: Params,
        querystring: SearchQuery,
        response: {
          200: z.object({
            data: z.array(Hit),
            page: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const result = await searchExchange(db, ctx, req.query);
      return { data: result.rows, page: { page: req.query.page, pageSize: req.query.pageSize, total: result.total } };
    },
  );

  app.get(
    '/programmes/:programme/exchange.csv',
    {
      schema: {
        tags,
        summary:
          'The search’s results as CSV, best first: rank,title,score,themes,standards,place,nation,organisation,organisation_type,partnership,published_on and the five answers (no contact)',
        params: Params,
        querystring: FileQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const result = await searchExchange(db, ctx, { ...req.query, page: 1, pageSize: 0 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ctx.programme.slug}-case-studies.csv"`)
        .send(exchangeCsv(result));
    },
  );

  app.get(
    '/programmes/:programme/exchange.docx',
    {
      schema: {
        tags,
        summary: 'The search’s results as a Word document: each case study with its five answers, best first (no contact)',
        params: Params,
        querystring: FileQuery,
        produces: [DOCX],
        response: { 200: z.string().meta({ format: 'binary' }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const result = await searchExchange(db, ctx, { ...req.query, page: 1, pageSize: 500 });
      const doc = await exchangeDocx(result, { programme: ctx.programme.name, searched: searched(req.query) });
      return reply
        .type(DOCX)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${ctx.programme.slug}-case-studies.docx"`)
        .send(doc as unknown as string);
    },
  );

  app.get(
    '/programmes/:programme/case-studies/:caseStudyId/similar',
    {
      schema: {
        tags,
        summary:
          'Up to five published case studies like this one: 3 points per shared theme, 2 per shared National Standard, plus the text rank of the words of its title',
        params: Params.extend({ caseStudyId: Uuid }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                themes: z.array(z.string()),
                place: z.object({ id: z.string(), name: z.string(), nation: z.string().nullable() }).nullable(),
                organisation: z.object({ id: z.string().nullable(), name: z.string(), type: z.string().nullable() }),
                sharedThemes: z.array(z.string()),
                sharedStandards: z.array(z.string()),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await similarCaseStudies(db, ctx, req.params.caseStudyId) };
    },
  );
}
