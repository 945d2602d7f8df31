import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import type { App } from '../../../http/app-type.js';
import { Slug, Uuid, acceptFiles, actorOf, callerOf, changeOf, isoDate, optionalText, problems, text } from '../../../http/route-kit.js';
import { openProgramme, requireManager } from '../../programmes/context.js';
import { makeCodes, refusalsOf } from './codes.js';
import { publishRound, recount } from './count.js';
import { exportPabulib, importPabulib } from './pabulib-io.js';
import { acceptPaper, keyPaper, paperState } from './paper.js';
import {
  addUpdate,
  createProposal,
  createRound,
  getRound,
  listRounds,
  loadRound,
  presentRound,
  recordPanel,
  updateProposal,
  updateRound,
} from './rounds.js';
import { PB_BALLOTS, PB_DELIVERY, PB_ELIGIBILITY, PB_MODES, PB_RULES, PB_STAGES } from './schema.js';

const tags = ['participatory budgeting'];
const Money = z.number().int('Give a whole number of pounds').min(0, 'Cannot be negative').max(1e12, 'Too large');
const Locality = z.strictObject({ name: text('the locality’s name', 100), budget: Money });
const Dates = z.object({ startsOn: isoDate.nullable(), endsOn: isoDate.nullable() });
const PhaseDates = z.strictObject(
  Object.fromEntries(PB_STAGES.map((s) => [s, Dates.optional()])) as Record<(typeof PB_STAGES)[number], z.ZodOptional<typeof Dates>>,
);

const RoundFields = {
  slug: Slug,
  name: text('the round’s name'),
  description: optionalText('the description').optional(),
  budget: Money.describe('Whole pounds'),
  localities: z.array(Locality).max(50).optional().describe('Each locality’s own budget (e.g. urban and rural); empty: one budget'),
  stage: z.enum(PB_STAGES).optional(),
  phaseDates: PhaseDates.optional(),
  mode: z.enum(PB_MODES).optional().describe('vote: residents vote; panel: a resident panel decides'),
  rule: z.enum(PB_RULES).optional(),
  ballotKind: z.enum(PB_BALLOTS).optional(),
  minProjects: z.number().int().min(1).max(100).optional(),
  maxProjects: z.number().int().min(1).max(100).nullable().optional(),
  minSpendPercent: z.number().int().min(0).max(100).optional(),
  eligiblePopulation: z.number().int().min(1).nullable().optional(),
  councilBudget: Money.nullable().optional(),
};
const RoundBody = z.strictObject(RoundFields);
// The short name is the round's address (on voting cards too): it stays as it was made.
const RoundPatch = changeOf(z.strictObject(RoundFields).omit({ slug: true }));

const Round = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    currency: z.string(),
    budget: z.number(),
    localities: z.array(z.object({ name: z.string(), budget: z.number() })),
    stage: z.enum(PB_STAGES),
    phaseDates: z.record(z.string(), Dates.partial().optional()),
    mode: z.enum(PB_MODES),
    rule: z.enum(PB_RULES),
    ballotKind: z.enum(PB_BALLOTS),
    minProjects: z.number(),
    maxProjects: z.number().nullable(),
    minSpendPercent: z.number(),
    eligiblePopulation: z.number().nullable(),
    councilBudget: z.number().nullable(),
    shareOfCouncilBudget: z.object({ percent: z.number(), meetsAim: z.boolean() }).nullable(),
    panelMembers: z.array(z.object({ name: z.string(), why: z.string() })),
    panelReasons: z.string(),
    provenance: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'PbRound' });

const Proposal = z
  .object({
    id: z.string(),
    ref: z.string(),
    name: z.string(),
    description: z.string(),
    cost: z.number(),
    locality: z.string().nullable(),
    category: z.string(),
    proposedBy: z.string(),
    proposerKind: z.enum(['group', 'resident']),
    evidenceOfNeed: z.string(),
    deliveredBy: z.string(),
    eligibility: z.enum(PB_ELIGIBILITY),
    eligibilityReason: z.string(),
    panelChosen: z.boolean(),
    panelReason: z.string().describe('Why the resident panel chose it'),
    projectId: z.string().nullable(),
    delivery: z.enum(PB_DELIVERY),
  })
  .meta({ id: 'PbProposal' });

const Update = z.object({ id: z.string(), proposalId: z.string(), on: z.string(), text: z.string() });
const RoundDetail = Round.extend({
  proposals: z.array(Proposal),
  codes: z.object({ made: z.number(), used: z.number() }),
  ballots: z.number(),
  updates: z.array(Update),
  refusals: z.object({ unknown: z.number(), used: z.number(), limited: z.number() }),
}).meta({ id: 'PbRoundDetail' });

const ProposalFields = {
  name: text('the proposal’s name'),
  description: optionalText('the description').optional(),
  cost: Money,
  locality: z.string().max(100).nullable().optional(),
  category: optionalText('the category', 100).optional(),
  proposedBy: optionalText('who proposed it', 200).optional(),
  proposerKind: z.enum(['group', 'resident']).optional(),
  evidenceOfNeed: optionalText('the evidence of need').optional(),
  deliveredBy: optionalText('who will deliver it', 200).optional(),
  eligibility: z.enum(PB_ELIGIBILITY).optional(),
  eligibilityReason: optionalText('the reason', 1000).optional(),
  delivery: z.enum(PB_DELIVERY).optional(),
};

const CountProject = z.object({
  proposalId: z.string(),
  ref: z.string(),
  name: z.string(),
  votes: z.number(),
  cost: z.number(),
  selected: z.boolean(),
});
const CountView = z.object({
  rule: z.enum(PB_RULES),
  ballots: z.number(),
  eligiblePopulation: z.number().nullable(),
  turnoutPercent: z.number().nullable(),
  used: z.number(),
  budget: z.number(),
  localities: z.array(
    z.object({ name: z.string().nullable(), budget: z.number(), ballots: z.number(), used: z.number(), projects: z.array(CountProject) }),
  ),
});
const Count = CountView.extend({ published: CountView.nullable(), matchesPublished: z.boolean().nullable() }).meta({ id: 'PbCount' });

const Paper = z.object({
  paperRef: z.string(),
  status: z.enum(['waiting', 'agree', 'differ', 'refused', 'counted']),
  locality: z.string().nullable(),
  keyings: z.array(z.object({ officer: z.string(), officerId: z.string(), locality: z.string().nullable(), choices: z.array(z.string()) })),
  differences: z.object({ onlyFirst: z.array(z.string()), onlySecond: z.array(z.string()) }).nullable(),
  problems: z.array(z.string()),
});

const Params = z.object({ programme: z.string().max(60) });
const RoundParams = Params.extend({ round: z.string().max(60) });
const ProposalParams = RoundParams.extend({ proposalId: Uuid });
const base = '/programmes/:programme/pb/rounds';

export async function pbRoutes(app: App, database: Database) {
  const { db } = database;
  const detail = async (ctx: Parameters<typeof getRound>[1], slug: string) => {
    const r = await getRound(db, ctx, slug);
    return { ...r, refusals: await refusalsOf(db, r.id) };
  };

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Participatory budgeting rounds (the programme team)',
        params: Params,
        response: { 200: z.object({ data: z.array(Round), abilities: z.object({ create: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await listRounds(db, ctx), abilities: { create: ctx.access.canManage } };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Set up a round (programme managers)',
        params: Params,
        body: RoundBody,
        response: { 201: z.object({ data: Round }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: presentRound(await createRound(db, ctx, actorOf(req), req.body)) });
    },
  );

  app.get(
    `${base}/:round`,
    {
      schema: {
        tags,
        summary: 'A round with its proposals, codes, ballots and updates',
        params: RoundParams,
        response: { 200: z.object({ data: RoundDetail, abilities: z.object({ update: z.boolean() }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await detail(ctx, req.params.round), abilities: { update: ctx.access.canManage } };
    },
  );

  app.patch(
    `${base}/:round`,
    {
      schema: {
        tags,
        summary: 'Change a round’s set-up or stage (programme managers; not once published)',
        params: RoundParams,
        body: RoundPatch,
        response: { 200: z.object({ data: RoundDetail }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await updateRound(db, ctx, actorOf(req), req.params.round, req.body);
      return { data: await detail(ctx, req.params.round) };
    },
  );

  app.post(
    `${base}/:round/proposals`,
    {
      schema: {
        tags,
        summary: 'Add a proposal (programme managers)',
        params: RoundParams,
        body: z.strictObject(ProposalFields),
        response: { 201: z.object({ data: Proposal }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await createProposal(db, ctx, actorOf(req), req.params.round, req.body) });
    },
  );

  app.patch(
    `${base}/:round/proposals/:proposalId`,
    {
      schema: {
        tags,
        summary: 'Change a proposal or its eligibility check; after publishing, only its delivery (programme managers)',
        params: ProposalParams,
        body: changeOf(z.strictObject(ProposalFields)),
        response: { 200: z.object({ data: Proposal }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await updateProposal(db, ctx, actorOf(req), req.params.round, req.params.proposalId, req.body) };
    },
  );

  app.post(
    `${base}/:round/codes`,
    {
      schema: {
        tags,
        summary: 'Make one-time voting codes (programme managers); the codes are in this answer only — Cairn keeps only a hash',
        params: RoundParams,
        body: z.strictObject({ count: z.number().int().min(1).max(20_000), locality: z.string().max(100).nullable().optional() }),
        response: {
          201: z.object({ data: z.object({ batch: z.number(), locality: z.string().nullable(), codes: z.array(z.string()) }) }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await makeCodes(db, ctx, actorOf(req), req.params.round, req.body) });
    },
  );

  app.get(
    `${base}/:round/paper`,
    {
      schema: {
        tags,
        summary: 'Paper ballots keyed in so far, each officer’s keying and how they compare',
        params: RoundParams,
        response: { 200: z.object({ data: z.array(Paper) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await paperState(db, ctx, req.params.round) };
    },
  );

  app.post(
    `${base}/:round/paper`,
    {
      schema: {
        tags,
        summary: 'Key in a paper ballot as you read it (programme managers and facilitators); two officers key each one',
        params: RoundParams,
        body: z.strictObject({
          paperRef: text('the number on the paper ballot', 60),
          locality: z.string().max(100).nullable().optional(),
          choices: z.array(z.string().max(60)).max(200),
        }),
        response: { 200: z.object({ data: z.array(Paper) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await keyPaper(db, ctx, actorOf(req), req.params.round, req.body) };
    },
  );

  app.post(
    `${base}/:round/paper/accept`,
    {
      schema: {
        tags,
        summary: 'Count the paper ballots whose two keyings agree and keep the rules (programme managers)',
        params: RoundParams,
        response: { 200: z.object({ data: z.object({ counted: z.number(), waiting: z.number(), paper: z.array(Paper) }) }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await acceptPaper(db, ctx, actorOf(req), req.params.round) };
    },
  );

  app.get(
    `${base}/:round/count`,
    {
      schema: {
        tags,
        summary: 'Count the round again from its stored ballots (anyone in the programme team): the same answer every time',
        params: RoundParams,
        querystring: z.strictObject({ rule: z.enum(PB_RULES).optional() }),
        response: { 200: z.object({ data: Count }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await recount(db, ctx, req.params.round, req.query.rule) };
    },
  );

  app.post(
    `${base}/:round/publish`,
    {
      schema: {
        tags,
        summary: 'Publish the count by the round’s rule: frozen, funded proposals become projects (programme managers)',
        params: RoundParams,
        response: { 200: z.object({ data: Count }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return { data: await publishRound(db, ctx, actorOf(req), req.params.round) };
    },
  );

  app.put(
    `${base}/:round/panel`,
    {
      schema: {
        tags,
        summary: 'Record a resident panel’s decision: who sat and why, what it chose and its reasons (programme managers)',
        params: RoundParams,
        body: z.strictObject({
          members: z.array(z.strictObject({ name: text('the panel member’s name', 200), why: optionalText('why they sat', 500) })).max(100),
          chosen: z.array(Uuid).max(500),
          reasons: optionalText('the panel’s reasons', 5000),
          why: z
            .record(Uuid, optionalText('why the panel chose it', 1000))
            .optional()
            .describe('For each chosen proposal (by id), why the panel chose it'),
        }),
        response: { 200: z.object({ data: RoundDetail }), ...problems },
      },
    },
    async (req) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      await recordPanel(db, ctx, actorOf(req), req.params.round, req.body);
      return { data: await detail(ctx, req.params.round) };
    },
  );

  app.post(
    `${base}/:round/updates`,
    {
      schema: {
        tags,
        summary: 'Add a “you said, we did” entry to a proposal (programme managers)',
        params: RoundParams,
        body: z.strictObject({ proposalId: Uuid, on: isoDate, text: text('what happened', 2000) }),
        response: { 201: z.object({ data: Update }), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      return reply.code(201).send({ data: await addUpdate(db, ctx, actorOf(req), req.params.round, req.body) });
    },
  );

  app.get(
    `${base}/:round/export.pb`,
    {
      schema: {
        tags,
        summary: 'The round as a Pabulib .pb file (META, PROJECTS, VOTES), votes and selection by the round’s rule',
        params: RoundParams,
        querystring: z.strictObject({ locality: z.string().max(100).optional() }),
        produces: ['text/plain'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (req, reply) => {
      const ctx = await openProgramme(db, callerOf(req), req.params.programme);
      const text = await exportPabulib(db, ctx, req.params.round, req.query.locality);
      const round = await loadRound(db, ctx, req.params.round);
      return reply
        .type('text/plain; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${ctx.programme.slug}-${round.slug}${req.query.locality ? '-locality' : ''}.pb"`,
        )
        .send(text);
    },
  );

  // The raw-file parser lives in this plugin only.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    acceptFiles(scoped, ['text/plain', 'application/octet-stream'], { bodyLimit: 200 * 1024 * 1024 });
    scoped.post(
      '/programmes/:programme/pb/import',
      {
        schema: {
          tags,
          summary: 'Make a round from a Pabulib .pb file (programme managers): all of it, or nothing with every problem by line',
          description: 'The file is the raw request body. META’s rule sets the round’s rule: greedy, or equalshares/add1 for equal shares.',
          params: Params,
          querystring: z.strictObject({ round: Slug.describe('The new round’s short name') }),
          response: {
            201: z.object({
              data: z.object({
                round: z.string(),
                name: z.string(),
                rule: z.enum(PB_RULES),
                ruleAsWritten: z.string().nullable(),
                projects: z.number(),
                ballots: z.number(),
              }),
            }),
            ...problems,
          },
        },
      },
      async (req, reply) => {
        const ctx = await openProgramme(db, callerOf(req), req.params.programme);
        requireManager(ctx);
        if (!Buffer.isBuffer(req.body)) throw new Invalid('Send the .pb file itself as the request body, as text/plain.');
        return reply.code(201).send({ data: await importPabulib(db, ctx, actorOf(req), req.query.round, req.body.toString('utf8')) });
      },
    );
  });
}
