import { describe, expect, it } from 'vitest';
import { isFormulaLike, safeCell, safeRows, safeSheet, safeSheetCell, unquoteCell } from './safe-cells.js';

describe('safeCell', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['\t=1+1', "'\t=1+1"],
    ['\tplain after a tab', "'\tplain after a tab"],
    ['\r=1+1', "'\r=1+1"],
    ['  =1+1', "'  =1+1"],
    ['\n=1+1', "'\n=1+1"],
    ['\u00A0@x', "'\u00A0@x"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['- a bullet', "'- a bullet"],
    ['--', "'--"],
  ])('neutralises %j', (input, output) => {
    expect(isFormulaLike(input)).toBe(true);
    expect(safeCell(input)).toBe(output);
  });

  it.each([
    '12',
    '-12.5',
    '+3',
    '0.5',
    '.5',
    '-0',
    '1e6',
    '-2.5E-3',
    '-',
    '',
    'Brixton',
    'a=b',
    "O'Brien",
    'Total',
    '#RRGGBB',
    '50%',
    '  spaced',
  ])('keeps %j as it is', (input) => {
    expect(isFormulaLike(input)).toBe(false);
    expect(safeCell(input)).toBe(input);
  });

  it('keeps numbers, null and booleans as they are', () => {
    expect(safeCell(-12)).toBe(-12);
    expect(safeCell(0)).toBe(0);
    expect(safeCell(null)).toBe(null);
    expect(safeCell(undefined)).toBe(undefined);
    expect(safeCell(true)).toBe(true);
  });

  it('takes whole rows', () => {
    expect(
      safeRows([
        ['=1', 2, '-'],
        ['-3', '@a'],
      ]),
    ).toEqual([
      ["'=1", 2, '-'],
      ['-3', "'@a"],
    ]);
  });
});

describe('safeSheetCell', () => {
  it('neutralises the value of a styled cell and keeps its style', () => {
    expect(safeSheetCell({ value: '=1+1', fontWeight: 'bold' })).toEqual({ value: "'=1+1", fontWeight: 'bold' });
    expect(safeSheetCell({ value: -4, fontWeight: 'bold' })).toEqual({ value: -4, fontWeight: 'bold' });
    expect(safeSheet([['+1+1', '+1', 3, null]])).toEqual([["'+1+1", '+1', 3, null]]);
  });

  it('refuses a formula cell', () => {
    expect(() => safeSheetCell({ value: 'SUM(A1:A2)', type: 'Formula' })).toThrow(/formulas/);
  });
});

describe('unquoteCell', () => {
  it('undoes safeCell, and only that', () => {
    for (const s of ["=cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\t=1', 'plain', '-', '-12.5'])
      expect(unquoteCell(String(safeCell(s)))).toBe(s);
    expect(unquoteCell("'quoted")).toBe("'quoted");
    expect(unquoteCell("'-12")).toBe("'-12");
  });
});
