import { describe, expect, it } from 'vitest';
import { inBase, summariseBase, wasAsked } from './bases.js';
import { crosstab, respondentMatrix } from './crosstab.js';
import { protectCrosstab } from './disclosure.js';
import type { Coding, Respondent } from './respondents.js';

const person = (id: string, participantType: string, consent: 'given' | 'withdrawn' = 'given'): Respondent => ({
  id,
  participantType,
  themes: [],
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent,
});

// Four partners and six members; two partners and three members were asked the outcome question.
const people = [
  person('p1', 'Partner'),
  person('p2', 'Partner'),
  person('p3', 'Partner'),
  person('p4', 'Partner'),
  person('m1', 'Community Member'),
  person('m2', 'Community Member'),
  person('m3', 'Community Member'),
  person('m4', 'Community Member'),
  person('m5', 'Community Member'),
  person('m6', 'Community Member', 'withdrawn'),
];
const codings: Coding[] = [
  { respondentId: 'p1', code: 'Skills' },
  { respondentId: 'p3', code: 'Skills' }, // not asked: a stray coding is not counted either
  { respondentId: 'm1', code: 'Skills' },
  { respondentId: 'm2', code: 'Skills' },
  { respondentId: 'm6', code: 'Skills' }, // withdrew consent
];
const asked = new Set(['p1', 'p2', 'm1', 'm2', 'm3', 'm6']);

describe('a family’s base: who was asked its question', () => {
  it('counts only respondents asked, in the group sizes and the counts', () => {
    const table = crosstab({ respondents: people, codings, codes: ['Skills'], by: 'participant_type', base: asked });
    expect(table.groups).toEqual([
      { group: 'Community Member', nGroup: 3 },
      { group: 'Partner', nGroup: 2 },
    ]);
    expect(table.rows.map((r) => [r.group, r.nCode, r.percent])).toEqual([
      ['Community Member', 2, 66.7],
      ['Partner', 1, 50],
    ]);
    expect(table.total).toBe(5);
  });

  it('without a base counts everyone with consent given: not asked would have been "did not mention"', () => {
    const table = crosstab({ respondents: people, codings, codes: ['Skills'], by: 'participant_type' });
    expect(table.groups.map((g) => g.nGroup)).toEqual([5, 4]);
    expect(table.rows.map((r) => r.percent)).toEqual([40, 50]);
    expect(crosstab({ respondents: people, codings, codes: ['Skills'], base: null }).total).toBe(9);
  });

  it('keeps a withdrawn respondent out even when they were asked, and applies filters on top', () => {
    const all = crosstab({ respondents: people, codings, codes: ['Skills'], base: asked });
    expect(all.total).toBe(5);
    expect(all.rows[0]!.nCode).toBe(3);
    const partners = crosstab({ respondents: people, codings, codes: ['Skills'], base: asked, filters: { participantType: 'Partner' } });
    expect(partners.total).toBe(2);
  });

  it('an empty base counts nobody', () => {
    const table = crosstab({ respondents: people, codings, codes: ['Skills'], by: 'participant_type', base: new Set() });
    expect(table).toMatchObject({ total: 0, groups: [], rows: [] });
  });

  it('disclosure control works on the base’s group sizes', () => {
    const table = crosstab({ respondents: people, codings, codes: ['Skills'], by: 'participant_type', base: asked });
    const shown = protectCrosstab(table, 3);
    expect(shown.groups.find((g) => g.group === 'Partner')).toMatchObject({ nGroup: null, suppressed: true, reason: 'small group' });
  });

  it('leaves a matrix cell blank for a code the respondent was not asked about', () => {
    const matrix = respondentMatrix(people, codings, ['Skills', 'Trust'], { bases: [asked, null] });
    const skills = matrix.header.indexOf('skills');
    const trust = matrix.header.indexOf('trust');
    const row = (id: string) => matrix.rows.find((r) => r[0] === id)!;
    expect([row('p1')[skills], row('p2')[skills], row('p3')[skills], row('p4')[skills]]).toEqual([1, 0, '', '']);
    expect(row('p3')[trust]).toBe(0);
    expect(matrix.rows.some((r) => r[0] === 'm6')).toBe(false);
  });

  it('inBase, wasAsked and summariseBase', () => {
    expect(inBase(people, null)).toHaveLength(10);
    expect(inBase(people, asked).map((p) => p.id)).toEqual(['p1', 'p2', 'm1', 'm2', 'm3', 'm6']);
    expect(wasAsked(null, 'p4')).toBe(true);
    expect(wasAsked(asked, 'p4')).toBe(false);
    expect(summariseBase(people, asked)).toEqual({ everyone: false, asked: 6, counted: 5, notAsked: 4 });
    expect(summariseBase(people, null)).toEqual({ everyone: true, asked: 10, counted: 9, notAsked: 0 });
  });
});
