import { describe, expect, it } from 'vitest';
import { type PlaceResponse, placeSummary, placeSummaryRow, readPlaceRows } from './place-standard.js';

const answer = (respondent: string, locality: string, wave: string, first: (number | null)[]): PlaceResponse => ({
  respondent,
  locality,
  wave,
  scores: [...first, ...Array(14 - first.length).fill(null)],
});

describe('the Place Standard summary', () => {
  const responses = [
    answer('r1', 'Greenock', '1', [1, 7]),
    answer('r2', 'Greenock', '1', [2, 6]),
    answer('r3', 'greenock ', '1', [2, null]),
    answer('r4', 'Greenock', '1', [5, 4]),
    answer('r5', 'Greenock', '1', [6]),
    answer('r6', 'Port Glasgow', '1', [3, 3]),
    answer('r1', 'Greenock', '2', [4]),
  ];
  const rows = placeSummary(responses);

  it('gives each theme its responses, median and mean to 2 decimals, per locality and wave', () => {
    const g1 = rows.filter((r) => r.locality === 'Greenock' && r.wave === '1');
    expect(g1).toHaveLength(14);
    // Theme 1: 1, 2, 2, 5, 6: median 2, mean 3.2. Theme 2: 4, 6, 7 (two unanswered): median 6, mean 5.67.
    expect(placeSummaryRow(g1[0]!)).toEqual({
      locality: 'Greenock',
      wave: '1',
      theme: '1',
      theme_name: 'Moving around',
      responses: '5',
      median: '2',
      mean: '3.20',
    });
    expect(placeSummaryRow(g1[1]!)).toMatchObject({ theme_name: 'Public transport', responses: '3', median: '6', mean: '5.67' });
    expect(placeSummaryRow(g1[13]!)).toMatchObject({
      theme: '14',
      theme_name: 'Influence and sense of control',
      responses: '0',
      median: '',
      mean: '',
    });
  });

  it('takes the middle two of an even count, and rounds the mean half away from zero', () => {
    const even = placeSummary(
      [1, 2, 3, 4, 5, 6].map((s, i) => answer(`p${i}`, 'Kilmacolm', '1', [s === 6 ? 5 : s, s])),
      undefined,
      5,
    );
    // Theme 1: 1,2,3,4,5,5: median 3.5, mean 20/6 = 3.333. Theme 2: 1..6: mean 3.5.
    expect(placeSummaryRow(even[0]!)).toMatchObject({ median: '3.5', mean: '3.33' });
    expect(placeSummaryRow(even[1]!)).toMatchObject({ median: '3.5', mean: '3.50' });
    const third = placeSummary([1, 1, 2, 2, 2, 2, 2, 2].map((s, i) => answer(`q${i}`, 'Gourock', '1', [s])));
    // 14 / 8 = 1.75 exactly.
    expect(third[0]!.mean).toBe(1.75);
  });

  it('shows counts but no median or mean where a locality and wave has fewer respondents than the threshold', () => {
    const port = rows.filter((r) => r.locality === 'Port Glasgow');
    expect(placeSummaryRow(port[0]!)).toEqual({
      locality: 'Port Glasgow',
      wave: '1',
      theme: '1',
      theme_name: 'Moving around',
      responses: '1',
      median: '',
      mean: '',
    });
    expect(port[0]!.suppressed).toBe(true);
    expect(rows.filter((r) => r.locality === 'Greenock' && r.wave === '2')[0]!.median).toBeNull();
    expect(rows.map((r) => `${r.locality} ${r.wave}`).filter((x, i, a) => a.indexOf(x) === i)).toEqual([
      'Greenock 1',
      'Greenock 2',
      'Port Glasgow 1',
    ]);
  });
});

describe('reading a scores file', () => {
  const row = (over: Record<string, string>) => ({
    respondent: 'r1',
    locality: 'Greenock',
    wave: '1',
    ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`theme_${i + 1}`, '4'])),
    ...over,
  });

  it('reads blanks as not answered', () => {
    const { responses, problems } = readPlaceRows([row({ theme_3: '' })]);
    expect(problems).toEqual([]);
    expect(responses[0]!.scores[2]).toBeNull();
    expect(responses[0]!.scores[0]).toBe(4);
  });

  it('names every bad row and field at once, and gives nothing back', () => {
    const { responses, problems } = readPlaceRows([
      row({ theme_2: '8' }),
      row({ locality: ' ', theme_14: '3.5' }),
      row({ theme_1: 'seven' }),
    ]);
    expect(responses).toEqual([]);
    expect(problems).toEqual([
      { row: 2, field: 'theme_2', message: '"8" is not a score from 1 to 7 (leave it blank if not answered)' },
      { row: 3, field: 'locality', message: 'Enter the locality' },
      { row: 3, field: 'theme_14', message: '"3.5" is not a score from 1 to 7 (leave it blank if not answered)' },
      { row: 3, field: 'respondent', message: 'Respondent r1 already answered wave 1 on row 2' },
      { row: 4, field: 'theme_1', message: '"seven" is not a score from 1 to 7 (leave it blank if not answered)' },
      { row: 4, field: 'respondent', message: 'Respondent r1 already answered wave 1 on row 3' },
    ]);
  });
});
