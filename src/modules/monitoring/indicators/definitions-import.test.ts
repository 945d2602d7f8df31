import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../errors.js';
import { labelFromKey, parseDefinitions } from './definitions-import.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const problems = (text: string) => {
  try {
    parseDefinitions(bytes(text));
  } catch (err) {
    return (err as AppError).errors;
  }
  throw new Error('expected the file to be refused');
};

describe('indicator definitions from CSV', () => {
  it('reads keys, definitions and the optional columns, whatever the headings’ case', () => {
    const rows = parseDefinitions(
      bytes('\uFEFFIndicator,Definition,Unit,Aggregation\nVolunteers,"Unpaid, regular helpers",COUNT,sum\nspend_gbp,Money spent,gbp,\n'),
    );
    expect(rows).toEqual([
      { row: 2, key: 'volunteers', definition: 'Unpaid, regular helpers', label: undefined, unit: 'count', aggregation: 'sum' },
      { row: 3, key: 'spend_gbp', definition: 'Money spent', label: undefined, unit: 'gbp', aggregation: undefined },
    ]);
    expect(labelFromKey('public_meetings_consultations')).toBe('Public meetings consultations');
  });

  it('lists every bad row at once, by spreadsheet row and column', () => {
    expect(
      problems('indicator,definition,unit,aggregation\nok,Fine,count,sum\nbad key,X,count,sum\nok,Again,,\nmeals,,litres,total\n'),
    ).toEqual([
      { path: ['rows', 3, 'indicator'], message: '“bad key” is not a key: use lower-case letters, digits and _ (up to 60 characters)' },
      { path: ['rows', 4, 'indicator'], message: '“ok” is already defined in row 2' },
      { path: ['rows', 5, 'definition'], message: 'Give the definition: it is shown wherever the number is entered or read' },
      { path: ['rows', 5, 'unit'], message: '“litres” is not a unit: use one of count, gbp, percent, hours, text' },
      { path: ['rows', 5, 'aggregation'], message: '“total” is not an aggregation: use one of sum, mean, latest' },
    ]);
  });

  it('names missing and unknown columns', () => {
    expect(problems('key,definition,colour\nx,y,z\n')).toEqual([
      { path: ['columns', 'key'], message: '“key” is not a column Cairn knows' },
      { path: ['columns', 'colour'], message: '“colour” is not a column Cairn knows' },
      { path: ['columns', 'indicator'], message: 'The “indicator” column is missing' },
    ]);
  });
});
