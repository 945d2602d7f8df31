import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Invalid } from '../errors.js';
import { openProgramme } from '../modules/programmes/context.js';
import { IMPORT_FILES, type ImportFile, readDate } from '../modules/support/log/import-plan.js';
import { importSupport } from '../modules/support/log/import.js';
import { supportSummary, supportWarningList } from '../modules/support/summary/service.js';
import { supportSurvival } from '../modules/support/survival/service.js';
import { xlsxBytes } from '../spreadsheet/write.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRows } from './output.js';

interface Options extends DatabaseOptions {
  programme: string;
}

/** `cairn support import <folder>`. */
export async function supportImport(folder: string, opts: Options & { format: 'table' | 'json' }) {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Invalid(`${folder} is not a folder.`);
  const files: Partial<Record<ImportFile, Uint8Array>> = {};
  for (const f of Object.keys(IMPORT_FILES) as ImportFile[]) {
    const path = join(folder, f);
    if (existsSync(path)) files[f] = readFileSync(path);
  }
  const result = await withDatabase(opts, 'cairn support import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importSupport(database.db, ctx, cliActor(), files);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const lines = [
    `Imported ${result.files.join(', ')}:`,
    `  allowances: ${result.allowances}`,
    `  contacts: ${result.contacts}`,
    `  credit spends: ${result.credit}`,
    `  events: ${result.events}`,
    `  attendances: ${result.attendance}`,
    ...(result.facilitatorsCreated.length ? [`Facilitators added as support providers: ${result.facilitatorsCreated.join(', ')}`] : []),
  ];
  print(`${lines.join('\n')}\n`);
}

const SUMMARY_COLUMNS = [
  'partnership',
  'days_allowed',
  'days_used',
  'credit_allowed',
  'credit_spent',
  'events_attended',
  'cost_total',
  'cost_per_year',
] as const;

/** `cairn support summary`: the CSV columns exactly as issue 16 point 10 names them. */
export async function supportSummaryCommand(opts: Options & { format: Format | 'xlsx'; output?: string }) {
  if (opts.format === 'xlsx' && !opts.output && process.stdout.isTTY)
    throw new Invalid('An .xlsx file cannot be printed on a terminal: give --output <file.xlsx>, or redirect it to a file.');
  const rows = await withDatabase(opts, 'cairn support summary', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return supportSummary(database.db, ctx);
  });
  const columns = SUMMARY_COLUMNS.map((c) => ({ header: c, value: (r: Record<string, string>) => r[c] }));
  if (opts.format === 'xlsx') {
    // Numbers as numbers, so a spreadsheet sums them; blanks stay blank.
    const cell = (c: string, v: string) => (c === 'partnership' || v === '' ? v : Number(v));
    const bytes = await xlsxBytes([
      { sheet: 'Support', rows: [[...SUMMARY_COLUMNS], ...rows.map((r) => SUMMARY_COLUMNS.map((c) => cell(c, r[c]!)))] },
    ]);
    if (opts.output) {
      writeFileSync(opts.output, bytes);
      print(`Wrote the support summary to ${opts.output}\n`);
    } else process.stdout.write(bytes);
    return;
  }
  const text = opts.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderRows(rows, columns, opts.format);
  if (opts.output) {
    writeFileSync(opts.output, text);
    print(`Wrote the support summary to ${opts.output}\n`);
  } else print(text);
}

function asOfOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = readDate(text);
  if (!d) throw new Invalid(`--as-of must be a date such as 2026-03-31, not “${text}”.`);
  return d;
}

/** `cairn support warnings`: columns partnership,warning,detail. */
export async function supportWarningsCommand(opts: Options & { format: Format; asOf?: string }) {
  const asOf = asOfOf(opts.asOf);
  const rows = await withDatabase(opts, 'cairn support warnings', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return supportWarningList(database.db, ctx, asOf);
  });
  print(
    renderRows(
      rows,
      [
        { header: 'partnership', value: (r) => r.partnership },
        { header: 'warning', value: (r) => r.warning },
        { header: 'detail', value: (r) => r.detail },
      ],
      opts.format,
      '(no warnings)',
    ),
  );
}

/** `cairn support survival`: one row per supported group. */
export async function supportSurvivalCommand(opts: Options & { format: Format; asOf?: string }) {
  const asOf = asOfOf(opts.asOf);
  const table = await withDatabase(opts, 'cairn support survival', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return supportSurvival(database.db, ctx, asOf);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(table, null, 2)}\n`);
  type Row = (typeof table.rows)[number];
  const text = renderRows<Row>(
    table.rows,
    [
      { header: 'organisation', value: (r) => r.organisation },
      { header: 'partnership', value: (r) => r.partnership },
      { header: 'status', value: (r) => r.status },
      { header: 'original_form', value: (r) => (r.survived ? 'yes' : 'no') },
      { header: 'since', value: (r) => r.since ?? '' },
      { header: 'reason', value: (r) => r.reason },
    ],
    opts.format,
  );
  print(opts.format === 'table' ? `${table.headline} (as of ${table.asOf})\n\n${text}` : text);
}
