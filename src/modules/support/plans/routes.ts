import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { App } from '../../../http/app-type.js';
import { Uuid, actorOf, callerOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { IfMatchHeaders, type RecordVersion, Version, answerVersion, guardWrite, withVersion } from '../../../http/versions.js';
import { AuditEventView, recordHistory } from '../../audit/history.js';
import { openProgramme } from '../../programmes/context.js';
import { facilitatorAssignments } from '../assigned.js';
import { ACTION_STATUSES, HORIZONS, JUDGEMENTS } from './domain.js';
import { actionPlans } from './schema.js';
import { addReview, createPlan, getPlan, getPlanVersion, listPlans, updatePlan } from './service.js';

const ItemId = z.string().trim().min(1).max(60);
const dueOn = z.iso.date({ message: 'Enter the due date as a real date, for example 31 3 2025' }).nullable();

const PriorityIn = z.strictObject({
  id: ItemId.optional().describe('Keep the id of a priority you are changing; leave it out for a new one'),
  horizon: z.enum(HORIZONS, { message: 'Choose short term (one year) or longer term (three years)' }),
  text: text('the priority', 500),
});
const ActionIn = z.strictObject({
  id: ItemId.optional(),
  priorityId: ItemId.nullable().describe('The priority it serves, or null'),
  text: text('what will be done', 500),
  owner: optionalText('who will do it', 200),
  dueOn,
  status: z.enum(ACTION_STATUSES, { message: 'Choose the action’s status' }),
});
const ParticipantIn = z.strictObject({
  who: text('who took part', 200),
  count: z
    .number({ message: 'Enter how many people, as a whole number' })
    .int('Enter how many people, as a whole number')
    .min(1)
    .max(100_000),
});
const MilestoneIn = z.strictObject({ id: ItemId.optional(), text: text('the milestone', 500), dueOn });
const MatchFundingIn = z.strictObject({
  source: text('where the match funding comes from', 200),
  amountPence: z.number({ message: 'Enter the amount in pounds' }).int().min(0).max(1e12),
  confirmed: z.boolean(),
});
const PhaseIn = z.strictObject({
  impact: optionalText('the impact sought', 4000),
  milestones: z.array(MilestoneIn).max(100),
  matchFunding: z.array(MatchFundingIn).max(100),
  reducedFunding: optionalText('how reduced funding will be managed', 4000),
});
const ContentFields = {
  purpose: optionalText('the purpose', 4000),
  priorities: z.array(PriorityIn).max(100),
  actions: z.array(ActionIn).max(300),
  participants: z.array(ParticipantIn).max(100),
  phase: PhaseIn.nullable(),
};
const PlanBody = z.strictObject({
  kind: z.enum(['action', 'phase'], { message: 'Choose an action plan or a phase plan' }),
  partnershipId: Uuid.nullable().describe('The partnership the plan is for; null for an organisation’s plan (then give organisationId)'),
  organisationId: Uuid.nullable().optional().describe('The organisation the plan is for (or give partnershipId)'),
  title: text('the plan’s title', 200),
  purpose: ContentFields.purpose.optional(),
  priorities: ContentFields.priorities.optional(),
  actions: ContentFields.actions.optional(),
  participants: ContentFields.participants.optional(),
  phase: ContentFields.phase.optional(),
});
const PlanChange = z
  .strictObject({ title: text('the plan’s title', 200), ...ContentFields })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change' });
const ReviewBody = z.strictObject({
  reviewedOn: isoDate.describe('The day of the review meeting'),
  judgements: z
    .array(
      z.strictObject({
        priorityId: ItemId,
        judgement: z.enum(JUDGEMENTS, { message: 'Choose on track, some progress, not started or dropped' }),
        notes: optionalText('the notes', 4000),
        next: optionalText('what changes next', 4000),
      }),
    )
    .min(1, 'Say how each priority is going')
    .max(100),
  participants: z.array(ParticipantIn).max(100),
  summary: optionalText('the summary', 4000).optional(),
});

const Priority = z.object({ id: z.string(), horizon: z.enum(HORIZONS), text: z.string() });
const Action = z.object({
  id: z.string(),
  priorityId: z.string().nullable(),
  text: z.string(),
  owner: z.string(),
  dueOn: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
});
const Participant = z.object({ who: z.string(), count: z.number().int() });
const Content = z
  .object({
    title: z.string(),
    purpose: z.string(),
    priorities: z.array(Priority),
    actions: z.array(Action),
    participants: z.array(Participant),
    phase: z
      .object({
        impact: z.string(),
        milestones: z.array(z.object({ id: z.string(), text: z.string(), dueOn: z.string().nullable() })),
        matchFunding: z.array(z.object({ source: z.string(), amountPence: z.number().int(), confirmed: z.boolean() })),
        reducedFunding: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'PlanContent' });
const Ownership = z
  .object({ people: z.number().int(), narrow: z.boolean(), words: z.string() })
  .describe('How many people took part; narrow when one or two (the page nudges to widen it)');
const Owner = z.object({ partnershipId: z.string().nullable(), organisationId: z.string().nullable(), name: z.string() });
const Counts = z.object({
  on_track: z.number().int(),
  some_progress: z.number().int(),
  not_started: z.number().int(),
  dropped: z.number().int(),
});
const Review = z.object({
  id: z.string(),
  reviewedOn: z.string(),
  planVersion: z.number().int().describe('The version of the plan reviewed'),
  judgements: z.array(
    z.object({ priorityId: z.string(), priority: z.string(), judgement: z.enum(JUDGEMENTS), notes: z.string(), next: z.string() }),
  ),
  participants: z.array(Participant),
  ownership: Ownership,
  summary: z.string(),
  outcome: z.object({ counts: Counts, byHorizon: z.object({ short: Counts, long: Counts }), words: z.string() }),
});
const Plan = z
  .object({
    id: z.string(),
    kind: z.enum(['action', 'phase']),
    owner: Owner,
    content: Content,
    number: z.number().int().describe('The plan’s version number: 1 when started, one more at each save'),
    ownership: Ownership,
    updatedAt: z.string(),
    versions: z.array(z.object({ version: z.number().int(), savedBy: z.string(), savedAt: z.string() })),
    reviews: z.array(Review),
    version: Version.optional(),
  })
  .meta({ id: 'ActionPlan' });
const PlanRow = z
  .object({
    id: z.string(),
    kind: z.enum(['action', 'phase']),
    title: z.string(),
    owner: Owner,
    number: z.number().int().describe('The plan’s version number'),
    updatedAt: z.string(),
    people: z.number().int(),
    lastReviewedOn: z.string().nullable(),
  })
  .meta({ id: 'ActionPlanRow' });
const PlanAnswer = z.object({ data: Plan, abilities: z.object({ update: z.boolean() }), history: z.array(AuditEventView) });

const ProgrammeParams = z.object({ programme: z.string().max(60) });
const PlanParams = ProgrammeParams.extend({ planId: Uuid });
const planRow = (id: string): RecordVersion => ({ key: actionPlans.id, id, entityType: 'action_plan' });

export async function planRoutes(app: App, database: Database) {
  const { db } = database;
  type Ctx = Awaited<ReturnType<typeof openProgramme>>;
  const record = async (ctx: Ctx, assigned: string[], id: string) => ({
    ...(await getPlan(db, ctx, assigned, id)),
    history: await recordHistory(db, ctx.access, 'action_plan', id),
  });

  app.get(
    '/programmes/:programme/plans',
    {
      schema: {
        tags: ['support'],
        summary: 'Action plans and phase plans the caller may see, with how many took part and when each was last reviewed',
        params: ProgrammeParams,
        querystring: z.strictObject({ partnershipId: Uuid.optional(), organisationId: Uuid.optional() }),
        response: { 200: z.object({ data: z.array(PlanRow), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const { rows, create } = await listPlans(db, ctx, await facilitatorAssignments(db, ctx, callerOf(req)), req.query);
      return { data: rows, abilities: { create } };
    },
  );

  app.post(
    '/programmes/:programme/plans',
    {
      schema: {
        tags: ['support'],
        summary: 'Start an action plan or a phase plan for a partnership or an organisation (its members, its facilitators, managers)',
        params: ProgrammeParams,
        body: PlanBody,
        response: { 201: PlanAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      const { kind, partnershipId, organisationId, title, ...rest } = req.body;
      const content = Object.keys(rest).length
        ? {
            title,
            purpose: rest.purpose ?? '',
            priorities: rest.priorities ?? [],
            actions: rest.actions ?? [],
            participants: rest.participants ?? [],
            phase: rest.phase ?? (kind === 'phase' ? { impact: '', milestones: [], matchFunding: [], reducedFunding: '' } : null),
          }
        : undefined;
      const id = await createPlan(db, ctx, actorOf(req), assigned, { kind, partnershipId, organisationId, title, content });
      return reply.code(201).send(await record(ctx, assigned, id));
    },
  );

  app.get(
    '/programmes/:programme/plans/:planId',
    {
      schema: {
        tags: ['support'],
        summary: 'A plan as it is now, with who took part, its versions and its annual reviews',
        params: PlanParams,
        response: { 200: PlanAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const etag = await answerVersion(db, reply, planRow(req.params.planId));
      return withVersion(await record(ctx, await facilitatorAssignments(db, ctx, callerOf(req)), req.params.planId), etag);
    },
  );

  app.patch(
    '/programmes/:programme/plans/:planId',
    {
      schema: {
        tags: ['support'],
        summary: 'Save a new version of a plan: the parts sent replace the current ones; every earlier version stays readable',
        params: PlanParams,
        headers: IfMatchHeaders,
        body: PlanChange,
        response: { 200: PlanAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      const { planId } = req.params;
      const { version } = await guardWrite(
        db,
        req,
        reply,
        planRow(planId),
        (tx) => updatePlan(tx, ctx, actorOf(req), assigned, planId, req.body),
        { current: async () => (await getPlan(db, ctx, assigned, planId)).data, history: ctx.access.canSeeAudit },
      );
      return withVersion(await record(ctx, assigned, planId), version);
    },
  );

  app.get(
    '/programmes/:programme/plans/:planId/versions/:version',
    {
      schema: {
        tags: ['support'],
        summary: 'One version of a plan as it was saved, and what changed from the version before',
        params: PlanParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: {
          200: z.object({
            data: z.object({
              version: z.number().int(),
              savedBy: z.string(),
              savedAt: z.string(),
              content: Content,
              ownership: Ownership,
              changes: z.array(z.object({ part: z.string(), kind: z.enum(['added', 'removed', 'changed']), words: z.string() })),
              latest: z.number().int(),
            }),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await getPlanVersion(db, ctx, req.params.planId, req.params.version) };
    },
  );

  app.post(
    '/programmes/:programme/plans/:planId/reviews',
    {
      schema: {
        tags: ['support'],
        summary: 'Record an annual review of a plan: a judgement for each priority, with notes and what changes next',
        params: PlanParams,
        body: ReviewBody,
        response: { 201: PlanAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const assigned = await facilitatorAssignments(db, ctx, callerOf(req));
      await addReview(db, ctx, actorOf(req), assigned, req.params.planId, req.body);
      return reply.code(201).send(await record(ctx, assigned, req.params.planId));
    },
  );
}
