/**
 * Statistical disclosure control for the cross-tab: which cells nobody without the override may see.
 * One rule, applied once by the service before any format (JSON, CSV, XLSX, charts, the Word report)
 * is written, so every format hides the same cells.
 *
 * 1. Primary suppression (the house rule, unchanged in meaning): a group with fewer respondents than
 *    the threshold is suppressed whole — its size, its counts and its percents.
 * 2. Secondary (complementary) suppression, as ONS statistical disclosure control does: a line whose
 *    total is published or can be worked out (a code's count over everyone is the "all respondents"
 *    cross-tab; the group sizes add up to the total) must not hold exactly one suppressed cell, or
 *    total − the published cells gives it back. Such a line gets a further cell suppressed: the one
 *    with the lowest count above zero (a zero complement would give the other cell's value as the
 *    residual), ties to the first in table order; repeated until no line holds exactly one.
 *    A suppressed group size takes its whole group with it, since its percents would give it back.
 *
 * `complementarySuppression` is the general rule over any table of counts; `protectCrosstab` maps the
 * cross-tab onto it.
 */
import { type Crosstab, type CrosstabGroup, DEFAULT_DISCLOSURE_THRESHOLD } from './crosstab.js';

export type SuppressionReason = 'small group' | 'secondary';

export interface CountTable {
  /** values[row][column]: whole counts, 0 or more. */
  values: readonly (readonly number[])[];
  /** Cells suppressed for themselves (primary), same shape as `values`. */
  primary: readonly (readonly boolean[])[];
  /** Each row's total is published or derivable, so a row is a line to protect. */
  rowTotals: boolean;
  /** Each column's total is published or derivable. */
  columnTotals: boolean;
  /**
   * A row whose suppressed cell takes its whole column with it (the cross-tab's group sizes: a group
   * whose size is hidden cannot show its percents).
   */
  headerRow?: number;
}

export interface CellSuppression {
  /** reasons[row][column]: why the cell is suppressed, or null when it is published. */
  reasons: (SuppressionReason | null)[][];
  /**
   * Lines with one cell, suppressed: no other cell can cover it, so the line's own total must not be
   * published ('row' 2 means row 2's total).
   */
  exposedTotals: { line: 'row' | 'column'; index: number }[];
}

interface Line {
  line: 'row' | 'column';
  index: number;
  cells: [number, number][];
}

/**
 * Complementary suppression over a table of counts: starts from the primary cells and adds the fewest
 * cells this greedy rule finds until no line whose total is known holds exactly one suppressed cell.
 * Lines are checked rows first (top to bottom), then columns (left to right), from the start again after
 * each addition, so the answer is the same for the same table. Cost: O(cells × additions).
 */
export function complementarySuppression(table: CountTable): CellSuppression {
  const rows = table.values.length;
  const columns = rows ? table.values[0]!.length : 0;
  for (const [r, row] of table.values.entries()) {
    if (row.length !== columns || table.primary[r]?.length !== columns)
      throw new Error('Every row of the table needs the same number of cells');
    for (const v of row) if (!Number.isSafeInteger(v) || v < 0) throw new Error(`A count must be a whole number, 0 or more: got ${v}`);
  }
  if (table.primary.length !== rows) throw new Error('The primary cells must have the table’s shape');

  const reasons: (SuppressionReason | null)[][] = table.primary.map((row) => row.map((p) => (p ? 'small group' : null)));
  const hide = (r: number, c: number, reason: SuppressionReason) => {
    if (reasons[r]![c] === null) reasons[r]![c] = reason;
    if (r === table.headerRow) for (let rr = 0; rr < rows; rr++) if (reasons[rr]![c] === null) reasons[rr]![c] = reason;
  };
  // A primary cell in the header row hides its column from the start.
  if (table.headerRow !== undefined)
    for (let c = 0; c < columns; c++) if (reasons[table.headerRow]?.[c]) hide(table.headerRow, c, reasons[table.headerRow]![c]!);

  const lines: Line[] = [];
  if (table.rowTotals)
    for (let r = 0; r < rows; r++) lines.push({ line: 'row', index: r, cells: Array.from({ length: columns }, (_, c) => [r, c]) });
  if (table.columnTotals)
    for (let c = 0; c < columns; c++) lines.push({ line: 'column', index: c, cells: Array.from({ length: rows }, (_, r) => [r, c]) });

  const exposed = new Set<Line>();
  for (;;) {
    let added = false;
    for (const line of lines) {
      const hidden = line.cells.filter(([r, c]) => reasons[r]![c] !== null);
      if (hidden.length !== 1) continue;
      const open = line.cells.filter(([r, c]) => reasons[r]![c] === null);
      if (!open.length) {
        exposed.add(line);
        continue;
      }
      // The lowest count above zero; a zero only when nothing else is left. First in table order on a tie.
      const rank = ([r, c]: [number, number]) => {
        const v = table.values[r]![c]!;
        return v === 0 ? Number.MAX_SAFE_INTEGER : v;
      };
      let best = open[0]!;
      for (const cell of open) if (rank(cell) < rank(best)) best = cell;
      hide(best[0], best[1], 'secondary');
      added = true;
      break;
    }
    if (!added) break;
  }
  return { reasons, exposedTotals: [...exposed].map(({ line, index }) => ({ line, index })) };
}

// ---- The cross-tab ----------------------------------------------------------------------------

export interface ProtectedGroup {
  group: string;
  /** null when suppressed: a suppressed group's size is published nowhere. */
  nGroup: number | null;
  /** Under the threshold (the primary rule). */
  small: boolean;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

export interface ProtectedRow {
  group: string;
  nGroup: number | null;
  code: string;
  codeId: string;
  nCode: number | null;
  percent: number | null;
  small: boolean;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

/** The cross-tab as anyone may be given it: counts only where the rule allows. */
export interface ProtectedCrosstab {
  by: Crosstab['by'];
  /** null when the total alone would give a suppressed group's size (a table of one small group). */
  total: number | null;
  overlapping: boolean;
  threshold: number;
  groups: ProtectedGroup[];
  rows: ProtectedRow[];
  /** Groups blanked, with why (never their size). */
  suppressed: { group: string; reason: SuppressionReason }[];
  /** With the override: the groups under the threshold shown anyway (for the audit row and the notes). */
  shownDespiteThreshold: CrosstabGroup[];
  /** With the override: every group the rule would have blanked, primary and secondary. */
  revealed: { group: string; nGroup: number; reason: SuppressionReason }[];
  override: boolean;
}

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new Error(`The disclosure threshold must be a whole number of respondents, 0 or more: got ${threshold}`);
  }
}

/**
 * The cross-tab with disclosure control applied. The table handed to `complementarySuppression` has
 * the group sizes as its first (header) row and a row per code, a column per group. Rows are lines
 * only when the groups split the respondents (no overlapping themes): then a code's counts add up to
 * its count over everyone and the sizes to the total; with overlapping groups neither sum holds, so
 * nothing can be recovered by subtraction. Columns are not lines: a respondent may identify several
 * codes, so a group's counts add up to nothing published.
 *
 * With `override` (the evaluator's choice, checked and audited by the service) every count is given,
 * and what the rule would have hidden is listed in `revealed`.
 */
export function protectCrosstab(
  table: Crosstab,
  threshold: number = DEFAULT_DISCLOSURE_THRESHOLD,
  options: { override?: boolean } = {},
): ProtectedCrosstab {
  checkThreshold(threshold);
  const override = Boolean(options.override);
  const column = new Map(table.groups.map((g, i) => [g.group, i] as const));
  const codes: { codeId: string; code: string }[] = [];
  const codeIndex = new Map<string, number>();
  for (const row of table.rows) {
    if (!codeIndex.has(row.codeId)) {
      codeIndex.set(row.codeId, codes.length);
      codes.push({ codeId: row.codeId, code: row.code });
    }
  }
  const values: number[][] = [table.groups.map((g) => g.nGroup), ...codes.map(() => table.groups.map(() => 0))];
  for (const row of table.rows) values[1 + codeIndex.get(row.codeId)!]![column.get(row.group)!] = row.nCode;
  const small = table.groups.map((g) => g.nGroup < threshold);
  const { reasons, exposedTotals } = complementarySuppression({
    values,
    primary: values.map(() => small),
    rowTotals: !table.overlapping,
    columnTotals: false,
    headerRow: 0,
  });
  const reasonOf = (group: string) => reasons[0]![column.get(group)!] ?? null;
  const hidden = (group: string) => !override && reasonOf(group) !== null;

  const blanked = table.groups.filter((g) => reasonOf(g.group) !== null);
  return {
    by: table.by,
    // One group (all respondents, or one group left by a filter) under the threshold: its size is the total.
    total: !override && exposedTotals.some((t) => t.line === 'row' && t.index === 0) ? null : table.total,
    overlapping: table.overlapping,
    threshold,
    groups: table.groups.map((g, i) => ({
      group: g.group,
      nGroup: hidden(g.group) ? null : g.nGroup,
      small: small[i]!,
      suppressed: hidden(g.group),
      reason: hidden(g.group) ? reasonOf(g.group) : null,
    })),
    rows: table.rows.map((r) => {
      const off = hidden(r.group);
      return {
        group: r.group,
        nGroup: off ? null : r.nGroup,
        code: r.code,
        codeId: r.codeId,
        nCode: off ? null : r.nCode,
        percent: off ? null : r.percent,
        small: r.nGroup < threshold,
        suppressed: off,
        reason: off ? reasonOf(r.group) : null,
      };
    }),
    suppressed: override ? [] : blanked.map((g) => ({ group: g.group, reason: reasonOf(g.group)! })),
    shownDespiteThreshold: override
      ? table.groups.filter((g) => g.nGroup < threshold).map((g) => ({ group: g.group, nGroup: g.nGroup }))
      : [],
    revealed: override ? blanked.map((g) => ({ group: g.group, nGroup: g.nGroup, reason: reasonOf(g.group)! })) : [],
    override,
  };
}

/** Words for a suppressed group, for notes and files: never its size. */
export function suppressionWords(reason: SuppressionReason, threshold: number): string {
  return reason === 'small group'
    ? `fewer than ${threshold} respondents`
    : `hidden too, so that a smaller group cannot be worked out from the totals`;
}
