import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { cachedAnswer, questionOf } from '../../http/answer-cache.js';
import {
  changeOf,
  ListQuery,
  PageInfo,
  Uuid,
  actorOf,
  callerOf,
  isoDate,
  problems,
  recordOf,
  text,
  validDate,
} from '../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../http/versions.js';
import { AuditEventView, recordHistory } from '../audit/history.js';
import { grants } from './schema.js';
import { openProgramme } from '../programmes/context.js';
import { MAX_GRANT_GBP, poundsToPence } from './money.js';
import { createGrant, getGrant, listGrants, updateGrant } from './service.js';

const Named = z.object({ id: z.string(), name: z.string() });
const Grant = z
  .object({
    id: z.string(),
    title: z.string(),
    recipient: Named,
    partnership: Named.nullable(),
    phase: z.object({ id: z.string(), number: z.number().int(), name: z.string() }).nullable(),
    amountGbp: z.number(),
    awardedOn: z.string().nullable(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    createdAt: z.string(),
    version: Version.optional(),
  })
  .meta({ id: 'Grant' });

const AmountGbp = z
  .number({ message: 'Amount must be a number of pounds, such as 4500 or 4500.50' })
  .min(0, 'Amount cannot be negative')
  .max(MAX_GRANT_GBP, `Amount must be £${MAX_GRANT_GBP.toLocaleString('en-GB')} or less`)
  .refine((n) => poundsToPence(n) !== null, 'Amount can have at most 2 decimal places (whole pence)')
  .describe('Pounds, at most 2 decimal places; stored as whole pence');

const GrantBody = z.strictObject({
  title: text('the grant title'),
  recipientOrganisationId: Uuid.describe('An organisation of this programme'),
  partnershipId: Uuid.nullable().optional(),
  phaseId: Uuid.nullable().optional(),
  amountGbp: AmountGbp,
  awardedOn: isoDate.nullable().optional(),
  startsOn: isoDate.nullable().optional(),
  endsOn: isoDate.nullable().optional().describe('On or after startsOn'),
});
/**
 * A new grant's dates must run forwards: checked here, beside every other field, so a form with several
 * mistakes hears of all of them at once (`when`: even when other fields are wrong). A change is checked
 * against the stored grant in the service.
 */
const NewGrantBody = GrantBody.refine((g) => !(validDate(g.startsOn) && validDate(g.endsOn) && g.endsOn! < g.startsOn!), {
  path: ['endsOn'],
  message: 'The end date must be on or after the start date',
  when: () => true,
});
const Params = z.object({ programme: z.string().max(60) });
const GrantParams = Params.extend({ grantId: Uuid });
const GrantQuery = ListQuery.extend({ phaseId: Uuid.optional(), partnershipId: Uuid.optional() });

const grantVersion = (id: string): RecordVersion => ({ key: grants.id, id, entityType: 'grant' });

export async function grantRoutes(app: App, database: Database) {
  const { db } = database;

  app.get(
    '/programmes/:programme/grants',
    {
      schema: {
        tags: ['grants'],
        summary: 'Grants, newest award first, with the total of the grants matched (a partnership member sees their partnerships’ grants)',
        params: Params,
        querystring: GrantQuery,
        response: {
          200: z.object({
            data: z.array(Grant),
            page: PageInfo.extend({ totalAmountGbp: z.number().describe('Sum of every grant matched, not just this page') }),
            abilities: z.object({ create: z.boolean() }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, total, totalAmountGbp } = await cachedAnswer(db, ctx, questionOf('grants', req.query), () =>
        listGrants(db, ctx, req.query),
      );
      return {
        data: rows,
        page: { page: req.query.page, pageSize: req.query.pageSize, total, totalAmountGbp },
        abilities: { create: ctx.access.canManage },
      };
    },
  );

  app.post(
    '/programmes/:programme/grants',
    {
      schema: {
        tags: ['grants'],
        summary: 'Record a grant (programme managers)',
        params: Params,
        body: NewGrantBody,
        response: { 201: recordOf(Grant), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createGrant(db, ctx, actorOf(req), req.body), abilities: { update: true } });
    },
  );

  app.get(
    '/programmes/:programme/grants/:grantId',
    {
      schema: {
        tags: ['grants'],
        summary: 'A grant with its history',
        params: GrantParams,
        response: { 200: recordOf(Grant).extend({ history: z.array(AuditEventView) }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const version = await answerVersion(db, reply, grantVersion(req.params.grantId));
      const data = await getGrant(db, ctx, req.params.grantId);
      const history = await recordHistory(db, ctx.access, 'grant', data.id);
      return withVersion({ data, abilities: { update: ctx.access.canManage }, history }, version);
    },
  );

  app.patch(
    '/programmes/:programme/grants/:grantId',
    {
      schema: {
        tags: ['grants'],
        summary: 'Change a grant (programme managers)',
        params: GrantParams,
        headers: IfMatchHeaders,
        body: changeOf(GrantBody),
        response: { 200: recordOf(Grant), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const id = req.params.grantId;
      const { result, version } = await guardWrite(
        db,
        req,
        reply,
        grantVersion(id),
        (tx) => updateGrant(tx, ctx, actorOf(req), id, req.body),
        {
          current: () => getGrant(db, ctx, id),
          history: ctx.access.canSeeAudit,
        },
      );
      return withVersion({ data: result!, abilities: { update: true } }, version);
    },
  );
}
