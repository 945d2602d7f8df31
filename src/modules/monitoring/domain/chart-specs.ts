/**
 * The vega-lite specs that draw a chart of one indicator (charts.ts says what it shows): bars by
 * partnership for one period, or totals and lines across periods, with titles, axis labels wrapped to
 * fit, and the notes printed under the chart. The look is src/charts/style.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT_STACK, COLOURS, MAX_SERIES, SERIES_COLOURS, SERIES_SHAPES, wrapText } from '../../../charts/style.js';
import {
  type AcrossPeriodsChart,
  type ByPartnershipChart,
  MAX_BARS,
  MAX_PERIODS,
  type PeriodTotal,
  markerText,
  withMarkers,
} from './charts.js';
import type { Footnote } from './portfolio-table.js';

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
