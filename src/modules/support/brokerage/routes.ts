import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { openProgramme } from '../../programmes/context.js';
import { facilitatorAssignments } from '../assigned.js';
import { CASE_STATUSES, PARTY_KINDS } from './domain.js';
import { brokerageCases } from './schema.js';
import { addAgreement, addStep, createCase, getCase, listCases, updateCase } from './service.js';

const PartyIn = z.strictObject({
  name: text('the party’s name', 200),
  kind: z.enum(PARTY_KINDS, { message: 'Choose what kind of party it is' }),
  organisationId: Uuid.nullable().describe('The programme’s organisation, when the party is one; null for a public body or other'),
});
const status = z.enum(CASE_STATUSES, { message: 'Choose the case’s status' });
const CaseBody = z.strictObject({
  partnershipId: Uuid,
  title: text('a short name for the case', 200),
  trigger: optionalText('what brought it on', 4000).optional(),
  parties: z.array(PartyIn).max(50),
  status: status.optional(),
  openedOn: isoDate.describe('When the case opened'),
  closedOn: isoDate.nullable().optional().describe('When it was resolved or closed'),
  outcome: optionalText('the outcome', 4000).optional(),
});
const { partnershipId: _p, ...caseChangeFields } = CaseBody.shape;
const CaseChange = changeOf(z.strictObject(caseChangeFields));
const StepBody = z.strictObject({
  on: isoDate.describe('When the step happened'),
  kind: text('what kind of step it was', 100).describe(
    'Meeting, Mediation session, Soundings report, Letter or email, Phone call, or your own',
  ),
  summary: text('what happened', 4000),
});
const AgreementBody = z.strictObject({
  title: text('the agreement’s name', 200).describe('For example, "Joint-working protocol with the council"'),
  agreedOn: isoDate.describe('When it was agreed'),
  summary: optionalText('what it says', 4000).optional(),
});

const Party = z.object({ name: z.string(), kind: z.enum(PARTY_KINDS), organisationId: z.string().nullable() });
const IdName = z.object({ id: z.string(), name: z.string() });
const CaseRow = z
  .object({
    id: z.string(),
    title: z.string(),
    partnership: IdName,
    status: status,
    openedOn: z.string(),
    closedOn: z.string().nullable(),
    parties: z.array(z.string()),
  })
  .meta({ id: 'BrokerageCaseRow' });
const Case = z
  .object({
    id: z.string(),
    title: z.string(),
    partnership: IdName,
    trigger: z.string(),
    parties: z.array(Party),
    status: status,
    openedOn: z.string(),
    closedOn: z.string().nullable(),
    outcome: z.string(),
    steps: z.array(z.object({ id: z.string(), on: z.string(), kind: z.string(), summary: z.string() })),
    agreements: z.array(z.object({ id: z.string(), title: z.string(), agreedOn: z.string(), summary: z.string() })),
    version: Version.optional(),
  })
  .meta({ id: 'BrokerageCase' });
const CaseAnswer = z.object({ data: Case, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const CaseParams = ProgrammeParams.extend({ caseId: Uuid });
const caseRow = (id: string): RecordVersion => ({ key: brokerageCases.id, id, entityType: 'brokerage_case' });
const CONFIDENTIAL =
  ' Confidential: only programme managers and the facilitators assigned to the partnership; anyone else is told it does not exist (404).';

export async function brokerageRoutes(app: App, database: Database) {
  const { db } = database;
  type Ctx = Awaited<ReturnType<typeof openProgramme>>;
  const record = async (ctx: Ctx, assigned: string[], id: string) => ({
    ...(await getCase(db, ctx, assigned, id)),
    history: await recordHistory(db, ctx.access, 'brokerage_case', id),
  });

  app.get(
    '/programmes/:programme/brokerage-cases',
    {
      schema: {
        tags: ['support'],
        summary: `Brokerage and mediation cases the caller may see (others are neither listed nor counted).${CONFIDENTIAL}`,
        params: ProgrammeParams,
        querystring: z.strictObject({ partnershipId: Uuid.optional(), status: status.optional() }),
        response: { 200: z.object({ data: z.array(CaseRow), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, create } = await listCases(db, ctx, await facilitatorAssignments(db, ctx, callerOf(req)), req.query);
      return { data: rows, abilities: { create } };
    },
  );

  app.post(
    '/programmes/:programme/brokerage-cases',
    {
      schema: {
        tags: ['support'],
        summary: `Open a brokerage case for a partnership: the parties, what brought it on, when it opened.${CONFIDENTIAL}`,
        params: ProgrammeParams,
        body: CaseBody,
        response: { 201: CaseAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      const id = await createCase(db, ctx, actorOf(req), assigned, req.body);
      return reply.code(201).send(await record(ctx, assigned, id));
    },
  );

  app.get(
    '/programmes/:programme/brokerage-cases/:caseId',
    {
      schema: {
        tags: ['support'],
        summary: `A brokerage case with its dated steps and the agreements it produced.${CONFIDENTIAL}`,
        params: CaseParams,
        response: { 200: CaseAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      // Seen before the version is answered, so an ETag never tells a stranger the case exists.
      const answer = await record(ctx, assigned, req.params.caseId);
      return withVersion(answer, await answerVersion(db, reply, caseRow(req.params.caseId)));
    },
  );

  app.patch(
    '/programmes/:programme/brokerage-cases/:caseId',
    {
      schema: {
        tags: ['support'],
        summary: `Change a brokerage case: its status, outcome, parties, dates.${CONFIDENTIAL}`,
        params: CaseParams,
        headers: IfMatchHeaders,
        body: CaseChange,
        response: { 200: CaseAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      const { caseId } = req.params;
      // Refused as missing before the row is locked or its version compared.
      await getCase(db, ctx, assigned, caseId);
      const { version } = await guardWrite(
        db,
        req,
        reply,
        caseRow(caseId),
        (tx) => updateCase(tx, ctx, actorOf(req), assigned, caseId, req.body),
        { current: async () => (await getCase(db, ctx, assigned, caseId)).data, history: ctx.access.canSeeAudit },
      );
      return withVersion(await record(ctx, assigned, caseId), version);
    },
  );

  app.post(
    '/programmes/:programme/brokerage-cases/:caseId/steps',
    {
      schema: {
        tags: ['support'],
        summary: `Record a dated step in a brokerage case: a meeting, a soundings report, a mediation session.${CONFIDENTIAL}`,
        params: CaseParams,
        body: StepBody,
        response: { 201: CaseAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      await addStep(db, ctx, actorOf(req), assigned, req.params.caseId, req.body);
      return reply.code(201).send(await record(ctx, assigned, req.params.caseId));
    },
  );

  app.post(
    '/programmes/:programme/brokerage-cases/:caseId/agreements',
    {
      schema: {
        tags: ['support'],
        summary: `Record an agreement a brokerage case produced, such as a joint-working protocol.${CONFIDENTIAL}`,
        params: CaseParams,
        body: AgreementBody,
        response: { 201: CaseAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      await addAgreement(db, ctx, actorOf(req), assigned, req.params.caseId, req.body);
      return reply.code(201).send(await record(ctx, assigned, req.params.caseId));
    },
  );
}
