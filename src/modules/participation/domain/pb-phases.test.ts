import { describe, expect, it } from 'vitest';
import { phaseDateProblems } from './pb-phases.js';

describe('a round’s phase dates', () => {
  it('accepts phases in order, open-ended ones and unset ones', () => {
    expect(
      phaseDateProblems({
        ideas: { startsOn: '2026-01-05', endsOn: '2026-01-31' },
        feasibility: { startsOn: '2026-02-01', endsOn: null },
        deliberation: undefined,
        vote: { startsOn: '2026-03-01', endsOn: '2026-03-01' },
        delivery: { startsOn: null, endsOn: '2027-03-31' },
      }),
    ).toEqual([]);
  });

  it('refuses a phase that ends before it starts, and one that starts before the phase before it', () => {
    expect(
      phaseDateProblems({
        ideas: { startsOn: '2026-02-01', endsOn: '2026-01-31' },
        vote: { startsOn: '2026-01-15', endsOn: '2026-01-20' },
      }),
    ).toEqual([
      { path: ['phaseDates', 'ideas', 'endsOn'], message: 'The ideas must end on or after the day it starts' },
      { path: ['phaseDates', 'vote', 'startsOn'], message: 'The vote cannot start before the ideas starts' },
    ]);
  });
});
