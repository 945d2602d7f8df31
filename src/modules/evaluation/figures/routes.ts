import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { loadEvaluation } from '../evaluations/service.js';
import { figureReportRoutes } from './report-routes.js';

/** vega and docx take a while to load: the server loads them when the first figure is asked for, not at start. */
const figures = () => import('./service.js');

const tags = ['evaluation'];
const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const includeSmallGroups = bool.optional().describe('Draw groups under the disclosure threshold too (evaluators and managers; audited)');
const ChartQuery = z.strictObject({
  family: z.string().min(1).max(60).describe('The code family’s key, e.g. "mechanism"'),
  by: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe(
      'participant_type, theme, coproduction_model, place, phase or attribute:<name>; without it one bar a code, for all respondents',
    ),
  phase: z.string().trim().max(200).optional().describe('Only respondents in this phase (by name)'),
  place: z.string().trim().max(200).optional(),
  participantType: z.string().trim().max(100).optional(),
  measure: z.enum(['percent', 'count']).default('percent').describe('Bar length: percent of the group (default) or number of respondents'),
  includeSmallGroups,
});

const TYPES = { svg: 'image/svg+xml', png: 'image/png' } as const;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const attachment = (name: string) => `attachment; filename="${name}"`;
// A file, not JSON: the body is the picture or the document itself.
const binary = { 200: z.string().meta({ format: 'binary' }), ...problems };

export async function figureRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `${base}/chart.${format}`,
      {
        schema: {
          tags,
          summary: `The cross-tab of one code family as a grouped bar chart (${format.toUpperCase()}): a bar per group within each code, each group’s N in the legend (the programme’s team)`,
          description:
            'The same counts as `…/crosstab`: respondents who withdrew consent are never counted. Groups under the disclosure threshold are left out and named in a note under the chart, unless `includeSmallGroups=true` (evaluators and managers; audited).',
          params: EvaluationParams,
          querystring: ChartQuery,
          produces: [TYPES[format]],
          response: binary,
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
        const f = await figures();
        const chart = await f.figureFor(db, ctx, actorOf(req), evaluation, req.query);
        const svg = await f.renderFigureSvg(chart);
        return (
          reply
            .type(TYPES[format])
            .header('cache-control', 'no-store')
            .header('content-disposition', attachment(f.figureDownloadName(ctx.programme.slug, req.params.evaluation, chart, format)))
            // Fastify sends a Buffer as it is, whatever the schema's type says.
            .send(format === 'svg' ? svg : ((await f.pngOf(svg)) as unknown as string))
        );
      },
    );
  }

  app.get(
    `${base}/figures.docx`,
    {
      schema: {
        tags,
        summary:
          'Figures C.1–C.19 of the evaluation as one Word document: a title page, then each figure with its caption, chart and N per group (the programme’s team)',
        description:
          'Figures whose code family has no codes are listed as not included. Groups under the disclosure threshold are left out of every chart unless `includeSmallGroups=true` (evaluators and managers; audited).',
        params: EvaluationParams,
        querystring: z.strictObject({ includeSmallGroups }),
        produces: [DOCX],
        response: binary,
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
      const f = await figures();
      const set = await f.figureSet(db, ctx, actorOf(req), evaluation, {
        includeSmallGroups: req.query.includeSmallGroups ?? false,
      });
      const doc = await f.figuresDocx(set);
      return reply
        .type(DOCX)
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(f.figuresDocxName(set)))
        .send(doc as unknown as string);
    },
  );

  // The same report made in the background, with its progress: what the web UI uses.
  await figureReportRoutes(app, database);
}
