/** Indicators over HTTP: list, read (with history), add and change (managers, under If-Match). */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { ListQuery, Uuid, actorOf, callerOf, changeOf, listOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { INDICATOR_KEY } from './definitions-import.js';
import { AGGREGATIONS, UNITS, indicators } from '../schema.js';
import { createIndicator, getIndicator, listIndicators, updateIndicator } from './service.js';

export const Indicator = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    definition: z.string(),
    unit: z.enum(UNITS),
    aggregation: z.enum(AGGREGATIONS),
    required: z.boolean(),
    position: z.number().int(),
    version: Version.optional(),
  })
  .meta({ id: 'Indicator' });

const IndicatorBody = z.strictObject({
  // The same rule as the definitions import: keys are spreadsheet headings such as public_meetings_consultations.
  key: z
    .string()
    .min(1, 'Enter a key')
    .max(60, 'Key must be 60 characters or fewer')
    .regex(INDICATOR_KEY, 'Key may use lower-case letters, digits and single _ or - only')
    .describe('Short name used in spreadsheets and exports, e.g. "volunteers"'),
  label: text('the indicator’s name'),
  definition: optionalText('definition', 4000).optional().describe('Shown wherever the number is entered or read'),
  unit: z.enum(UNITS).optional().describe('Defaults to count'),
  aggregation: z.enum(AGGREGATIONS).optional().describe('How the portfolio table combines partnerships; defaults to sum'),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const IndicatorParams = ProgrammeParams.extend({ indicatorId: Uuid });
const tags = ['monitoring'];
const indicatorVersion = (id: string): RecordVersion => ({ key: indicators.id, id, entityType: 'indicator' });

export async function indicatorRoutes(app: App, database: Database) {
  const { db } = database;

  const indicatorRecord = async (ctx: ProgrammeContext, id: string) => ({
    data: await getIndicator(db, ctx, id),
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'indicator', id),
  });
  const IndicatorAnswer = z.object({ data: Indicator, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

  // ---- indicators

  app.get(
    '/programmes/:programme/indicators',
    {
      schema: {
        tags,
        summary: 'The programme’s indicators, with their definitions, in the order returns show them',
        params: ProgrammeParams,
        querystring: ListQuery,
        response: { 200: listOf(Indicator), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('indicators', req.query), () => listIndicators(db, ctx, req.query));
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/indicators',
    {
      schema: {
        tags,
        summary: 'Add an indicator (programme managers)',
        params: ProgrammeParams,
        body: IndicatorBody,
        response: { 201: IndicatorAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = await createIndicator(db, ctx, actorOf(req), req.body);
      return reply.code(201).send(await indicatorRecord(ctx, id));
    },
  );

  app.patch(
    '/programmes/:programme/indicators/:indicatorId',
    {
      schema: {
        tags,
        summary: 'Change an indicator (programme managers); its unit is fixed once returns hold figures for it',
        params: IndicatorParams,
        headers: IfMatchHeaders,
        body: changeOf(IndicatorBody),
        response: { 200: IndicatorAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { indicatorId } = req.params;
      const { result: id, version } = await guardWrite(
        db,
        req,
        reply,
        indicatorVersion(indicatorId),
        (tx) => updateIndicator(tx, ctx, actorOf(req), indicatorId, req.body),
        {
          current: () => getIndicator(db, ctx, indicatorId),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion(await indicatorRecord(ctx, id), version);
    },
  );

  app.get(
    '/programmes/:programme/indicators/:indicatorId',
    {
      schema: {
        tags,
        summary: 'An indicator with its definition and history',
        params: IndicatorParams,
        response: { 200: IndicatorAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, indicatorVersion(req.params.indicatorId));
      return withVersion(await indicatorRecord(ctx, req.params.indicatorId), version);
    },
  );
}
