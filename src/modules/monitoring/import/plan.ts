import { normaliseHeader } from '../../../spreadsheet/read.js';
import type { ReturnStatus, Unit } from '../schema.js';
import { valueProblems } from '../returns/values.js';

// Pure planning for a returns import: the header against the programme's indicators, then each row
// against its partnerships. No SQL, no HTTP: what the database holds comes in as `Known`.

/** The reason a blank or `-` cell carries when the row's note does not give one. */
export const DEFAULT_NOT_REPORTED_REASON = 'Not reported in the imported spreadsheet';

export interface KnownIndicator {
  id: string;
  key: string;
  label: string;
  unit: Unit;
  required: boolean;
}

export interface Known {
  indicators: KnownIndicator[];
  /** The programme's partnerships; matched by name, ignoring case and runs of spaces. */
  partnerships: { id: string; name: string }[];
  /** Returns already there for this period, by partnership id. */
  returns: Map<string, { id: string; status: ReturnStatus }>;
}

export interface RowError {
  row: number;
  /** The column as the spreadsheet heads it, or `row` for the row as a whole. */
  column: string;
  message: string;
}

/** Where each column of the file goes. */
export interface Layout {
  partnership: number;
  note: number | null;
  indicators: { index: number; indicator: KnownIndicator; heading: string }[];
}

export interface PlannedValue {
  indicatorId: string;
  key: string;
  value: string | null;
  textValue: string | null;
  notReported: boolean;
  notReportedReason: string;
}

export interface PlannedReturn {
  row: number;
  partnershipId: string;
  partnershipName: string;
  /** The return there is now (to be replaced and submitted), or null for a new one. */
  existing: { id: string; status: ReturnStatus } | null;
  comparabilityNote: string;
  values: PlannedValue[];
}

export const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export interface ColumnProblem {
  column: string;
  message: string;
}

export class HeaderProblems extends Error {
  constructor(
    readonly problems: ColumnProblem[],
    readonly unknown: string[],
  ) {
    super('The first row does not name the right columns');
  }
}

/**
 * Reads the header: `partnership`, then one column per indicator key, and optionally `note`. Every
 * column that is not one of these is named; a required indicator with no column is too, since every
 * imported return is submitted and a submitted return answers every required indicator. Only a
 * header that leaves the rows unreadable (no partnership column, no indicator) throws; otherwise the
 * problems come back so they are reported together with the rows' own.
 */
export function layoutOf(header: string[], indicators: KnownIndicator[]): { layout: Layout; problems: ColumnProblem[] } {
  const byKey = new Map(indicators.map((i) => [normaliseHeader(i.key), i]));
  const problems: ColumnProblem[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  let partnership = -1;
  let note: number | null = null;
  const cols: Layout['indicators'] = [];
  header.forEach((raw, index) => {
    const h = normaliseHeader(raw);
    if (h === '') return;
    if (seen.has(h)) {
      problems.push({ column: raw.trim(), message: `The column “${raw.trim()}” appears twice` });
      return;
    }
    seen.add(h);
    if (h === 'partnership') partnership = index;
    else if (h === 'note' || h === 'notes') note = index;
    else if (byKey.has(h)) cols.push({ index, indicator: byKey.get(h)!, heading: raw.trim() });
    else {
      unknown.push(raw.trim());
      problems.push({ column: raw.trim(), message: `“${raw.trim()}” is not an indicator of this programme` });
    }
  });
  if (partnership < 0) problems.push({ column: 'partnership', message: 'The “partnership” column is missing' });
  for (const i of indicators) {
    if (i.required && !cols.some((c) => c.indicator.id === i.id)) {
      problems.push({ column: i.key, message: `The column for the required indicator “${i.key}” (${i.label}) is missing` });
    }
  }
  if (cols.length === 0) problems.push({ column: 'indicators', message: 'No column names an indicator of this programme' });
  if (partnership < 0 || cols.length === 0) throw new HeaderProblems(problems, unknown);
  return { layout: { partnership, note, indicators: cols }, problems };
}

/** `-`, a dash of any kind, or nothing: the partnership did not report this figure. */
const NOT_REPORTED = /^(|-|–|—)$/;
const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A cell as a number, accepting what spreadsheets show: "46,286", "£1,200.50", "12%". */
export function cellNumber(cell: string): number | null {
  let s = cell.trim().replace(/^£/, '').replace(/%$/, '').trim();
  if (THOUSANDS.test(s)) s = s.replace(/,/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

/**
 * Plans one row. The note: when any figure in the row is not reported, the note is the reason for
 * those figures (a spreadsheet has one note per row, and a gap is what most needs explaining);
 * when every figure is there, the note is the comparability note on the whole return.
 */
export function planRow(
  row: number,
  cells: string[],
  layout: Layout,
  partnerships: Map<string, { id: string; name: string }>,
  known: Pick<Known, 'returns'>,
): { planned: PlannedReturn | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const nameCell = (cells[layout.partnership] ?? '').trim();
  const note = layout.note === null ? '' : (cells[layout.note] ?? '').trim();
  const partnership = nameCell ? partnerships.get(nameKey(nameCell)) : undefined;
  if (!nameCell) errors.push({ row, column: 'partnership', message: 'Name the partnership this row is for' });
  else if (!partnership) errors.push({ row, column: 'partnership', message: `“${nameCell}” is not a partnership in this programme` });
  const existing = partnership ? (known.returns.get(partnership.id) ?? null) : null;
  if (existing?.status === 'accepted') {
    errors.push({
      row,
      column: 'partnership',
      message: `${partnership!.name}’s return for this period is accepted and locked; a manager must reopen it before it can be replaced`,
    });
  }
  const values: PlannedValue[] = [];
  const anyMissing = layout.indicators.some((c) => NOT_REPORTED.test((cells[c.index] ?? '').trim()));
  const reason = anyMissing && note ? note : DEFAULT_NOT_REPORTED_REASON;
  for (const { index, indicator, heading } of layout.indicators) {
    const cell = (cells[index] ?? '').trim();
    // Properties written out, not spread from a shared base: spreading here made V8 build each of
    // the 400,000 figures of a large file the slow way (measured: 5 s of 6 s planning 20,000 rows).
    if (NOT_REPORTED.test(cell)) {
      values.push({
        indicatorId: indicator.id,
        key: indicator.key,
        value: null,
        textValue: null,
        notReported: true,
        notReportedReason: reason,
      });
      continue;
    }
    if (indicator.unit === 'text') {
      values.push({
        indicatorId: indicator.id,
        key: indicator.key,
        value: null,
        textValue: cell,
        notReported: false,
        notReportedReason: '',
      });
      continue;
    }
    const n = cellNumber(cell);
    if (n === null) {
      errors.push({ row, column: heading, message: `“${cell}” is not a number; leave the cell empty or put - if it was not reported` });
      continue;
    }
    const problems = valueProblems(indicator.unit, { value: n });
    for (const p of problems) errors.push({ row, column: heading, message: `${p.message} (the cell says ${cell})` });
    if (!problems.length)
      values.push({
        indicatorId: indicator.id,
        key: indicator.key,
        value: String(n),
        textValue: null,
        notReported: false,
        notReportedReason: '',
      });
  }
  if (errors.length) return { planned: null, errors };
  return {
    planned: {
      row,
      partnershipId: partnership!.id,
      partnershipName: partnership!.name,
      existing,
      comparabilityNote: anyMissing ? '' : note,
      values,
    },
    errors,
  };
}

/** Tracks what the whole file has said so far: each partnership once, every problem kept. */
export class ReturnsPlanner {
  readonly planned: PlannedReturn[] = [];
  readonly errors: RowError[] = [];
  private readonly partnerships: Map<string, { id: string; name: string }>;
  private readonly firstRow = new Map<string, number>();

  /**
   * With `onPlanned`, each good row goes to it instead of into `planned`: a file of hundreds of
   * thousands of figures is checked without holding them all.
   */
  constructor(
    readonly layout: Layout,
    private readonly known: Known,
    private readonly onPlanned?: (p: PlannedReturn) => void,
  ) {
    this.partnerships = new Map(known.partnerships.map((p) => [nameKey(p.name), p]));
  }

  add(row: number, cells: string[]): void {
    if (cells.every((c) => c.trim() === '')) return;
    const { planned, errors } = planRow(row, cells, this.layout, this.partnerships, this.known);
    const id = planned?.partnershipId ?? this.partnerships.get(nameKey(cells[this.layout.partnership] ?? ''))?.id;
    if (id) {
      const first = this.firstRow.get(id);
      if (first !== undefined)
        errors.push({
          row,
          column: 'partnership',
          message: `This partnership already has a row (row ${first}); give each partnership one row`,
        });
      else this.firstRow.set(id, row);
    }
    if (errors.length) this.errors.push(...errors);
    else if (planned) {
      if (this.onPlanned) this.onPlanned(planned);
      else this.planned.push(planned);
    }
  }
}

/** The whole plan for rows already in hand (the file reader streams them into a `ReturnsPlanner`). */
export function planReturns(header: string[], rows: { row: number; cells: string[] }[], known: Known) {
  const { layout, problems } = layoutOf(header, known.indicators);
  const planner = new ReturnsPlanner(layout, known);
  for (const r of rows) planner.add(r.row, r.cells);
  return { planned: planner.planned, errors: planner.errors, columnProblems: problems };
}
