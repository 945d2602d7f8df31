import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** `cairn evidence import <folder>` (evidence.ts), `cairn evidence base` (evidence-base.ts). */
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
        'holds projects.csv (project,place,themes,coproduction_model), respondents.csv (respondent_id,project,participant_type,consent[,attributes…]), codings.csv (respondent_id,family,code) and optionally bases.csv (family,respondent_id: who was asked each family’s question)',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation; created when the programme has none with this slug')
      .option('--title <title>', 'the title of an evaluation this creates (default: its slug)')
      .option('--dry-run', 'check the folder and say what would be imported, without writing')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(() => import('../evidence.js'), 'evidenceImport'));
  withDatabaseOptions(
    evidence
      .command('base')
      .description(
        'who was asked a code family’s question: shows it, or records it from a file of respondent references (its figures then count only them) or as everyone',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation')
      .requiredOption('--family <key>', 'the code family, e.g. self_identified_outcome')
      .option(
        '--asked-of <file>',
        'a file of respondent references, one per line (a CSV’s first column; a heading respondent_id is skipped)',
      )
      .option('--everyone', 'everyone in the evaluation was asked (removes the family’s base)')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(() => import('../evidence-base.js'), 'evidenceBase'));
}
