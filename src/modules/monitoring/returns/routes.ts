/** Returns over HTTP: list, open, read, fill in, submit, and review (send back, accept, reopen, one value's comment and follow-up flag), each write under the return's version. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../../http/answer-cache.js';
import { ListQuery, Uuid, actorOf, callerOf, changeOf, listOf, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { type ProgrammeContext, openProgramme } from '../../programmes/context.js';
import { RETURN_STATUSES, monitoringReturns } from '../schema.js';
import {
  acceptReturn,
  getReturn,
  listReturns,
  openReturn,
  reopenReturn,
  returnAbilities,
  reviewValue,
  saveReturn,
  sendBack,
  submitReturn,
} from './service.js';
import { Indicator } from '../indicators/routes.js';

const IdName = z.object({ id: z.string(), name: z.string() });

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
    lastPeriod: z
      .object({ value: z.number().nullable(), textValue: z.string().nullable(), notReported: z.boolean(), notReportedReason: z.string() })
      .nullable()
      .describe(
        'This figure in the partnership’s return for the last earlier period (submitted or accepted), named by the return’s `lastPeriod`; null when there is none. All null/false: nothing was entered for it then',
      ),
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
  lastPeriod: z
    .object({ id: z.string(), label: z.string() })
    .nullable()
    .describe(
      'The latest earlier period the partnership sent a return for (submitted or accepted), whose figures each value’s `lastPeriod` gives',
    ),
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
const ReturnParams = ProgrammeParams.extend({ returnId: Uuid });
const tags = ['monitoring'];
const returnVersion = (id: string): RecordVersion => ({ key: monitoringReturns.id, id, entityType: 'monitoring_return' });

export async function returnRoutes(app: App, database: Database) {
  const { db } = database;

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
          'Each figure carries `warnings` (never errors) when it is far from the partnership’s earlier submitted or accepted returns (at least 1 needed) or from the other partnerships’ submitted or accepted figures for the period (at least 5 needed; only their median is given), and `outlierChecks` saying whether each comparison was made.',
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
