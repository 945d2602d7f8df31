import { z } from 'zod';
import type { Database, Db } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { actorOf, callerOf, problems } from '../../../http/route-kit.js';
import { asBuffer, runTask } from '../../../workers/pool.js';
import { type Evaluation, loadEvaluation } from '../../evaluation/evaluations/service.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import type { TheoryModel } from '../domain/model.js';
import { validateVersion } from '../evidence/validation.js';
import { Theory as TheoryView, TheoryParams, VersionParams, VersionSummary } from '../theories/api-schemas.js';
import { type Theory, type Version, loadTheory, loadVersion, theoryView, versionSummary } from '../theories/service.js';
import type { LinkMark } from './drawing.js';
import { EXPORT_FORMATS, type ExportFormat, exportVersion, importTheory, importTheoryCsv } from './service.js';

const tags = ['theory of change'];
const ImportQuery = z.strictObject({
  theory: z.string().trim().max(200).optional().describe('The theory a Kumu blueprint or CSV files go into'),
  version: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('The draft to import into (Kumu, CSV), or the one version to take from a Cairn file'),
});
const ImportAnswer = z.object({
  data: z.object({ kind: z.enum(['kumu', 'cairn', 'csv']), theory: TheoryView, versions: z.array(VersionSummary) }),
});
const attachment = (name: string) => `attachment; filename="${name}"`;

/** The drawing (on a worker thread), links coloured by a validation against `evaluation` when given. */
export async function drawVersion(db: Db, ctx: ProgrammeContext, theory: Theory, version: Version, evaluation: Evaluation | null) {
  let links: Record<string, LinkMark> | undefined;
  if (evaluation) {
    const v = await validateVersion(db, ctx, theory, version, evaluation);
    links = Object.fromEntries(v.links.map((l) => [l.key, { status: l.status, respondentsBoth: l.respondentsBoth, lift: l.lift }]));
  }
  return async (input: { title: string; model: TheoryModel }) => {
    const svg = await runTask('theorySvg', { ...input, links });
    return { svg, png: async () => asBuffer(await runTask('png', { svg })) };
  };
}

export async function exchangeRoutes(app: App, database: Database) {
  const { db } = database;

  app.post(
    '/programmes/:programme/theories-of-change/import',
    {
      schema: {
        tags,
        summary:
          'Import a Kumu blueprint ({"elements":[{"label","type",…}],"connections":[{"from","to",…}]}, an element’s type naming its stage) or a Cairn theory-of-change file; all or nothing (managers and evaluators)',
        description:
          'A Cairn file makes a new theory with its versions and mappings. A Kumu blueprint goes into the theory named by `theory` (or the programme’s only programme-level one, or a new one), as the draft named by `version` (made if missing) or a new draft; elements are matched to the newest version’s steps by label.',
        params: z.object({ programme: z.string().max(60) }),
        querystring: ImportQuery,
        body: z.looseObject({}).describe('The file’s JSON'),
        response: {
          201: ImportAnswer,
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const done = await importTheory(db, ctx, actorOf(req), req.body, req.query);
      return reply
        .code(201)
        .send({ data: { kind: done.kind, theory: await theoryView(db, ctx, done.theory), versions: done.versions.map(versionSummary) } });
    },
  );

  app.post(
    '/programmes/:programme/theories-of-change/import-csv',
    {
      schema: {
        tags,
        summary:
          'Import the CSV exchange format: the elements file (Label,Type,Description,Evaluation questions) and the connections file (From,To,Description,Interventions,Contextual assumptions,Theoretical assumptions), or one file with both; all or nothing (managers and evaluators)',
        description:
          'The files are told apart by their headings, in any order; one file may hold the elements table, a blank line, then the connections table (as the CSV export writes them). They go in as a Kumu blueprint does: into the theory named by `theory` (or the programme’s only programme-level one, or a new one), as the draft named by `version` (made if missing) or a new draft; steps are matched to the newest version’s by label. Lists are joined by “ | ”.',
        params: z.object({ programme: z.string().max(60) }),
        querystring: ImportQuery,
        body: z.strictObject({
          files: z
            .array(
              z.strictObject({
                name: z.string().trim().min(1).max(200).describe('The file’s name, as problems name it'),
                text: z.string().max(20_000_000).describe('The file’s text (UTF-8)'),
              }),
            )
            .min(1, 'Choose the elements file and the connections file, or one file with both')
            .max(2, 'Choose at most two files: the elements and the connections'),
        }),
        response: { 201: ImportAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const files = req.body.files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.text) }));
      const done = await importTheoryCsv(db, ctx, actorOf(req), files, req.query);
      return reply
        .code(201)
        .send({ data: { kind: done.kind, theory: await theoryView(db, ctx, done.theory), versions: done.versions.map(versionSummary) } });
    },
  );

  app.get(
    '/programmes/:programme/theories-of-change/:theoryId/export.json',
    {
      schema: {
        tags,
        summary: 'The whole theory, every version with its mappings, as Cairn’s lossless JSON',
        params: TheoryParams,
        produces: ['application/json'],
        response: { 200: z.string().meta({ format: 'binary' }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const file = await exportVersion(db, ctx, theory, undefined, 'json', async () => {
        throw new Error('not drawn');
      });
      return reply
        .type(file.type)
        .header('content-disposition', attachment(file.fileName))
        .send(file.body as string);
    },
  );

  app.get(
    '/programmes/:programme/theories-of-change/:theoryId/versions/:versionId/export',
    {
      schema: {
        tags,
        summary:
          'A version as a file: Cairn JSON (json), Kumu blueprint (kumu), CSV of elements or connections, or the drawing as SVG or PNG (links coloured by class when `evaluation` is given)',
        params: VersionParams,
        querystring: z.strictObject({
          format: z.enum(EXPORT_FORMATS, { message: `Format must be one of: ${EXPORT_FORMATS.join(', ')}` }).default('json'),
          evaluation: z.string().max(60).optional().describe('SVG/PNG: colour the links by their class against this evaluation (its slug)'),
        }),
        produces: ['application/json', 'text/csv', 'image/svg+xml', 'image/png'],
        response: { 200: z.string().meta({ format: 'binary' }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const theory = await loadTheory(db, ctx, req.params.theoryId);
      const version = await loadVersion(db, theory, req.params.versionId);
      const format = req.query.format as ExportFormat;
      const evaluation =
        req.query.evaluation && (format === 'svg' || format === 'png') ? await loadEvaluation(db, ctx, req.query.evaluation) : null;
      const file = await exportVersion(db, ctx, theory, version, format, await drawVersion(db, ctx, theory, version, evaluation));
      return reply
        .type(file.type)
        .header('content-disposition', attachment(file.fileName))
        .send(file.body as string);
    },
  );
}
