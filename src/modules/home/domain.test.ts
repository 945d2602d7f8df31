import { describe, expect, it } from 'vitest';
import { type ExpectedPair, nothingToDo, returnTasks } from './domain.js';

const pair = (label: string, dueOn: string, status: ExpectedPair['status'], overdue = false, startsOn = '2026-01-01'): ExpectedPair => ({
  partnership: { id: 'p1', name: 'Harbourside' },
  period: { id: label, label, startsOn, endsOn: dueOn, dueOn },
  status,
  returnId: status === 'not_started' ? null : `r-${label}`,
  overdue,
});

describe('returnTasks', () => {
  it('keeps only returns still to send, overdue first, then sent back, then by due date', () => {
    const tasks = returnTasks(
      [
        pair('Q3', '2026-12-20', 'not_started'),
        pair('Q2', '2026-12-31', 'returned'),
        pair('Q1', '2026-10-31', 'draft', true),
        pair('Q0', '2026-07-31', 'accepted'),
        pair('Qs', '2026-08-31', 'submitted'),
      ],
      '2026-12-07',
    );
    expect(tasks.map((t) => [t.period.label, t.status, t.overdue])).toEqual([
      ['Q1', 'draft', true],
      ['Q2', 'returned', false],
      ['Q3', 'not_started', false],
    ]);
  });

  it('leaves out a period that has not begun unless someone has started its return', () => {
    const later = returnTasks([pair('Next', '2027-06-30', 'not_started', false, '2027-01-01')], '2026-12-07');
    expect(later).toEqual([]);
    const started = returnTasks([pair('Next', '2027-06-30', 'draft', false, '2027-01-01')], '2026-12-07');
    expect(started.map((t) => t.status)).toEqual(['draft']);
  });
});

describe('nothingToDo', () => {
  const none = { returns: null, review: null, evaluation: null, invitations: null };
  it('is true when no section applies, or every section that applies is empty', () => {
    expect(nothingToDo(none)).toBe(true);
    expect(nothingToDo({ ...none, returns: [], invitations: { outstanding: [] } })).toBe(true);
    expect(nothingToDo({ ...none, review: [{ submitted: { total: 0 }, overdue: [], imported: [] }] })).toBe(true);
  });
  it('is false when any section holds a task', () => {
    expect(nothingToDo({ ...none, returns: [{}] })).toBe(false);
    expect(nothingToDo({ ...none, review: [{ submitted: { total: 0 }, overdue: [{}], imported: [] }] })).toBe(false);
    const evaluation = (agreement: { codedByTwoOrMore: number; codedByOthersNotYou: number } | null, uncoded = 0) => [
      { evaluations: [{ uncodedRespondents: { total: uncoded }, uncodedTranscripts: { total: 0 }, agreement }] },
    ];
    expect(nothingToDo({ ...none, evaluation: evaluation(null) })).toBe(true);
    expect(nothingToDo({ ...none, evaluation: evaluation(null, 3) })).toBe(false);
    expect(nothingToDo({ ...none, evaluation: evaluation({ codedByTwoOrMore: 2, codedByOthersNotYou: 0 }) })).toBe(false);
    expect(nothingToDo({ ...none, invitations: { outstanding: [{}] } })).toBe(false);
  });
});
