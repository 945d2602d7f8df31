import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  type ImportProgress,
  type ReturnsImportResult,
  importReturns,
  previewReturnsImport,
} from '../modules/monitoring/import/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRows, table } from './output.js';

interface ImportOptions extends DatabaseOptions {
  programme: string;
  period: string;
  dryRun?: boolean;
  format: Format;
}

/** Below this many returns the write is over before a bar would be worth drawing. */
const PROGRESS_FROM = 50;

/**
 * A bar on a terminal; plain lines otherwise. Both go to stderr so `--format json` or csv on stdout
 * stays clean for the program reading it.
 */
function progressReporter(): { onProgress: ImportProgress; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: SingleBar | null = null;
  let lastTenth = 0;
  const onProgress: ImportProgress = (phase, done, total) => {
    if (phase === 'read') {
      if (!tty && done % 10_000 === 0) process.stderr.write(`Read ${done} rows\n`);
      return;
    }
    if (total === null || total < PROGRESS_FROM) return;
    if (tty) {
      if (!bar) {
        bar = new SingleBar({ format: 'Importing [{bar}] {value}/{total} returns', hideCursor: true, clearOnComplete: true });
        bar.start(total, 0);
      }
      bar.update(done);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`Imported ${done} of ${total} returns\n`);
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

type Row = ReturnsImportResult['returns'][number];
const columns = [
  { header: 'row', value: (r: Row) => r.row },
  { header: 'partnership', value: (r: Row) => r.partnership },
  { header: 'reported', value: (r: Row) => r.reported },
  { header: 'not reported', value: (r: Row) => r.notReported },
  { header: 'replaces', value: (r: Row) => (r.replaces ? `a ${r.replaces} return` : '') },
  { header: 'comparability note', value: (r: Row) => r.comparabilityNote },
];

function report(result: ReturnsImportResult, format: Format, dryRun: boolean): string {
  if (format === 'json') return `${JSON.stringify({ dryRun, ...result }, null, 2)}\n`;
  if (format === 'csv') return renderRows(result.returns, columns, 'csv');
  const { period } = result;
  const lines: string[] = [];
  if (dryRun) {
    lines.push(`Checked ${result.rows} rows: nothing was written (--dry-run).`);
    if (!period.id) lines.push(`Importing would create the reporting period “${period.label}”.`);
    lines.push(`Importing would submit these returns for ${period.label}:`);
  } else {
    if (period.created) {
      lines.push(
        `Created the reporting period “${period.label}”. Its start, end and due dates are today (${period.startsOn}) until you set them.`,
      );
    }
    lines.push(
      `Imported ${result.rows} return${result.rows === 1 ? '' : 's'} for ${period.label}, each submitted for a manager to review and accept:`,
    );
  }
  lines.push('', table(result.returns, columns));
  return lines.join('\n').replace(/\n*$/, '\n');
}

/**
 * `cairn monitoring import`. The `monitoring` command may be made by another file too (its other
 * subcommands): whichever registers first makes it, the other attaches to it.
 */
export async function monitoringImport(file: string, opts: ImportOptions) {
  const source = { path: file, filename: basename(file) };
  const result = await withDatabase(opts, 'cairn monitoring import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const progress = progressReporter();
    try {
      return opts.dryRun
        ? await previewReturnsImport(database.db, ctx, { source, period: opts.period }, progress.onProgress)
        : await importReturns(database.db, ctx, cliActor(), { source, period: opts.period }, progress.onProgress);
    } finally {
      progress.stop();
    }
  });
  print(report(result, opts.format, Boolean(opts.dryRun)));
}
