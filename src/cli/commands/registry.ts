import type { Command } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn registry import` (registry.ts). */
export function registryCommands(program: Command): void {
  const registry = program.command('registry').description('the partnerships, places and organisations of a programme');
  withFormatOption(
    withDatabaseOptions(
      registry
        .command('import')
        .description(
          'import partnerships, places and lead organisations from a CSV or Excel (.xlsx) file: all rows, or none if any is wrong',
        )
        .argument('<file>', 'the spreadsheet; columns partnership, place, region, nation, lead_organisation, organisation_type')
        .requiredOption('--programme <slug>', 'the programme to import into')
        .option('--dry-run', 'check the file and show what would be created and matched, without writing'),
    ),
  ).action(lazy(() => import('../registry.js'), 'registryImport'));
}
