import { describe, expect, it } from 'vitest';
import { DEFAULT_NOT_REPORTED_REASON, HeaderProblems, type Known, cellNumber, layoutOf, planReturns } from './plan.js';

const known = (over: Partial<Known> = {}): Known => ({
  indicators: [
    { id: 'i-vol', key: 'volunteers', label: 'Volunteers', unit: 'count', required: true },
    { id: 'i-ben', key: 'beneficiaries', label: 'Beneficiaries', unit: 'count', required: true },
    { id: 'i-spend', key: 'spend', label: 'Spend', unit: 'gbp', required: false },
    { id: 'i-story', key: 'story', label: 'Story', unit: 'text', required: false },
  ],
  partnerships: [
    { id: 'p-cov', name: 'Grapevine Coventry' },
    { id: 'p-hal', name: 'NHP Ltd and Halifax Opportunities Trust' },
    { id: 'p-nel', name: 'North East Lincolnshire VCSE Alliance' },
  ],
  returns: new Map(),
  ...over,
});

const header = ['partnership', 'volunteers', 'beneficiaries', 'note'];

describe('planning a returns import', () => {
  it('matches partnerships by name whatever the case and spacing, and keeps figures exactly', () => {
    const { planned, errors } = planReturns(header, [{ row: 2, cells: ['grapevine  COVENTRY', '164', '46,286', ''] }], known());
    expect(errors).toEqual([]);
    expect(planned[0]).toMatchObject({
      row: 2,
      partnershipId: 'p-cov',
      partnershipName: 'Grapevine Coventry',
      existing: null,
      comparabilityNote: '',
    });
    expect(planned[0]!.values.map((v) => [v.key, v.value, v.notReported])).toEqual([
      ['volunteers', '164', false],
      ['beneficiaries', '46286', false],
    ]);
  });

  it('reads - and blank cells as not reported, with the note as the reason when the row has one', () => {
    const { planned } = planReturns(
      header,
      [
        {
          row: 2,
          cells: ['North East Lincolnshire VCSE Alliance', '-', '-', 'did not progress to Phase 3 so monitoring data was not shared'],
        },
        { row: 3, cells: ['Grapevine Coventry', '', '720', ''] },
      ],
      known(),
    );
    expect(
      planned[0]!.values.every(
        (v) => v.notReported && v.notReportedReason === 'did not progress to Phase 3 so monitoring data was not shared',
      ),
    ).toBe(true);
    expect(planned[0]!.comparabilityNote).toBe('');
    expect(planned[1]!.values[0]).toMatchObject({ notReported: true, notReportedReason: DEFAULT_NOT_REPORTED_REASON, value: null });
    expect(planned[1]!.values[1]).toMatchObject({ notReported: false, value: '720' });
  });

  it('makes the note the comparability note on the whole return when every figure is there', () => {
    const { planned } = planReturns(
      header,
      [{ row: 4, cells: ['NHP Ltd and Halifax Opportunities Trust', '34', '125', 'reporting period Nov 2021 - Feb 2022'] }],
      known(),
    );
    expect(planned[0]!.comparabilityNote).toBe('reporting period Nov 2021 - Feb 2022');
    expect(planned[0]!.values.every((v) => !v.notReported)).toBe(true);
  });

  it('lists every bad cell by row and column: negative, not a number, fractional count, unknown partnership, a partnership twice', () => {
    const { planned, errors } = planReturns(
      header,
      [
        { row: 2, cells: ['Grapevine Coventry', '-5', 'about 1500', ''] },
        { row: 3, cells: ['Nowhere Partnership', '1', '2', ''] },
        { row: 4, cells: ['NHP Ltd and Halifax Opportunities Trust', '2.5', '3', ''] },
        { row: 5, cells: ['', '', '', ''] },
        { row: 6, cells: ['Grapevine coventry', '1', '1', ''] },
      ],
      known(),
    );
    expect(planned.map((p) => p.row)).toEqual([]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'volunteers'],
      [2, 'beneficiaries'],
      [3, 'partnership'],
      [4, 'volunteers'],
      [6, 'partnership'],
    ]);
    expect(errors[0]!.message).toMatch(/0 or more/);
    expect(errors[1]!.message).toMatch(/“about 1500” is not a number/);
    expect(errors[2]!.message).toMatch(/“Nowhere Partnership” is not a partnership in this programme/);
    expect(errors[3]!.message).toMatch(/whole number/);
    expect(errors[4]!.message).toMatch(/already has a row \(row 2\)/);
  });

  it('refuses a row whose return is accepted (locked), and marks one to be replaced otherwise', () => {
    const returns = new Map([
      ['p-cov', { id: 'r1', status: 'accepted' as const }],
      ['p-hal', { id: 'r2', status: 'returned' as const }],
    ]);
    const { planned, errors } = planReturns(
      header,
      [
        { row: 2, cells: ['Grapevine Coventry', '1', '1', ''] },
        { row: 3, cells: ['NHP Ltd and Halifax Opportunities Trust', '1', '1', ''] },
      ],
      known({ returns }),
    );
    expect(errors).toEqual([{ row: 2, column: 'partnership', message: expect.stringMatching(/accepted and locked/) }]);
    expect(planned[0]!.existing).toEqual({ id: 'r2', status: 'returned' });
  });

  it('takes pounds, text answers, and spreadsheet-shaped numbers', () => {
    const { planned, errors } = planReturns(
      ['partnership', 'volunteers', 'beneficiaries', 'spend', 'story'],
      [
        { row: 2, cells: ['Grapevine Coventry', '1', '2', '£1,200.50', 'A food hub opened'] },
        { row: 3, cells: ['NHP Ltd and Halifax Opportunities Trust', '1', '2', '10.555', ''] },
      ],
      known(),
    );
    expect(planned[0]!.values.map((v) => [v.value, v.textValue])).toEqual([
      ['1', null],
      ['2', null],
      ['1200.5', null],
      [null, 'A food hub opened'],
    ]);
    expect(errors).toEqual([{ row: 3, column: 'spend', message: expect.stringMatching(/2 decimal places/) }]);
    expect([cellNumber('46,286'), cellNumber('12%'), cellNumber('4,28'), cellNumber('1e3')]).toEqual([46286, 12, null, null]);
  });

  it('names unknown and duplicate columns and missing required indicators; without a partnership column nothing can be read', () => {
    const { problems } = layoutOf(['Partnership', 'Volunteers', 'events_held', 'volunteers'], known().indicators);
    expect(problems.map((p) => p.column)).toEqual(['events_held', 'volunteers', 'beneficiaries']);
    expect(problems[0]!.message).toBe('“events_held” is not an indicator of this programme');
    expect(() => layoutOf(['name', 'volunteers', 'beneficiaries'], known().indicators)).toThrow(HeaderProblems);
  });
});
