/**
 * The evaluation's figures as pictures: a grouped bar chart of one cross-tab (SVG or PNG), and the
 * review's whole set C.1–C.19 for an evaluation, as files or one Word report. What a chart says is
 * domain/figures.ts; the counts are the cross-tab's (analysis.ts), so a chart never counts anyone the
 * cross-tab does not (withdrawn respondents never). Drawing is vega (SVG, in Node) then resvg (PNG),
 * in the DejaVu font shipped with Cairn, as the monitoring charts are drawn, on a worker thread
 * (src/workers/): the counts are loaded here, the pictures and the Word document made there.
 */
import type { Db } from '../../../db/database.js';
import { Forbidden, Invalid } from '../../../errors.js';
import type { Actor } from '../../audit/audit.js';
import { asBuffer, runTask } from '../../../workers/pool.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type CrosstabQuery, crosstabFor, recordOverride, revealedWords } from '../analysis/crosstab.js';
import {
  type FigureDefinition,
  type GroupedBarChart,
  MAX_FIGURE_BARS,
  MAX_GROUPS,
  type Measure,
  PCF_FIGURES,
  figureCaption,
  groupedBarChart,
  groupedBarSpec,
  pluralLabel,
} from '../domain/figures.js';
import type { DrawnFigure, FigureSet, SkippedFigure } from './figure-set.js';
import { type Evaluation, canWorkWithRespondents } from '../evaluations/service.js';
import { flattenCodes, getCodebook } from '../codebook/service.js';

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
    throw new Invalid(
      `This chart would have ${chart.bars.length} bars, and ${MAX_FIGURE_BARS} is the most that can be read. Group by fewer groups, or read the figures in the table.`,
    );
  }
}

/**
 * One family's cross-tab as a grouped bar chart, for the programme's team (as the cross-tab), drawn
 * from the cross-tab after disclosure control. What it hides is shown only when an evaluator or
 * manager asks (`includeSmallGroups`), which is audited.
 */
export async function figureFor(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluation: Evaluation,
  q: FigureQuery,
): Promise<GroupedBarChart> {
  // The chart's own audit row (with its caption) is written below, once it is known to be drawable.
  const result = await crosstabFor(db, ctx, actor, evaluation, q, { recordOverride: false });
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
    everyoneAsked: result.everyoneAsked,
  });
  checkDrawable(chart);
  if (chart.revealed.length) {
    const summary = `Exported a chart of ${chart.caption} showing groups under ${result.threshold} respondents: ${revealedWords(chart.revealed)}`;
    await recordOverride(db, ctx, actor, result.evaluation.id, summary, { figures: [{ figure: chart.caption, groups: chart.revealed }] });
  }
  return chart;
}

/** The SVG with the chart's title and description inside it, so a downloaded file says what it shows. Drawn on a worker thread. */
export const renderFigureSvg = (chart: GroupedBarChart): Promise<string> =>
  runTask('svg', { spec: groupedBarSpec(chart), title: chart.title, description: chart.description, id: 'figure' });

/** The SVG as PNG at twice its size, drawn on a worker thread. */
export const pngOf = async (svg: string): Promise<Buffer> => asBuffer(await runTask('png', { svg }));

export { svgToPng } from '../../../charts/draw.js';
export { skippedLines, svgSize } from './docx.js';

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** programme-evaluation-context-by-participant-type.svg. */
export function figureDownloadName(programmeSlug: string, evaluationSlug: string, chart: GroupedBarChart, format: FigureFormat): string {
  return `${programmeSlug}-${evaluationSlug}-${slugOf(chart.family.key)}${chart.by ? `-by-${slugOf(chart.by)}` : ''}.${format}`;
}

// ---------------------------------------------------------------- the set C.1–C.19

export type { DrawnFigure, FigureSet, SkippedFigure } from './figure-set.js';

export type FigureProgress = (step: {
  done: number;
  total: number;
  figure: FigureDefinition;
  caption: string;
  skipped: string | null;
}) => void;

/**
 * Every figure of the review's set for one evaluation, in order. A figure whose family the evaluation
 * lacks, or whose family has no codes yet, is skipped with the reason (not an error: an evaluation may
 * not code every family). Same access as the cross-tab.
 */
export async function figureSet(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  evaluation: Evaluation,
  options: { includeSmallGroups?: boolean; onProgress?: FigureProgress } = {},
): Promise<FigureSet> {
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
      const result = await crosstabFor(
        db,
        ctx,
        actor,
        evaluation,
        { family: definition.family, by: definition.by ?? undefined, includeSmallGroups: include },
        { recordOverride: false },
      );
      const chart = groupedBarChart({
        programme: ctx.programme.name,
        evaluation: evaluation.title,
        family: result.family,
        table: result.table,
        measure: definition.measure,
        figureId: definition.id,
        everyoneAsked: result.everyoneAsked,
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
  const revealed = drawn
    .filter((d) => d.chart.revealed.length)
    .map((d) => ({ figure: `Figure ${d.definition.id}`, groups: d.chart.revealed }));
  if (revealed.length) {
    const summary = `Exported figures ${revealed.map((r) => r.figure.replace('Figure ', '')).join(', ')} showing groups under ${evaluation.disclosureThreshold} respondents: ${revealedWords([...new Map(revealed.flatMap((r) => r.groups).map((g) => [g.group, g])).values()])}`;
    await recordOverride(db, ctx, actor, evaluation.id, summary, { figures: revealed });
  }
  // Everyone counted: the "all respondents" cross-tab's total, itself under disclosure control.
  const counted =
    drawn.find((d) => d.chart.by === null)?.chart.total ??
    (
      await crosstabFor(
        db,
        ctx,
        actor,
        evaluation,
        { family: codebook[0]?.key ?? 'context', includeSmallGroups: include },
        { recordOverride: false },
      ).catch(() => null)
    )?.table.total ??
    null;
  return {
    programme: { slug: ctx.programme.slug, name: ctx.programme.name },
    evaluation: {
      slug: evaluation.slug,
      title: evaluation.title,
      description: evaluation.description,
      disclosureThreshold: evaluation.disclosureThreshold,
    },
    counted,
    drawn,
    skipped,
    includeSmallGroups: include,
  };
}

/**
 * The set as one Word document: a title page (the evaluation, the date, who is counted, what was left
 * out and why), then each figure with its caption, the chart, and a table of N per group. Built on a
 * worker thread (figures-docx.ts): drawing nineteen PNGs and packing the document takes seconds.
 */
export async function figuresDocx(set: FigureSet, options: { date?: Date } = {}): Promise<Buffer> {
  return asBuffer(await runTask('figuresDocx', { set, date: options.date ?? new Date() }));
}

export const figuresDocxName = (set: Pick<FigureSet, 'programme' | 'evaluation'>) =>
  `${set.programme.slug}-${set.evaluation.slug}-figures.docx`;
