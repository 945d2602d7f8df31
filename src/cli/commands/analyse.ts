import { type Command, Option } from 'commander';
import { FIGURE_FORMATS, FORMATS, lazy, withDatabaseOptions } from '../define.js';

/** The evaluation's outcome families (OUTCOME_FAMILIES in the evaluation module: a test keeps the two the same). */
export const OUTCOME_FAMILY_CHOICES = ['short_term_outcome', 'long_term_outcome'] as const;

const tables = () => import('../analyse.js');
const quality = () => import('../analyse-quality.js');
const figures = () => import('../analyse-figures.js');

const crosstabOptions = (cmd: Command) =>
  withDatabaseOptions(
    cmd
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation')
      .option('--phase <name>', 'only respondents in this phase')
      .option('--place <name>', 'only respondents in this place')
      .option('--participant-type <type>', 'only respondents of this participant type')
      .option('--output <file>', 'write to this file instead of the screen (needed for xlsx)'),
  );

const qualityOptions = (cmd: Command) =>
  withDatabaseOptions(
    cmd
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation')
      .addOption(new Option('--format <format>', 'a table to read, csv or json').choices(FORMATS).default('table'))
      .option('--output <file>', 'write to this file instead of the screen'),
  );

/** `cairn analyse crosstab|matrix` (analyse.ts), `configurations|agreement` (analyse-quality.ts), `figures` (analyse-figures.ts). */
export function analyseCommands(program: Command): void {
  const analyse = program.command('analyse').description('cross-tabs and tables from an evaluation’s codings');

  crosstabOptions(
    analyse
      .command('crosstab')
      .description(
        'for every group and every code of a family: n_group, n_code and percent (CSV columns group,n_group,code,n_code,percent); respondents who withdrew consent are never counted',
      )
      .requiredOption('--family <key>', 'the code family, e.g. context, mechanism, short_term_outcome')
      .option(
        '--by <dimension>',
        'participant_type, theme, coproduction_model, place, phase or an attribute name (without it, one group: All)',
      )
      .option(
        '--include-small-groups',
        'show what disclosure control hides: groups under the evaluation’s threshold, and those hidden with them (any format; recorded in the audit trail)',
      )
      .addOption(new Option('--format <format>', 'csv, xlsx (with --output) or json').choices(['csv', 'xlsx', 'json']).default('csv')),
  ).action(lazy(tables, 'analyseCrosstab'));

  crosstabOptions(
    analyse
      .command('matrix')
      .description(
        'the respondent × code table for SPSS, R or Excel: a row per respondent with consent given, their attributes, and a 0/1 column per code',
      )
      .option('--family <key>', 'only this family’s codes (default: every family)'),
  ).action(lazy(tables, 'analyseMatrix'));

  qualityOptions(
    analyse
      .command('configurations')
      .description(
        'which contexts, mechanisms and outcomes the same respondents identified together: support (respondents) and lift, ranked; respondents who withdrew consent are never counted',
      )
      .option(
        '--min-support <n>',
        'leave out combinations fewer respondents identified together (default: the evaluation’s disclosure threshold)',
      )
      .addOption(new Option('--outcome-family <key>', 'outcomes of this family only (default: both)').choices(OUTCOME_FAMILY_CHOICES))
      .option('--limit <n>', 'at most this many configurations, best first (default 200)')
      .option('--phase <name>', 'only respondents in this phase')
      .option('--place <name>', 'only respondents in this place')
      .option('--participant-type <type>', 'only respondents of this participant type'),
  ).action(lazy(quality, 'analyseConfigurations'));

  qualityOptions(
    analyse
      .command('agreement')
      .description('how far two coders agree: Cohen’s kappa per code and pooled overall, over the respondents (consent given) both coded')
      .requiredOption('--coder-a <email>', 'the first coder’s email address')
      .requiredOption('--coder-b <email>', 'the second coder’s email address')
      .option('--family <key>', 'compare this family’s codes only (default: every code)'),
  ).action(lazy(quality, 'analyseAgreement'));

  withDatabaseOptions(
    analyse
      .command('figures')
      .description(
        'draw figures C.1–C.19 of the evaluation (grouped bar charts, each group’s N in the legend) into a folder: C.1.svg, C.2.svg… or one Word report; respondents who withdrew consent are never counted',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation')
      .requiredOption('--out <folder>', 'the folder to write in (made if missing)')
      .addOption(
        new Option('--format <format>', 'svg or png (a file per figure), or docx (one Word report)').choices(FIGURE_FORMATS).default('svg'),
      )
      .option(
        '--include-small-groups',
        'also draw groups smaller than the evaluation’s disclosure threshold (recorded in the audit trail)',
      ),
  ).action(lazy(figures, 'analyseFigures'));
}
