import { type Command, Option } from 'commander';
import { FORMATS, lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn placestandard import` and `summary` (placestandard.ts). */
export function placeStandardCommands(program: Command): void {
  const ps = program
    .command('placestandard')
    .description('Place Standard surveys: residents’ scores of 14 themes of their place, by locality and wave');

  withFormatOption(
    withDatabaseOptions(
      ps
        .command('import')
        .description('import scores into a survey from a CSV file: all rows, or none if any is wrong')
        .argument('<file>', 'the CSV; columns respondent,locality,wave,theme_1,…,theme_14; a blank score means not answered')
        .requiredOption('--programme <slug>', 'the programme')
        .requiredOption('--survey <slug>', 'the survey’s short name'),
    ),
  ).action(lazy(() => import('../placestandard.js'), 'placeStandardImport'));

  withDatabaseOptions(
    ps
      .command('summary')
      .description(
        'responses, median and mean of each theme by locality and wave (csv columns locality,wave,theme,theme_name,responses,median,mean); median and mean blank under the survey’s threshold',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--survey <slug>', 'the survey’s short name')
      .addOption(new Option('--format <format>', 'csv, json, or a table to read').choices(FORMATS).default('csv')),
  ).action(lazy(() => import('../placestandard.js'), 'placeStandardSummary'));
}
