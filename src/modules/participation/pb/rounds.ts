// Participatory budgeting rounds and their proposals: set-up, eligibility, the resident panel, and what
// happened to funded proposals. Every write checks the caller, writes and audits in one transaction.
import { and, asc, count, eq, max } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { shareOfCouncilBudget } from '../domain/pb-ballot.js';
import { phaseDateProblems } from '../domain/pb-phases.js';
import {
  type PB_DELIVERY,
  type PB_ELIGIBILITY,
  type PbLocality,
  type PbPanelMember,
  type PbPhaseDates,
  type PbRule,
  type PbStage,
  pbBallots,
  pbCodes,
  pbProposals,
  pbRounds,
  pbUpdates,
} from './schema.js';

export type Round = typeof pbRounds.$inferSelect;
export type Proposal = typeof pbProposals.$inferSelect;

export interface RoundInput {
  slug: string;
  name: string;
  description?: string | undefined;
  budget: number;
  localities?: PbLocality[] | undefined;
  stage?: PbStage | undefined;
  phaseDates?: PbPhaseDates | undefined;
  mode?: 'vote' | 'panel' | undefined;
  rule?: PbRule | undefined;
  ballotKind?: 'approval' | 'knapsack' | undefined;
  minProjects?: number | undefined;
  maxProjects?: number | null | undefined;
  minSpendPercent?: number | undefined;
  eligiblePopulation?: number | null | undefined;
  councilBudget?: number | null | undefined;
}

export interface ProposalInput {
  name: string;
  description?: string | undefined;
  cost: number;
  locality?: string | null | undefined;
  category?: string | undefined;
  proposedBy?: string | undefined;
  proposerKind?: 'group' | 'resident' | undefined;
  evidenceOfNeed?: string | undefined;
  deliveredBy?: string | undefined;
  eligibility?: (typeof PB_ELIGIBILITY)[number] | undefined;
  eligibilityReason?: string | undefined;
  delivery?: (typeof PB_DELIVERY)[number] | undefined;
}

/** Reading a round: anyone with a programme-wide role (partnership members take no part in running PB). */
export function requireProgrammeRole(ctx: ProgrammeContext): void {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Participatory budgeting rounds are for the programme team.');
}

/** Keying in paper ballots: programme managers and facilitators. */
export function requireOfficer(ctx: ProgrammeContext): void {
  const a = ctx.access;
  if (a.scope !== 'programme' || !(a.canManage || a.role === 'facilitator'))
    throw new Forbidden('Only a programme manager or a facilitator can key in paper ballots.');
}

export const requireNotPublished = (round: Round) => {
  if (round.publishedAt) throw new Conflict('This round’s results are published and frozen: it can no longer change.');
};

export async function loadRound(db: Queryable, ctx: ProgrammeContext, slug: string): Promise<Round> {
  requireProgrammeRole(ctx);
  const [round] = await db
    .select()
    .from(pbRounds)
    .where(and(eq(pbRounds.programmeId, ctx.programme.id), eq(pbRounds.slug, slug)));
  if (!round) throw new NotFound('That participatory budgeting round');
  return round;
}

export async function proposalsOf(db: Queryable, roundId: string): Promise<Proposal[]> {
  return db.select().from(pbProposals).where(eq(pbProposals.roundId, roundId)).orderBy(asc(pbProposals.position));
}

const roundAudit = (r: Round) => ({
  slug: r.slug,
  name: r.name,
  budget: r.budget,
  localities: r.localities.map((l) => `${l.name}: ${l.budget}`).join('; '),
  stage: r.stage,
  mode: r.mode,
  rule: r.rule,
  ballotKind: r.ballotKind,
  minProjects: r.minProjects,
  maxProjects: r.maxProjects,
  minSpendPercent: r.minSpendPercent,
  eligiblePopulation: r.eligiblePopulation,
  councilBudget: r.councilBudget,
});

const proposalAudit = (p: Proposal) => ({
  name: p.name,
  cost: p.cost,
  locality: p.locality,
  category: p.category,
  proposedBy: p.proposedBy,
  evidenceOfNeed: p.evidenceOfNeed,
  deliveredBy: p.deliveredBy,
  eligibility: p.eligibility,
  eligibilityReason: p.eligibilityReason,
  delivery: p.delivery,
});

export function presentRound(r: Round) {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    currency: r.currency,
    budget: r.budget,
    localities: r.localities,
    stage: r.stage,
    phaseDates: r.phaseDates,
    mode: r.mode,
    rule: r.rule,
    ballotKind: r.ballotKind,
    minProjects: r.minProjects,
    maxProjects: r.maxProjects,
    minSpendPercent: r.minSpendPercent,
    eligiblePopulation: r.eligiblePopulation,
    councilBudget: r.councilBudget,
    shareOfCouncilBudget: shareOfCouncilBudget(r.budget, r.councilBudget),
    panelMembers: r.panelMembers,
    panelReasons: r.panelReasons,
    provenance: r.provenance,
    publishedAt: r.publishedAt?.toISOString() ?? null,
  };
}

export function presentProposal(p: Proposal) {
  return {
    id: p.id,
    ref: p.ref,
    name: p.name,
    description: p.description,
    cost: p.cost,
    locality: p.locality,
    category: p.category,
    proposedBy: p.proposedBy,
    proposerKind: p.proposerKind,
    evidenceOfNeed: p.evidenceOfNeed,
    deliveredBy: p.deliveredBy,
    eligibility: p.eligibility,
    eligibilityReason: p.eligibilityReason,
    panelChosen: p.panelChosen,
    panelReason: p.panelReason,
    projectId: p.projectId,
    delivery: p.delivery,
  };
}

export async function listRounds(db: Queryable, ctx: ProgrammeContext) {
  requireProgrammeRole(ctx);
  const rows = await db.select().from(pbRounds).where(eq(pbRounds.programmeId, ctx.programme.id)).orderBy(asc(pbRounds.name));
  return rows.map(presentRound);
}

export async function getRound(db: Queryable, ctx: ProgrammeContext, slug: string) {
  const round = await loadRound(db, ctx, slug);
  const [proposals, [codes], [used], [ballots]] = await Promise.all([
    proposalsOf(db, round.id),
    db.select({ n: count() }).from(pbCodes).where(eq(pbCodes.roundId, round.id)),
    db
      .select({ n: count(pbCodes.usedAt) })
      .from(pbCodes)
      .where(eq(pbCodes.roundId, round.id)),
    db.select({ n: count() }).from(pbBallots).where(eq(pbBallots.roundId, round.id)),
  ]);
  const updates = proposals.length
    ? await db
        .select({ id: pbUpdates.id, proposalId: pbUpdates.proposalId, on: pbUpdates.on, text: pbUpdates.text })
        .from(pbUpdates)
        .innerJoin(pbProposals, eq(pbProposals.id, pbUpdates.proposalId))
        .where(eq(pbProposals.roundId, round.id))
        .orderBy(asc(pbUpdates.on), asc(pbUpdates.createdAt))
    : [];
  return {
    ...presentRound(round),
    proposals: proposals.map(presentProposal),
    codes: { made: Number(codes?.n ?? 0), used: Number(used?.n ?? 0) },
    ballots: Number(ballots?.n ?? 0),
    updates,
  };
}

function checkRound(r: Omit<RoundInput, 'slug' | 'name'>): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (r.localities ?? []).forEach((l, i) => {
    if (names.has(l.name.toLowerCase()))
      errors.push({ path: ['localities', i, 'name'], message: `The locality ${l.name} is listed twice` });
    names.add(l.name.toLowerCase());
  });
  const sum = (r.localities ?? []).reduce((s, l) => s + l.budget, 0);
  if (sum > r.budget) errors.push({ path: ['localities'], message: 'The localities’ budgets add up to more than the round’s budget' });
  if (r.maxProjects !== null && r.maxProjects !== undefined && r.maxProjects < (r.minProjects ?? 1))
    errors.push({ path: ['maxProjects'], message: 'The most projects a voter may choose must be at least the least number' });
  errors.push(...phaseDateProblems(r.phaseDates ?? {}));
  return errors;
}

const slugConflict = { pb_rounds_slug_key: { path: 'slug', message: 'This programme already has a round with that short name' } };

export async function createRound(db: Db, ctx: ProgrammeContext, actor: Actor, input: RoundInput, extra: Partial<Round> = {}) {
  requireManager(ctx);
  const errors = checkRound(input);
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx
        .insert(pbRounds)
        .values({ ...extra, ...input, description: input.description ?? '', programmeId: ctx.programme.id })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'pb_round',
        entityId: r!.id,
        action: 'create',
        summary: `Set up the participatory budgeting round ${r!.name}`,
        after: roundAudit(r!),
      });
      return r!;
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export async function updateRound(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: Partial<Omit<RoundInput, 'slug'>>) {
  requireManager(ctx);
  const before = await loadRound(db, ctx, slug);
  requireNotPublished(before);
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<RoundInput>;
  if (given.stage === 'results' || given.stage === 'delivery')
    throw new Invalid('A round moves to results when its count is published', [
      { path: ['stage'], message: 'Publish the count to show the results' },
    ]);
  const errors = checkRound({ ...before, ...given });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  try {
    await db.transaction(async (tx) => {
      const [r] = await tx.update(pbRounds).set(given).where(eq(pbRounds.id, before.id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'pb_round',
        entityId: r!.id,
        action: 'update',
        summary: `Changed the participatory budgeting round ${r!.name}`,
        before: roundAudit(before),
        after: roundAudit(r!),
      });
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
  return getRound(db, ctx, slug);
}

function checkProposal(round: Round, p: Partial<ProposalInput>): FieldError[] {
  const errors: FieldError[] = [];
  if (p.locality && !round.localities.some((l) => l.name === p.locality))
    errors.push({ path: ['locality'], message: `This round has no locality called ${p.locality}` });
  if (!p.locality && round.localities.length && p.locality !== undefined)
    errors.push({ path: ['locality'], message: 'Choose the locality this proposal is for' });
  if (p.eligibility === 'ineligible' && !p.eligibilityReason?.trim())
    errors.push({ path: ['eligibilityReason'], message: 'Give the reason the proposal is not eligible' });
  return errors;
}

export async function createProposal(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: ProposalInput) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  const values = { ...input, locality: input.locality ?? (round.localities.length === 1 ? round.localities[0]!.name : null) };
  const errors = checkProposal(round, { ...values, locality: values.locality ?? (round.localities.length ? '' : undefined) });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return db.transaction(async (tx) => {
    const [top] = await tx
      .select({ n: max(pbProposals.position) })
      .from(pbProposals)
      .where(eq(pbProposals.roundId, round.id));
    const position = (top?.n ?? 0) + 1;
    const taken = new Set(
      (await tx.select({ ref: pbProposals.ref }).from(pbProposals).where(eq(pbProposals.roundId, round.id))).map((r) => r.ref),
    );
    let ref = String(position);
    for (let n = position; taken.has(ref); n++) ref = String(n + 1);
    const [p] = await tx
      .insert(pbProposals)
      .values({ ...values, roundId: round.id, position, ref })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_proposal',
      entityId: p!.id,
      action: 'create',
      summary: `Added the proposal ${p!.name} to ${round.name}`,
      after: proposalAudit(p!),
    });
    return presentProposal(p!);
  });
}

export async function updateProposal(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: Partial<ProposalInput>,
) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  const [before] = await db
    .select()
    .from(pbProposals)
    .where(and(eq(pbProposals.id, proposalId), eq(pbProposals.roundId, round.id)));
  if (!before) throw new NotFound('That proposal');
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ProposalInput>;
  // Once published, only delivery progress may change: the count is frozen.
  if (round.publishedAt && Object.keys(given).some((k) => k !== 'delivery')) requireNotPublished(round);
  const errors = checkProposal(round, { ...before, ...given });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  return db.transaction(async (tx) => {
    const [p] = await tx.update(pbProposals).set(given).where(eq(pbProposals.id, before.id)).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_proposal',
      entityId: p!.id,
      action: 'update',
      summary: `Changed the proposal ${p!.name}`,
      before: proposalAudit(before),
      after: proposalAudit(p!),
    });
    return presentProposal(p!);
  });
}

/** A resident panel's decision: who sat and why, which proposals it chose and its reasons. */
export async function recordPanel(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  input: { members: PbPanelMember[]; chosen: string[]; reasons: string; why?: Record<string, string> | undefined },
) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  if (round.mode !== 'panel') throw new Conflict('This round is decided by a vote: set it to a resident panel first.');
  const proposals = await proposalsOf(db, round.id);
  const known = new Set(proposals.filter((p) => p.eligibility !== 'ineligible').map((p) => p.id));
  const unknown = input.chosen.filter((id) => !known.has(id));
  if (unknown.length)
    throw new Invalid('The panel can only choose eligible proposals of this round', [
      { path: ['chosen'], message: 'Choose eligible proposals of this round' },
    ]);
  const chosen = new Set(input.chosen);
  const whyOf = (id: string) => (chosen.has(id) ? (input.why?.[id] ?? '').trim() : '');
  const choices = (pick: (p: Proposal) => boolean, why: (p: Proposal) => string) =>
    proposals
      .filter(pick)
      .map((p) => (why(p) ? `${p.name} (${why(p)})` : p.name))
      .join('; ');
  await db.transaction(async (tx) => {
    await tx.update(pbRounds).set({ panelMembers: input.members, panelReasons: input.reasons }).where(eq(pbRounds.id, round.id));
    for (const p of proposals) {
      if (p.panelChosen !== chosen.has(p.id) || p.panelReason !== whyOf(p.id))
        await tx
          .update(pbProposals)
          .set({ panelChosen: chosen.has(p.id), panelReason: whyOf(p.id) })
          .where(eq(pbProposals.id, p.id));
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_round',
      entityId: round.id,
      action: 'update',
      summary: `Recorded the resident panel’s decision for ${round.name}`,
      before: {
        panelMembers: round.panelMembers.map((m) => m.name).join(', '),
        panelReasons: round.panelReasons,
        panelChoices: choices(
          (p) => p.panelChosen,
          (p) => p.panelReason,
        ),
      },
      after: {
        panelMembers: input.members.map((m) => m.name).join(', '),
        panelReasons: input.reasons,
        panelChoices: choices(
          (p) => chosen.has(p.id),
          (p) => whyOf(p.id),
        ),
      },
    });
  });
  return getRound(db, ctx, slug);
}

/** A "you said, we did" entry on a funded proposal (after the results are published). */
export async function addUpdate(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  input: { proposalId: string; on: string; text: string },
) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  const [p] = await db
    .select()
    .from(pbProposals)
    .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.roundId, round.id)));
  if (!p) throw new Invalid('Choose a proposal of this round', [{ path: ['proposalId'], message: 'Choose a proposal of this round' }]);
  return db.transaction(async (tx) => {
    const [u] = await tx.insert(pbUpdates).values({ proposalId: p.id, on: input.on, text: input.text }).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_proposal',
      entityId: p.id,
      action: 'update',
      summary: `Added a “you said, we did” entry to ${p.name}`,
      after: { updateOn: u!.on, updateText: u!.text },
    });
    return { id: u!.id, proposalId: p.id, on: u!.on, text: u!.text };
  });
}
