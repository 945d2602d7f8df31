/**
 * Charts of one indicator: by partnership for one reporting period, and across periods. Plain data in
 * (portfolio tables, from portfolio-table.ts), plain data out: first the figures a chart shows (what the
 * web page also lists as a table beneath it); chart-specs.ts turns them into the vega-lite spec that
 * draws them. No rendering here: the service turns the spec into SVG and PNG.
 *
 * Rules a reader relies on:
 * - A partnership that did not report, or has no figure yet, is listed and says so in words; it never
 *   gets a bar of 0, which would read as "reported nothing happened".
 * - A comparability note (or the reason a figure is missing) keeps a footnote marker beside the name
 *   or the figure, and the note is printed under the chart.
 * - Text, colours and symbols as src/charts/style.ts sets them: DejaVu Sans; every colour readable on
 *   white (WCAG AA: text 4.5:1, bars and lines 3:1); lines per partnership also differ by symbol, not by
 *   colour alone.
 */
import type { Footnote, PortfolioTable, TableCell, TableIndicator, TableRow } from './portfolio-table.js';
import { footnoteMarkers, totalBasis } from './portfolio-table.js';

// ---------------------------------------------------------------- look

/** More bars than this cannot be read, and the picture would be taller than a browser or PNG allows. */
export const MAX_BARS = 150;
export const MAX_PERIODS = 60;

// ---------------------------------------------------------------- words and numbers

const UNIT_WORDS: Record<string, string> = { count: 'number', gbp: '£', percent: '%', hours: 'hours' };

/** The axis title: the indicator and its unit, "Volunteers (number)", "Spent (£)". */
export const valueTitle = (indicator: Pick<TableIndicator, 'label' | 'unit'>) =>
  `${indicator.label} (${UNIT_WORDS[indicator.unit] ?? indicator.unit})`;

/** A figure as a person reads it: 46,286 · £1,200.50 · 12.5%. Averages to 2 places. */
export function formatFigure(value: number, unit: string): string {
  if (unit === 'gbp') {
    const whole = Number.isInteger(value);
    return `£${value.toLocaleString('en-GB', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
  }
  const n = value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'percent' ? `${n}%` : n;
}

export const NOT_REPORTED = 'Not reported';
export const NO_FIGURE = 'No figure';

/** Asterisks as they are; numbered markers bracketed, so "34 [1]" does not read as a figure. */
export const markerText = (marker: string) => (/^\*+$/.test(marker) ? marker : `[${marker}]`);
export const withMarkers = (text: string, markers: readonly string[]) =>
  markers.length ? `${text} ${markers.map(markerText).join(' ')}` : text;

/** Whether an indicator has figures to draw: text answers do not. */
export const chartable = (indicator: Pick<TableIndicator, 'unit' | 'aggregation'>) => totalBasis(indicator) !== 'none';

/** "A, B and C". */
const listed = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Long lists in a description are cut, since the same figures are in the table beside the chart. */
const MAX_DESCRIBED = 30;
const describeList = (items: string[]) =>
  items.length <= MAX_DESCRIBED
    ? items.join('; ')
    : `${items.slice(0, MAX_DESCRIBED).join('; ')}; and ${items.length - MAX_DESCRIBED} more`;

/** Footnote markers numbered afresh for the notes one chart shows, in the order it shows them. */
class NoteBook {
  private readonly texts: string[] = [];
  add(text: string): string {
    if (!this.texts.includes(text)) this.texts.push(text);
    return text;
  }
  markersFor(texts: readonly string[]): string[] {
    const all = footnoteMarkers(this.texts.length);
    return [...new Set(texts)].map((t) => all[this.texts.indexOf(t)]!);
  }
  footnotes(): Footnote[] {
    const all = footnoteMarkers(this.texts.length);
    return this.texts.map((text, i) => ({ marker: all[i]!, text }));
  }
}

function indicatorOf(table: PortfolioTable, key: string): TableIndicator {
  const indicator = table.indicators.find((i) => i.key === key);
  if (!indicator) throw new Error(`The table has no indicator ${key}`);
  if (!chartable(indicator)) throw new Error(`${indicator.label} is answered in words: there is nothing to chart`);
  return indicator;
}

/** The note texts behind a row's own markers and one cell's markers. */
function notesOf(table: PortfolioTable, row: TableRow, cell: TableCell | undefined): { own: string[]; cell: string[] } {
  const textOf = new Map(table.footnotes.map((f) => [f.marker, f.text]));
  const texts = (markers: readonly string[]) => markers.map((m) => textOf.get(m)).filter((t): t is string => t !== undefined);
  return { own: texts(row.markers), cell: texts(cell?.markers ?? []) };
}

const statusText = (cell: TableCell | undefined, unit: string) =>
  cell?.status === 'reported' && cell.value !== null
    ? formatFigure(cell.value, unit)
    : cell?.status === 'not-reported'
      ? NOT_REPORTED
      : NO_FIGURE;

// ---------------------------------------------------------------- one period, by partnership

export type FigureStatus = 'reported' | 'not-reported' | 'missing';

export interface PartnershipFigure {
  partnershipId: string;
  name: string;
  /** Markers of notes on the partnership's whole return. */
  nameMarkers: string[];
  status: FigureStatus;
  value: number | null;
  /** The figure as printed ("46,286"), or "Not reported" / "No figure". */
  text: string;
  /** Markers of notes on this one figure (a comparability note, or why it was not reported). */
  markers: string[];
}

export interface ChartIndicator {
  key: string;
  label: string;
  unit: string;
  aggregation: TableIndicator['aggregation'];
}

export type ChartScope = 'programme' | 'own-partnerships';

export interface ByPartnershipChart {
  kind: 'by-partnership';
  programme: string;
  indicator: ChartIndicator;
  period: { id: string; label: string };
  scope: ChartScope;
  /** In the order drawn: largest figure first, then those not reported, then those with no figure. */
  partnerships: PartnershipFigure[];
  total: { basis: 'sum' | 'mean'; value: number | null; text: string };
  /** How many gave a figure, of how many partnerships shown. */
  reported: number;
  footnotes: Footnote[];
  title: string;
  subtitle: string[];
  valueTitle: string;
  /** What the chart shows in words: the SVG's title and description, and the web page's alt text. */
  description: string;
}

export interface ByPartnershipInput {
  programme: string;
  period: { id: string; label: string };
  scope: ChartScope;
  table: PortfolioTable;
  indicatorKey: string;
}

const scopeWords = (scope: ChartScope) =>
  scope === 'own-partnerships' ? 'Only your partnerships are shown, and the total is over them.' : '';
const BASIS_WORDS = 'Submitted and accepted returns only.';

export function byPartnershipChart(input: ByPartnershipInput): ByPartnershipChart {
  const { table } = input;
  const indicator = indicatorOf(table, input.indicatorKey);
  const book = new NoteBook();
  const figures: (PartnershipFigure & { at: number })[] = table.rows.map((row, at) => {
    const cell = row.cells[indicator.key];
    const notes = notesOf(table, row, cell);
    // Reading order, as in the table: the return's own note before the figure's.
    for (const t of notes.own) book.add(t);
    for (const t of notes.cell) book.add(t);
    const status: FigureStatus = cell?.status ?? 'missing';
    return {
      at,
      partnershipId: row.partnershipId,
      name: row.name,
      nameMarkers: notes.own,
      status,
      value: status === 'reported' ? (cell?.value ?? null) : null,
      text: statusText(cell, indicator.unit),
      markers: notes.cell,
    };
  });
  const rank: Record<FigureStatus, number> = { reported: 0, 'not-reported': 1, missing: 2 };
  figures.sort((a, b) => rank[a.status] - rank[b.status] || (b.value ?? 0) - (a.value ?? 0) || a.at - b.at);
  const partnerships = figures.map(({ at: _at, ...f }) => ({
    ...f,
    nameMarkers: book.markersFor(f.nameMarkers),
    markers: book.markersFor(f.markers),
  }));

  const totalCell = table.totals[indicator.key]!;
  const basis = totalCell.basis === 'mean' ? 'mean' : 'sum';
  const reported = partnerships.filter((p) => p.status === 'reported').length;
  const totalText = totalCell.value === null ? 'none' : formatFigure(totalCell.value, indicator.unit);
  const totalLine =
    totalCell.value === null
      ? `No partnership has a figure (${partnerships.length} shown).`
      : `${basis === 'mean' ? 'Average' : 'Total'} ${totalText}, from ${reported} of ${partnerships.length} partnerships.`;
  const title = `${indicator.label} by partnership, ${input.period.label}`;
  const footnotes = book.footnotes();
  const description = [
    `Bar chart of ${valueTitle(indicator)} for each partnership in ${input.programme}, ${input.period.label}.`,
    partnerships.length
      ? `${describeList(partnerships.map((p) => `${p.name}: ${p.status === 'reported' ? p.text : p.text.toLowerCase()}`))}.`
      : 'No partnerships to show.',
    totalLine,
    footnotes.length ? `Notes: ${footnotes.map((f) => `${markerText(f.marker)} ${f.text}`).join(' ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    kind: 'by-partnership',
    programme: input.programme,
    indicator: { key: indicator.key, label: indicator.label, unit: indicator.unit, aggregation: indicator.aggregation },
    period: input.period,
    scope: input.scope,
    partnerships,
    total: { basis, value: totalCell.value, text: totalText },
    reported,
    footnotes,
    title,
    subtitle: [input.programme, `${totalLine} ${BASIS_WORDS} ${scopeWords(input.scope)}`.trim()],
    valueTitle: valueTitle(indicator),
    description,
  };
}

// ---------------------------------------------------------------- one indicator, across periods

export interface PeriodTotal {
  periodId: string;
  label: string;
  value: number | null;
  /** The total as printed, or "No figures". */
  text: string;
  reported: number;
  partnerships: number;
  markers: string[];
}

export interface PartnershipSeries {
  partnershipId: string;
  name: string;
  figures: { periodId: string; status: FigureStatus; value: number | null; text: string }[];
}

export interface AcrossPeriodsChart {
  kind: 'across-periods';
  programme: string;
  indicator: ChartIndicator;
  scope: ChartScope;
  basis: 'sum' | 'mean';
  /** Oldest first. */
  periods: PeriodTotal[];
  /** A line per partnership, when asked for. */
  partnerships: PartnershipSeries[] | null;
  footnotes: Footnote[];
  title: string;
  subtitle: string[];
  valueTitle: string;
  description: string;
}

export interface AcrossPeriodsInput {
  programme: string;
  indicator: ChartIndicator;
  scope: ChartScope;
  /** Oldest first, each with its portfolio table. */
  periods: { id: string; label: string; table: PortfolioTable }[];
  withPartnerships: boolean;
}

export const NO_FIGURES = 'No figures';

export function acrossPeriodsChart(input: AcrossPeriodsInput): AcrossPeriodsChart {
  const key = input.indicator.key;
  if (!chartable(input.indicator)) throw new Error(`${input.indicator.label} is answered in words: there is nothing to chart`);
  const book = new NoteBook();
  const basis = totalBasis(input.indicator) === 'mean' ? 'mean' : 'sum';

  const periods: PeriodTotal[] = input.periods
    .map((p) => {
      const table = p.table;
      if (!table.indicators.some((i) => i.key === key)) throw new Error(`The table for ${p.label} has no indicator ${key}`);
      // A note is worded with the period and whose it is, since one list serves every period.
      const byText = new Map<string, string[]>();
      for (const row of table.rows) {
        const notes = notesOf(table, row, row.cells[key]);
        for (const t of [...notes.own, ...notes.cell]) byText.set(t, [...new Set([...(byText.get(t) ?? []), row.name])]);
      }
      const texts = [...byText].map(([text, names]) => book.add(`${p.label}, ${listed(names)}: ${text}`));
      const total = table.totals[key]!;
      const coverage = table.coverage[key]!;
      return {
        periodId: p.id,
        label: p.label,
        value: total.value,
        text: total.value === null ? NO_FIGURES : formatFigure(total.value, input.indicator.unit),
        reported: coverage.reported,
        partnerships: coverage.partnerships,
        markers: texts,
      };
    })
    .map((p) => ({ ...p, markers: book.markersFor(p.markers) }));

  let partnerships: PartnershipSeries[] | null = null;
  if (input.withPartnerships) {
    const series = new Map<string, PartnershipSeries>();
    for (const p of input.periods) {
      for (const row of p.table.rows) {
        let s = series.get(row.partnershipId);
        if (!s) series.set(row.partnershipId, (s = { partnershipId: row.partnershipId, name: row.name, figures: [] }));
        const cell = row.cells[key];
        const status: FigureStatus = cell?.status ?? 'missing';
        s.figures.push({
          periodId: p.id,
          status,
          value: status === 'reported' ? (cell?.value ?? null) : null,
          text: statusText(cell, input.indicator.unit),
        });
      }
    }
    // Every line has a point for every period, "No figure" where the partnership's table had no row.
    partnerships = [...series.values()]
      .map((s) => ({
        ...s,
        figures: input.periods.map(
          (p) => s.figures.find((f) => f.periodId === p.id) ?? { periodId: p.id, status: 'missing' as const, value: null, text: NO_FIGURE },
        ),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }

  const what = basis === 'mean' ? 'average' : 'total';
  const footnotes = book.footnotes();
  const description = [
    `Bar chart of ${valueTitle(input.indicator)}: the ${input.scope === 'programme' ? 'programme' : 'your partnerships’'} ${what} in each reporting period of ${input.programme}, oldest first.`,
    periods.length
      ? `${describeList(periods.map((p) => `${p.label}: ${p.value === null ? 'no figures' : p.text} (${p.reported} of ${p.partnerships} partnerships reported)`))}.`
      : 'There are no reporting periods yet.',
    partnerships
      ? `Below it, a line for each partnership. ${describeList(partnerships.map((s) => `${s.name}: ${s.figures.map((f, i) => `${periods[i]!.label} ${f.status === 'reported' ? f.text : f.text.toLowerCase()}`).join(', ')}`))}.`
      : '',
    footnotes.length ? `Notes: ${footnotes.map((f) => `${markerText(f.marker)} ${f.text}`).join(' ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    kind: 'across-periods',
    programme: input.programme,
    indicator: {
      key: input.indicator.key,
      label: input.indicator.label,
      unit: input.indicator.unit,
      aggregation: input.indicator.aggregation,
    },
    scope: input.scope,
    basis,
    periods,
    partnerships,
    footnotes,
    title: `${input.indicator.label} across reporting periods`,
    subtitle: [
      input.programme,
      `${basis === 'mean' ? 'Average' : 'Total'} for each period. ${BASIS_WORDS} ${scopeWords(input.scope)}`.trim(),
    ],
    valueTitle: valueTitle(input.indicator),
    description,
  };
}
