import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import { ListQuery, Uuid, actorOf, callerOf, changeOf, isoDate, listOf, optionalText, problems, text } from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { type ProgrammeContext, openProgramme } from '../programmes/context.js';
import { INDICATOR_KEY } from './indicators/definitions-import.js';
import { AGGREGATIONS, RETURN_STATUSES, UNITS, indicators, monitoringReturns, reportingPeriods } from './schema.js';
import {
  acceptReturn,
  createIndicator,
  createPeriod,
  getIndicator,
  getPeriod,
  getReturn,
  listIndicators,
  listPeriods,
  listReturns,
  openReturn,
  reopenReturn,
  returnAbilities,
  reviewValue,
  saveReturn,
  sendBack,
  submitReturn,
  updateIndicator,
  updatePeriod,
} from './service.js';

const IdName = z.object({ id: z.string(), name: z.string() });

const Indicator = z
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

const Period = z
  .object({
    id: z.string(),
    label: z.string(),
    phase: z.object({ id: z.string(), number: z.number().int(), name: z.string() }).nullable(),
    startsOn: z.string(),
    endsOn: z.string(),
    dueOn: z.string(),
    overdue: z.number().int().describe('Partnerships whose return is not yet submitted although the due date has passed'),
    version: Version.optional(),
  })
  .meta({ id: 'ReportingPeriod' });

const ReturnRow = z
  .object({
    id: z.string(),
    partnership: IdName,
    period: z.object({ id: z.string(), label: z.string(), dueOn: z.string() }),
    status: z.enum(RETURN_STATUSES),
    overdue: z.boolean(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
  })
  .meta({ id: 'MonitoringReturnRow' });

const OutlierWarning = z
  .object({
    code: z.enum([
      'much-higher-than-own-history',
      'much-lower-than-own-history',
      'much-higher-than-portfolio',
      'much-lower-than-portfolio',
    ]),
    message: z.string().describe('Plain words for the person reading: the partnership’s members, or a reviewer'),
    median: z.number().describe('The median the figure was compared with (never another partnership’s own figure list)'),
  })
  .meta({ id: 'OutlierWarning' });

const CheckOutcome = z
  .union([
    z.object({ checked: z.literal(true) }),
    z.object({
      checked: z.literal(false),
      code: z.enum(['too-little-history', 'history-median-not-positive', 'too-few-peers', 'peers-too-alike']),
      message: z.string().describe('Why the figure was not compared, in plain words'),
    }),
  ])
  .meta({ id: 'OutlierCheckOutcome' });

const ReturnValue = z
  .object({
    indicator: Indicator,
    value: z.number().nullable(),
    textValue: z.string().nullable(),
    notReported: z.boolean(),
    notReportedReason: z.string(),
    comparabilityNote: z.string(),
    reviewerComment: z.string(),
    followUp: z.boolean(),
    warnings: z
      .array(OutlierWarning)
      .describe(
        'Warnings, never errors: the figure is far from the partnership’s earlier returns or from the other partnerships’ for this period',
      ),
    outlierChecks: z
      .object({ ownHistory: CheckOutcome, portfolio: CheckOutcome })
      .nullable()
      .describe(
        'Whether each comparison was made, and if not why; null when there is no figure to compare (a text answer, nothing entered, or not reported)',
      ),
  })
  .meta({ id: 'ReturnValue' });

const Return = ReturnRow.extend({
  comparabilityNote: z.string(),
  submittedBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewComment: z.string(),
  values: z.array(ReturnValue),
  missing: z.array(z.string()).describe('Keys of required indicators not yet answered'),
  version: Version.optional().describe(
    'The return’s version: its figures, notes, review comments and status are all in its row (decision 010)',
  ),
}).meta({ id: 'MonitoringReturn' });

const ReturnAbilities = z.object({
  update: z.boolean(),
  submit: z.boolean(),
  sendBack: z.boolean(),
  accept: z.boolean(),
  reopen: z.boolean(),
  review: z.boolean(),
});

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

const PeriodBody = z.strictObject({
  label: text('a label for the period', 100),
  phaseId: Uuid.nullable().optional(),
  startsOn: isoDate,
  endsOn: isoDate,
  dueOn: isoDate.describe('When returns are due; after this an unsubmitted return counts as overdue'),
});

const note = optionalText('comparability note', 1000);
const ValueBody = z.strictObject({
  indicatorId: Uuid,
  value: z.number({ message: 'Enter a number' }).nullable().optional(),
  textValue: z.string().max(4000, 'Keep the text to 4000 characters or fewer').nullable().optional(),
  notReported: z.boolean().optional(),
  notReportedReason: optionalText('reason', 1000).optional(),
  comparabilityNote: note.optional(),
});
const ReturnChangeBody = z.strictObject({
  comparabilityNote: note.optional().describe('A note on the whole return, e.g. "reporting period Nov 2021 – Feb 2022"'),
  values: z.array(ValueBody).max(500).optional().describe('Each value sent replaces what was entered for that indicator; others stay'),
});
const CommentBody = z.strictObject({ comment: text('a comment for the partnership', 4000) });
const AcceptBody = z.strictObject({ comment: optionalText('comment', 4000).optional() });
const ReviewBody = z.strictObject({
  reviewerComment: optionalText('comment', 4000).optional(),
  followUp: z.boolean().optional(),
});

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const IndicatorParams = ProgrammeParams.extend({ indicatorId: Uuid });
const PeriodParams = ProgrammeParams.extend({ periodId: Uuid });
const ReturnParams = ProgrammeParams.extend({ returnId: Uuid });

const tags = ['monitoring'];
const indicatorVersion = (id: string): RecordVersion => ({ key: indicators.id, id, entityType: 'indicator' });
const periodVersion = (id: string): RecordVersion => ({ key: reportingPeriods.id, id, entityType: 'reporting_period' });
const returnVersion = (id: string): RecordVersion => ({ key: monitoringReturns.id, id, entityType: 'monitoring_return' });

export async function monitoringRoutes(app: App, database: Database) {
  const { db } = database;

  const indicatorRecord = async (ctx: ProgrammeContext, id: string) => ({
    data: await getIndicator(db, ctx, id),
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'indicator', id),
  });
  const IndicatorAnswer = z.object({ data: Indicator, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

  const periodRecord = async (ctx: ProgrammeContext, id: string) => ({
    data: await getPeriod(db, ctx, id),
    abilities: { update: ctx.access.canManage },
    history: await recordHistory(db, ctx.access, 'reporting_period', id),
  });
  const PeriodAnswer = z.object({ data: Period, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

  const returnRecord = async (ctx: ProgrammeContext, id: string) => {
    const data = await getReturn(db, ctx, id);
    return { data, abilities: returnAbilities(ctx, data), history: await recordHistory(db, ctx.access, 'monitoring_return', id) };
  };
  const ReturnAnswer = z.object({ data: Return, abilities: ReturnAbilities, history: z.array(AuditEventView) });
  /** Every change to a return (figures, notes, submit, review) is a write to its one row, under its version. */
  const returnWrite = async (
    req: FastifyRequest<{ Params: { returnId: string } }>,
    reply: FastifyReply,
    ctx: ProgrammeContext,
    write: (tx: Db) => Promise<string>,
  ) => {
    const { returnId } = req.params;
    const { result: id, version } = await guardWrite(db, req, reply, returnVersion(returnId), write, {
      current: async () => (await returnRecord(ctx, returnId)).data,
      history: ctx.access.canSeeAudit,
    });
    return withVersion(await returnRecord(ctx, id), version);
  };

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

  // ---- returns

  app.get(
    '/programmes/:programme/returns',
    {
      schema: {
        tags,
        summary: 'Monitoring returns; partnership members see only their own partnerships’ returns',
        params: ProgrammeParams,
        querystring: ListQuery.extend({
          periodId: Uuid.optional(),
          partnershipId: Uuid.optional(),
          status: z.enum(RETURN_STATUSES).optional(),
        }),
        response: { 200: listOf(ReturnRow), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total } = await cachedAnswer(db, ctx, questionOf('returns', req.query), () => listReturns(db, ctx, req.query));
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total },
        abilities: { create: ctx.access.scope === 'partnership' || ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/returns',
    {
      schema: {
        tags,
        summary: 'Open a partnership’s return for a period, starting a draft when there is none (its members, or programme managers)',
        description: 'Answers 201 when a draft was started, 200 with the existing return otherwise.',
        params: ProgrammeParams,
        body: z.strictObject({ partnershipId: Uuid, periodId: Uuid }),
        response: { 200: ReturnAnswer, 201: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { id, created } = await openReturn(db, ctx, actorOf(req), req.body);
      return reply.code(created ? 201 : 200).send(await returnRecord(ctx, id));
    },
  );

  app.get(
    '/programmes/:programme/returns/:returnId',
    {
      schema: {
        tags,
        summary: 'A return with every indicator’s definition and figure, outlier warnings, review comments and history',
        description:
          'Each figure carries `warnings` (never errors) when it is far from the partnership’s earlier submitted or accepted returns (at least 2 needed) or from the other partnerships’ submitted or accepted figures for the period (at least 5 needed; only their median is given), and `outlierChecks` saying whether each comparison was made.',
        params: ReturnParams,
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, returnVersion(req.params.returnId));
      return withVersion(await returnRecord(ctx, req.params.returnId), version);
    },
  );

  app.patch(
    '/programmes/:programme/returns/:returnId',
    {
      schema: {
        tags,
        summary: 'Save figures and notes in a draft or returned return (the partnership’s members, or programme managers)',
        params: ReturnParams,
        headers: IfMatchHeaders,
        body: changeOf(ReturnChangeBody),
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) => saveReturn(tx, ctx, actorOf(req), req.params.returnId, req.body));
    },
  );

  app.post(
    '/programmes/:programme/returns/:returnId/submit',
    {
      schema: {
        tags,
        summary: 'Submit a return for review; every required indicator needs a figure or a reason it was not reported',
        params: ReturnParams,
        headers: IfMatchHeaders,
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) => submitReturn(tx, ctx, actorOf(req), req.params.returnId));
    },
  );

  app.post(
    '/programmes/:programme/returns/:returnId/send-back',
    {
      schema: {
        tags,
        summary: 'Return a submitted return to its partnership with a comment (programme managers)',
        params: ReturnParams,
        headers: IfMatchHeaders,
        body: CommentBody,
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) => sendBack(tx, ctx, actorOf(req), req.params.returnId, req.body.comment));
    },
  );

  app.post(
    '/programmes/:programme/returns/:returnId/accept',
    {
      schema: {
        tags,
        summary: 'Accept a submitted return, which locks it (programme managers)',
        params: ReturnParams,
        headers: IfMatchHeaders,
        body: AcceptBody,
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) => acceptReturn(tx, ctx, actorOf(req), req.params.returnId, req.body.comment));
    },
  );

  app.post(
    '/programmes/:programme/returns/:returnId/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen an accepted return so it can be corrected, saying why (programme managers)',
        params: ReturnParams,
        headers: IfMatchHeaders,
        body: CommentBody,
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) => reopenReturn(tx, ctx, actorOf(req), req.params.returnId, req.body.comment));
    },
  );

  app.patch(
    '/programmes/:programme/returns/:returnId/values/:indicatorId/review',
    {
      schema: {
        tags,
        summary: 'Comment on one figure and flag it for follow-up (programme managers and evaluators)',
        params: ReturnParams.extend({ indicatorId: Uuid }),
        headers: IfMatchHeaders,
        body: changeOf(ReviewBody),
        response: { 200: ReturnAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return returnWrite(req, reply, ctx, (tx) =>
        reviewValue(tx, ctx, actorOf(req), req.params.returnId, req.params.indicatorId, req.body),
      );
    },
  );
}
