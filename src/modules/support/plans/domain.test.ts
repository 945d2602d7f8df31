import { describe, expect, it } from 'vitest';
import {
  type PlanContent,
  contentProblems,
  emptyContent,
  matchFundingTotals,
  ownershipOf,
  planDiff,
  reviewProblems,
  reviewSummary,
} from './domain.js';

const plan = (over: Partial<PlanContent> = {}): PlanContent => ({
  ...emptyContent('Hollow Lane action plan', 'action'),
  purpose: 'A place people are proud of',
  priorities: [
    { id: 'p1', horizon: 'short', text: 'Open the community shop' },
    { id: 'p2', horizon: 'short', text: 'Clear the alleyways' },
    { id: 'p3', horizon: 'long', text: 'Take on the old library' },
  ],
  actions: [{ id: 'a1', priorityId: 'p1', text: 'Find a shop unit', owner: 'Maureen', dueOn: '2025-06-30', status: 'in_progress' }],
  participants: [{ who: 'Open meeting at the church hall', count: 23 }],
  ...over,
});

describe('ownership: who took part in making the plan', () => {
  it('adds up every line, and nudges when one or two people made it', () => {
    expect(
      ownershipOf([
        { who: 'Open meeting', count: 23 },
        { who: 'Youth forum', count: 6 },
      ]),
    ).toMatchObject({ people: 29, narrow: false });
    expect(
      ownershipOf([
        { who: 'Maureen', count: 1 },
        { who: 'Dev', count: 1 },
      ]),
    ).toMatchObject({ people: 2, narrow: true });
    expect(ownershipOf([{ who: 'Maureen', count: 1 }]).words).toMatch(/^1 person took part\. A plan made by one or two people/);
    expect(ownershipOf([]).words).toMatch(/^Nobody is recorded/);
    expect(ownershipOf([{ who: 'Committee', count: 3 }])).toEqual({ people: 3, narrow: false, words: '3 people took part' });
  });
});

describe('a plan’s checks across fields', () => {
  it('refuses an action pointing at a priority the plan does not have, and duplicate ids', () => {
    const bad = plan({
      priorities: [
        { id: 'p1', horizon: 'short', text: 'A' },
        { id: 'p1', horizon: 'long', text: 'B' },
      ],
      actions: [{ id: 'a1', priorityId: 'zz', text: 'X', owner: '', dueOn: null, status: 'not_started' }],
    });
    expect(contentProblems(bad, 'action').map((p) => p.path)).toEqual([
      ['priorities', 1, 'id'],
      ['actions', 0, 'priorityId'],
    ]);
    expect(contentProblems(plan(), 'action')).toEqual([]);
  });
  it('asks a phase plan for its phase part, and refuses one on an action plan', () => {
    expect(contentProblems(plan(), 'phase')[0]!.path).toEqual(['phase']);
    expect(contentProblems(emptyContent('P3', 'phase'), 'action')[0]!.path).toEqual(['phase']);
    expect(contentProblems(emptyContent('P3', 'phase'), 'phase')).toEqual([]);
  });
  it('totals match funding, confirmed and in all, in pence', () => {
    const phase = {
      impact: '',
      milestones: [],
      reducedFunding: '',
      matchFunding: [
        { source: 'Council', amountPence: 1_500_000, confirmed: true },
        { source: 'Lottery', amountPence: 2_000_000, confirmed: false },
      ],
    };
    expect(matchFundingTotals(phase)).toEqual({ confirmedPence: 1_500_000, totalPence: 3_500_000 });
    expect(matchFundingTotals(null)).toEqual({ confirmedPence: 0, totalPence: 0 });
  });
});

describe('annual review', () => {
  const p = plan().priorities;
  it('judges every priority once, and nothing else', () => {
    const j = (priorityId: string) => ({ priorityId, judgement: 'on_track' as const, notes: '', next: '' });
    expect(reviewProblems(p, [j('p1'), j('p2'), j('p3')])).toEqual([]);
    const problems = reviewProblems(p, [j('p1'), j('p1'), j('nope')]);
    expect(problems.map((x) => x.message)).toEqual([
      'That priority is judged twice',
      'That priority is not in this plan',
      'Say how the priority “Clear the alleyways” is going',
      'Say how the priority “Take on the old library” is going',
    ]);
  });
  it('summarises the judgements in all and by horizon, in words', () => {
    const s = reviewSummary(p, [
      { priorityId: 'p1', judgement: 'on_track', notes: '', next: '' },
      { priorityId: 'p2', judgement: 'dropped', notes: 'The council did it', next: '' },
      { priorityId: 'p3', judgement: 'some_progress', notes: '', next: 'Ask for a lease' },
    ]);
    expect(s.counts).toEqual({ on_track: 1, some_progress: 1, not_started: 0, dropped: 1 });
    expect(s.byHorizon.short).toEqual({ on_track: 1, some_progress: 0, not_started: 0, dropped: 1 });
    expect(s.byHorizon.long.some_progress).toBe(1);
    expect(s.words).toBe('2 of 3 priorities on track or making some progress; 1 dropped');
    expect(reviewSummary(p, [{ priorityId: 'p1', judgement: 'not_started', notes: '', next: '' }]).words).toBe(
      '0 of 1 priority on track or making some progress; 1 not started',
    );
  });
});

describe('history: what changed between two versions', () => {
  it('names priorities and actions added, changed and removed, and the change in who took part', () => {
    const before = plan();
    const after = plan({
      purpose: 'A place people are proud of, together',
      priorities: [
        { id: 'p1', horizon: 'short', text: 'Open the community shop' },
        { id: 'p3', horizon: 'short', text: 'Take on the old library' },
        { id: 'p4', horizon: 'long', text: 'A youth club' },
      ],
      actions: [{ id: 'a1', priorityId: 'p1', text: 'Find a shop unit', owner: 'Maureen', dueOn: '2025-06-30', status: 'done' }],
      participants: [
        { who: 'Open meeting at the church hall', count: 23 },
        { who: 'Youth forum', count: 8 },
      ],
    });
    expect(planDiff(before, after).map((c) => c.words)).toEqual([
      'Purpose changed',
      'Priority changed: Take on the old library',
      'Priority added: A youth club',
      'Priority removed: Clear the alleyways',
      'Action changed: Find a shop unit',
      'Who took part changed (23 → 31 people)',
    ]);
    expect(planDiff(before, before)).toEqual([]);
  });
  it('follows a phase plan’s impact, milestones, match funding and reduced funding', () => {
    const a = emptyContent('Phase 3 plan', 'phase');
    const b: PlanContent = {
      ...a,
      phase: {
        impact: 'More residents leading',
        milestones: [{ id: 'm1', text: 'Constituted by March', dueOn: '2026-03-31' }],
        matchFunding: [{ source: 'Council', amountPence: 100, confirmed: true }],
        reducedFunding: 'Taper staff hours',
      },
    };
    expect(planDiff(a, b).map((c) => c.words)).toEqual([
      'Impact changed',
      'Milestone added: Constituted by March',
      'Match funding changed',
      'Managing reduced funding changed',
    ]);
    expect(planDiff(b, { ...b, phase: null }).map((c) => c.words)).toEqual(['Phase plan removed']);
  });
});
