/**
 * The evaluation's figures as pictures: a grouped bar chart of one cross-tab (SVG or PNG), and the
 * review's whole set C.1–C.19 for an evaluation, as files or one Word report. What a chart says is
 * domain/figures.ts; the counts are the cross-tab's (analysis.ts), so a chart never counts anyone the
 * cross-tab does not (withdrawn respondents never). Drawing is vega (SVG, in Node) then resvg (PNG),
 * in the DejaVu font shipped with Cairn, as the monitoring charts are drawn.
 */
import {
  AlignmentType, BorderStyle, Document, HeadingLevel, ImageRun, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Db } from '../../db/database.js';
import { Forbidden, Invalid } from '../../http/errors.js';
import type { Actor } from '../audit/audit.js';
import { measureWithDejaVu } from '../monitoring/chart-font.js';
import { svgToPng } from '../monitoring/charts.js';
import { CHART_FONT } from '../monitoring/domain/charts.js';
import type { ProgrammeContext } from '../programmes/context.js';
import { type CrosstabQuery, crosstabFor, recordOverride, revealedWords } from './analysis.js';
import {
  type FigureDefinition, type GroupedBarChart, MAX_FIGURE_BARS, MAX_GROUPS, type Measure, PCF_FIGURES, figureCaption, groupedBarChart, groupedBarSpec, pluralLabel,
} from './domain/figures.js';
import { suppressionWords } from './domain/disclosure.js';
import { canWorkWithRespondents, flattenCodes, getCodebook, loadEvaluation } from './service.js';

// Vega measures text to lay it out; with no canvas in Node it would guess (see chart-font.ts).
(vega as unknown as { textMetrics: { width: typeof measureWithDejaVu } }).textMetrics.width = measureWithDejaVu;

export type FigureFormat = 'svg' | 'png';

export interface FigureQuery extends CrosstabQuery {
  measure?: Measure | undefined;
}

/** A chart that cannot be read is refused in words, naming where the figures can be read instead. */
function checkDrawable(chart: GroupedBarChart) {
  const shown = chart.groups.filter((g) => g.shown).length;
  if (shown > MAX_GROUPS) {
    const message = `By ${chart.by?.replace(/_/g, ' ')} there are ${shown} groups, and a chart can tell apart ${MAX_GROUPS} at most. Narrow it with a filter, or read every group in the table.`;
    throw new Invalid(message, [{ path: ['by'], message }]);
  }
  if (chart.bars.length > MAX_FIGURE_BARS) {
    throw new Invalid(`This chart would have ${chart.bars.length} bars, and ${MAX_FIGURE_BARS} is the most that can be read. Group by fewer groups, or read the figures in the table.`);
  }
}

/**
 * One family's cross-tab as a grouped bar chart, for the programme's team (as the cross-tab), drawn
 * from the cross-tab after disclosure control. What it hides is shown only when an evaluator or
 * manager asks (`includeSmallGroups`), which is audited.
 */
export async function figureFor(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, q: FigureQuery): Promise<GroupedBarChart> {
  // The chart's own audit row (with its caption) is written below, once it is known to be drawable.
  const result = await crosstabFor(db, ctx, actor, slug, q, { recordOverride: false });
  if (!result.table.rows.length && result.table.groups.length) {
    const message = `${result.family.label} has no codes yet, so there is nothing to chart.`;
    throw new Invalid(message, [{ path: ['family'], message }]);
  }
  const chart = groupedBarChart({
    programme: ctx.programme.name,
    evaluation: result.evaluation.title,
    family: result.family,
    table: result.table,
    measure: q.measure ?? 'percent',
    filters: { phase: q.phase, place: q.place, participantType: q.participantType },
  });
  checkDrawable(chart);
  if (chart.revealed.length) {
    const summary = `Exported a chart of ${chart.caption} showing groups under ${result.threshold} respondents: ${revealedWords(chart.revealed)}`;
    await recordOverride(db, ctx, actor, result.evaluation.id, summary, { figures: [{ figure: chart.caption, groups: chart.revealed }] });
  }
  return chart;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SVG with the chart's title and description inside it, so a downloaded file says what it shows. */
export async function renderFigureSvg(chart: GroupedBarChart): Promise<string> {
  const view = new vega.View(vega.parse(compile(groupedBarSpec(chart)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const open = svg.indexOf('>', svg.indexOf('<svg')) + 1;
    return `${svg.slice(0, open - 1)} role="img" aria-labelledby="figure-title figure-desc">`
      + `<title id="figure-title">${escapeXml(chart.title)}</title><desc id="figure-desc">${escapeXml(chart.description)}</desc>`
      + svg.slice(open);
  } finally {
    view.finalize();
  }
}

export { svgToPng };

/** The picture's size in CSS pixels, from the SVG's own width and height. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = svg.slice(svg.indexOf('<svg'), svg.indexOf('>', svg.indexOf('<svg')));
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!width || !height) throw new Error('The chart has no size');
  return { width, height };
}

const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** programme-evaluation-context-by-participant-type.svg. */
export function figureDownloadName(programmeSlug: string, evaluationSlug: string, chart: GroupedBarChart, format: FigureFormat): string {
  return `${programmeSlug}-${evaluationSlug}-${slugOf(chart.family.key)}${chart.by ? `-by-${slugOf(chart.by)}` : ''}.${format}`;
}

// ---------------------------------------------------------------- the set C.1–C.19

export interface DrawnFigure {
  definition: FigureDefinition;
  chart: GroupedBarChart;
  svg: string;
}
export interface SkippedFigure {
  definition: FigureDefinition;
  caption: string;
  reason: string;
}
export interface FigureSet {
  programme: { slug: string; name: string };
  /** The description says, for instance, that a demo evaluation's people are made up: the report repeats it. */
  evaluation: { slug: string; title: string; description: string; disclosureThreshold: number };
  /** Respondents with consent given: everyone a figure counts; null when that number is suppressed. */
  counted: number | null;
  drawn: DrawnFigure[];
  skipped: SkippedFigure[];
  includeSmallGroups: boolean;
}

export type FigureProgress = (step: { done: number; total: number; figure: FigureDefinition; caption: string; skipped: string | null }) => void;

/**
 * Every figure of the review's set for one evaluation, in order. A figure whose family the evaluation
 * lacks, or whose family has no codes yet, is skipped with the reason (not an error: an evaluation may
 * not code every family). Same access as the cross-tab.
 */
export async function figureSet(
  db: Db, ctx: ProgrammeContext, actor: Actor, slug: string,
  options: { includeSmallGroups?: boolean; onProgress?: FigureProgress } = {},
): Promise<FigureSet> {
  const evaluation = await loadEvaluation(db, ctx, slug);
  const include = Boolean(options.includeSmallGroups);
  if (include && !canWorkWithRespondents(ctx)) {
    throw new Forbidden('Only the programme’s evaluators and managers can show groups smaller than the disclosure threshold.');
  }
  const codebook = await getCodebook(db, ctx, evaluation);
  const drawn: DrawnFigure[] = [];
  const skipped: SkippedFigure[] = [];
  const total = PCF_FIGURES.length;
  for (const [i, definition] of PCF_FIGURES.entries()) {
    const family = codebook.find((f) => f.key === definition.family);
    const caption = figureCaption(family?.label ?? definition.family.replace(/_/g, ' '), definition.by);
    let reason: string | null = null;
    if (!family) reason = `this evaluation has no ${definition.family.replace(/_/g, ' ')} family`;
    else if (!flattenCodes(codebook, family.key).length) reason = `${pluralLabel(family.label)} has no codes in this evaluation yet`;
    if (!reason) {
      // One audit row for the whole set, below.
      const result = await crosstabFor(db, ctx, actor, slug, { family: definition.family, by: definition.by ?? undefined, includeSmallGroups: include }, { recordOverride: false });
      const chart = groupedBarChart({
        programme: ctx.programme.name,
        evaluation: evaluation.title,
        family: result.family,
        table: result.table,
        measure: definition.measure,
        figureId: definition.id,
      });
      try {
        checkDrawable(chart);
        drawn.push({ definition, chart, svg: await renderFigureSvg(chart) });
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        reason = err.message;
      }
    }
    if (reason) skipped.push({ definition, caption: `Figure ${definition.id}: ${caption}`, reason });
    options.onProgress?.({ done: i + 1, total, figure: definition, caption: `Figure ${definition.id}: ${caption}`, skipped: reason });
  }
  const revealed = drawn.filter((d) => d.chart.revealed.length).map((d) => ({ figure: `Figure ${d.definition.id}`, groups: d.chart.revealed }));
  if (revealed.length) {
    const summary = `Exported figures ${revealed.map((r) => r.figure.replace('Figure ', '')).join(', ')} showing groups under ${evaluation.disclosureThreshold} respondents: ${revealedWords([...new Map(revealed.flatMap((r) => r.groups).map((g) => [g.group, g])).values()])}`;
    await recordOverride(db, ctx, actor, evaluation.id, summary, { figures: revealed });
  }
  // Everyone counted: the "all respondents" cross-tab's total, itself under disclosure control.
  const counted = drawn.find((d) => d.chart.by === null)?.chart.total
    ?? (await crosstabFor(db, ctx, actor, slug, { family: codebook[0]?.key ?? 'context', includeSmallGroups: include }, { recordOverride: false }).catch(() => null))?.table.total
    ?? null;
  return {
    programme: { slug: ctx.programme.slug, name: ctx.programme.name },
    evaluation: { slug: evaluation.slug, title: evaluation.title, description: evaluation.description, disclosureThreshold: evaluation.disclosureThreshold },
    counted,
    drawn,
    skipped,
    includeSmallGroups: include,
  };
}

/** "C.1–C.3" for consecutive skipped figures, so the report's list stays short. */
function ranges(ids: string[]): string {
  const nums = ids.map((id) => Number(id.replace(/^C\./, '')));
  const out: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push(j > i ? `C.${nums[i]}–C.${nums[j]}` : `C.${nums[i]}`);
    i = j;
  }
  return out.join(', ');
}

/** Skipped figures grouped by reason: "C.1–C.3: Self-identified outcomes has no codes in this evaluation yet". */
export function skippedLines(skipped: readonly SkippedFigure[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.definition.id]);
  return [...byReason].map(([reason, ids]) => `${ranges(ids)}: ${reason}`);
}

const longDate = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Word measures pictures in pixels at 96 a inch; an A4 page with 2.5 cm margins leaves about 6.3 inches. */
const PAGE_WIDTH_PX = 600;

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '505A5F' };
const cell = (text: string, opts: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    borders: { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: [new Paragraph({ alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: opts.bold ?? false })] })],
  });

/**
 * The set as one Word document: a title page (the evaluation, the date, who is counted, what was left
 * out and why), then each figure with its caption, the chart, and a table of N per group.
 */
export async function figuresDocx(set: FigureSet, options: { date?: Date } = {}): Promise<Buffer> {
  const date = options.date ?? new Date();
  const threshold = set.evaluation.disclosureThreshold;
  const intro: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`Figures C.1–C.19: ${set.evaluation.title}`)] }),
    new Paragraph({ children: [new TextRun({ text: set.programme.name, bold: true })] }),
    new Paragraph({ children: [new TextRun(`Prepared by Cairn on ${longDate(date)}.`)] }),
    ...(set.evaluation.description.trim() ? [new Paragraph({ children: [new TextRun(set.evaluation.description.trim())] })] : []),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Who is counted')] }),
    new Paragraph({
      children: [new TextRun(
        (set.counted === null
          ? `The respondents whose consent was given on ${longDate(date)}: fewer than ${threshold}, so their number is not shown. `
          : `The ${set.counted} respondent${set.counted === 1 ? '' : 's'} whose consent was given on ${longDate(date)}. `)
        + 'Anyone who has withdrawn their consent is left out of every figure. '
        + 'Each respondent could identify several codes. A respondent whose project has several themes counts once in each theme.',
      )],
    }),
    new Paragraph({
      children: [new TextRun(set.includeSmallGroups
        ? `Groups of fewer than ${threshold} respondents are shown, at the evaluator’s choice: people in them could be recognised, so check before publishing.`
        : `Groups of fewer than ${threshold} respondents are suppressed, so that nobody in them can be recognised, and so is the next smallest group wherever the totals would otherwise give a suppressed one back. A suppressed group is marked “suppressed” (not zero) and its size is not given; each figure says which groups were suppressed.`)],
    }),
  ];
  if (set.skipped.length) {
    intro.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Figures not included')] }));
    for (const line of skippedLines(set.skipped)) intro.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(line)] }));
  }

  const body: (Paragraph | Table)[] = [];
  for (const { chart, svg } of set.drawn) {
    const size = svgSize(svg);
    const scale = Math.min(1, PAGE_WIDTH_PX / size.width);
    body.push(
      new Paragraph({ children: [new PageBreak()] }),
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(chart.title)] }),
      new Paragraph({
        children: [new ImageRun({
          type: 'png',
          data: svgToPng(svg),
          transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
          altText: { name: chart.title, title: chart.title, description: chart.description },
        })],
      }),
      new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: `Respondents in each group, ${chart.caption}`, bold: true })] }),
      new Table({
        width: { size: 60, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: [cell('Group', { bold: true }), cell('N', { bold: true, right: true }), cell('Shown', { bold: true })] }),
          ...chart.groups.map((g) => new TableRow({
            children: [
              cell(chart.by ? g.group : 'All respondents'),
              cell(g.nGroup === null ? 'suppressed' : String(g.nGroup), { right: true }),
              cell(g.shown ? (g.small ? 'Yes, under the threshold' : 'Yes') : `No, suppressed: ${suppressionWords(g.reason ?? 'small group', threshold)}`),
            ],
          })),
        ],
      }),
      ...chart.notes.map((n) => new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: n, italics: true })] })),
    );
  }
  if (!set.drawn.length) body.push(new Paragraph({ children: [new TextRun('No figure could be drawn: see “Figures not included” above.')] }));

  const doc = new Document({
    creator: 'Cairn',
    title: `Figures C.1–C.19: ${set.evaluation.title}`,
    description: `Figures of ${set.evaluation.title} (${set.programme.name}), ${longDate(date)}`,
    styles: { default: { document: { run: { font: CHART_FONT, size: 22 } } } },
    sections: [{ children: [...intro, ...body] }],
  });
  return Packer.toBuffer(doc);
}

export const figuresDocxName = (set: Pick<FigureSet, 'programme' | 'evaluation'>) => `${set.programme.slug}-${set.evaluation.slug}-figures.docx`;
