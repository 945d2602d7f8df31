import { describe, expect, it } from 'vitest';
import { type StandardRating, standardsPortfolio } from './standards.js';

describe('the National Standards portfolio', () => {
  const r = (
    engagement: string,
    partner: string,
    standard: StandardRating['standard'],
    rating: StandardRating['rating'],
    cycle = 1,
  ): StandardRating => ({
    engagement,
    partner,
    standard,
    rating,
    cycle,
  });

  it('counts strengths and gaps per partner and standard over each engagement’s latest cycle', () => {
    const cells = standardsPortfolio([
      r('e1', 'Council', 'Inclusion', 'not yet', 1),
      r('e1', 'Council', 'Inclusion', 'largely', 2),
      r('e2', 'Council', 'Inclusion', 'partly'),
      r('e3', 'Health board', 'Impact', 'fully'),
    ]);
    expect(cells).toHaveLength(14);
    expect(cells[0]).toEqual({
      partner: 'Council',
      standard: 'Inclusion',
      rated: 2,
      strengths: 1,
      gaps: 1,
      byRating: { 'not yet': 0, partly: 1, largely: 1, fully: 0 },
    });
    expect(cells.find((c) => c.partner === 'Council' && c.standard === 'Impact')).toMatchObject({ rated: 0, strengths: 0, gaps: 0 });
    expect(cells.find((c) => c.partner === 'Health board' && c.standard === 'Impact')).toMatchObject({ rated: 1, strengths: 1 });
  });
});
