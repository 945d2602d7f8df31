/**
 * The Place Standard compass (issue 18, point 7): a radar of the 14 themes, one spoke each, scored from
 * the centre outwards (ring 1 nearest the centre, the top of the scale on the rim), so the points nearest
 * the centre are where most improvement is needed. One closed line per locality and wave (two overlaid at
 * most, to compare places or waves), each at the mean score of its theme; a locality and wave with fewer
 * respondents than the disclosure threshold is not drawn, and the chart says why.
 *
 * Drawn with vega-lite like every Cairn chart: the polar positions are worked out here (x, y on a square
 * plot with hidden axes), and vega-lite draws the rings, spokes, labels and lines from them.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT_STACK, COLOURS, SERIES_COLOURS, SERIES_SHAPES, wrapText } from '../../../charts/style.js';
import type { ThemeSummary } from './place-standard.js';

export const MAX_COMPASS_SERIES = 2;

export interface CompassPick {
  locality: string;
  wave: string;
}

export interface CompassSeries {
  label: string;
  locality: string;
  wave: string;
  respondents: number;
  /** The mean score of each theme (theme order); null where nobody scored it. */
  values: (number | null)[];
}

export interface Compass {
  title: string;
  scale: number;
  themes: string[];
  series: CompassSeries[];
  /** Picked localities and waves not drawn, each with the reason in words. */
  notCharted: { label: string; respondents: number; reason: string }[];
  threshold: number;
  /** What the chart shows, in words (the alt text). */
  description: string;
}

export const seriesLabel = (p: CompassPick) => `${p.locality}, wave ${p.wave}`;
const same = (a: string, b: string) => a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

/** The compass of up to two localities and waves, from the survey's summary rows. */
export function compassOf(
  summary: readonly ThemeSummary[],
  picks: readonly CompassPick[],
  options: { title: string; scale: number; threshold: number; themes: readonly string[] },
): Compass {
  const series: CompassSeries[] = [];
  const notCharted: Compass['notCharted'] = [];
  for (const pick of picks.slice(0, MAX_COMPASS_SERIES)) {
    const rows = summary.filter((r) => same(r.locality, pick.locality) && same(r.wave, pick.wave));
    const label = seriesLabel(rows[0] ?? pick);
    const respondents = rows[0]?.respondents ?? 0;
    if (rows.length === 0) {
      notCharted.push({ label, respondents: 0, reason: `${label}: no responses yet, so it is not charted.` });
    } else if (rows[0]!.suppressed) {
      notCharted.push({
        label,
        respondents,
        reason: `${label}: not charted, because ${respondents} ${respondents === 1 ? 'person' : 'people'} answered, fewer than ${options.threshold}. Small groups are left out so nobody’s answers can be picked out.`,
      });
    } else {
      series.push({
        label,
        locality: rows[0]!.locality,
        wave: rows[0]!.wave,
        respondents,
        values: options.themes.map((_, i) => rows.find((r) => r.theme === i + 1)?.mean ?? null),
      });
    }
  }
  const described = series.map((s) => {
    const scored = s.values.map((v, i) => ({ v, name: options.themes[i]! })).filter((x): x is { v: number; name: string } => x.v !== null);
    const low = [...scored].sort((a, b) => a.v - b.v).slice(0, 3);
    const high = [...scored].sort((a, b) => b.v - a.v).slice(0, 2);
    return `${s.label} (${s.respondents} responses): most room for improvement in ${low.map((x) => `${x.name} (${x.v.toFixed(2)})`).join(', ')}; least in ${high.map((x) => `${x.name} (${x.v.toFixed(2)})`).join(', ')}.`;
  });
  const description = [
    `Place Standard compass: the mean score of each of the ${options.themes.length} themes, 1 at the centre to ${options.scale} at the rim; points nearer the centre need most improvement.`,
    ...described,
    ...notCharted.map((n) => n.reason),
  ].join(' ');
  return {
    title: options.title,
    scale: options.scale,
    themes: [...options.themes],
    series,
    notCharted,
    threshold: options.threshold,
    description,
  };
}

const SIZE = 560;
/** Room around the rim for the theme names, as a share of the radius. */
const MARGIN = 1.62;
/** Above and below there is less to fit (one label each way): the plot is shorter than it is wide. */
const MARGIN_Y = 1.3;
const LABEL_AT = 1.1;

/** A point `r` (in scale units) out along theme `i`'s spoke: theme 1 straight up, then clockwise. */
export function polar(i: number, count: number, r: number): { x: number; y: number } {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { x: round(r * Math.cos(angle)), y: round(-r * Math.sin(angle)) };
}

/** The vega-lite spec of a compass. */
export function compassSpec(c: Compass): TopLevelSpec {
  const n = c.themes.length;
  const R = c.scale;
  const rings = Array.from({ length: R }, (_, k) =>
    Array.from({ length: n + 1 }, (_, i) => ({ ring: k + 1, order: i, ...polar(i % n, n, k + 1) })),
  ).flat();
  const spokes = c.themes.map((_, i) => ({ x: 0, y: 0, x2: polar(i, n, R).x, y2: polar(i, n, R).y }));
  const labels = c.themes.map((name, i) => {
    const p = polar(i, n, R * LABEL_AT);
    const align = Math.abs(p.x) < 0.01 * R ? 'center' : p.x > 0 ? 'left' : 'right';
    const baseline = Math.abs(p.y) < 0.2 * R ? 'middle' : p.y > 0 ? 'bottom' : 'top';
    return { ...p, text: wrapText(`${i + 1}. ${name}`, 17).join('\n'), align, baseline };
  });
  const ringLabels = Array.from({ length: R }, (_, k) => ({ x: 0.06 * R, y: k + 1, text: String(k + 1) }));
  const lines = c.series.flatMap((s) => {
    const pts = s.values
      .map((v, i) =>
        v === null
          ? null
          : { series: `${s.label} (${s.respondents} responses)`, order: i, theme: c.themes[i]!, score: v, ...polar(i, n, v) },
      )
      .filter((p) => p !== null);
    return pts.length ? [...pts, { ...pts[0]!, order: n }] : [];
  });
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain: [-R * MARGIN, R * MARGIN] }, axis: null };
  const y = { field: 'y', type: 'quantitative' as const, scale: { domain: [-R * MARGIN_Y, R * MARGIN_Y] }, axis: null };
  const names = c.series.map((s) => `${s.label} (${s.respondents} responses)`);
  const subtitle = [
    `Mean score of each theme, 1 at the centre to ${R} at the edge: points nearer the centre need most improvement.`,
    ...c.notCharted.map((x) => x.reason),
  ].flatMap((line) => wrapText(line, 84));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: SIZE,
    height: Math.round((SIZE * MARGIN_Y) / MARGIN),
    title: { text: c.title, subtitle },
    config: {
      font: CHART_FONT_STACK,
      background: COLOURS.background,
      view: { stroke: null },
      title: { color: COLOURS.text, subtitleColor: COLOURS.text, fontSize: 16, subtitleFontSize: 12, anchor: 'start', offset: 14 },
      legend: { labelColor: COLOURS.text, titleColor: COLOURS.text, labelFontSize: 12, titleFontSize: 12, labelLimit: 0 },
      text: { color: COLOURS.text, fontSize: 12 },
    },
    layer: [
      {
        data: { values: rings },
        mark: { type: 'line', color: COLOURS.grid, strokeWidth: 1 },
        encoding: { x, y, detail: { field: 'ring', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
      },
      {
        data: { values: spokes },
        mark: { type: 'rule', color: COLOURS.grid, strokeWidth: 1 },
        encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        data: { values: ringLabels },
        mark: { type: 'text', color: COLOURS.quietText, fontSize: 10, align: 'left', baseline: 'middle' },
        encoding: { x, y, text: { field: 'text' } },
      },
      // Text marks take their alignment as a mark property: one layer per alignment the labels need.
      ...[...new Set(labels.map((l) => `${l.align} ${l.baseline}`))].map((key) => {
        const [align, baseline] = key.split(' ') as ['left' | 'center' | 'right', 'top' | 'middle' | 'bottom'];
        return {
          data: { values: labels.filter((l) => l.align === align && l.baseline === baseline) },
          mark: { type: 'text' as const, lineBreak: '\n', fontSize: 12, align, baseline },
          encoding: { x, y, text: { field: 'text' } },
        };
      }),
      ...(lines.length
        ? [
            {
              data: { values: lines },
              mark: { type: 'line' as const, strokeWidth: 2.5, point: { size: 60, filled: true } },
              encoding: {
                x,
                y,
                order: { field: 'order', type: 'quantitative' as const },
                color: {
                  field: 'series',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: names, range: SERIES_COLOURS.slice(0, names.length) },
                  legend: { orient: 'bottom' as const, direction: 'vertical' as const },
                },
                shape: {
                  field: 'series',
                  type: 'nominal' as const,
                  title: null,
                  scale: { domain: names, range: SERIES_SHAPES.slice(0, names.length) },
                },
              },
            },
          ]
        : []),
    ],
  } as unknown as TopLevelSpec;
}
