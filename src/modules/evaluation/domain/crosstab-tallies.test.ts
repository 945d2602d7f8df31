import { describe, expect, it } from 'vitest';
import { crosstab } from './crosstab.js';
import { crosstabFromTallies } from './crosstab-tallies.js';
import type { Respondent } from './respondents.js';

const person = (id: string, participantType: string | null, themes: string[]): Respondent => ({
  id,
  participantType,
  themes,
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent: 'given',
});

describe('crosstabFromTallies', () => {
  it('builds the same table as crosstab from the same people, groups in vocabulary order', () => {
    const respondents = [
      person('a', 'Partner', ['Advice', 'Training']),
      person('b', 'Community Member', ['Advice']),
      person('c', null, []),
    ];
    const codings = [
      { respondentId: 'a', code: 'x' },
      { respondentId: 'b', code: 'x' },
      { respondentId: 'b', code: 'y' },
    ];
    const codes = [
      { id: 'x', name: 'Trust' },
      { id: 'y', name: 'Pride' },
    ];
    const groupOrder = ['Training', 'Advice'];
    const rule = crosstab({ respondents, codings, codes, by: 'theme', groupOrder });
    const fromTallies = crosstabFromTallies({
      by: 'theme',
      codes,
      total: 3,
      groupOrder,
      // As the database answers: any order, a group of 0 left in, a code of another family.
      groups: [
        { group: 'Not recorded', n: 1 },
        { group: 'Advice', n: 2 },
        { group: 'Training', n: 1 },
        { group: 'Volunteering', n: 0 },
      ],
      codeCounts: [
        { group: 'Advice', codeId: 'x', n: 2 },
        { group: 'Advice', codeId: 'y', n: 1 },
        { group: 'Training', codeId: 'x', n: 1 },
        { group: 'Advice', codeId: 'other', n: 2 },
      ],
    });
    expect(fromTallies).toEqual(rule);
    expect(fromTallies.groups.map((g) => g.group)).toEqual(['Training', 'Advice', 'Not recorded']);
    expect(fromTallies.overlapping).toBe(true);
    expect(fromTallies.rows.find((r) => r.group === 'Advice' && r.code === 'Pride')!.percent).toBe(50);
  });

  it('refuses counts that cannot be: more respondents with a code than in their group', () => {
    expect(() =>
      crosstabFromTallies({
        by: null,
        codes: ['x'],
        total: 1,
        groups: [{ group: 'All', n: 1 }],
        codeCounts: [{ group: 'All', codeId: 'x', n: 2 }],
      }),
    ).toThrow(/More respondents identified x in All than the group has/);
  });
});
