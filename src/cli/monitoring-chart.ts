import { statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Invalid } from '../errors.js';
import type { Chart, ChartFormat } from '../modules/monitoring/charts/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliCaller, withDatabase } from './context.js';
import { CHART_FORMATS } from './define.js';
import { print } from './output.js';

interface ChartOptions extends DatabaseOptions {
  programme: string;
  indicator: string;
  period?: string;
  acrossPeriods?: boolean;
  partnerships?: boolean;
  format?: ChartFormat;
  out?: string;
}

const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** The format asked for, or the one the --out file's name says, or PNG (what goes into a report). */
function formatOf(opts: ChartOptions): ChartFormat {
  const ext = opts.out && !isFolder(opts.out) ? extname(opts.out).slice(1).toLowerCase() : '';
  const named = (CHART_FORMATS as readonly string[]).includes(ext) ? (ext as ChartFormat) : undefined;
  if (opts.format && named && named !== opts.format) {
    throw new Invalid(`--out names a .${named} file but --format is ${opts.format}: make them agree.`);
  }
  return opts.format ?? named ?? 'png';
}

/**
 * `cairn monitoring chart`: one indicator as a chart file, by partnership for a period or across
 * periods. The `monitoring` command may be made by another file too: whichever registers first makes it.
 */
export async function monitoringChart(opts: ChartOptions) {
  if (opts.acrossPeriods && opts.period)
    throw new Invalid('--period and --across-periods do not go together: a chart across periods shows every period.');
  if (opts.partnerships && !opts.acrossPeriods)
    throw new Invalid('--partnerships adds lines to a chart across periods: add --across-periods.');
  const format = formatOf(opts);
  // Loaded here, not with the other commands: vega takes most of a second to load, and only this command draws.
  const { chartAcrossPeriods, chartByPartnership, chartFileName, pngOf, renderSvg } = await import(
    '../modules/monitoring/charts/service.js'
  );
  const { chart, svg, slug } = await withDatabase(opts, 'cairn monitoring chart', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const chart: Chart = opts.acrossPeriods
      ? await chartAcrossPeriods(database.db, ctx, { indicator: opts.indicator, partnerships: Boolean(opts.partnerships) })
      : await chartByPartnership(database.db, ctx, { indicator: opts.indicator, period: opts.period });
    return { chart, svg: await renderSvg(chart), slug: ctx.programme.slug };
  });
  const named = chartFileName(slug, chart, format);
  const file = resolve(!opts.out ? named : isFolder(opts.out) ? join(opts.out, named) : opts.out);
  const image = format === 'svg' ? svg : await pngOf(svg);
  try {
    writeFileSync(file, image);
  } catch (err) {
    throw new Invalid(
      `Could not write ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (err as Error).message}.`,
    );
  }
  print(`Wrote “${chart.title}” (${format.toUpperCase()}) to ${file}\n`);
}
