import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** The prefix grants are published under when none is given (defaultPrefix in the monitoring module: a test keeps the two the same). */
export const DEFAULT_PREFIX_SHOWN = '360G-cairn-<programme>';

/** `cairn grants export` (grants.ts). */
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
        `the funder’s registered 360Giving prefix; default ${DEFAULT_PREFIX_SHOWN}, a stand-in to replace before publishing for real`,
      )
      .option('--funder-id <id>', 'the funder’s org-id (e.g. GB-CHC-…); default one minted under the prefix')
      .option('--output <file>', 'write to this file instead of printing'),
  ).action(lazy(() => import('../grants.js'), 'grantsExport'));
}
