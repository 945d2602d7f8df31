import { writeFileSync } from 'node:fs';
import { grantsAs360GivingCsv, grantsAs360GivingPackage } from '../modules/monitoring/exports/grants-export.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliCaller, withDatabase } from './context.js';
import { print } from './output.js';

interface ExportOptions extends DatabaseOptions {
  programme: string;
  format: '360giving-csv' | '360giving-json';
  prefix?: string;
  funderId?: string;
  output?: string;
}

export async function grantsExport(opts: ExportOptions) {
  const text = await withDatabase(opts, 'cairn grants export', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const options = { prefix: opts.prefix, funderId: opts.funderId };
    return opts.format === '360giving-csv'
      ? grantsAs360GivingCsv(database.db, ctx, options)
      : `${JSON.stringify(await grantsAs360GivingPackage(database.db, ctx, options), null, 2)}\n`;
  });
  if (opts.output) {
    writeFileSync(opts.output, text);
    print(`Wrote the grants to ${opts.output}\n`);
  } else print(text);
}
