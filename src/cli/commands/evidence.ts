import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** `cairn evidence import <folder>` (evidence.ts). */
export function evidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('an evaluation’s respondents and what they said');
  withDatabaseOptions(
    evidence
      .command('import')
      .description(
        'import projects.csv, respondents.csv and codings.csv from a folder into an evaluation: everything, or nothing if any row is wrong',
      )
      .argument(
        '<folder>',
        'holds projects.csv (project,place,themes,coproduction_model), respondents.csv (respondent_id,project,participant_type,consent[,attributes…]) and codings.csv (respondent_id,family,code)',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation; created when the programme has none with this slug')
      .option('--title <title>', 'the title of an evaluation this creates (default: its slug)')
      .option('--dry-run', 'check the folder and say what would be imported, without writing')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(() => import('../evidence.js'), 'evidenceImport'));
}
