import { describe, expect, it } from 'vitest';
import { describeValue, isAnswered, missingRequired, valueProblems } from './values.js';

describe('valueProblems', () => {
  it('accepts whole non-negative counts and refuses negative or fractional ones', () => {
    expect(valueProblems('count', { value: 0 })).toEqual([]);
    expect(valueProblems('count', { value: 780 })).toEqual([]);
    expect(valueProblems('count', { value: -1 })).toEqual([{ field: 'value', message: 'Must be 0 or more' }]);
    expect(valueProblems('count', { value: 2.5 })).toEqual([{ field: 'value', message: 'A count must be a whole number' }]);
  });

  it('keeps percentages between 0 and 100 and pounds to the penny', () => {
    expect(valueProblems('percent', { value: 100 })).toEqual([]);
    expect(valueProblems('percent', { value: 100.5 })[0]?.field).toBe('value');
    expect(valueProblems('gbp', { value: 1250.75 })).toEqual([]);
    expect(valueProblems('gbp', { value: 1.005 })[0]?.message).toMatch(/2 decimal places/);
    expect(valueProblems('hours', { value: 7.5 })).toEqual([]);
  });

  it('takes words for a text indicator and numbers for the others, never both the wrong way round', () => {
    expect(valueProblems('text', { textValue: 'Held in the library' })).toEqual([]);
    expect(valueProblems('text', { value: 3 })[0]?.field).toBe('value');
    expect(valueProblems('count', { textValue: 'about thirty' })[0]?.field).toBe('textValue');
  });

  it('needs a reason when a value is not reported, and no number beside it', () => {
    expect(valueProblems('count', { notReported: true, notReportedReason: 'Data not shared' })).toEqual([]);
    expect(valueProblems('count', { notReported: true })).toEqual([
      { field: 'notReportedReason', message: 'Say why this was not reported' },
    ]);
    expect(valueProblems('count', { notReported: true, notReportedReason: '  ' })[0]?.field).toBe('notReportedReason');
    expect(valueProblems('count', { notReported: true, notReportedReason: 'x', value: 4 })[0]?.field).toBe('value');
  });

  it('lets a draft hold an empty value', () => {
    expect(valueProblems('count', {})).toEqual([]);
    expect(valueProblems('count', { value: null })).toEqual([]);
  });
});

describe('missingRequired', () => {
  const indicators = [
    { id: 'volunteers', required: true },
    { id: 'meetings', required: true },
    { id: 'stories', required: false },
  ];

  it('names each required indicator without a value, counting "not reported" as answered', () => {
    const entries = new Map([
      ['volunteers', { notReported: true, notReportedReason: 'Data not shared' }],
      ['stories', { textValue: 'A new café' }],
    ]);
    expect(missingRequired(indicators, entries).map((i) => i.id)).toEqual(['meetings']);
  });

  it('treats zero as an answer and blank text as none', () => {
    expect(isAnswered({ value: 0 })).toBe(true);
    expect(isAnswered({ textValue: '   ' })).toBe(false);
    expect(
      missingRequired(
        indicators,
        new Map([
          ['volunteers', { value: 0 }],
          ['meetings', { value: 12 }],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('describeValue', () => {
  it('reads as the audit trail shows it', () => {
    expect(describeValue({ value: 12 })).toBe('12');
    expect(describeValue({ notReported: true, notReportedReason: 'Data not shared' })).toBe('not reported: Data not shared');
    expect(describeValue({})).toBeNull();
  });
});
