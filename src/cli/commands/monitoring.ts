import { type Command, Option } from 'commander';
import { CHART_FORMATS, TABLE_FORMATS, lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn monitoring table` (monitoring.ts), `import` (monitoring-import.ts) and `chart` (monitoring-chart.ts). */
export function monitoringCommands(program: Command): void {
  const monitoring = program.command('monitoring').description('indicators, reporting periods and partnerships’ returns');

  withDatabaseOptions(
    monitoring
      .command('table')
      .description(
        'the portfolio table for a period, from submitted and accepted returns: a row per partnership, the Total, and how many reported each indicator',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--period <label>', 'the reporting period’s label')
      .addOption(
        new Option(
          '--format <format>',
          'table for reading, csv, csv-with-notes (each return’s state and its notes), md (Markdown), xlsx (needs --output) or json',
        )
          .choices(TABLE_FORMATS)
          .default('table'),
      )
      .option('--output <file>', 'write to this file instead of printing'),
  ).action(lazy(() => import('../monitoring.js'), 'monitoringTable'));

  withFormatOption(
    withDatabaseOptions(
      monitoring
        .command('import')
        .description(
          'import partnerships’ returns for one period from a CSV or Excel (.xlsx) file, each submitted for review: all rows, or none if any is wrong',
        )
        .argument(
          '<file>',
          'the spreadsheet; columns partnership, one per indicator key, and optionally note; - or blank means not reported',
        )
        .requiredOption('--programme <slug>', 'the programme the partnerships are in')
        .requiredOption('--period <label>', 'the reporting period; created if the programme has none with this label')
        .option('--dry-run', 'check the file and show what would be imported, without writing'),
    ),
  ).action(lazy(() => import('../monitoring-import.js'), 'monitoringImport'));

  withDatabaseOptions(
    monitoring
      .command('chart')
      .description(
        'a chart of one indicator from submitted and accepted returns, as SVG or PNG: a bar per partnership for a period, or --across-periods',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--indicator <key>', 'the indicator’s key, e.g. volunteers')
      .option('--period <label>', 'the reporting period (default: the one that started most recently)')
      .option('--across-periods', 'the indicator in every reporting period instead of one period by partnership')
      .option('--partnerships', 'with --across-periods: also a line for each partnership (up to 12)')
      .addOption(new Option('--format <format>', 'svg or png (default: from --out’s extension, else png)').choices(CHART_FORMATS))
      .option(
        '--out <file>',
        'the file to write, or a folder to write <programme>-<indicator>-<period>.<format> in (default: that name, here)',
      ),
  ).action(lazy(() => import('../monitoring-chart.js'), 'monitoringChart'));
}
