import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { defaultPrefix, grantsAs360GivingCsv, grantsAs360GivingPackage } from '../modules/monitoring/exports/grants-export.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliCaller, withDatabase, withDatabaseOptions } from './context.js';
import { print } from './output.js';

interface ExportOptions extends DatabaseOptions {
  programme: string;
  format: '360giving-csv' | '360giving-json';
  prefix?: string;
  funderId?: string;
  output?: string;
}

export function grantCommands(program: Command): void {
  const grants = program.command('grants').description('the grants a programme makes');
  withDatabaseOptions(
    grants
      .command('export')
      .description('export a programme’s grants in the 360Giving Data Standard, the format UK funders publish grants in')
      .requiredOption('--programme <slug>', 'the programme')
      .addOption(
        new Option('--format <format>', '360Giving spreadsheet (CSV) or JSON package')
          .choices(['360giving-csv', '360giving-json'])
          .makeOptionMandatory(),
      )
      .option(
        '--prefix <prefix>',
        `the funder’s registered 360Giving prefix; default ${defaultPrefix('<programme>')}, a stand-in to replace before publishing for real`,
      )
      .option('--funder-id <id>', 'the funder’s org-id (e.g. GB-CHC-…); default one minted under the prefix')
      .option('--output <file>', 'write to this file instead of printing'),
  ).action(async (opts: ExportOptions) => {
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
  });
}
