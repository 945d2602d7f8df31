import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  ballotInstructions,
  ballotProblems,
  codeFromBytes,
  normaliseCode,
  paperDifferences,
  printedCode,
  shareOfCouncilBudget,
} from './pb-ballot.js';

const projects = [
  { ref: '1', cost: 3000 },
  { ref: '2', cost: 1500 },
  { ref: '3', cost: 1000 },
];

describe('a ballot against the round’s rules', () => {
  it('approval: between the least and the most projects, each one of the voter’s, once', () => {
    const rules = { kind: 'approval' as const, minProjects: 1, maxProjects: 2, minSpendPercent: 0, budget: 5000 };
    expect(ballotProblems(rules, projects, ['1', '2'])).toEqual([]);
    expect(ballotProblems(rules, projects, [])).toEqual(['Choose at least one project']);
    expect(ballotProblems(rules, projects, ['1', '2', '3'])).toEqual(['Choose no more than 2 projects: you chose 3']);
    expect(ballotProblems(rules, projects, ['1', '9'])).toEqual(['Project 9 is not one you can vote for in this round']);
    expect(ballotProblems(rules, projects, ['1', '1'])).toEqual(['Project 1 is chosen twice']);
    expect(ballotProblems({ ...rules, minProjects: 2 }, projects, ['3'])).toEqual(['Choose at least 2 projects: you chose 1']);
    expect(ballotInstructions(rules)).toBe('Choose at least 1 project and no more than 2 projects.');
  });

  it('knapsack: within the budget, and at least the share the round asks for', () => {
    const rules = { kind: 'knapsack' as const, minProjects: 1, maxProjects: null, minSpendPercent: 50, budget: 4000 };
    expect(ballotProblems(rules, projects, ['1', '3'])).toEqual([]);
    expect(ballotProblems(rules, projects, ['1', '2'])).toEqual([
      'The projects you chose cost £4,500, more than the £4,000 there is to spend',
    ]);
    expect(ballotProblems(rules, projects, ['3'])).toEqual([
      'Choose projects that cost at least £2,000 in all (50% of the budget): yours cost £1,000',
    ]);
  });
});

describe('voting codes', () => {
  it('use an alphabet with nothing to confuse, read back whatever the case, spaces or dashes', () => {
    for (const c of '01ILO') expect(CODE_ALPHABET).not.toContain(c);
    let i = 0;
    const code = codeFromBytes(() => [255, 0, 30, 31, 5, 40, 61, 62, 100, 200, 7, 9][i++]!);
    expect(code).toHaveLength(10);
    expect(normaliseCode(printedCode(code).toLowerCase())).toBe(code);
    expect(normaliseCode(' abcde 23456 ')).toBe('ABCDE23456');
    expect(normaliseCode('ABCDE-2345O')).toBeNull();
    expect(normaliseCode('short')).toBeNull();
  });
});

describe('paper ballots and the 1% aim', () => {
  it('shows what only one officer keyed', () => {
    expect(paperDifferences(['1', '2'], ['2', '3'])).toEqual({ onlyFirst: ['1'], onlySecond: ['3'] });
    expect(paperDifferences(['2', '1'], ['1', '2'])).toEqual({ onlyFirst: [], onlySecond: [] });
  });
  it('gives the round’s share of the council’s budget', () => {
    expect(shareOfCouncilBudget(10_000, 500_000)).toEqual({ percent: 2, meetsAim: true });
    expect(shareOfCouncilBudget(1_000, 500_000)).toEqual({ percent: 0.2, meetsAim: false });
    expect(shareOfCouncilBudget(1_000, null)).toBeNull();
  });
});
