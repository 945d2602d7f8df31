/**
 * Grouped bar charts of a cross-tab, like the People and Communities Fund review's figures C.1–C.19:
 * for each code of a family, a bar per group (participant type, theme, co-production model, …) showing
 * the percent of the group who identified the code (or, for a "count" figure, how many did), each
 * group's N in the legend. Plain data in (a cross-tab from crosstab.ts), plain data out: first what the
 * chart says (bars, legend, notes, a description for alt text), then the vega-lite spec that draws it.
 * Rendering to SVG/PNG is the service's (../figures.ts).
 *
 * Rules a reader relies on:
 * - The chart is drawn from the cross-tab as disclosure control left it (disclosure.ts): a suppressed
 *   group (under the threshold, or hidden with one so it cannot be worked out) gets no bars, the word
 *   "suppressed" where its bars would be (never a zero), no size anywhere, and a note saying why.
 *   With the evaluator's override every group is drawn and a note says so.
 * - Only respondents with consent given are in the cross-tab, and the subtitle says so.
 * - The look (font, colours readable on white) is every Cairn chart's (src/charts/style.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT_STACK, COLOURS, SERIES_COLOURS, wrapText } from '../../../charts/style.js';
import { ALL, type Dimension } from './crosstab.js';
import { type ProtectedCrosstab, type SuppressionReason, suppressionWords } from './disclosure.js';

export type Measure = 'percent' | 'count';

// ---------------------------------------------------------------- the review's figure set

export interface FigureDefinition {
  /** "C.5". */
  id: string;
  family: string;
  by: Dimension | null;
  measure: Measure;
}

const FAMILY_FIGURES = (start: number, family: string, measure: Measure, withAll: boolean): FigureDefinition[] => {
  const dims: (Dimension | null)[] = withAll
    ? [null, 'participant_type', 'theme', 'coproduction_model']
    : ['participant_type', 'theme', 'coproduction_model'];
  return dims.map((by, i) => ({ id: `C.${start + i}`, family, by, measure }));
};

/**
 * Figures C.1–C.19 of the review's Appendix C: self-identified outcomes counted by participant type,
 * theme and co-production model (C.1–C.3), then for contexts, mechanisms, short-term and long-term
 * outcomes the percent of all respondents and of each group (C.4–C.19).
 */
export const PCF_FIGURES: readonly FigureDefinition[] = [
  ...FAMILY_FIGURES(1, 'self_identified_outcome', 'count', false),
  ...FAMILY_FIGURES(4, 'context', 'percent', true),
  ...FAMILY_FIGURES(8, 'mechanism', 'percent', true),
  ...FAMILY_FIGURES(12, 'short_term_outcome', 'percent', true),
  ...FAMILY_FIGURES(16, 'long_term_outcome', 'percent', true),
];

// ---------------------------------------------------------------- words

const BY_WORDS: Record<string, string> = {
  participant_type: 'participant type',
  theme: 'theme',
  coproduction_model: 'co-production model',
  place: 'place',
  phase: 'phase',
};

/** "participant type", "co-production model", or an attribute's own name ("age band"). */
export function dimensionWords(by: Dimension | null): string {
  if (!by) return 'all respondents';
  if (by.startsWith('attribute:')) return by.slice('attribute:'.length).replace(/_/g, ' ');
  return BY_WORDS[by] ?? by;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Family labels are singular ("Context", "Short-term outcome"); a figure is about all its codes. */
export function pluralLabel(label: string): string {
  const l = label.trim();
  if (/s$/i.test(l)) return l;
  if (/[^aeiou]y$/i.test(l)) return `${l.slice(0, -1)}ies`;
  return `${l}s`;
}

/** "Contexts by participant type", "Contexts, all respondents". */
export function figureCaption(familyLabel: string, by: Dimension | null): string {
  return by ? `${pluralLabel(familyLabel)} by ${dimensionWords(by)}` : `${pluralLabel(familyLabel)}, all respondents`;
}

/** The legend's name for a group, with its size: "Partner (N=16)"; a suppressed one "Partner (suppressed)". */
export const groupLabel = (group: string, nGroup: number | null, by: Dimension | null) =>
  `${by || group !== ALL ? group : 'All respondents'} (${nGroup === null ? 'suppressed' : `N=${nGroup}`})`;

const percentText = (p: number) => `${p.toFixed(1)}%`;

/** "A, B and C". */
const listed = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export interface FigureFilters {
  phase?: string | undefined;
  place?: string | undefined;
  participantType?: string | undefined;
}

/** "Only participant type Partner, place Millbrook." or ''. */
export function filterWords(filters: FigureFilters = {}): string {
  const parts = [
    filters.participantType ? `participant type ${filters.participantType}` : '',
    filters.place ? `place ${filters.place}` : '',
    filters.phase ? `phase ${filters.phase}` : '',
  ].filter(Boolean);
  return parts.length ? `Only ${parts.join(', ')}.` : '';
}

// ---------------------------------------------------------------- the chart, in plain data

export interface FigureGroup {
  group: string;
  /** null when suppressed. */
  nGroup: number | null;
  /** "Partner (N=16)", or "Partner (suppressed)". */
  label: string;
  /** Under the disclosure threshold. */
  small: boolean;
  /** Drawn: not suppressed (or shown at the evaluator's choice). */
  shown: boolean;
  /** Why it is not drawn, or null. */
  reason: SuppressionReason | null;
}

export interface FigureBar {
  code: string;
  codeId: string;
  group: string;
  nGroup: number;
  nCode: number;
  percent: number;
  /** What the bar's length is: the percent, or the count. */
  value: number;
  /** The value as printed at the bar's end: "62.5%" or "10". */
  text: string;
}

export interface GroupedBarChart {
  kind: 'grouped-bar';
  /** "C.5" when the chart is one of the review's figures. */
  figureId: string | null;
  programme: string;
  evaluation: string;
  family: { key: string; label: string };
  by: Dimension | null;
  measure: Measure;
  /** "Contexts by participant type". */
  caption: string;
  /** "Figure C.5: Contexts by participant type", or the caption. */
  title: string;
  subtitle: string[];
  valueTitle: string;
  /** The codes, in codebook order. */
  codes: { codeId: string; name: string }[];
  groups: FigureGroup[];
  /** Bars of the groups drawn only, code by code, groups in legend order. */
  bars: FigureBar[];
  /** Where a suppressed group's bars would be: marked "suppressed", code by code. */
  suppressedCells: { code: string; codeId: string; group: string }[];
  /** Respondents counted (consent given, filters matched); null when suppressed (one small group). */
  total: number | null;
  threshold: number;
  /** Groups not drawn, and why (never their size). */
  suppressed: { group: string; reason: SuppressionReason }[];
  /** Groups under the threshold drawn because the evaluator chose to. */
  shownDespiteThreshold: { group: string; nGroup: number }[];
  /** With the override: every group disclosure control would have hidden (for the audit row). */
  revealed: ProtectedCrosstab['revealed'];
  overlapping: boolean;
  /** False when the family's question was asked of some respondents only (its base): they alone are counted. */
  everyoneAsked: boolean;
  /** Printed under the chart. */
  notes: string[];
  /** What the chart shows, in words: the SVG's description and the alt text. */
  description: string;
}

export interface GroupedBarInput {
  programme: string;
  evaluation: string;
  family: { key: string; label: string };
  /** The cross-tab after disclosure control (with the override when the evaluator chose it). */
  table: ProtectedCrosstab;
  measure?: Measure;
  filters?: FigureFilters;
  figureId?: string | null;
  /** False when the family has a base (only the respondents asked its question are counted). Default true. */
  everyoneAsked?: boolean;
}

/** Long lists in a description are cut: the same figures are in the table beside the chart. */
const MAX_DESCRIBED_CODES = 30;

export function groupedBarChart(input: GroupedBarInput): GroupedBarChart {
  const { table } = input;
  const threshold = table.threshold;
  const measure = input.measure ?? 'percent';
  const by = table.by;
  const groups: FigureGroup[] = table.groups.map((g) => ({
    group: g.group,
    nGroup: g.nGroup,
    label: groupLabel(g.group, g.nGroup, by),
    small: g.small,
    shown: !g.suppressed,
    reason: g.reason,
  }));

  const codes: { codeId: string; name: string }[] = [];
  for (const row of table.rows) if (!codes.some((c) => c.codeId === row.codeId)) codes.push({ codeId: row.codeId, name: row.code });
  const shownGroups = groups.filter((g) => g.shown);
  const bars: FigureBar[] = [];
  const suppressedCells: GroupedBarChart['suppressedCells'] = [];
  for (const code of codes) {
    for (const g of groups) {
      const row = table.rows.find((r) => r.codeId === code.codeId && r.group === g.group);
      if (!row) continue;
      if (row.suppressed || row.nCode === null || row.percent === null || row.nGroup === null) {
        suppressedCells.push({ code: code.name, codeId: code.codeId, group: g.group });
        continue;
      }
      const value = measure === 'percent' ? row.percent : row.nCode;
      bars.push({
        code: code.name,
        codeId: code.codeId,
        group: g.group,
        nGroup: row.nGroup,
        nCode: row.nCode,
        percent: row.percent,
        value,
        text: measure === 'percent' ? percentText(row.percent) : String(row.nCode),
      });
    }
  }

  const caption = figureCaption(input.family.label, by);
  const title = input.figureId ? `Figure ${input.figureId}: ${caption}` : caption;
  const what =
    measure === 'percent'
      ? by
        ? 'Percent of each group who identified each code.'
        : 'Percent of respondents who identified each code.'
      : by
        ? 'Number of respondents in each group who identified each code; a respondent may identify several.'
        : 'Number of respondents who identified each code; a respondent may identify several.';
  const everyoneAsked = input.everyoneAsked ?? true;
  const asked = everyoneAsked ? '' : ' asked this question';
  const counted =
    (table.total === null
      ? `Fewer than ${threshold} respondents${asked} with consent given, so their number is not shown; anyone who withdrew consent is left out.`
      : `${table.total} respondent${table.total === 1 ? '' : 's'}${asked} with consent given; anyone who withdrew consent is left out.`) +
    (everyoneAsked ? '' : ' Respondents not asked are not counted.');
  const subtitle = [`${input.evaluation} · ${input.programme}`, [what, filterWords(input.filters), counted].filter(Boolean).join(' ')];

  const notes: string[] = [];
  const named = (gs: readonly { group: string; nGroup: number }[]) => listed(gs.map((g) => groupLabel(g.group, g.nGroup, by)));
  const plainNames = (gs: readonly { group: string }[]) => listed(gs.map((g) => (by || g.group !== ALL ? g.group : 'All respondents')));
  const primary = table.suppressed.filter((g) => g.reason === 'small group');
  const secondary = table.suppressed.filter((g) => g.reason === 'secondary');
  if (primary.length) {
    notes.push(
      `Suppressed: ${plainNames(primary)}, ${suppressionWords('small group', threshold)}, so that nobody in ${primary.length === 1 ? 'it' : 'them'} can be recognised.`,
    );
  }
  if (secondary.length) {
    notes.push(`Also suppressed: ${plainNames(secondary)}, ${suppressionWords('secondary', threshold)}.`);
  }
  if (table.suppressed.length) notes.push('A suppressed group is marked “suppressed”, not drawn as zero, and its size is not given.');
  if (table.shownDespiteThreshold.length) {
    notes.push(
      `Shown at the evaluator’s choice although under ${threshold} respondents: ${named(table.shownDespiteThreshold)}. People in these groups could be recognised.`,
    );
  }
  if (table.overlapping) {
    notes.push(
      `A respondent whose project has several themes counts once in each, so the group sizes add up to more than the ${table.total} respondents.`,
    );
  }

  const valueTitle = measure === 'percent' ? (by ? 'Percent of group (%)' : 'Percent of respondents (%)') : 'Respondents (number)';
  const describedCodes = codes.slice(0, MAX_DESCRIBED_CODES).map((c) => {
    const own = bars.filter((b) => b.codeId === c.codeId);
    return by ? `${c.name}: ${own.map((b) => `${b.group} ${b.text}`).join(', ')}` : `${c.name} ${own[0]?.text ?? ''}`.trim();
  });
  const description = [
    `Grouped bar chart: ${title}. ${what}`,
    shownGroups.length ? `${by ? 'Groups' : 'Counted'}: ${listed(shownGroups.map((g) => g.label))}.` : 'No group can be shown.',
    shownGroups.length && codes.length
      ? `${describedCodes.join('; ')}${codes.length > MAX_DESCRIBED_CODES ? `; and ${codes.length - MAX_DESCRIBED_CODES} more codes` : ''}.`
      : '',
    ...notes,
  ]
    .filter(Boolean)
    .join(' ');

  return {
    kind: 'grouped-bar',
    figureId: input.figureId ?? null,
    programme: input.programme,
    evaluation: input.evaluation,
    family: input.family,
    by,
    measure,
    caption,
    title,
    subtitle,
    valueTitle,
    codes,
    groups,
    bars,
    suppressedCells,
    total: table.total,
    threshold,
    suppressed: table.suppressed,
    shownDespiteThreshold: table.shownDespiteThreshold,
    revealed: table.revealed,
    overlapping: table.overlapping,
    everyoneAsked,
    notes,
    description,
  };
}

// ---------------------------------------------------------------- the vega-lite spec

const WIDTH = 560;
const FONT_SIZE = 12;
const CHAR_WIDTH = FONT_SIZE * 0.62;
const BAR = 14;
const CODE_CHARS = 28;
const NOTE_LINE = 16;

/** Every group a colour of its own, each at least 3:1 on white; more groups could not be told apart. */
export const MAX_GROUPS = SERIES_COLOURS.length;
/** More bars than this cannot be read, and the picture would be taller than a page. */
export const MAX_FIGURE_BARS = 400;

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
  legend: {
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    labelFontSize: FONT_SIZE,
    titleFontSize: FONT_SIZE,
    labelLimit: 420,
    symbolType: 'square',
    symbolSize: 140,
  },
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

/** A code name on at most two lines (the second cut with …), kept as one string with a line break. */
function axisLines(text: string): string {
  const lines = wrapText(text, CODE_CHARS);
  if (lines.length <= 2) return lines.join('\n');
  return `${lines[0]}\n${lines[1]!.slice(0, CODE_CHARS - 1)}…`;
}

/** Notes as one block of wrapped lines under the chart. */
function notesView(notes: readonly string[]) {
  if (!notes.length) return [];
  const perLine = Math.floor(WIDTH / (11 * 0.62));
  const lines = ['Notes', ...notes.flatMap((n) => wrapText(n, perLine))];
  return [
    {
      width: WIDTH,
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

export function groupedBarSpec(chart: GroupedBarChart): TopLevelSpec {
  const shown = chart.groups.filter((g) => g.shown);
  if (shown.length > MAX_GROUPS) throw new Error(`${shown.length} groups cannot be told apart in one chart; the limit is ${MAX_GROUPS}`);
  if (chart.bars.length > MAX_FIGURE_BARS)
    throw new Error(`A chart of ${chart.bars.length} bars cannot be read; the limit is ${MAX_FIGURE_BARS}`);
  const perLine = Math.floor(WIDTH / CHAR_WIDTH);
  const title = {
    text: wrapText(chart.title, Math.floor(WIDTH / (16 * 0.62))),
    subtitle: chart.subtitle.flatMap((s) => wrapText(s, perLine)),
  };
  const top = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', description: chart.description, title, padding: 16, config };
  const notes = notesView(chart.notes);

  let main: object;
  if (!chart.bars.length) {
    // Words instead of an empty frame, so nobody reads a blank picture as "nobody identified anything".
    const why =
      !chart.codes.length && !chart.groups.length
        ? 'No respondents with consent given are counted, so there is nothing to draw.'
        : !chart.codes.length
          ? 'This family has no codes yet.'
          : chart.suppressed.every((g) => g.reason === 'small group')
            ? 'Every group is smaller than the disclosure threshold, so none can be shown.'
            : 'Every group is suppressed (too small, or hidden so that a small group cannot be worked out), so none can be shown.';
    main = {
      width: WIDTH,
      height: 40,
      data: { values: [{ why }] },
      mark: {
        type: 'text' as const,
        align: 'left' as const,
        baseline: 'top' as const,
        x: 0,
        y: 8,
        fontStyle: 'italic',
        color: COLOURS.quietText,
      },
      encoding: { text: { field: 'why', type: 'nominal' as const } },
    };
  } else {
    const labels = shown.map((g) => g.label);
    // Suppressed groups keep a slot beside the others, with the word "suppressed" in it and no bar.
    const slots = chart.groups.filter((g) => g.shown || chart.suppressedCells.some((c) => c.group === g.group));
    const slotLabels = slots.map((g) => g.label);
    const codeNames = chart.codes.map((c) => axisLines(c.name));
    const nameOf = new Map(chart.codes.map((c, i) => [c.codeId, codeNames[i]!] as const));
    const labelOf = new Map(chart.groups.map((g) => [g.group, g.label] as const));
    const values = [
      ...chart.bars.map((b) => ({ code: nameOf.get(b.codeId)!, group: labelOf.get(b.group)!, value: b.value, at: b.value, text: b.text })),
      ...chart.suppressedCells.map((c) => ({
        code: nameOf.get(c.codeId)!,
        group: labelOf.get(c.group)!,
        value: null,
        at: 0,
        text: 'suppressed',
      })),
    ];
    // Room to the right of the longest bar for its label.
    const labelRoom = Math.max(...chart.bars.map((b) => b.text.length)) * 10 * 0.62 + 8;
    const max = Math.max(0, ...chart.bars.map((b) => b.value));
    const ceiling = chart.measure === 'percent' ? 100 : Math.max(1, max);
    const reach = ceiling * (WIDTH / Math.max(WIDTH / 2, WIDTH - labelRoom));
    const perCode = slots.length * BAR + (slots.length > 1 ? BAR : 6);
    const twoLines = codeNames.some((n) => n.includes('\n'));
    const band = Math.max(perCode, twoLines ? 34 : 20);
    const x = {
      field: 'value',
      type: 'quantitative' as const,
      title: chart.valueTitle,
      scale: { domain: [0, reach], nice: false },
      axis:
        chart.measure === 'percent'
          ? { values: [0, 20, 40, 60, 80, 100], grid: true, format: 'd' }
          : { grid: true, tickMinStep: 1, format: 'd', tickCount: Math.min(8, Math.max(1, Math.ceil(ceiling))) },
    };
    const legendTitle = chart.by ? capitalised(dimensionWords(chart.by)) : null;
    main = {
      width: WIDTH,
      height: chart.codes.length * band,
      data: { values },
      encoding: {
        y: {
          field: 'code',
          type: 'nominal' as const,
          title: null,
          // Codebook order, whatever vega would sort.
          // One bar a code is kept slimmer than a group of bars would be.
          scale: { domain: codeNames, paddingInner: slots.length > 1 ? 0.1 : 0.35, paddingOuter: 0.05 },
          axis: {
            labelExpr: "split(datum.label, '\\n')",
            labelLimit: CODE_CHARS * FONT_SIZE * 0.7,
            labelLineHeight: 14,
            ticks: false,
            domain: true,
            labelPadding: 6,
          },
        },
        yOffset: { field: 'group', type: 'nominal' as const, scale: { domain: slotLabels, paddingInner: 0.08 } },
      },
      layer: [
        {
          // A suppressed cell's value is null: no bar (vega-lite leaves out invalid values).
          mark: { type: 'bar' as const },
          encoding: {
            x,
            color: {
              field: 'group',
              type: 'nominal' as const,
              title: legendTitle,
              scale: { domain: labels, range: SERIES_COLOURS.slice(0, labels.length) },
              legend: { orient: 'top' as const, direction: 'vertical' as const, titleAnchor: 'start' as const, offset: 8 },
            },
          },
        },
        {
          mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 3, fontSize: 10 },
          encoding: { x: { field: 'at', type: 'quantitative' as const }, text: { field: 'text', type: 'nominal' as const } },
        },
      ],
    };
  }
  return (notes.length ? { ...top, vconcat: [main, ...notes], spacing: 20 } : { ...top, ...main }) as TopLevelSpec;
}

/** "C.5.svg": the figure's file in a folder of the set. */
export const figureFileName = (id: string, format: 'svg' | 'png') => `${id}.${format}`;
