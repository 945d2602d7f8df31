import { describe, expect, it } from 'vitest';
import { readKappa } from './agreement-reading.js';

describe('readKappa (Landis & Koch bands)', () => {
  it('puts each value in its band, edges included, judged on the two-decimal figure people see', () => {
    const band = (k: number | null) => readKappa(k).band;
    expect(band(-0.01)).toBe('poor');
    expect(band(-0.004)).toBe('slight'); // shown as 0.00
    expect(band(0)).toBe('slight');
    expect(band(0.2)).toBe('slight');
    expect(band(0.204)).toBe('slight');
    expect(band(0.21)).toBe('fair');
    expect(band(0.4)).toBe('fair'); // Wikipedia's grant-proposal example
    expect(band(0.405)).toBe('moderate');
    expect(band(0.6)).toBe('moderate');
    expect(band(0.61)).toBe('substantial');
    expect(band(0.8)).toBe('substantial');
    expect(band(0.81)).toBe('almost_perfect');
    expect(band(1)).toBe('almost_perfect');
  });

  it('gives no band when kappa could not be worked out', () => {
    expect(readKappa(null)).toMatchObject({ band: null, label: 'Not worked out' });
    expect(readKappa(Number.NaN).band).toBeNull();
  });

  it('says what to do in plain words', () => {
    expect(readKappa(0.1).meaning).toMatch(/^Hardly better than chance/);
    expect(readKappa(0.9).label).toBe('Almost perfect');
  });
});
