/**
 * Charts of one indicator: by partnership for one reporting period, and across periods. Plain data in
 * (portfolio tables, from portfolio-table.ts), plain data out: first the figures a chart shows (what the
 * web page also lists as a table beneath it), then the vega-lite spec that draws them. No rendering
 * here: the service turns the spec into SVG and PNG.
 *
 * Rules a reader relies on:
 * - A partnership that did not report, or has no figure yet, is listed and says so in words; it never
 *   gets a bar of 0, which would read as "reported nothing happened".
 * - A comparability note (or the reason a figure is missing) keeps a footnote marker beside the name
 *   or the figure, and the note is printed under the chart.
 * - Text, colours and symbols as src/charts/style.ts sets them: DejaVu Sans; every colour readable on white (WCAG AA: text
 *   4.5:1, bars and lines 3:1); lines per partnership also differ by symbol, not by colour alone.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Footnote, PortfolioTable, TableCell, TableIndicator, TableRow } from './portfolio-table.js';
import { footnoteMarkers, totalBasis } from './portfolio-table.js';
import { CHART_FONT_STACK, COLOURS, MAX_SERIES, SERIES_COLOURS, SERIES_SHAPES, wrapText } from '../../../charts/style.js';

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
const withMarkers = (text: string, markers: readonly string[]) => (markers.length ? `${text} ${markers.map(markerText).join(' ')}` : text);

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

// ---------------------------------------------------------------- vega-lite specs

const WIDTH = 560;
const BAR_STEP = 28;
const FONT_SIZE = 12;
/** DejaVu Sans averages a little over 0.6 em a character: enough to wrap notes and leave room for labels. */
const CHAR_WIDTH = FONT_SIZE * 0.62;
const NOTE_LINE = 16;

const config = {
  font: CHART_FONT_STACK,
  background: COLOURS.background,
  view: { stroke: null },
  axis: {
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    labelFontSize: FONT_SIZE,
    titleFontSize: FONT_SIZE,
    titleFontWeight: 'bold',
    domainColor: COLOURS.axis,
    tickColor: COLOURS.axis,
    gridColor: COLOURS.grid,
    titlePadding: 10,
  },
  legend: { labelColor: COLOURS.text, titleColor: COLOURS.text, labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE },
  title: {
    color: COLOURS.text,
    subtitleColor: COLOURS.text,
    fontSize: 16,
    subtitleFontSize: FONT_SIZE,
    anchor: 'start',
    offset: 14,
    subtitlePadding: 6,
  },
  text: { color: COLOURS.text, fontSize: FONT_SIZE },
} as const;

function titleOf(chart: { title: string; subtitle: string[] }) {
  const perLine = Math.floor(WIDTH / CHAR_WIDTH);
  return { text: chart.title, subtitle: chart.subtitle.flatMap((s) => wrapText(s, perLine)) };
}

/** The notes as one block of wrapped lines under the chart, or nothing when there are none. */
function notesView(footnotes: readonly Footnote[], width: number) {
  if (!footnotes.length) return [];
  const perLine = Math.max(30, Math.floor(width / (11 * 0.62)));
  const lines = ['Notes', ...footnotes.flatMap((f) => wrapText(`${markerText(f.marker)} ${f.text}`, perLine))];
  return [
    {
      width,
      height: lines.length * NOTE_LINE,
      data: { values: [{ lines }] },
      mark: {
        type: 'text' as const,
        align: 'left' as const,
        baseline: 'top' as const,
        x: 0,
        y: 0,
        fontSize: 11,
        lineHeight: NOTE_LINE,
        color: COLOURS.text,
      },
      encoding: { text: { field: 'lines', type: 'nominal' as const } },
    },
  ];
}

/** Axis labels are stored with line breaks and split back into lines when drawn. */
const SPLIT_LINES = "split(datum.label, '\\n')";
const NAME_CHARS = 30;
const PERIOD_CHARS = 16;

/** A long name on two lines at most (the second cut short with …), kept as one string with a line break. */
function axisLines(text: string, width: number, most = 2): string {
  const lines = wrapText(text, width);
  if (lines.length <= most) return lines.join('\n');
  const kept = lines.slice(0, most);
  kept[most - 1] = `${kept[most - 1]!.slice(0, width - 1)}…`;
  return kept.join('\n');
}

/** How far the value axis must reach so the longest label still fits to the right of its bar. */
function reachFor(max: number, labels: string[], room: number): number {
  if (max <= 0) return 1;
  const labelWidth = Math.max(0, ...labels.map((l) => l.length)) * CHAR_WIDTH + 8;
  return max * (room / Math.max(room / 2, room - labelWidth));
}

export function byPartnershipSpec(chart: ByPartnershipChart): TopLevelSpec {
  if (chart.partnerships.length > MAX_BARS)
    throw new Error(`A chart of ${chart.partnerships.length} bars cannot be read; the limit is ${MAX_BARS}`);
  const rows = chart.partnerships.map((p) => ({
    name: axisLines(withMarkers(p.name, p.nameMarkers), NAME_CHARS),
    status: p.status,
    value: p.value,
    label: withMarkers(p.text, p.markers),
  }));
  const step = rows.some((r) => r.name.includes('\n')) ? 2 * BAR_STEP - 8 : BAR_STEP;
  const reportedRows = rows.filter((r) => r.status === 'reported');
  const max = Math.max(0, ...reportedRows.map((r) => r.value ?? 0));
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: chart.valueTitle,
    scale: {
      domain: [
        0,
        reachFor(
          max,
          reportedRows.map((r) => r.label),
          WIDTH,
        ),
      ],
      nice: false,
    },
    axis: { format: ',~f', grid: true, tickCount: 6 },
  };
  const main = {
    width: WIDTH,
    height: Math.max(1, rows.length) * step,
    data: { values: rows },
    encoding: {
      y: {
        field: 'name',
        type: 'nominal' as const,
        // The chart's title already says these are partnerships.
        title: null,
        // The order worked out above (largest first, then those without a figure), whatever vega would sort.
        scale: { domain: rows.map((r) => r.name), paddingInner: 0.25, paddingOuter: 0.15 },
        axis: { labelExpr: SPLIT_LINES, labelLimit: NAME_CHARS * FONT_SIZE * 0.8, labelLineHeight: 14, ticks: false, domain: true },
      },
    },
    layer: [
      {
        transform: [{ filter: "datum.status === 'reported'" }],
        mark: { type: 'bar' as const, color: COLOURS.bar },
        encoding: { x },
      },
      {
        transform: [{ filter: "datum.status === 'reported'" }],
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 4 },
        encoding: { x: { field: 'value', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
      },
      {
        // Words where a bar would be: no bar at all, so nothing reads as zero.
        transform: [{ filter: "datum.status !== 'reported'" }],
        mark: {
          type: 'text' as const,
          align: 'left' as const,
          baseline: 'middle' as const,
          dx: 4,
          fontStyle: 'italic',
          color: COLOURS.quietText,
        },
        encoding: { x: { datum: 0, type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
      },
    ],
  };
  const notes = notesView(chart.footnotes, WIDTH);
  const top = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: chart.description,
    title: titleOf(chart),
    padding: 16,
    config,
  };
  return (notes.length ? { ...top, vconcat: [main, ...notes], spacing: 20 } : { ...top, ...main }) as TopLevelSpec;
}

/** The category on the period axis: its label, then how many reported, on a second line. */
const periodAxis = (p: PeriodTotal) => `${axisLines(p.label, PERIOD_CHARS)}\n${p.reported} of ${p.partnerships} reported`;

export function acrossPeriodsSpec(chart: AcrossPeriodsChart): TopLevelSpec {
  if (chart.periods.length > MAX_PERIODS)
    throw new Error(`A chart of ${chart.periods.length} periods cannot be read; the limit is ${MAX_PERIODS}`);
  if (chart.partnerships && chart.partnerships.length > MAX_SERIES)
    throw new Error(`${chart.partnerships.length} lines cannot be told apart; the limit is ${MAX_SERIES}`);
  const step = 140;
  const width = Math.max(WIDTH, chart.periods.length * step);
  const domain = chart.periods.map(periodAxis);
  const axis = { labelAngle: 0, labelExpr: SPLIT_LINES, labelLimit: step - 4, labelLineHeight: 15, ticks: false };
  const x = {
    field: 'period',
    type: 'nominal' as const,
    title: 'Reporting period',
    scale: { domain, paddingInner: 0.35, paddingOuter: 0.2 },
    axis,
  };
  // Lines put their points in the middle of each period's place, so that axis lines up with the bars above.
  // How many reported is said once, under the bars; here each period is named only.
  const xPoints = {
    field: 'period',
    type: 'nominal' as const,
    title: 'Reporting period',
    scale: { domain, padding: 0.5 },
    axis: { ...axis, labelExpr: "slice(split(datum.label, '\\n'), 0, -1)" },
  };
  const totals = chart.periods.map((p) => ({
    period: periodAxis(p),
    value: p.value,
    label: withMarkers(p.text, p.markers),
    status: p.value === null ? 'none' : 'reported',
  }));
  const max = Math.max(0, ...totals.map((t) => t.value ?? 0));
  const totalsView = {
    title: { text: chart.basis === 'mean' ? 'Average for each period' : 'Total for each period', fontSize: 13, subtitle: '' },
    width,
    height: 240,
    data: { values: totals },
    encoding: { x },
    layer: [
      {
        transform: [{ filter: "datum.status === 'reported'" }],
        mark: { type: 'bar' as const, color: COLOURS.bar },
        encoding: {
          y: {
            field: 'value',
            type: 'quantitative' as const,
            title: chart.valueTitle,
            scale: { domain: [0, max > 0 ? max * 1.15 : 1], nice: false },
            axis: { format: ',~f', grid: true, tickCount: 5 },
          },
        },
      },
      {
        transform: [{ filter: "datum.status === 'reported'" }],
        mark: { type: 'text' as const, baseline: 'bottom' as const, dy: -4 },
        encoding: { y: { field: 'value', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
      },
      {
        transform: [{ filter: "datum.status !== 'reported'" }],
        mark: { type: 'text' as const, baseline: 'bottom' as const, dy: -4, fontStyle: 'italic', color: COLOURS.quietText },
        encoding: { y: { datum: 0, type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
      },
    ],
  };

  const views: object[] = [totalsView];
  if (chart.partnerships?.length) {
    const names = chart.partnerships.map((s) => s.name);
    const points = chart.partnerships.flatMap((s) =>
      s.figures.map((f, i) => ({ name: s.name, order: i, period: domain[i]!, value: f.value, status: f.status })),
    );
    const series = {
      color: {
        field: 'name',
        type: 'nominal' as const,
        title: 'Partnership',
        scale: { domain: names, range: SERIES_COLOURS.slice(0, names.length) },
      },
      shape: {
        field: 'name',
        type: 'nominal' as const,
        title: 'Partnership',
        scale: { domain: names, range: SERIES_SHAPES.slice(0, names.length) },
      },
    };
    views.push({
      title: { text: 'Each partnership', fontSize: 13, subtitle: 'A gap in a line: no figure for that period.' },
      width,
      height: 240,
      data: { values: points },
      encoding: {
        x: xPoints,
        y: {
          field: 'value',
          type: 'quantitative' as const,
          title: chart.valueTitle,
          scale: { zero: true },
          axis: { format: ',~f', grid: true, tickCount: 5 },
        },
        order: { field: 'order', type: 'quantitative' as const },
      },
      layer: [
        // A missing figure breaks the line rather than joining its neighbours as if it were known.
        { mark: { type: 'line' as const, strokeWidth: 2, invalid: 'break-paths-show-domains' }, encoding: { color: series.color } },
        {
          transform: [{ filter: "datum.status === 'reported'" }],
          mark: { type: 'point' as const, filled: true, size: 70, opacity: 1 },
          encoding: { ...series },
        },
      ],
      resolve: { scale: { color: 'shared', shape: 'shared' } },
    });
  }
  views.push(...notesView(chart.footnotes, width));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: chart.description,
    title: titleOf(chart),
    padding: 16,
    config: {
      ...config,
      legend: { ...config.legend, orient: 'bottom', columns: 2, labelLimit: 340, symbolSize: 90, symbolStrokeWidth: 2 },
    },
    spacing: 28,
    vconcat: views,
    // The key belongs under the lines it explains, not after the notes.
    resolve: { legend: { color: 'independent', shape: 'independent' } },
  } as TopLevelSpec;
}
