import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Invalid } from '../errors.js';
import { openProgramme } from '../modules/programmes/context.js';
import type { ImportPlan } from '../modules/registry-import/plan.js';
import { type Progress, previewImport, runImport } from '../modules/registry-import/service.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRows, table } from './output.js';

interface ImportOptions extends DatabaseOptions {
  programme: string;
  dryRun?: boolean;
  format: Format;
}

/** Below this many records the write is over before a bar would be worth drawing. */
const PROGRESS_FROM = 50;

/** A bar on a terminal; plain lines every tenth when the output goes to a file or another program. */
function progressReporter(): { onProgress: Progress; stop: () => void } {
  let bar: SingleBar | null = null;
  let lastTenth = 0;
  const onProgress: Progress = (done, total) => {
    if (total < PROGRESS_FROM) return;
    if (process.stdout.isTTY) {
      bar ??= new SingleBar({ format: 'Importing [{bar}] {value}/{total} records', hideCursor: true, clearOnComplete: true });
      if (done === 1) bar.start(total, 0);
      bar.update(done);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      print(`Imported ${done} of ${total} records\n`);
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

function summaryRows(plan: ImportPlan) {
  return (['partnerships', 'places', 'organisations'] as const).map((kind) => ({
    kind,
    created: plan.creates[kind].length,
    matched: plan.matches[kind].length,
  }));
}

function report(plan: ImportPlan, format: Format, dryRun: boolean): string {
  if (format === 'json') return `${JSON.stringify({ dryRun, ...plan, errors: undefined }, null, 2)}\n`;
  const columns = [
    { header: 'kind', value: (r: ReturnType<typeof summaryRows>[number]) => r.kind },
    { header: dryRun ? 'would create' : 'created', value: (r: ReturnType<typeof summaryRows>[number]) => r.created },
    { header: dryRun ? 'would match' : 'matched (already there)', value: (r: ReturnType<typeof summaryRows>[number]) => r.matched },
  ];
  if (format === 'csv') return renderRows(summaryRows(plan), columns, 'csv');
  const lines = [
    plan.changes === 0
      ? `Nothing to import: all ${plan.rows} rows are already in Cairn as the file has them${dryRun ? '' : ', so nothing was changed'}.`
      : dryRun
        ? `Checked ${plan.rows} rows: nothing was written (--dry-run). Importing would do this:`
        : `Imported ${plan.rows} rows.`,
    '',
    table(summaryRows(plan), columns),
  ];
  const filled = plan.matches.partnerships.filter((m) => m.setPlace || m.setLeadOrganisation);
  if (filled.length)
    lines.push(`${dryRun ? 'Would fill in' : 'Filled in'} the empty place or lead of: ${filled.map((m) => m.name).join(', ')}`, '');
  if (plan.creates.partnerships.length && dryRun) {
    lines.push(
      table(plan.creates.partnerships, [
        { header: 'new partnership', value: (p) => p.name },
        { header: 'place', value: (p) => p.place },
        { header: 'lead organisation', value: (p) => p.leadOrganisation },
      ]),
    );
  }
  if (plan.warnings.length) {
    lines.push('Left as they are in Cairn:');
    for (const w of plan.warnings) lines.push(`  row ${w.row}, ${w.field}: ${w.message}`);
  }
  return lines.join('\n').replace(/\n*$/, '\n');
}

export async function registryImport(file: string, opts: ImportOptions) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(
      code === 'ENOENT'
        ? `There is no file at ${file}.`
        : code === 'EISDIR'
          ? `${file} is a folder, not a file.`
          : `Cannot read ${file} (${code}).`,
    );
  }
  const input = { bytes, filename: basename(file) };
  const plan = await withDatabase(opts, 'cairn registry import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    if (opts.dryRun) return previewImport(database.db, ctx, input);
    const progress = progressReporter();
    try {
      return await runImport(database.db, ctx, cliActor(), input, progress.onProgress);
    } finally {
      progress.stop();
    }
  });
  print(report(plan, opts.format, Boolean(opts.dryRun)));
}
