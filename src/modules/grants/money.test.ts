import { describe, expect, it } from 'vitest';
import { MAX_GRANT_GBP, penceToPounds, poundsToPence } from './money.js';

describe('poundsToPence', () => {
  it.each([
    [0, 0],
    [0.29, 29],
    [0.1, 10],
    [1.15, 115],
    [19.99, 1999],
    [4500000, 450000000],
    [4500000.07, 450000007],
    [1234567.89, 123456789],
    [MAX_GRANT_GBP, MAX_GRANT_GBP * 100],
  ])('turns £%s into %i pence exactly', (pounds, pence) => {
    expect(poundsToPence(pounds)).toBe(pence);
  });

  it.each([-0.01, -5, 0.001, 12.345, 1e-7, MAX_GRANT_GBP + 1, Number.NaN, Number.POSITIVE_INFINITY])('refuses £%s', (pounds) => {
    expect(poundsToPence(pounds)).toBeNull();
  });
});

describe('penceToPounds', () => {
  it('gives back the pounds as typed', () => {
    for (const pounds of [0, 0.29, 0.1, 19.99, 4500000, 1234567.89]) {
      expect(penceToPounds(poundsToPence(pounds)!)).toBe(pounds);
    }
  });

  it('sums in pence without drifting', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in pence it is 30.
    expect(penceToPounds(poundsToPence(0.1)! + poundsToPence(0.2)!)).toBe(0.3);
  });
});
