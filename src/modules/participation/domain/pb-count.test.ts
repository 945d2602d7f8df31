import { describe, expect, it } from 'vitest';
import { equalSharesFixedBudgetReference, equalSharesReference } from './pb-count-reference.js';
import { type PbInstance, equalShares, equalSharesFixedBudget, greedy, votesOf } from './pb-count.js';

// Worked by hand (the steps are in the comments), so each rule's definition is what is tested.
describe('greedy', () => {
  it('funds projects in order of votes, passing over one that no longer fits', () => {
    // Votes: A 6, B 6, C 4. A (listed first of the tie) 60, then B 40: 100 spent; C does not fit.
    const e: PbInstance = {
      costs: [60, 40, 40],
      approvers: [
        [0, 1, 2, 3, 4, 5],
        [0, 1, 2, 3, 4, 5],
        [6, 7, 8, 9],
      ],
      voters: 10,
      budget: 100,
    };
    expect(votesOf(e)).toEqual([6, 6, 4]);
    expect(greedy(e)).toEqual({ selected: [0, 1], completion: [], cost: 100, equalSharesBudget: null });
    // A project that does not fit is skipped and cheaper ones after it are still tried.
    expect(greedy({ ...e, costs: [60, 50, 40] }).selected).toEqual([0, 2]);
  });
});

describe('the Method of Equal Shares', () => {
  it('splits the budget equally and buys what each group can afford (tie on effective votes: cheaper first)', () => {
    // 10 each. A: 6 pay 10 each (count 6); B: 6 pay 6.67 (count 6); C: 4 pay 10 (count 4).
    // A and B tie at 6 with 6 votes each: B is cheaper. B's supporters keep 3.33 each, too little for A;
    // C's four pay 10 each. Exhaustive (A no longer fits), so no add1 step and nothing to complete.
    const e: PbInstance = {
      costs: [60, 40, 40],
      approvers: [
        [0, 1, 2, 3, 4, 5],
        [0, 1, 2, 3, 4, 5],
        [6, 7, 8, 9],
      ],
      voters: 10,
      budget: 100,
    };
    expect(equalSharesFixedBudget(e, 100)).toEqual([1, 2]);
    expect(equalShares(e)).toEqual({ selected: [1, 2], completion: [], cost: 80, equalSharesBudget: 100 });
  });

  it('adds one unit per voter (add1) while the outcome leaves a project affordable and stays within budget', () => {
    // 25 each: P0 (3 supporters, 16.67 each), then P2 (voter 3 pays 20); P1 (30) is out of voter 3's reach.
    // 70 spent and P1 would still fit, so add1 runs with 26, 27, … each: voter 3 can buy both P2 and P1
    // only with 50, at a whole budget of 200 — which spends exactly 100. Then it is exhaustive.
    const e: PbInstance = { costs: [50, 30, 20], approvers: [[0, 1, 2], [3], [3]], voters: 4, budget: 100 };
    expect(equalSharesFixedBudget(e, 100)).toEqual([0, 2]);
    expect(equalSharesFixedBudget(e, 196)).toEqual([0, 2]);
    expect(equalSharesFixedBudget(e, 200)).toEqual([0, 2, 1]);
    const steps: number[] = [];
    expect(equalShares(e, (money) => steps.push(money))).toEqual({
      selected: [0, 2, 1],
      completion: [],
      cost: 100,
      equalSharesBudget: 200,
    });
    expect(steps[0]).toBe(100);
    expect(steps.at(-1)).toBe(200);
    expect(steps).toHaveLength(26);
  });

  it('stops add1 at the last budget that stays within the real one, then completes greedily', () => {
    // 5 each: C (both pay 1). 14 in all (7 each): still only C. 16 (8 each): C, then A and B (tied; A is
    // listed first) — 16 spent, over 10: so equal shares keeps [C] at 14, and greedy completion adds A
    // (1 vote, listed before B) for 9; B no longer fits.
    const e: PbInstance = { costs: [7, 7, 2], approvers: [[0], [1], [0, 1]], voters: 2, budget: 10 };
    expect(equalSharesFixedBudget(e, 16)).toEqual([2, 0, 1]);
    expect(equalShares(e)).toEqual({ selected: [2, 0], completion: [0], cost: 9, equalSharesBudget: 14 });
  });

  it('counts first with the real budget; projects nobody chose or that cost nothing come only from the completion', () => {
    // 10 over 3 voters (3.33 each): project 2 (4, all three) is bought at 1.33 each. That is every
    // project anyone chose at a cost, so add1 stops (more money could change nothing). Greedy completion
    // then adds by votes: project 0 (1 vote, free), then project 1 (no votes, 5): 9 in all.
    const e: PbInstance = { costs: [0, 5, 4], approvers: [[0], [], [0, 1, 2]], voters: 3, budget: 10 };
    expect(equalShares(e)).toEqual({ selected: [2, 0, 1], completion: [0, 1], cost: 9, equalSharesBudget: 10 });
  });

  it('keeps the outcome of the real budget when the first add1 step (whole units a voter, plus one) overspends', () => {
    // 11 over 2 voters: 5.5 each buys A (cost 11, both pay 5.5); B no longer fits in the budget, so the
    // outcome is exhaustive and stands: [A], 11 spent. Counting first from the rounded 10 (5 each), as
    // Cairn did before, A is out of reach and voter 0 buys B: exhaustive too, so it stood at 1 spent.
    const e: PbInstance = { costs: [11, 1], approvers: [[0, 1], [0]], voters: 2, budget: 11 };
    expect(equalSharesFixedBudget(e, 10)).toEqual([1]);
    expect(equalShares(e)).toEqual({ selected: [0], completion: [], cost: 11, equalSharesBudget: 11 });
  });

  it('gives the same answer every time it is run', () => {
    const e: PbInstance = { costs: [7, 7, 2], approvers: [[0], [1], [0, 1]], voters: 2, budget: 10 };
    expect(equalShares(e)).toEqual(equalShares(e));
  });

  it('counts nothing for an empty vote', () => {
    expect(equalShares({ costs: [5], approvers: [[]], voters: 0, budget: 10 })).toEqual({
      selected: [],
      completion: [],
      cost: 0,
      equalSharesBudget: 0,
    });
  });
});

describe('ties, broken by the documented rule', () => {
  it('greedy: more votes first; among equal votes, the project listed first (cost does not count)', () => {
    // A (listed first) and B tie on 2 votes; B is cheaper but A comes first. C has 3 votes and goes first.
    const e: PbInstance = {
      costs: [50, 30, 40],
      approvers: [
        [0, 1],
        [2, 3],
        [0, 2, 4],
      ],
      voters: 5,
      budget: 90,
    };
    expect(greedy(e).selected).toEqual([2, 0]);
    // Listed the other way round, B comes first.
    expect(
      greedy({
        ...e,
        costs: [30, 50, 40],
        approvers: [
          [2, 3],
          [0, 1],
          [0, 2, 4],
        ],
      }).selected,
    ).toEqual([2, 0]);
  });

  it('equal shares: the same effective votes → more votes first', () => {
    // 10 each. W (40; voters 4–7) is bought first (4 effective votes), leaving voter 4 with nothing. Then
    // P (20; voters 0, 1) and Q (20; voters 2, 3, 4) both have 2 effective votes (each payer pays 10; voter
    // 4 can pay nothing): Q has 3 votes to P's 2, so Q comes before P although P is listed first.
    const e: PbInstance = {
      costs: [40, 20, 20],
      approvers: [
        [4, 5, 6, 7],
        [0, 1],
        [2, 3, 4],
      ],
      voters: 8,
      budget: 80,
    };
    const counts: number[] = [];
    expect(equalSharesFixedBudget(e, 80, { band: 1.25, widen: 1.25, onBuy: (_, c) => counts.push(c) })).toEqual([0, 2, 1]);
    expect(counts).toEqual([4, 2, 2]);
  });

  it('equal shares: the same effective votes and votes → the cheaper first (the worked example above); then the project listed first', () => {
    // Two projects of 40, each chosen by two of four voters with 20 each: both 2 effective votes, 2 votes,
    // the same cost. The one listed first is bought first, whichever it is.
    const e: PbInstance = {
      costs: [40, 40],
      approvers: [
        [0, 1],
        [2, 3],
      ],
      voters: 4,
      budget: 80,
    };
    expect(equalSharesFixedBudget(e, 80)).toEqual([0, 1]);
    expect(
      equalSharesFixedBudget(
        {
          ...e,
          approvers: [
            [2, 3],
            [0, 1],
          ],
        },
        80,
      ),
    ).toEqual([0, 1]);
    // The greedy completion after equal shares breaks ties as greedy does: see "stops add1 at the last
    // budget …" above, where A and B tie on one vote each and A, listed first, is added.
  });
});

describe('the fast equal-shares count against the straightforward one (pb-count-reference.ts)', () => {
  // A fixed pseudo-random sequence, so a failure is the same failure on every run.
  const randomFrom = (seed: number) => () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };

  function randomElection(rand: () => number, t: number, big = false): PbInstance {
    const projects = 1 + Math.floor(rand() * (big ? 40 : 8));
    const voters = Math.floor(rand() * (big ? 3000 : 14));
    const style = t % 4;
    // Costs: tiny (many ties and free projects), round fives (equal costs), wide, or equal.
    const costs = Array.from({ length: projects }, () =>
      style === 0
        ? Math.floor(rand() * 10)
        : style === 1
          ? 5 + Math.floor(rand() * 4) * 5
          : style === 2
            ? Math.floor(rand() * (big ? 100_000 : 60))
            : 60,
    );
    const approvers: number[][] = costs.map(() => []);
    // Identical ballots are common in real elections: a few ballot shapes, copied.
    const shapes = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => costs.map(() => rand() < 0.35));
    const density = big ? 0.15 : 0.45;
    for (let v = 0; v < voters; v++) {
      const shape = rand() < 0.3 ? shapes[Math.floor(rand() * shapes.length)]! : null;
      for (let p = 0; p < projects; p++) if (shape ? shape[p] : rand() < density * (1 + (p % 3))) approvers[p]!.push(v);
    }
    const budget = Math.floor(rand() * costs.reduce((a, b) => a + b, 1) * (0.2 + rand()));
    return { costs, approvers, voters, budget };
  }

  // Compared as JSON inside the loop, one expect at the end: thousands of deep expects are slow.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  it('funds the same projects in the same order, with the same add1 steps, on 3,000 small random elections', () => {
    const rand = randomFrom(12345);
    const differ: PbInstance[] = [];
    for (let t = 0; t < 3000; t++) {
      const e = randomElection(rand, t);
      const fast: number[][] = [];
      const reference: number[][] = [];
      // Every other election with the narrowest gathering (no band, widening a hair at a time), so the
      // walk carries on across many gatherings: the count must not change.
      const tuning = t % 2 ? { band: 1, widen: 1.000001 } : undefined;
      const outcome = equalShares(e, (m, c) => fast.push([m, c]), tuning);
      if (
        !same(
          outcome,
          equalSharesReference(e, (m, c) => reference.push([m, c])),
        ) ||
        !same(fast, reference)
      )
        differ.push(e);
      if (e.voters > 0) {
        // Each purchase and its effective vote count, to the last bit of the floating-point number.
        const money = e.budget + rand() * 7;
        const bought: number[] = [];
        const boughtReference: number[] = [];
        equalSharesFixedBudget(e, money, { band: 1.25, widen: 1.25, ...tuning, onBuy: (p, c) => bought.push(p, c) });
        equalSharesFixedBudgetReference(e, money, (p, c) => boughtReference.push(p, c));
        if (bought.length !== boughtReference.length || bought.some((x, i) => !Object.is(x, boughtReference[i]))) differ.push(e);
      }
    }
    expect(differ).toEqual([]);
  });

  it('gives the same on 30 larger random elections (up to 3,000 voters and 40 projects: long sorts, widening bands)', () => {
    const rand = randomFrom(777);
    const differ: PbInstance[] = [];
    for (let t = 0; t < 30; t++) {
      const e = randomElection(rand, t, true);
      const tuning = t % 2 ? { band: 1, widen: 1.001 } : undefined;
      if (!same(equalShares(e, undefined, tuning), equalSharesReference(e))) differ.push(e);
      for (const money of [e.budget, e.budget * 1.7 + 3, e.budget * 3]) {
        if (e.voters === 0) continue;
        const bought: number[] = [];
        const boughtReference: number[] = [];
        equalSharesFixedBudget(e, money, { band: 1.25, widen: 1.25, ...tuning, onBuy: (p, c) => bought.push(p, c) });
        equalSharesFixedBudgetReference(e, money, (p, c) => boughtReference.push(p, c));
        if (bought.length !== boughtReference.length || bought.some((x, i) => !Object.is(x, boughtReference[i]))) differ.push(e);
      }
    }
    expect(differ.map((e) => ({ voters: e.voters, costs: e.costs }))).toEqual([]);
  });
});
