import { describe, expect, it } from 'vitest';
import { RETRIEVAL_HEADER, codesCovered, groupFigures, retrievalRows } from './retrieval.js';

const tree = [
  { id: 'a', parentId: null },
  { id: 'b', parentId: 'a' },
  { id: 'c', parentId: 'b' },
  { id: 'd', parentId: null },
];

describe('codesCovered', () => {
  it('is the code alone unless its sub-codes are asked for, then every depth, parents first', () => {
    expect(codesCovered(tree, 'a', false)).toEqual(['a']);
    expect(codesCovered(tree, 'a', true)).toEqual(['a', 'b', 'c']);
    expect(codesCovered(tree, 'd', true)).toEqual(['d']);
    expect(codesCovered(tree, 'x', true)).toEqual([]);
  });
});

describe('groupFigures', () => {
  it('hides groups under the threshold, and one more when a hidden group could be worked out from the total', () => {
    expect(
      groupFigures(
        [
          { group: 'Partner', respondents: 12 },
          { group: 'Member', respondents: 2 },
          { group: 'Anchor', respondents: 9 },
        ],
        5,
      ),
    ).toEqual([
      { group: 'Partner', respondents: 12, suppressed: null },
      { group: 'Member', respondents: null, suppressed: 'small group' },
      { group: 'Anchor', respondents: null, suppressed: 'secondary' },
    ]);
    expect(groupFigures([{ group: 'Partner', respondents: 6 }], 5)).toEqual([{ group: 'Partner', respondents: 6, suppressed: null }]);
    expect(groupFigures([], 5)).toEqual([]);
  });
});

describe('retrievalRows', () => {
  it('gives a header, then a row per passage, respondent coded and quote', () => {
    const rows = retrievalRows({
      passages: [
        { number: 3, transcript: 'Hall', respondent: 'R1', participantType: 'Partner', code: 'Trust', text: 'We met.', memo: 'M' },
      ],
      codings: [{ respondent: 'R1', participantType: null, code: 'Trust', sources: ['passage', 'tick'] }],
      quotes: [
        {
          respondent: 'R1',
          participantType: 'Partner',
          code: 'Trust',
          transcript: 'Hall',
          passageNumber: 3,
          text: 'We met.',
          attribution: 'A partner',
          publishable: true,
        },
      ],
    });
    expect(rows[0]).toEqual(RETRIEVAL_HEADER);
    expect(rows.slice(1)).toEqual([
      ['passage', 'Hall', 3, 'R1', 'Partner', 'Trust', 'We met.', null, null, null, 'M'],
      ['respondent coded', null, null, 'R1', null, 'Trust', null, 'coded passage; ticked', null, null, null],
      ['quote', 'Hall', 3, 'R1', 'Partner', 'Trust', 'We met.', null, 'A partner', 'yes', null],
    ]);
  });
});
