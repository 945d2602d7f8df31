import { describe, expect, it } from 'vitest';
import {
  type CompletenessPartnership,
  type CompletenessPeriod,
  type CompletenessReturn,
  cellOf,
  completenessCells,
  isExpected,
  periodCompleteness,
} from './completeness.js';

const partnership = (id: string, from: string, until: string | null = null, notProgressedFrom: number[] = []): CompletenessPartnership => ({
  id,
  inProgrammeFrom: from,
  inProgrammeUntil: until,
  notProgressedFrom,
});
const period = (id: string, dueOn: string, phaseNumber: number | null = null): CompletenessPeriod => ({ id, dueOn, phaseNumber });
const ret = (
  partnershipId: string,
  periodId: string,
  status: CompletenessReturn['status'],
  submittedOn: string | null = null,
): CompletenessReturn => ({ id: `${partnershipId}-${periodId}`, partnershipId, periodId, status, submittedOn });
const TODAY = '2026-12-07';

describe('who is expected to report', () => {
  it('expects a partnership in the programme on the due date, from its first day to its last', () => {
    const p = period('2021', '2022-01-31');
    expect(isExpected(partnership('a', '2019-04-01'), p)).toBe(true);
    expect(isExpected(partnership('a', '2022-01-31'), p)).toBe(true);
    expect(isExpected(partnership('a', '2022-02-01'), p)).toBe(false);
    expect(isExpected(partnership('a', '2019-04-01', '2022-01-31'), p)).toBe(true);
    expect(isExpected(partnership('a', '2019-04-01', '2022-01-30'), p)).toBe(false);
  });

  it('expects a phase’s period only of partnerships not recorded as stopping at an earlier phase', () => {
    const phase2 = period('p2', '2022-01-31', 2);
    const phase1 = period('p1', '2020-01-31', 1);
    expect(isExpected(partnership('a', '2019-04-01', null, [1]), phase2)).toBe(false);
    expect(isExpected(partnership('a', '2019-04-01', null, [1]), phase1)).toBe(true);
    expect(isExpected(partnership('a', '2019-04-01', null, [2]), phase2)).toBe(true);
    // Nothing recorded: taken to have gone on.
    expect(isExpected(partnership('a', '2019-04-01'), phase2)).toBe(true);
    // A period with no phase: the progression does not matter.
    expect(isExpected(partnership('a', '2019-04-01', null, [1]), period('x', '2022-01-31'))).toBe(true);
  });
});

describe('a cell of the grid', () => {
  const p = period('2021', '2022-01-31');
  const a = partnership('a', '2019-04-01');

  it('is overdue after the due date while nothing is submitted, a return not started included', () => {
    expect(cellOf(p, a, undefined, TODAY)).toMatchObject({ status: 'not_started', overdue: true, timeliness: null, returnId: null });
    expect(cellOf(p, a, ret('a', '2021', 'draft'), TODAY)).toMatchObject({ status: 'draft', overdue: true });
    expect(cellOf(p, a, ret('a', '2021', 'returned', '2022-01-10'), TODAY)).toMatchObject({ status: 'returned', overdue: true });
    expect(cellOf(p, a, undefined, '2022-01-31')).toMatchObject({ overdue: false });
  });

  it('is on time when submitted on or before the due date, late after, unknown without a date', () => {
    expect(cellOf(p, a, ret('a', '2021', 'submitted', '2022-01-31'), TODAY)).toMatchObject({ overdue: false, timeliness: 'on_time' });
    expect(cellOf(p, a, ret('a', '2021', 'accepted', '2022-02-01'), TODAY)).toMatchObject({ overdue: false, timeliness: 'late' });
    expect(cellOf(p, a, ret('a', '2021', 'accepted'), TODAY)).toMatchObject({ timeliness: null });
  });

  it('is never overdue for a partnership not in the programme then', () => {
    expect(cellOf(p, partnership('new', TODAY), undefined, TODAY)).toMatchObject({ expected: false, overdue: false });
  });
});

describe('the grid and "reported by N of M"', () => {
  // Ten partnerships in the programme since 2019, three added today.
  const old = Array.from({ length: 10 }, (_, i) => partnership(`old${i}`, '2019-04-01'));
  const added = ['n1', 'n2', 'n3'].map((id) => partnership(id, TODAY));
  const periods = [period('2019-22', '2022-04-30'), period('now', '2027-01-31')];
  const returns = [
    ...old.slice(0, 9).map((p, i) => ret(p.id, '2019-22', 'accepted', i < 7 ? '2022-04-01' : '2022-05-10')),
    ret('n1', 'now', 'draft'),
  ];

  it('adding three partnerships today does not make a 2019–2022 period show 3 more overdue or "9 of 13"', () => {
    const cells = completenessCells(periods, [...old, ...added], returns, TODAY);
    const [past, now] = periodCompleteness(periods, cells);
    expect(past).toMatchObject({ expected: 10, reported: 9, accepted: 9, overdue: 1, onTime: 7, late: 2 });
    expect(now).toMatchObject({ expected: 13, reported: 0, overdue: 0 });
    expect(cells.filter((c) => c.periodId === '2019-22').map((c) => c.partnershipId)).toEqual(old.map((p) => p.id));
  });

  it('shows a return from a partnership not expected, and counts it in N and M once submitted', () => {
    const late = [...returns, ret('n2', '2019-22', 'submitted', TODAY)];
    const cells = completenessCells(periods, [...old, ...added], late, TODAY);
    expect(cells.find((c) => c.periodId === '2019-22' && c.partnershipId === 'n2')).toMatchObject({ expected: false, status: 'submitted' });
    expect(periodCompleteness(periods, cells)[0]).toMatchObject({ expected: 11, reported: 10, overdue: 1 });
  });

  it('gives every period asked for a summary, even with no cells', () => {
    expect(periodCompleteness([{ id: 'empty' }], [])).toEqual([
      { periodId: 'empty', expected: 0, reported: 0, accepted: 0, overdue: 0, onTime: 0, late: 0 },
    ]);
  });
});
