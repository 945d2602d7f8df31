/**
 * Charts of one indicator, as SVG and PNG: by partnership for a period, and across periods. The figures
 * come from the portfolio table (../portfolio/service.ts), so a chart counts exactly what the table counts
 * (submitted and accepted returns) and shows a partnership member only their own partnerships. What a
 * chart says is ../domain/charts.ts; drawing it (src/charts/draw.ts: vega then resvg) runs on a worker thread
 * (src/workers/), so a chart being drawn never holds up anyone else's request.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { TopLevelSpec } from 'vega-lite';
import type { Queryable } from '../../../db/database.js';
import { AppError, Invalid, NotFound } from '../../../errors.js';
import { limitedTo } from '../../partnerships/service.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { asBuffer, runTask } from '../../../workers/pool.js';
import {
  type AcrossPeriodsChart,
  type ByPartnershipChart,
  type ChartIndicator,
  MAX_BARS,
  MAX_PERIODS,
  acrossPeriodsChart,
  byPartnershipChart,
  chartable,
} from '../domain/charts.js';
import { acrossPeriodsSpec, byPartnershipSpec } from '../domain/chart-specs.js';
import { MAX_SERIES } from '../../../charts/style.js';
import { portfolioFor } from '../portfolio/service.js';
import { indicators, reportingPeriods } from '../schema.js';

export type Chart = ByPartnershipChart | AcrossPeriodsChart;
export type ChartFormat = 'svg' | 'png';

/** An indicator of this programme by key (any case), refused in plain words if unknown or answered in words. */
async function chartIndicator(db: Queryable, ctx: ProgrammeContext, key: string): Promise<ChartIndicator> {
  const defs = await db
    .select({ key: indicators.key, label: indicators.label, unit: indicators.unit, aggregation: indicators.aggregation })
    .from(indicators)
    .where(eq(indicators.programmeId, ctx.programme.id))
    .orderBy(asc(indicators.position), asc(indicators.key));
  const found = defs.find((d) => d.key.toLowerCase() === key.trim().toLowerCase());
  const canShow = defs.filter(chartable).map((d) => d.key);
  const offer = canShow.length ? ` Charts can show: ${canShow.join(', ')}.` : ' It has no indicators with figures yet.';
  if (!found) throw new AppError(404, 'Not found', `There is no indicator “${key.trim()}” in this programme.${offer}`);
  if (!chartable(found)) {
    const message = `“${found.label}” is answered in words, so it has no figures to chart.${offer}`;
    throw new Invalid(message, [{ path: ['indicator'], message }]);
  }
  return found;
}

const scopeOf = (ctx: ProgrammeContext): 'programme' | 'own-partnerships' =>
  ctx.access.scope === 'programme' ? 'programme' : 'own-partnerships';

/** One indicator for one period (by label or id; the newest when none is given), a bar per partnership. */
export async function chartByPartnership(
  db: Queryable,
  ctx: ProgrammeContext,
  input: { indicator: string; period?: string },
): Promise<ByPartnershipChart> {
  const indicator = await chartIndicator(db, ctx, input.indicator);
  const answer = await portfolioFor(db, ctx, input.period);
  if (answer.table.rows.length > MAX_BARS) {
    throw new Invalid(
      `${answer.period.label} has ${answer.table.rows.length} partnerships, and a chart can show ${MAX_BARS} bars at most. The portfolio table lists every partnership.`,
    );
  }
  return byPartnershipChart({
    programme: ctx.programme.name,
    period: { id: answer.period.id, label: answer.period.label },
    scope: answer.scope,
    table: answer.table,
    indicatorKey: indicator.key,
  });
}

/** One indicator in every reporting period, oldest first: the programme's total (or average), and a line per partnership if asked. */
export async function chartAcrossPeriods(
  db: Queryable,
  ctx: ProgrammeContext,
  input: { indicator: string; partnerships?: boolean },
): Promise<AcrossPeriodsChart> {
  const indicator = await chartIndicator(db, ctx, input.indicator);
  const periods = await db
    .select({ id: reportingPeriods.id, label: reportingPeriods.label })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.programmeId, ctx.programme.id))
    .orderBy(asc(reportingPeriods.startsOn), asc(reportingPeriods.endsOn), asc(reportingPeriods.label));
  if (!periods.length) throw new NotFound('A reporting period in this programme');
  if (periods.length > MAX_PERIODS) {
    throw new Invalid(
      `This programme has ${periods.length} reporting periods, and a chart can show ${MAX_PERIODS} at most. The portfolio table shows each period.`,
    );
  }
  if (input.partnerships) {
    const mine = limitedTo(ctx);
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(partnerships)
      .where(and(eq(partnerships.programmeId, ctx.programme.id), mine ? inArray(partnerships.id, mine) : undefined));
    const n = Number(row?.n ?? 0);
    if (n > MAX_SERIES) {
      const message = `A line for each partnership is drawn for up to ${MAX_SERIES} partnerships, and there are ${n}. Leave the lines out (the total still shows), or read each partnership’s figures in the portfolio table.`;
      throw new Invalid(message, [{ path: ['partnerships'], message }]);
    }
  }
  // The same loading as the portfolio table, period by period, so both always agree.
  const tables = [];
  for (const p of periods) tables.push({ id: p.id, label: p.label, table: (await portfolioFor(db, ctx, p.id)).table });
  return acrossPeriodsChart({
    programme: ctx.programme.name,
    indicator,
    scope: scopeOf(ctx),
    periods: tables,
    withPartnerships: Boolean(input.partnerships),
  });
}

export const chartSpec = (chart: Chart): TopLevelSpec =>
  chart.kind === 'by-partnership' ? byPartnershipSpec(chart) : acrossPeriodsSpec(chart);

/**
 * The SVG vega draws, with the chart's title and description inside it (`<title>`, `<desc>`, and
 * role="img" pointing at both), so a screen reader or a file browser says what a downloaded chart shows.
 * Drawn on a worker thread.
 */
export const renderSvg = (chart: Chart): Promise<string> =>
  runTask('svg', { spec: chartSpec(chart), title: chart.title, description: chart.description, id: 'chart' });

/** The SVG as PNG at twice its size, drawn on a worker thread. */
export const pngOf = async (svg: string): Promise<Buffer> => asBuffer(await runTask('png', { svg }));

/** Drawing in this thread, for the tests of what a picture holds. */
export { resvgOf, svgToPng } from '../../../charts/draw.js';

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** programme-indicator-period.svg, or programme-indicator-across-periods.png, in characters every system accepts. */
export function chartFileName(programmeSlug: string, chart: Chart, format: ChartFormat): string {
  const what = chart.kind === 'by-partnership' ? slugOf(chart.period.label) || 'period' : 'across-periods';
  return `${programmeSlug}-${slugOf(chart.indicator.key) || 'indicator'}-${what}.${format}`;
}
