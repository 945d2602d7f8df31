/** Reporting periods over HTTP: list, read (with history), add and change (managers, under If-Match). */
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { ListQuery, Uuid, actorOf, callerOf, changeOf, isoDate, listOf, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { reportingPeriods } from '../schema.js';
import { createPeriod, getPeriod, listPeriods, updatePeriod } from './service.js';

const Period = z
  .object({
    id: z.string(),
    label: z.string(),
    phase: z.object({ id: z.string(), number: z.number().int(), name: z.string() }).nullable(),
    startsOn: z.string(),
    endsOn: z.string(),
    dueOn: z.string(),
    overdue: z
      .number()
      .int()
      .describe(
        'Partnerships (that the caller may see) in the programme when the period was due, with no submitted or accepted return although the due date has passed',
      ),
    expected: z
      .number()
      .int()
      .describe(
        'M in "reported by N of M": partnerships in the programme (and the period’s phase) on its due date, and any other that reported',
      ),
    reported: z.number().int().describe('N in "reported by N of M": partnerships with a submitted or accepted return'),
    version: Version.optional(),
  })
  .meta({ id: 'ReportingPeriod' });

const PeriodBody = z.strictObject({
  label: text('a label for the period', 100),
  phaseId: Uuid.nullable().optional(),
  startsOn: isoDate,
  endsOn: isoDate,
  dueOn: isoDate.describe('When returns are due; after this an unsubmitted return counts as overdue'),
});

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const PeriodParams = ProgrammeParams.extend({ periodId: Uuid });
const tags = ['monitoring'];
const periodVersion = (id: string): RecordVersion => ({ key: reportingPeriods.id, id, entityType: 'reporting_period' });

export async function periodRoutes(app: App, database: Database) {
  const { db } = database;

  const periodRecord = async (ctx: ProgrammeContext, id: string) => ({
    data: await getPeriod(db, ctx, id),
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'reporting_period', id),
  });
  const PeriodAnswer = z.object({ data: Period, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

  // ---- reporting periods

  app.get(
    '/programmes/:programme/reporting-periods',
    {
      schema: {
        tags,
        summary: 'Reporting periods, newest first, each with how many returns are overdue',
        params: ProgrammeParams,
        querystring: ListQuery,
        response: { 200: listOf(Period), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('reporting-periods', req.query), () =>
        listPeriods(db, ctx, req.query),
      );
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/reporting-periods',
    {
      schema: {
        tags,
        summary: 'Add a reporting period with its due date (programme managers)',
        params: ProgrammeParams,
        body: PeriodBody,
        response: { 201: PeriodAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = await createPeriod(db, ctx, actorOf(req), req.body);
      return reply.code(201).send(await periodRecord(ctx, id));
    },
  );

  app.get(
    '/programmes/:programme/reporting-periods/:periodId',
    {
      schema: {
        tags,
        summary: 'A reporting period with how many returns are overdue, and its history',
        params: PeriodParams,
        response: { 200: PeriodAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, periodVersion(req.params.periodId));
      return withVersion(await periodRecord(ctx, req.params.periodId), version);
    },
  );

  app.patch(
    '/programmes/:programme/reporting-periods/:periodId',
    {
      schema: {
        tags,
        summary: 'Change a reporting period (programme managers)',
        params: PeriodParams,
        headers: IfMatchHeaders,
        body: changeOf(PeriodBody),
        response: { 200: PeriodAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { periodId } = req.params;
      const { result: id, version } = await guardWrite(
        db,
        req,
        reply,
        periodVersion(periodId),
        (tx) => updatePeriod(tx, ctx, actorOf(req), periodId, req.body),
        {
          current: () => getPeriod(db, ctx, periodId),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion(await periodRecord(ctx, id), version);
    },
  );
}
