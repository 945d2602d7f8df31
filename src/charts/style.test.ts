import { describe, expect, it } from 'vitest';
import { COLOURS, SERIES_COLOURS, SERIES_SHAPES, contrastRatio, wrapText } from './style.js';

describe('look', () => {
  it('keeps text at 4.5:1 and bars, lines and axes at 3:1 on white (WCAG AA)', () => {
    expect(contrastRatio(COLOURS.text, COLOURS.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(COLOURS.quietText, COLOURS.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(COLOURS.bar, COLOURS.background)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(COLOURS.axis, COLOURS.background)).toBeGreaterThanOrEqual(3);
    for (const c of SERIES_COLOURS) expect(contrastRatio(c, COLOURS.background), c).toBeGreaterThanOrEqual(3);
    expect(new Set(SERIES_COLOURS).size).toBe(SERIES_COLOURS.length);
    expect(new Set(SERIES_SHAPES).size).toBe(SERIES_COLOURS.length);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it('wraps notes at spaces and cuts a word longer than a line', () => {
    expect(wrapText('reporting period Nov 2021 - Feb 2022', 20)).toEqual(['reporting period Nov', '2021 - Feb 2022']);
    expect(wrapText('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(wrapText('  ', 10)).toEqual([]);
  });
});
