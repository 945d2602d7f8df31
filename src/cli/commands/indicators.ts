import type { Command } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn indicators import` (indicators.ts). */
export function indicatorCommands(program: Command): void {
  const indicators = program.command('indicators').description('what a programme asks partnerships to report');
  withFormatOption(
    withDatabaseOptions(
      indicators
        .command('import')
        .description('create or update (by key) a programme’s indicators from a CSV of definitions: all rows, or none if any is wrong')
        .argument(
          '<file>',
          'CSV with columns indicator, definition, and optionally label, unit (count, gbp, percent, hours, text), aggregation (sum, mean, latest)',
        )
        .requiredOption('--programme <slug>', 'the programme'),
    ),
  ).action(lazy(() => import('../indicators.js'), 'indicatorsImport'));
}
