import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn registry import`, `export` and `template` (registry.ts, registry-export.ts). */
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

  withDatabaseOptions(
    registry
      .command('export')
      .description(
        'the programme’s partnerships (in the import’s columns, so the import reads the file back), places, organisations and projects: .xlsx holds all four sheets, CSV one kind',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .option('--output <file>', 'write to this file (.csv or .xlsx) instead of printing CSV')
      .addOption(
        new Option('--records <kind>', 'which records a CSV holds')
          .choices(['partnerships', 'places', 'organisations', 'projects'])
          .default('partnerships'),
      ),
  ).action(lazy(() => import('../registry-export.js'), 'registryExport'));
  withDatabaseOptions(
    registry
      .command('template')
      .description('an empty spreadsheet with the import’s columns; as .xlsx it has notes on each column on a second sheet')
      .requiredOption('--programme <slug>', 'the programme (its organisation types go in the notes)')
      .option('--output <file>', 'write to this file (.csv or .xlsx) instead of printing CSV'),
  ).action(lazy(() => import('../registry-export.js'), 'registryTemplate'));
}
