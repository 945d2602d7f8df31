/** The completeness grid over HTTP: who has reported for which period, as JSON for the page and as CSV. */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { Uuid, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { CELL_STATUSES, COMPLETENESS_FILTERS } from '../domain/completeness.js';
import { completenessCsv, completenessGrid } from './service.js';

const tags = ['monitoring'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const filters = {
  periodId: Uuid.optional().describe('Only this reporting period'),
  phaseId: Uuid.optional().describe('Only periods attached to this phase'),
  status: z
    .enum(COMPLETENESS_FILTERS, { message: `Choose a status: ${COMPLETENESS_FILTERS.join(', ')}` })
    .optional()
    .describe('Only cells that are overdue, in this status, or sent in on time / late'),
  q: z.string().trim().max(200).optional().describe('Part of a partnership’s or its place’s name'),
};
const GridQuery = z.strictObject({
  ...filters,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
const CsvQuery = z.strictObject(filters);

const IdName = z.object({ id: z.string(), name: z.string() });
const Cell = z.object({
  periodId: z.string(),
  expected: z.boolean().describe('In the programme (and the period’s phase) when the period was due'),
  status: z.enum(CELL_STATUSES),
  returnId: z.string().nullable(),
  submittedOn: z.string().nullable(),
  overdue: z.boolean(),
  timeliness: z
    .enum(['on_time', 'late'])
    .nullable()
    .describe('Submitted on or before the due date, or after; null when not submitted or unknown'),
  matches: z.boolean().describe('Whether the cell is what the status filter asks for'),
});
const Grid = z
  .object({
    today: z.string(),
    periods: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        startsOn: z.string(),
        endsOn: z.string(),
        dueOn: z.string(),
        phase: z.object({ id: z.string(), number: z.number().int(), name: z.string() }).nullable(),
        expected: z.number().int().describe('M in "reported by N of M"'),
        reported: z.number().int().describe('N: submitted or accepted'),
        accepted: z.number().int(),
        overdue: z.number().int(),
        onTime: z.number().int(),
        late: z.number().int(),
      }),
    ),
    rows: z.array(
      z.object({
        partnership: IdName.extend({ place: IdName.nullable() }),
        cells: z.array(Cell.nullable()).describe('One per period, in the order of `periods`; null: not expected and no return'),
      }),
    ),
  })
  .meta({ id: 'CompletenessGrid' });

export async function completenessRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/completeness',
    {
      schema: {
        tags,
        summary:
          'Who has reported for which period: a row per partnership, a cell per period (submitted, accepted, draft, sent back, not started; overdue; on time or late), and "reported by N of M" per period. Members see their own partnerships',
        params: ProgrammeParams,
        querystring: GridQuery,
        response: {
          200: z.object({ data: Grid, page: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { total, ...grid } = await cachedAnswer(db, ctx, questionOf('completeness', req.query), () =>
        completenessGrid(db, ctx, req.query),
      );
      return { data: grid, page: { page: req.query.page, pageSize: req.query.pageSize, total } };
    },
  );

  app.get(
    '/programmes/:programme/completeness.csv',
    {
      schema: {
        tags,
        summary:
          'The completeness grid as CSV, with the same filters: period,phase,due_on,partnership,place,status,overdue,submitted_on,on_time,expected — a line per period and partnership',
        params: ProgrammeParams,
        querystring: CsvQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const grid = await completenessGrid(db, ctx, { ...req.query, page: 1, pageSize: 0 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ctx.programme.slug}-completeness.csv"`)
        .send(completenessCsv(grid));
    },
  );
}
