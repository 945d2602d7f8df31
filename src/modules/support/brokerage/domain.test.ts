import { describe, expect, it } from 'vitest';
import { caseDateProblems, stepDateProblem } from './domain.js';

describe('a brokerage case’s dates', () => {
  it('needs a closing date once resolved or closed, on or after opening, and none while open', () => {
    expect(caseDateProblems({ status: 'open', openedOn: '2024-01-10', closedOn: null })).toEqual([]);
    expect(caseDateProblems({ status: 'resolved', openedOn: '2024-01-10', closedOn: null })[0]!.message).toBe(
      'Enter the date the case was closed',
    );
    expect(caseDateProblems({ status: 'open', openedOn: '2024-01-10', closedOn: '2024-02-01' })[0]!.path).toEqual(['closedOn']);
    expect(caseDateProblems({ status: 'closed_unresolved', openedOn: '2024-01-10', closedOn: '2024-01-09' })[0]!.message).toBe(
      'The case cannot close before it opened',
    );
  });
  it('keeps steps within the case', () => {
    const c = { status: 'resolved' as const, openedOn: '2024-01-10', closedOn: '2024-06-30' };
    expect(stepDateProblem(c, '2024-03-01')).toBeNull();
    expect(stepDateProblem(c, '2024-01-09')).toBe('The step cannot come before the case opened');
    expect(stepDateProblem(c, '2024-07-01')).toBe('The step cannot come after the case closed');
  });
});
