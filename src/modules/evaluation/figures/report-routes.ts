/**
 * Figures C.1–C.19 as a Word report made in the background: one request starts it and answers at once
 * with the job, the page asks after it ("Drawing figure 7 of 19") and downloads the file when it is made.
 * The job is the caller's own (src/workers/jobs.ts): anyone else is told it does not exist. The counts
 * are loaded on the request loop; the charts and the document are drawn on worker threads.
 */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Conflict, Forbidden } from '../../../errors.js';
import { actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { type Job, JobStore } from '../../../workers/jobs.js';
import { openProgramme } from '../../programmes/context.js';
import { PCF_FIGURES } from '../domain/figures.js';
import { canWorkWithRespondents, loadEvaluation } from '../evaluations/service.js';

const tags = ['evaluation'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const KIND = 'figures-docx';

const EvaluationParams = z.object({ programme: z.string().max(60), evaluation: z.string().max(60) });
const ReportParams = EvaluationParams.extend({ report: z.uuid({ message: 'This address does not lead to a report. Check the link.' }) });

const ReportJob = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    done: z.number().int().describe('Figures drawn so far'),
    total: z.number().int().describe('Figures in the set (19)'),
    step: z.string().describe('What is being done now, in words: "Drawing figure 7 of 19"'),
    file: z
      .object({ name: z.string(), size: z.number().int(), href: z.string() })
      .nullable()
      .describe('The document, once made: download it from href'),
    problem: z.string().nullable().describe('Why the report could not be made, in words'),
  })
  .meta({ id: 'FigureReportJob' });

const drawing = (done: number, total: number) => `Drawing figure ${Math.min(done + 1, total)} of ${total}`;

export async function figureReportRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/evaluations/:evaluation';
  const reports = new JobStore((err) => {
    app.log.error({ err }, 'figure report failed');
    if (!app.log.level || app.log.level === 'silent') console.error(err);
  });
  app.addHook('onClose', () => reports.close());

  const scopeOf = (programme: string, evaluation: string) => `${programme}/${evaluation}`;
  const view = (job: Job, params: { programme: string; evaluation: string }) => ({
    id: job.id,
    status: job.status,
    done: job.progress.done,
    total: job.progress.total,
    step: job.progress.step,
    file: job.file
      ? {
          name: job.file.name,
          size: job.file.bytes.length,
          href: `/api/v1/programmes/${params.programme}/evaluations/${params.evaluation}/figure-reports/${job.id}/file`,
        }
      : null,
    problem: job.problem,
  });

  app.post(
    `${base}/figure-reports`,
    {
      schema: {
        tags,
        summary:
          'Start making figures C.1–C.19 as one Word document, in the background (evaluators and managers); follow it with GET …/figure-reports/{report}',
        description:
          'Answers 202 at once with the job. One report at a time per person: a second answers 409 while the first is being drawn. The job and its file are kept in this server’s memory for 10 minutes after it finishes, and only the person who started it can see them.',
        params: EvaluationParams,
        querystring: z.strictObject({
          includeSmallGroups: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('Draw groups under the disclosure threshold too (audited)'),
        }),
        response: { 202: z.object({ data: ReportJob }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      if (!canWorkWithRespondents(ctx)) {
        throw new Forbidden(
          'Only the programme’s evaluators and managers can start a Word report of the figures; download it from the evaluation’s page instead.',
        );
      }
      const evaluation = await loadEvaluation(db, ctx, req.params.evaluation);
      const actor = actorOf(req);
      const total = PCF_FIGURES.length;
      const job = reports.start(
        {
          kind: KIND,
          owner: callerOf(req).userId,
          scope: scopeOf(ctx.programme.slug, evaluation.slug),
          total,
          step: drawing(0, total),
          busy: 'Cairn is still making the Word report you asked for a moment ago: wait for it to finish, then start another.',
        },
        async ({ progress }) => {
          const f = await import('./service.js');
          const set = await f.figureSet(db, ctx, actor, evaluation, {
            includeSmallGroups: req.query.includeSmallGroups ?? false,
            onProgress: ({ done }) =>
              progress({ done, total, step: done < total ? drawing(done, total) : 'Putting the figures into one Word document' }),
          });
          return { name: f.figuresDocxName(set), type: DOCX, bytes: await f.figuresDocx(set) };
        },
      );
      return reply.code(202).send({ data: view(job, { programme: ctx.programme.slug, evaluation: evaluation.slug }) });
    },
  );

  app.get(
    `${base}/figure-reports/:report`,
    {
      schema: {
        tags,
        summary:
          'How far a Word report of the figures has got ("Drawing figure 7 of 19"), and its file once made (the person who started it)',
        params: ReportParams,
        response: { 200: z.object({ data: ReportJob }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const job = reports.get(req.params.report, callerOf(req).userId, KIND, scopeOf(ctx.programme.slug, req.params.evaluation));
      return { data: view(job, { programme: ctx.programme.slug, evaluation: req.params.evaluation }) };
    },
  );

  app.get(
    `${base}/figure-reports/:report/file`,
    {
      schema: {
        tags,
        summary: 'The Word report of the figures, once made (the person who started it)',
        params: ReportParams,
        produces: [DOCX],
        response: { 200: z.string().meta({ format: 'binary' }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const job = reports.get(req.params.report, callerOf(req).userId, KIND, scopeOf(ctx.programme.slug, req.params.evaluation));
      if (job.status === 'failed') throw new Conflict(`This report could not be made: ${job.problem}`);
      if (!job.file) throw new Conflict(`The report is not made yet: ${job.progress.step.toLowerCase()}. Ask again in a moment.`);
      return (
        reply
          .type(job.file.type)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${job.file.name}"`)
          // Fastify sends a Buffer as it is, whatever the schema's type says.
          .send(job.file.bytes as unknown as string)
      );
    },
  );
}
