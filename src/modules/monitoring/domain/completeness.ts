/**
 * Completeness: which partnerships owe a return for which period, and where each stands — the grid a
 * manager chases overdue returns with (as DHIS2's reporting rates). Plain functions over plain data.
 *
 * The rule, in one place (the grid, the periods list's "N overdue" and the home pages all use it):
 * - A partnership is **expected** to report for a period when it was in the programme on the day the
 *   period was due (`inProgrammeFrom` ≤ due ≤ `inProgrammeUntil`, an empty "until" meaning still in it)
 *   and, for a period attached to a phase, it was not recorded as *not* progressing from an earlier phase.
 *   Where no progression is recorded for the partnership it is taken to have gone on.
 * - A partnership with a return for the period appears even when not expected (the return shows it took
 *   part), and counts in "reported by N of M" once that return is submitted or accepted.
 * - **Overdue**: expected, the due date has passed (due < today), and no submitted or accepted return.
 * - **On time / late**: for a submitted or accepted return, sent in on or before the due date (the
 *   day of `submittedOn`) or after it; unknown (null) when the return has no submission time (imported).
 */

export const CELL_STATUSES = ['not_started', 'draft', 'submitted', 'returned', 'accepted'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
export type Timeliness = 'on_time' | 'late';

export interface CompletenessPeriod {
  id: string;
  dueOn: string;
  /** The number of the phase the period is attached to, or null. */
  phaseNumber: number | null;
}

export interface CompletenessPartnership {
  id: string;
  inProgrammeFrom: string;
  inProgrammeUntil: string | null;
  /** Numbers of the phases this partnership is recorded as not having progressed from. */
  notProgressedFrom: readonly number[];
}

export interface CompletenessReturn {
  id: string;
  partnershipId: string;
  periodId: string;
  status: Exclude<CellStatus, 'not_started'>;
  /** The day the return was (last) submitted, 'YYYY-MM-DD', or null. */
  submittedOn: string | null;
}

export interface CompletenessCell {
  periodId: string;
  partnershipId: string;
  expected: boolean;
  status: CellStatus;
  returnId: string | null;
  submittedOn: string | null;
  overdue: boolean;
  timeliness: Timeliness | null;
}

export interface PeriodCompleteness {
  periodId: string;
  /** M in "reported by N of M": expected partnerships, and any other that reported. */
  expected: number;
  /** N: submitted or accepted. */
  reported: number;
  accepted: number;
  overdue: number;
  onTime: number;
  late: number;
}

const REPORTED: ReadonlySet<CellStatus> = new Set(['submitted', 'accepted']);
export const isReported = (status: CellStatus) => REPORTED.has(status);

/** Was the partnership in the programme, and in the period's phase, when the period was due? */
export function isExpected(p: CompletenessPartnership, period: CompletenessPeriod): boolean {
  if (p.inProgrammeFrom > period.dueOn) return false;
  if (p.inProgrammeUntil !== null && p.inProgrammeUntil < period.dueOn) return false;
  const phase = period.phaseNumber;
  if (phase !== null && p.notProgressedFrom.some((n) => n < phase)) return false;
  return true;
}

export function cellOf(
  period: CompletenessPeriod,
  partnership: CompletenessPartnership,
  ret: CompletenessReturn | undefined,
  today: string,
): CompletenessCell {
  const expected = isExpected(partnership, period);
  const status: CellStatus = ret?.status ?? 'not_started';
  const reported = isReported(status);
  const submittedOn = ret?.submittedOn ?? null;
  return {
    periodId: period.id,
    partnershipId: partnership.id,
    expected,
    status,
    returnId: ret?.id ?? null,
    submittedOn,
    overdue: expected && !reported && period.dueOn < today,
    timeliness: reported && submittedOn !== null ? (submittedOn <= period.dueOn ? 'on_time' : 'late') : null,
  };
}

/**
 * Every (period, partnership) pair that matters, in the order of `periods` then `partnerships`: those
 * expected, and those not expected that have a return all the same.
 */
export function completenessCells(
  periods: readonly CompletenessPeriod[],
  partnerships: readonly CompletenessPartnership[],
  returns: readonly CompletenessReturn[],
  today: string,
): CompletenessCell[] {
  const byPair = new Map(returns.map((r) => [`${r.periodId}|${r.partnershipId}`, r]));
  const cells: CompletenessCell[] = [];
  for (const period of periods) {
    for (const p of partnerships) {
      const ret = byPair.get(`${period.id}|${p.id}`);
      const cell = cellOf(period, p, ret, today);
      if (cell.expected || ret) cells.push(cell);
    }
  }
  return cells;
}

/** "Reported by N of M", overdue, on time and late, per period (every period given, even with no cells). */
export function periodCompleteness(periods: readonly { id: string }[], cells: readonly CompletenessCell[]): PeriodCompleteness[] {
  const out = new Map<string, PeriodCompleteness>(
    periods.map((p) => [p.id, { periodId: p.id, expected: 0, reported: 0, accepted: 0, overdue: 0, onTime: 0, late: 0 }]),
  );
  for (const c of cells) {
    const s = out.get(c.periodId);
    if (!s) continue;
    const reported = isReported(c.status);
    if (c.expected || reported) s.expected++;
    if (reported) s.reported++;
    if (c.status === 'accepted') s.accepted++;
    if (c.overdue) s.overdue++;
    if (c.timeliness === 'on_time') s.onTime++;
    if (c.timeliness === 'late') s.late++;
  }
  return [...out.values()];
}
