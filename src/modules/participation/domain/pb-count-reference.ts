/**
 * The equal-shares count written the straightforward way, as equalshares.net's reference code is (and as
 * Cairn counted before it was made faster): every candidate's supporters' money copied and sorted each
 * time its effective vote count is worked out. Kept only as the reference the fast count in pb-count.ts
 * is checked against (pb-count.test.ts compares them on thousands of random elections; the bench times
 * both in the same run). Not used to count.
 */
import type { PbInstance, PbOutcome } from './pb-count.js';

/** Votes (approvals) per project. */
function votesOf(instance: PbInstance): number[] {
  return instance.approvers.map((a) => a.length);
}

/** Projects by votes, most first; ties in the order listed. */
function byVotes(instance: PbInstance): number[] {
  const votes = votesOf(instance);
  return instance.costs.map((_, p) => p).sort((a, b) => votes[b]! - votes[a]! || a - b);
}

function greedyFrom(instance: PbInstance, already: readonly number[]): { selected: number[]; added: number[]; cost: number } {
  const chosen = new Set(already);
  let cost = already.reduce((s, p) => s + instance.costs[p]!, 0);
  const selected = [...already];
  const added: number[] = [];
  for (const p of byVotes(instance)) {
    if (chosen.has(p) || cost + instance.costs[p]! > instance.budget) continue;
    chosen.add(p);
    selected.push(p);
    added.push(p);
    cost += instance.costs[p]!;
  }
  return { selected, added, cost };
}

/**
 * Equal shares with a fixed total of money `money` split equally among the voters: the projects bought,
 * in order. No completion.
 */
export function equalSharesFixedBudgetReference(
  instance: PbInstance,
  money: number,
  onBuy?: (project: number, effectiveVotes: number) => void,
): number[] {
  const { costs, approvers, voters } = instance;
  const votes = votesOf(instance);
  const budget = new Float64Array(voters).fill(money / voters);
  // Each candidate's effective vote count when last computed: it can only fall as money is spent, so a
  // candidate whose last count is below the round's best so far cannot beat it and is not recomputed.
  const remaining = new Map<number, number>();
  for (let p = 0; p < costs.length; p++) if (costs[p]! > 0 && approvers[p]!.length > 0) remaining.set(p, approvers[p]!.length);
  const order = approvers.map((a) => Int32Array.from(a));
  // Supporters' money, copied and sorted as plain numbers (a native numeric sort, far quicker than sorting
  // the supporters by a look-up): the same values in the same order as sorting the supporters by money.
  const scratch = new Float64Array(Math.max(1, ...approvers.map((a) => a.length)));
  const winners: number[] = [];
  for (;;) {
    let best: number[] = [];
    let bestCount = 0;
    const sorted = [...remaining.keys()].sort((a, b) => remaining.get(b)! - remaining.get(a)! || a - b);
    for (const p of sorted) {
      if (remaining.get(p)! < bestCount) break;
      const who = order[p]!;
      const money = scratch.subarray(0, who.length);
      let behind = 0;
      for (let j = 0; j < who.length; j++) {
        const m = budget[who[j]!]!;
        money[j] = m;
        behind += m;
      }
      const cost = costs[p]!;
      if (behind < cost) {
        remaining.delete(p);
        continue;
      }
      // Split the cost as equally as possible: the poorest supporters pay all they have, the rest an
      // equal share; the share is the most any supporter pays.
      money.sort();
      let paid = 0;
      let payers = who.length;
      for (let j = 0; j < who.length; j++) {
        const share = (cost - paid) / payers;
        if (share > money[j]!) {
          paid += money[j]!;
          payers -= 1;
          continue;
        }
        const count = cost / share;
        remaining.set(p, count);
        if (count > bestCount) {
          bestCount = count;
          best = [p];
        } else if (count === bestCount) best.push(p);
        break;
      }
    }
    if (best.length === 0) break;
    const chosen = breakTie(best, votes, costs);
    winners.push(chosen);
    onBuy?.(chosen, bestCount);
    const share = costs[chosen]! / bestCount;
    for (const v of order[chosen]!) budget[v] = budget[v]! > share ? budget[v]! - share : 0;
    remaining.delete(chosen);
  }
  return winners;
}

function breakTie(tied: number[], votes: readonly number[], costs: readonly number[]): number {
  return [...tied].sort((a, b) => votes[b]! - votes[a]! || costs[a]! - costs[b]! || a - b)[0]!;
}

const costOf = (instance: PbInstance, projects: readonly number[]) => projects.reduce((s, p) => s + instance.costs[p]!, 0);

function exhaustive(instance: PbInstance, selected: readonly number[], cost: number): boolean {
  const chosen = new Set(selected);
  return instance.costs.every((c, p) => chosen.has(p) || cost + c > instance.budget);
}

/**
 * The Method of Equal Shares with add1 and greedy completion. `onStep` hears of each add1 run (for
 * progress on a long count).
 */
export function equalSharesReference(instance: PbInstance, onStep?: (money: number, cost: number) => void): PbOutcome {
  if (instance.voters === 0) return { selected: [], completion: [], cost: 0, equalSharesBudget: 0 };
  // The first count uses the real budget; the add1 steps count up from it rounded down to whole units a
  // voter (so the first step is the next whole unit each). equalshares.net's reference does the same.
  let outcome = equalSharesFixedBudgetReference(instance, instance.budget);
  let cost = costOf(instance, outcome);
  onStep?.(instance.budget, cost);
  let step = Math.floor(instance.budget / instance.voters) * instance.voters;
  let money = instance.budget;
  // More money cannot change an outcome that already holds every project someone chose: stop there too,
  // or a project nobody chose that would still fit would keep add1 going for ever.
  const buyable = instance.costs.filter((c, p) => c > 0 && instance.approvers[p]!.length > 0).length;
  while (!exhaustive(instance, outcome, cost) && outcome.length < buyable) {
    const nextMoney = step + instance.voters;
    const next = equalSharesFixedBudgetReference(instance, nextMoney);
    const nextCost = costOf(instance, next);
    onStep?.(nextMoney, nextCost);
    if (nextCost > instance.budget) break;
    step = nextMoney;
    money = nextMoney;
    outcome = next;
    cost = nextCost;
  }
  const completed = greedyFrom(instance, outcome);
  return { selected: completed.selected, completion: completed.added, cost: completed.cost, equalSharesBudget: money };
}
