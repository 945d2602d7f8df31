// Counting a round from its stored ballots (anyone with access, as often as they like, the same answer
// every time), and publishing the count: frozen, funded proposals made projects in the registry.
import { asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { requireManager } from '../../programmes/context.js';
import { ensureProjectsNamed } from '../../projects/service.js';
import { type PbInstance, equalShares, greedy, votesOf } from '../domain/pb-count.js';
import { type Proposal, type Round, loadRound, proposalsOf, requireNotPublished } from './rounds.js';
import { type PbFrozenResult, type PbRule, pbBallots, pbProposals, pbRounds } from './schema.js';

/** The proposals a ballot may count for: eligible (or not yet checked, for an imported file) ones. */
export const countable = (p: Proposal) => p.eligibility !== 'ineligible';

/** The groups a round is counted in: each locality with its budget, or the whole round. */
export function groupsOf(round: Round): { name: string | null; budget: number }[] {
  return round.localities.length
    ? round.localities.map((l) => ({ name: l.name, budget: l.budget }))
    : [{ name: null, budget: round.budget }];
}

export interface StoredBallot {
  locality: string | null;
  choices: string[];
}

export async function ballotsOf(db: Queryable, roundId: string): Promise<StoredBallot[]> {
  return db
    .select({ locality: pbBallots.locality, choices: pbBallots.choices })
    .from(pbBallots)
    .where(eq(pbBallots.roundId, roundId))
    .orderBy(asc(pbBallots.castAt), asc(pbBallots.id));
}

/** One group's election as the counting rules take it: its proposals, its ballots. */
export function instanceOf(budget: number, proposals: readonly Proposal[], ballots: readonly StoredBallot[]): PbInstance {
  const index = new Map(proposals.map((p, i) => [p.ref, i]));
  const approvers: number[][] = proposals.map(() => []);
  ballots.forEach((b, v) => {
    for (const ref of new Set(b.choices)) {
      const i = index.get(ref);
      if (i !== undefined) approvers[i]!.push(v);
    }
  });
  return { costs: proposals.map((p) => p.cost), approvers, voters: ballots.length, budget };
}

/** The count of a round by a rule (the round's own by default), from the ballots as stored now. */
export function countRound(
  round: Round,
  proposals: readonly Proposal[],
  ballots: readonly StoredBallot[],
  rule: PbRule = round.rule,
): PbFrozenResult {
  const localities = groupsOf(round).map((g) => {
    const mine = proposals.filter((p) => countable(p) && (g.name === null || p.locality === g.name));
    const theirs = ballots.filter((b) => g.name === null || b.locality === g.name);
    const instance = instanceOf(g.budget, mine, theirs);
    const votes = votesOf(instance);
    const panel = round.mode === 'panel';
    const selected = new Set(
      panel ? mine.flatMap((p, i) => (p.panelChosen ? [i] : [])) : (rule === 'greedy' ? greedy(instance) : equalShares(instance)).selected,
    );
    const projects = mine.map((p, i) => ({ proposalId: p.id, votes: votes[i]!, selected: selected.has(i), cost: p.cost }));
    return {
      name: g.name,
      budget: g.budget,
      ballots: theirs.length,
      used: projects.filter((p) => p.selected).reduce((s, p) => s + p.cost, 0),
      projects,
    };
  });
  return { rule, countedAt: new Date().toISOString(), ballots: ballots.length, localities };
}

/** A count as the API and pages present it: names and refs beside the figures, turnout. */
export function presentCount(round: Round, proposals: readonly Proposal[], result: PbFrozenResult) {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const turnout = round.eligiblePopulation ? Math.round((result.ballots / round.eligiblePopulation) * 1000) / 10 : null;
  return {
    rule: result.rule,
    ballots: result.ballots,
    eligiblePopulation: round.eligiblePopulation,
    turnoutPercent: turnout,
    used: result.localities.reduce((s, l) => s + l.used, 0),
    budget: round.budget,
    localities: result.localities.map((l) => ({
      name: l.name,
      budget: l.budget,
      ballots: l.ballots,
      used: l.used,
      projects: l.projects
        .map((p) => ({ ...p, ref: byId.get(p.proposalId)?.ref ?? '', name: byId.get(p.proposalId)?.name ?? '' }))
        .sort((a, b) => Number(b.selected) - Number(a.selected) || b.votes - a.votes),
    })),
  };
}

/** Counts a round again from its stored ballots; when published, says whether it matches what was frozen. */
export async function recount(db: Queryable, ctx: ProgrammeContext, slug: string, rule?: PbRule) {
  const round = await loadRound(db, ctx, slug);
  const [proposals, ballots] = await Promise.all([proposalsOf(db, round.id), ballotsOf(db, round.id)]);
  const result = countRound(round, proposals, ballots, rule ?? round.rule);
  // Compared field by field: the stored copy comes back from jsonb with its keys in jsonb's order.
  const flat = (r: PbFrozenResult) =>
    JSON.stringify(
      r.localities.map((l) => [l.name, l.budget, l.ballots, l.used, l.projects.map((p) => [p.proposalId, p.votes, p.selected, p.cost])]),
    );
  const same = (a: PbFrozenResult, b: PbFrozenResult) => flat(a) === flat(b);
  return {
    ...presentCount(round, proposals, result),
    published: round.result ? presentCount(round, proposals, round.result) : null,
    matchesPublished: round.result && round.result.rule === result.rule ? same(round.result, result) : null,
  };
}

/**
 * Publishes a round's count by its own rule: frozen from now on; the funded proposals become projects in
 * the registry (a project already named so is used as it is) and the round moves to its results.
 */
export async function publishRound(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string) {
  requireManager(ctx);
  const round = await loadRound(db, ctx, slug);
  requireNotPublished(round);
  if (round.stage === 'ideas' || round.stage === 'feasibility')
    throw new Conflict('Publish a round’s results after its vote (or its panel): this round is still at its ideas or feasibility check.');
  await db.transaction(async (tx) => {
    const proposals = await proposalsOf(tx, round.id);
    const result = countRound(round, proposals, await ballotsOf(tx, round.id));
    const funded = new Set(result.localities.flatMap((l) => l.projects.filter((p) => p.selected).map((p) => p.proposalId)));
    const chosen = proposals.filter((p) => funded.has(p.id));
    const key = (name: string) => name.trim().toLowerCase();
    const { idByKey } = await ensureProjectsNamed(
      tx,
      ctx,
      actor,
      chosen.map((p) => ({ name: p.name, themeIds: [], themes: [], coproductionModelId: null, coproductionModel: null })),
      { key, source: `funded by ${round.name}` },
    );
    for (const p of chosen)
      await tx
        .update(pbProposals)
        .set({ projectId: idByKey.get(key(p.name)) ?? null })
        .where(eq(pbProposals.id, p.id));
    await tx.update(pbRounds).set({ result, publishedAt: new Date(), stage: 'results' }).where(eq(pbRounds.id, round.id));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'pb_round',
      entityId: round.id,
      action: 'update',
      summary: `Published the results of ${round.name}: ${chosen.length} proposals funded`,
      before: { stage: round.stage },
      after: { stage: 'results', funded: chosen.map((p) => p.name).join(', ') },
    });
  });
  return recount(db, ctx, slug);
}
