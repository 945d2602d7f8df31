import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import type { App } from '../../../http/app-type.js';
import { Slug, acceptFiles, actorOf, callerOf, changeOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { openProgramme } from '../../programmes/context.js';
import { PLACE_VERSIONS, placeThemes } from '../domain/place-wording.js';
import { importScores } from './import.js';
import { RESIDENT_PREFIX } from './resident-pages.js';
import { PLACE_RESPONSE_KINDS, PLACE_RESPONSE_SOURCES, PLACE_SURVEY_STATUSES } from './schema.js';
import {
  canRunSurveys,
  createSurvey,
  listResponses,
  listSurveys,
  loadSurvey,
  presentSurvey,
  recordResponse,
  surveyGroups,
  updateSurvey,
} from './service.js';
import { compassFor, compassPng, compassSvg, summaryCsv, surveySummary } from './summary.js';

const tags = ['place standard'];
const ProgrammeParams = z.object({ programme: z.string().max(60) });
const SurveyParams = ProgrammeParams.extend({ survey: z.string().max(60) });
const place = (label: string) => optionalText(label, 200);

const Survey = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    version: z.enum(PLACE_VERSIONS),
    versionName: z.string(),
    wording: z.string(),
    scale: z.number().int(),
    threshold: z.number().int(),
    status: z.enum(PLACE_SURVEY_STATUSES),
    currentWave: z.string(),
    localities: z.array(z.string()),
    illustrative: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'PlaceSurvey' });
const SurveyListItem = Survey.extend({ responses: z.number().int() });
const SurveyDetail = Survey.extend({
  groups: z.array(z.object({ locality: z.string(), wave: z.string(), responses: z.number().int(), charted: z.boolean() })),
  themes: z.array(z.object({ code: z.number().int(), name: z.string(), question: z.string() })),
  link: z.string().describe('The address residents answer at (under this server): share it, or print it as a QR code'),
}).meta({ id: 'PlaceSurveyDetail' });
const Abilities = z.object({ update: z.boolean() });

const SurveyBody = z.strictObject({
  slug: Slug.describe('A short name for addresses and the command line, e.g. our-place-2025'),
  title: text('the survey title'),
  version: z.enum(PLACE_VERSIONS, { message: 'Version must be adult, young_people or children' }).optional(),
  threshold: z
    .number({ message: 'The smallest group to show must be a number' })
    .int('The smallest group to show must be a whole number')
    .min(2, 'The smallest group to show must be 2 or more')
    .max(100, 'The smallest group to show must be 100 or fewer')
    .optional(),
  status: z.enum(PLACE_SURVEY_STATUSES, { message: 'Status must be draft, open or closed' }).optional(),
  currentWave: place('wave').optional(),
  localities: z.array(place('locality')).max(100, 'List 100 localities at most').optional(),
});
const SurveyChange = changeOf(SurveyBody.omit({ version: true }));

const Comment = z.strictObject({
  good: optionalText('what is good here').optional(),
  better: optionalText('what could be better').optional(),
});
const Response = z
  .object({
    id: z.string(),
    respondent: z.string(),
    locality: z.string(),
    wave: z.string(),
    kind: z.enum(PLACE_RESPONSE_KINDS),
    groupSize: z.number().int().nullable(),
    source: z.enum(PLACE_RESPONSE_SOURCES),
    scores: z.array(z.number().int().nullable()),
    comments: z.array(z.object({ good: z.string(), better: z.string() })),
    createdAt: z.string(),
  })
  .meta({ id: 'PlaceResponse' });
const ResponseBody = z.strictObject({
  respondent: place('respondent').optional().describe('A reference (never a name); one is made up when blank'),
  locality: place('locality').optional(),
  wave: place('wave').optional().describe('The survey’s current wave when blank'),
  kind: z.enum(PLACE_RESPONSE_KINDS, { message: 'Say whether this is one person’s response or a group’s' }),
  groupSize: z.number().int('Group size must be a whole number').min(2, 'A group is 2 people or more').max(500).nullable().optional(),
  scores: z
    .array(z.number().int('Scores are whole numbers').nullable())
    .max(30)
    .describe('One per theme, in theme order: 1 to the scale, or null (not answered)'),
  comments: z.array(Comment).max(30).optional(),
});
const ResponsesQuery = z.strictObject({ locality: z.string().max(200).optional(), wave: z.string().max(200).optional() });

const SummaryRow = z
  .object({
    locality: z.string(),
    wave: z.string(),
    theme: z.number().int(),
    themeName: z.string(),
    responses: z.number().int(),
    median: z.number().nullable(),
    mean: z.number().nullable(),
    respondents: z.number().int(),
    suppressed: z.boolean(),
  })
  .meta({ id: 'PlaceSummaryRow' });
const CompassQuery = z.strictObject({
  locality: z.string().max(200).optional().describe('The first locality to chart (with wave)'),
  wave: z.string().max(200).optional(),
  locality2: z.string().max(200).optional().describe('A second locality (or the same) to overlay, with wave2'),
  wave2: z.string().max(200).optional(),
});
const Stat = z.object({ responses: z.number().int(), median: z.number().nullable(), mean: z.number().nullable() });
const CompassView = z
  .object({
    compass: z.object({
      title: z.string(),
      scale: z.number().int(),
      themes: z.array(z.string()),
      series: z.array(
        z.object({
          label: z.string(),
          locality: z.string(),
          wave: z.string(),
          respondents: z.number().int(),
          values: z.array(z.number().nullable()),
        }),
      ),
      notCharted: z.array(z.object({ label: z.string(), respondents: z.number().int(), reason: z.string() })),
      threshold: z.number().int(),
      description: z.string().describe('What the chart shows, in words: use it as the alt text'),
    }),
    table: z.array(z.object({ theme: z.number().int(), name: z.string(), series: z.array(Stat) })),
    comments: z.array(z.object({ theme: z.number().int(), name: z.string(), good: z.array(z.string()), better: z.array(z.string()) })),
  })
  .meta({ id: 'PlaceCompass' });

const picksOf = (q: z.infer<typeof CompassQuery>) => {
  const picks = [];
  if (q.locality !== undefined || q.wave !== undefined) picks.push({ locality: q.locality ?? '', wave: q.wave ?? '1' });
  if (q.locality2 !== undefined || q.wave2 !== undefined) picks.push({ locality: q.locality2 ?? '', wave: q.wave2 ?? '1' });
  return picks;
};
const attachment = (name: string) => `attachment; filename="${name}"`;

export async function placeStandardRoutes(app: App, database: Database) {
  const { db } = database;
  const base = '/programmes/:programme/place-surveys';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The programme’s Place Standard surveys, with how many responses each holds (the programme team)',
        params: ProgrammeParams,
        response: { 200: z.object({ data: z.array(SurveyListItem), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listSurveys(db, ctx), abilities: { create: canRunSurveys(ctx) } };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Set up a Place Standard survey (programme managers and facilitators)',
        description: 'One version a survey: adult (1–7), young_people (1–7) or children (1–3). Residents can answer once it is open.',
        params: ProgrammeParams,
        body: SurveyBody,
        response: { 201: z.object({ data: Survey, abilities: Abilities }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createSurvey(db, ctx, actorOf(req), req.body), abilities: { update: true } });
    },
  );

  app.get(
    `${base}/:survey`,
    {
      schema: {
        tags,
        summary: 'A Place Standard survey: its settings, its themes, the link residents answer at, and responses by locality and wave',
        params: SurveyParams,
        response: { 200: z.object({ data: SurveyDetail, abilities: Abilities }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const survey = await loadSurvey(db, ctx, req.params.survey);
      return {
        data: {
          ...presentSurvey(survey),
          groups: await surveyGroups(db, survey),
          themes: [...placeThemes(survey.wording, survey.version)],
          link: `${RESIDENT_PREFIX}/${encodeURIComponent(ctx.programme.slug)}/${encodeURIComponent(survey.slug)}`,
        },
        abilities: { update: canRunSurveys(ctx) },
      };
    },
  );

  app.patch(
    `${base}/:survey`,
    {
      schema: {
        tags,
        summary: 'Change a survey: open or close it, its wave, localities, threshold or title (managers and facilitators)',
        params: SurveyParams,
        body: SurveyChange,
        response: { 200: z.object({ data: Survey, abilities: Abilities }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateSurvey(db, ctx, actorOf(req), req.params.survey, req.body), abilities: { update: true } };
    },
  );

  app.get(
    `${base}/:survey/responses`,
    {
      schema: {
        tags,
        summary: 'A survey’s responses, newest first (up to 1,000), with their comments (the programme team)',
        params: SurveyParams,
        querystring: ResponsesQuery,
        response: { 200: z.object({ data: z.array(Response) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const survey = await loadSurvey(db, ctx, req.params.survey);
      return { data: await listResponses(db, survey, req.query) };
    },
  );

  app.post(
    `${base}/:survey/responses`,
    {
      schema: {
        tags,
        summary:
          'Record a response an organiser holds: a group’s agreed scores from a session, or a paper form (managers and facilitators)',
        params: SurveyParams,
        body: ResponseBody,
        response: { 201: z.object({ data: Response }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await recordResponse(db, ctx, actorOf(req), req.params.survey, req.body) });
    },
  );

  app.get(
    `${base}/:survey/summary`,
    {
      schema: {
        tags,
        summary: 'Responses, median and mean of each theme by locality and wave; median and mean left out under the survey’s threshold',
        params: SurveyParams,
        response: { 200: z.object({ data: z.array(SummaryRow) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await surveySummary(db, await loadSurvey(db, ctx, req.params.survey)) };
    },
  );

  app.get(
    `${base}/:survey/summary.csv`,
    {
      schema: {
        tags,
        summary: 'The summary as CSV: locality,wave,theme,theme_name,responses,median,mean (as `cairn placestandard summary` writes it)',
        params: SurveyParams,
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const survey = await loadSurvey(db, ctx, req.params.survey);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${ctx.programme.slug}-${survey.slug}-summary.csv`))
        .send(summaryCsv(await surveySummary(db, survey)));
    },
  );

  app.get(
    `${base}/:survey/compass`,
    {
      schema: {
        tags,
        summary:
          'The compass of one or two localities and waves as figures: the mean per theme, the table beside the chart, and comments by theme',
        params: SurveyParams,
        querystring: CompassQuery,
        response: { 200: z.object({ data: CompassView }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await compassFor(db, await loadSurvey(db, ctx, req.params.survey), picksOf(req.query)) };
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `${base}/:survey/compass.${format}`,
      {
        schema: {
          tags,
          summary: `The compass chart as ${format.toUpperCase()} (one or two localities and waves)`,
          params: SurveyParams,
          querystring: CompassQuery,
          produces: [format === 'svg' ? 'image/svg+xml' : 'image/png'],
          response: { 200: z.string().meta({ format: 'binary' }), ...problems },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        const survey = await loadSurvey(db, ctx, req.params.survey);
        const { compass } = await compassFor(db, survey, picksOf(req.query));
        const svg = await compassSvg(compass);
        return reply
          .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
          .header('content-disposition', attachment(`${ctx.programme.slug}-${survey.slug}-compass.${format}`))
          .send(format === 'svg' ? svg : ((await compassPng(svg)) as unknown as string));
      },
    );
  }

  // The CSV parser lives in this plugin only, so nowhere else in the API takes a bare CSV body.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel']);
    scoped.post(
      `${base}/:survey/import`,
      {
        schema: {
          tags,
          summary: 'Import scores from a CSV (managers and facilitators): every row, or none if any is wrong',
          description:
            'The CSV file is the raw request body (Content-Type text/csv). Columns: respondent,locality,wave,theme_1,…,theme_14; a blank score is not answered.',
          params: SurveyParams,
          response: {
            200: z.object({
              data: z.object({
                survey: z.string(),
                imported: z.number().int(),
                groups: z.array(z.object({ locality: z.string(), wave: z.string(), responses: z.number().int() })),
              }),
            }),
            ...problems,
          },
        },
      },
      async (req) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        if (!Buffer.isBuffer(req.body) && canRunSurveys(ctx))
          throw new Invalid('Send the CSV file itself as the request body, with Content-Type text/csv.');
        return {
          data: await importScores(db, ctx, actorOf(req), req.params.survey, Buffer.isBuffer(req.body) ? req.body : new Uint8Array()),
        };
      },
    );
  });
}
