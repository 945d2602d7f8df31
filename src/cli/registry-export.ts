import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Invalid } from '../errors.js';
import { openProgramme } from '../modules/programmes/context.js';
import {
  type RegistryRecords,
  exportSheets,
  registryExport as exportRecords,
  registryTemplate as template,
} from '../modules/registry-import/export.js';
import { type XlsxSheet, csvOf, xlsxBytes } from '../spreadsheet/write.js';
import { type DatabaseOptions, cliCaller, withDatabase } from './context.js';
import { print } from './output.js';

interface ExportOptions extends DatabaseOptions {
  programme: string;
  output?: string;
  records?: RegistryRecords;
}

/** .xlsx or .csv, from the file's name; anything else is a mistake worth saying. */
function kindOf(output: string | undefined): 'csv' | 'xlsx' {
  if (!output) return 'csv';
  const ext = extname(output).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  throw new Invalid(`Cairn writes .csv or .xlsx files: name the output file ${output.replace(/\.[^./]*$/, '')}.csv or .xlsx.`);
}

async function write(output: string | undefined, csvRows: unknown[][], sheets: XlsxSheet[], what: string) {
  if (!output) {
    print(csvOf(csvRows));
    return;
  }
  if (kindOf(output) === 'xlsx') writeFileSync(output, await xlsxBytes(sheets));
  else writeFileSync(output, csvOf(csvRows));
  print(`Wrote ${what} to ${output}\n`);
}

/** `cairn registry export`: the registry as the import reads it back. */
export async function registryExport(opts: ExportOptions) {
  kindOf(opts.output);
  const records = await withDatabase(opts, 'cairn registry export', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return exportRecords(database.db, ctx);
  });
  const kind = opts.records ?? 'partnerships';
  const xlsx = kindOf(opts.output) === 'xlsx';
  await write(opts.output, records[kind], exportSheets(records), xlsx ? 'the registry (4 sheets)' : `the ${kind}`);
}

/** `cairn registry template`: the import's columns, with notes in the .xlsx. */
export async function registryTemplate(opts: ExportOptions) {
  kindOf(opts.output);
  const t = await withDatabase(opts, 'cairn registry template', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return template(database.db, ctx);
  });
  await write(opts.output, t.csvRows, t.sheets, 'the import template');
}
