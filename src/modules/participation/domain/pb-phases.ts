/**
 * A participatory budgeting round's phases in order — ideas → feasibility check → deliberation → vote →
 * results → delivery — and the checks on their dates: each phase ends on or after the day it starts, and
 * starts no earlier than the phase before it starts.
 */
export const PB_PHASES = ['ideas', 'feasibility', 'deliberation', 'vote', 'results', 'delivery'] as const;
export type PbPhase = (typeof PB_PHASES)[number];

export const PHASE_NAMES: Record<PbPhase, string> = {
  ideas: 'ideas',
  feasibility: 'feasibility check',
  deliberation: 'deliberation',
  vote: 'vote',
  results: 'results',
  delivery: 'delivery',
};

export type PhaseDates = Partial<Record<PbPhase, { startsOn: string | null; endsOn: string | null } | undefined>>;

export interface PhaseProblem {
  path: [string, PbPhase, 'startsOn' | 'endsOn'];
  message: string;
}

/** Every problem with a round's phase dates (ISO dates, either may be unset). */
export function phaseDateProblems(dates: PhaseDates): PhaseProblem[] {
  const problems: PhaseProblem[] = [];
  let previous: { phase: PbPhase; startsOn: string } | null = null;
  for (const phase of PB_PHASES) {
    const d = dates[phase];
    if (!d) continue;
    if (d.startsOn && d.endsOn && d.endsOn < d.startsOn)
      problems.push({
        path: ['phaseDates', phase, 'endsOn'],
        message: `The ${PHASE_NAMES[phase]} must end on or after the day it starts`,
      });
    if (d.startsOn && previous && d.startsOn < previous.startsOn)
      problems.push({
        path: ['phaseDates', phase, 'startsOn'],
        message: `The ${PHASE_NAMES[phase]} cannot start before the ${PHASE_NAMES[previous.phase]} starts`,
      });
    if (d.startsOn) previous = { phase, startsOn: d.startsOn };
  }
  return problems;
}
