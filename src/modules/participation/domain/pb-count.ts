/**
 * Counting a participatory budgeting vote, reproducibly from the stored ballots, by the rules cities use
 * (as equalshares.net and Pabulib define them):
 *
 * - **greedy**: projects in order of votes, each funded if its cost still fits in what is left (a project
 *   that does not fit is passed over and the next one tried).
 * - **equal shares** (the Method of Equal Shares with cost utilities): the budget is split equally among
 *   the voters; a project can be bought by its supporters' remaining money; each round buys the project
 *   whose cost can be split most equally among its supporters (highest effective vote count, cost ÷ the
 *   largest share any supporter pays), charging each supporter that share or all they have left.
 *   Completed by **add1** (as equalshares.net's reference code does it): the first outcome is counted
 *   with the real budget; while the outcome leaves money that would still buy a project, run again with
 *   one more unit of money per voter (the steps go from the budget rounded down to whole units per voter,
 *   so the first step is that plus one unit each), keeping the last outcome that stays within the real
 *   budget, and stopping once the outcome holds every project anyone chose (more money could change
 *   nothing); then **greedy completion** fills what is left in order of votes.
 *
 * Ties (documented, the same every run): in equal shares, among projects with the same effective vote
 * count, more votes first, then lower cost, then the order the projects are listed in; in greedy and the
 * completion, more votes first, then the order listed.
 *
 * Voters and projects are indexes here; the service maps them to ballots and proposals.
 */

export interface PbInstance {
  /** Cost of each project, in whole currency units (as Pabulib stores them). */
  costs: readonly number[];
  /** For each project, the voters (0 … voters − 1) who approved it, each at most once. */
  approvers: readonly (readonly number[])[];
  voters: number;
  budget: number;
}

export interface PbOutcome {
  /** Funded projects, in the order the rule chose them. */
  selected: number[];
  /** Of those, the ones added by the greedy completion (equal shares only). */
  completion: number[];
  cost: number;
  /** The per-voter money equal shares ended with, as a whole budget (add1's last step); null for greedy. */
  equalSharesBudget: number | null;
}

/** Votes (approvals) per project. */
export function votesOf(instance: PbInstance): number[] {
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

/** The greedy rule. */
export function greedy(instance: PbInstance): PbOutcome {
  const { selected, cost } = greedyFrom(instance, []);
  return { selected, completion: [], cost, equalSharesBudget: null };
}

/**
 * How much money above the share a project last needed is gathered with it (`band`), and how far past the
 * share the next gathering reaches when that was not enough (`widen`): guesses that only change the speed,
 * never the count (the tests count with other values to show it).
 */
export interface CountTuning {
  band: number;
  widen: number;
  /** Hears of each project bought with its effective vote count (the tests compare these to the bit). */
  onBuy?: (project: number, effectiveVotes: number) => void;
}
const TUNED: CountTuning = { band: 1.25, widen: 1.25 };

/** Sorts a[lo, hi) ascending (a quicksort, insertion sort for short runs): numbers only, no NaN. */
function sortAscending(a: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 24) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi - 1]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // the median of the three
    let i = lo;
    let j = hi - 1;
    for (;;) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i >= j) break;
      const t = a[i]!;
      a[i++] = a[j]!;
      a[j--] = t;
    }
    if (j + 1 - lo < hi - j - 1) {
      sortAscending(a, lo, j + 1);
      lo = j + 1;
    } else {
      sortAscending(a, j + 1, hi);
      hi = j + 1;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** What every equal-shares count of one election reuses (the add1 steps count it 20 or 30 times over). */
interface Prepared {
  /** Each project's supporters, as the instance lists them. */
  supporters: Int32Array[];
  votes: number[];
  /** Each voter's money left. */
  money: Float64Array;
  /** Supporters' money below a threshold, gathered for sorting. */
  scratch: Float64Array;
  /** Per project, the most one supporter paid when it was last counted: a floor for the next count. */
  lastShare: Float64Array;
}

function prepare(instance: PbInstance): Prepared {
  const supporters = instance.approvers.map((a) => Int32Array.from(a));
  return {
    supporters,
    votes: votesOf(instance),
    money: new Float64Array(instance.voters),
    scratch: new Float64Array(Math.max(1, ...supporters.map((a) => a.length))),
    lastShare: new Float64Array(instance.costs.length),
  };
}

/**
 * Equal shares with a fixed total of money `money` split equally among the voters: the projects bought,
 * in order. No completion.
 *
 * This is the reference algorithm (equalshares.net's, kept as `pb-count-reference.ts` and compared with
 * this on thousands of random elections) step for step, with the same floating-point operations in the
 * same order, so it buys the same projects to the last bit. What makes it cheaper: the reference sorts
 * every supporter's money each time it works out a project's effective vote count, but only the poorest
 * supporters — those who cannot pay the equal share and pay all they have — are ever read in that sorted
 * order; the walk stops at the first supporter who can pay. So this gathers, in the same pass that adds up
 * the money behind the project, only the supporters with money below a threshold (the share the project
 * needed when last counted: shares only grow as money is spent), sorts just those, and walks them. If the
 * walk runs past them without stopping, the next threshold's supporters (all richer than any gathered so
 * far, so the order is still the sorted order) are gathered and the walk carries on where it was. Voters
 * with no money left are counted, not sorted: each pays nothing, so skipping them changes no sum.
 */
function fixedBudget(instance: PbInstance, prepared: Prepared, total: number, tuning: CountTuning): number[] {
  const { costs } = instance;
  const { supporters, votes, money, scratch, lastShare } = prepared;
  money.fill(total / instance.voters);
  lastShare.fill(0);
  // Each candidate's effective vote count when last computed: it can only fall as money is spent, so a
  // candidate whose last count is below the round's best so far cannot beat it and is not recomputed.
  const remaining = new Map<number, number>();
  for (let p = 0; p < costs.length; p++) if (costs[p]! > 0 && supporters[p]!.length > 0) remaining.set(p, supporters[p]!.length);
  const winners: number[] = [];
  for (;;) {
    let best: number[] = [];
    let bestCount = 0;
    const sorted = [...remaining.keys()].sort((a, b) => remaining.get(b)! - remaining.get(a)! || a - b);
    for (const p of sorted) {
      if (remaining.get(p)! < bestCount) break;
      const who = supporters[p]!;
      const n = who.length;
      const cost = costs[p]!;
      // Below the equal split everyone is too poor to pay it, and so is anyone below the share the project
      // last needed; the next band up is gathered too, in case the share has grown past that.
      let below = Math.max(cost / n, lastShare[p]!);
      const upper = below * tuning.band;
      let behind = 0;
      let broke = 0;
      let k = 0;
      let top = n;
      for (let j = 0; j < n; j++) {
        const m = money[who[j]!]!;
        behind += m;
        if (m === 0) broke += 1;
        else if (m < below) scratch[k++] = m;
        else if (m < upper) scratch[--top] = m;
      }
      if (behind < cost) {
        remaining.delete(p);
        continue;
      }
      // Split the cost as equally as possible: the poorest supporters pay all they have, the rest an
      // equal share; the share is the most any supporter pays.
      let paid = 0;
      let payers = n - broke;
      let walked = 0;
      let share = 0;
      let found = false;
      for (;;) {
        sortAscending(scratch, walked, k);
        for (let j = walked; j < k; j++) {
          share = (cost - paid) / payers;
          if (share > scratch[j]!) {
            paid += scratch[j]!;
            payers -= 1;
            continue;
          }
          found = true;
          break;
        }
        if (found || payers === 0) break;
        // Every supporter not yet gathered has at least `below`: if the share is no more, the next pays it.
        share = (cost - paid) / payers;
        if (share <= below) {
          found = true;
          break;
        }
        walked = k;
        if (top < n) {
          // The band gathered beside: all richer than anything walked so far.
          scratch.copyWithin(k, top, n);
          k += n - top;
          top = n;
          below = upper;
          continue;
        }
        const from = below;
        below = share * tuning.widen;
        for (let j = 0; j < n; j++) {
          const m = money[who[j]!]!;
          if (m >= from && m < below) scratch[k++] = m;
        }
      }
      if (!found) continue;
      lastShare[p] = share;
      const count = cost / share;
      remaining.set(p, count);
      if (count > bestCount) {
        bestCount = count;
        best = [p];
      } else if (count === bestCount) best.push(p);
    }
    if (best.length === 0) break;
    const chosen = breakTie(best, votes, costs);
    winners.push(chosen);
    tuning.onBuy?.(chosen, bestCount);
    const share = costs[chosen]! / bestCount;
    const who = supporters[chosen]!;
    for (let j = 0; j < who.length; j++) {
      const v = who[j]!;
      const m = money[v]!;
      money[v] = m > share ? m - share : 0;
    }
    remaining.delete(chosen);
  }
  return winners;
}

/**
 * Equal shares with a fixed total of money `money` split equally among the voters: the projects bought,
 * in order. No completion.
 */
export function equalSharesFixedBudget(instance: PbInstance, money: number, tuning = TUNED): number[] {
  if (instance.voters === 0) return [];
  return fixedBudget(instance, prepare(instance), money, tuning);
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
export function equalShares(instance: PbInstance, onStep?: (money: number, cost: number) => void, tuning = TUNED): PbOutcome {
  if (instance.voters === 0) return { selected: [], completion: [], cost: 0, equalSharesBudget: 0 };
  // The first count uses the real budget; the add1 steps count up from it rounded down to whole units a
  // voter (so the first step is the next whole unit each). equalshares.net's reference does the same.
  const prepared = prepare(instance);
  let outcome = fixedBudget(instance, prepared, instance.budget, tuning);
  let cost = costOf(instance, outcome);
  onStep?.(instance.budget, cost);
  let step = Math.floor(instance.budget / instance.voters) * instance.voters;
  let money = instance.budget;
  // More money cannot change an outcome that already holds every project someone chose: stop there too,
  // or a project nobody chose that would still fit would keep add1 going for ever.
  const buyable = instance.costs.filter((c, p) => c > 0 && instance.approvers[p]!.length > 0).length;
  while (!exhaustive(instance, outcome, cost) && outcome.length < buyable) {
    const nextMoney = step + instance.voters;
    const next = fixedBudget(instance, prepared, nextMoney, tuning);
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
