/**
 * The funder's portfolio table for one reporting period: a row per partnership, a cell per indicator,
 * footnotes for comparability notes, a Total row, and how many partnerships reported each indicator.
 * Plain data in, plain data out: the service loads the rows, the renderers (render-table.ts) print them.
 */

export type Aggregation = 'sum' | 'mean' | 'latest';

export interface TableIndicator {
  key: string;
  label: string;
  /** count, GBP, percent, hours or text. */
  unit: string;
  aggregation: Aggregation;
}

export interface TablePartnership {
  id: string;
  name: string;
  /** Whether this partnership's return came in by the due date; unknown counts as not on time. */
  onTime?: boolean;
  /** False when the partnership sent no return for the period at all (its cells are then all missing). */
  hasReturn?: boolean;
}

export interface TableValue {
  partnershipId: string;
  indicatorKey: string;
  value: number | null;
  notReported: boolean;
  /** A comparability note on this one value, or the reason it was not reported. */
  note?: string;
}

export interface ReturnNote {
  partnershipId: string;
  note: string;
}

export interface PortfolioTableInput {
  indicators: readonly TableIndicator[];
  partnerships: readonly TablePartnership[];
  values: readonly TableValue[];
  returnNotes?: readonly ReturnNote[];
}

/**
 * reported: a number was given. not-reported: the partnership said it has no figure (with a reason,
 * perhaps). missing: nothing was entered at all. The last two both print as `-`.
 */
export type CellStatus = 'reported' | 'not-reported' | 'missing';

export interface TableCell {
  status: CellStatus;
  value: number | null;
  /** Footnote markers for notes on this value. */
  markers: string[];
}

/**
 * Whether and when the partnership's return came: on time (by the due date), late, sent (when is not
 * known, as for a return imported as accepted), or none — "no return", as against "not reported", which
 * is a return that says it has no figure.
 */
export type ReturnState = 'on-time' | 'late' | 'sent' | 'none';

export interface TableRow {
  partnershipId: string;
  name: string;
  returnState: ReturnState;
  /** Footnote markers for notes on the whole return. */
  markers: string[];
  cells: Record<string, TableCell>;
}

/**
 * How the Total cell was worked out. sum: added up. mean: the average of the reported values (the
 * total of a rate or an average is not meaningful). none: text answers have no total.
 */
export type TotalBasis = 'sum' | 'mean' | 'none';

export interface TotalCell {
  basis: TotalBasis;
  /** null when nobody reported the indicator, or when the basis is none. */
  value: number | null;
}

export interface IndicatorCoverage {
  /** Partnerships that gave a number. */
  reported: number;
  /** Of those, how many returns were in by the due date. */
  reportedOnTime: number;
  /** Partnerships in the table. */
  partnerships: number;
}

export interface Footnote {
  marker: string;
  text: string;
}

export interface PortfolioTable {
  indicators: TableIndicator[];
  rows: TableRow[];
  totals: Record<string, TotalCell>;
  coverage: Record<string, IndicatorCoverage>;
  footnotes: Footnote[];
  /** Whether any partnership's timeliness is known; if not, "on time" counts say nothing and are left out. */
  onTimeKnown: boolean;
}

/**
 * How the Total row combines one indicator across partnerships in one period. `aggregation` says how
 * an indicator combines; `latest` is about combining periods (take the newest figure), so within one
 * period each partnership's figure is its latest and those are added up like `sum`. Percentages are
 * averaged whatever the setting, because adding up percentages gives nonsense; text has no total.
 */
export function totalBasis(indicator: Pick<TableIndicator, 'unit' | 'aggregation'>): TotalBasis {
  if (indicator.unit === 'text') return 'none';
  if (indicator.aggregation === 'mean' || indicator.unit === 'percent') return 'mean';
  return 'sum';
}

/**
 * Markers in the order the notes first appear reading the table row by row (a return's own note
 * before its values' notes). Up to three notes get the report style *, **, ***; beyond that asterisks
 * stop being readable, so every note is numbered 1, 2, 3… instead. The same text gets one marker.
 */
export function footnoteMarkers(count: number): string[] {
  if (count <= 3) return Array.from({ length: count }, (_, i) => '*'.repeat(i + 1));
  return Array.from({ length: count }, (_, i) => String(i + 1));
}

/** Most cells have no footnote: they share one empty list rather than 100,000 of their own. */
const NO_MARKERS: string[] = [];

/** Adding many decimals in floating point leaves dust such as 0.30000000000000004: keep 9 places. */
const clean = (n: number): number => Math.round(n * 1e9) / 1e9;

/**
 * Written as plain loops over maps: a table of 5,000 partnerships × 20 indicators has 100,000 cells,
 * and building it with chains of map/filter/spread spent most of its time collecting garbage.
 */
export function portfolioTable(input: PortfolioTableInput): PortfolioTable {
  const indicatorAt = new Map(input.indicators.map((ind, i) => [ind.key, i]));
  const partnershipAt = new Map(input.partnerships.map((p, i) => [p.id, i]));

  // Values for partnerships or indicators outside the table are not part of this selection.
  const figures: (GridFigure | undefined)[][] = input.partnerships.map(() => []);
  for (const v of input.values) {
    const i = indicatorAt.get(v.indicatorKey);
    const p = partnershipAt.get(v.partnershipId);
    if (i === undefined || p === undefined) continue;
    if (figures[p]![i]) {
      throw new Error(`Two values for partnership ${v.partnershipId}, indicator ${v.indicatorKey}: a return holds one value per indicator`);
    }
    figures[p]![i] = v;
  }
  return portfolioTableFromGrid({
    indicators: input.indicators,
    partnerships: input.partnerships,
    figures,
    returnNotes: input.returnNotes ?? [],
  });
}

/** One figure in the grid form: which partnership and indicator it is for is its place in the grid. */
export type GridFigure = Pick<TableValue, 'value' | 'notReported' | 'note'>;

export interface PortfolioGridInput {
  indicators: readonly TableIndicator[];
  partnerships: readonly TablePartnership[];
  /**
   * `figures[p][i]` is partnerships[p]'s figure for indicators[i]; missing when nothing was entered.
   * A plain number stands for a reported figure with no note: most figures are, and a table of
   * 100,000 cells then builds no object per figure just to say so.
   */
  figures: readonly (readonly (GridFigure | number | undefined)[] | undefined)[];
  returnNotes?: readonly ReturnNote[];
}

/**
 * The same table from figures already laid out partnership by indicator, as a database pivot gives
 * them: the loader of a large table skips building and re-indexing 100,000 separate values.
 */
export function portfolioTableFromGrid(input: PortfolioGridInput): PortfolioTable {
  const partnershipIds = new Set(input.partnerships.map((p) => p.id));
  input.partnerships.forEach((p, pi) => {
    const row = input.figures[pi] ?? [];
    for (let ii = 0; ii < row.length; ii++) {
      const v = row[ii];
      const value = typeof v === 'number' ? v : v ? v.value : null;
      if (value !== null && !Number.isFinite(value)) {
        throw new Error(`The value for partnership ${p.id}, indicator ${input.indicators[ii]?.key} is not a number`);
      }
    }
  });
  const returnNotes = new Map<string, string[]>();
  for (const n of input.returnNotes ?? []) {
    if (!partnershipIds.has(n.partnershipId) || !n.note.trim()) continue;
    const list = returnNotes.get(n.partnershipId);
    if (list) list.push(n.note.trim());
    else returnNotes.set(n.partnershipId, [n.note.trim()]);
  }

  // One pass: cells and running totals, each note's place in reading order remembered. A noted
  // cell's marker depends on how many notes there are in all, so it is filled in afterwards.
  const noteIndex = new Map<string, number>();
  const remember = (text: string) => {
    let i = noteIndex.get(text);
    if (i === undefined) noteIndex.set(text, (i = noteIndex.size));
    return i;
  };
  const onTime = new Set(input.partnerships.filter((p) => p.onTime === true).map((p) => p.id));
  const count = input.indicators.length;
  const reported = new Array<number>(count).fill(0);
  const reportedOnTime = new Array<number>(count).fill(0);
  const sums = new Array<number>(count).fill(0);
  const noted: { cell: { markers: string[] }; note: number }[] = [];
  const ownNotesOf: number[][] = [];

  const rows: TableRow[] = input.partnerships.map((p, pi) => {
    ownNotesOf.push((returnNotes.get(p.id) ?? []).map(remember));
    const row = input.figures[pi];
    const isOnTime = onTime.has(p.id);
    const rowCells: TableRow['cells'] = {};
    for (let i = 0; i < count; i++) {
      const f = row?.[i];
      const v = typeof f === 'number' ? null : f;
      const value = typeof f === 'number' ? f : f ? f.value : null;
      // "Not reported" wins over a number left behind in the same value.
      const status: CellStatus = f === undefined ? 'missing' : v?.notReported ? 'not-reported' : value === null ? 'missing' : 'reported';
      const cell = { status, value: status === 'reported' ? value : null, markers: NO_MARKERS };
      if (v?.note?.trim()) noted.push({ cell, note: remember(v.note.trim()) });
      rowCells[input.indicators[i]!.key] = cell;
      if (status === 'reported') {
        reported[i]!++;
        if (isOnTime) reportedOnTime[i]!++;
        sums[i]! += value!;
      }
    }
    const returnState: ReturnState = p.hasReturn === false ? 'none' : p.onTime === undefined ? 'sent' : p.onTime ? 'on-time' : 'late';
    return { partnershipId: p.id, name: p.name, returnState, markers: NO_MARKERS, cells: rowCells };
  });
  const markers = footnoteMarkers(noteIndex.size);
  for (const { cell, note } of noted) cell.markers = [markers[note]!];
  rows.forEach((r, i) => {
    if (ownNotesOf[i]!.length) r.markers = ownNotesOf[i]!.map((n) => markers[n]!);
  });

  const totals: Record<string, TotalCell> = {};
  const coverage: Record<string, IndicatorCoverage> = {};
  input.indicators.forEach((ind, i) => {
    const basis = totalBasis(ind);
    const n = reported[i]!;
    totals[ind.key] = { basis, value: basis === 'none' || n === 0 ? null : clean(basis === 'sum' ? sums[i]! : sums[i]! / n) };
    coverage[ind.key] = { reported: n, reportedOnTime: reportedOnTime[i]!, partnerships: rows.length };
  });

  return {
    indicators: [...input.indicators],
    rows,
    totals,
    coverage,
    footnotes: [...noteIndex.keys()].map((text, i) => ({ marker: markers[i]!, text })),
    onTimeKnown: input.partnerships.some((p) => p.onTime !== undefined),
  };
}
