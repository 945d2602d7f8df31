import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

const actions = () => import('../toc.js');

const theoryOption = (cmd: Command) =>
  cmd.option('--theory <name>', 'the theory of change (default: the programme’s only one, or its only programme-level one)');

/** `cairn toc import|map|validate|export|diff` (toc.ts): a programme's theory of change. */
export function tocCommands(program: Command): void {
  const toc = program.command('toc').description('a programme’s theory of change: import, map evidence, validate, export, diff');

  withDatabaseOptions(
    theoryOption(
      toc
        .command('import')
        .description(
          'import a Kumu blueprint or a Cairn theory-of-change file (JSON), or the CSV files (elements and connections); labels match steps; all or nothing',
        )
        .argument(
          '<files...>',
          'one .json file; or <elements.csv> <connections.csv> (told apart by their headings), or one .csv with both (elements, a blank line, connections)',
        )
        .requiredOption('--programme <slug>', 'the programme')
        .option('--version <name>', 'Kumu or CSV: the draft to import into (made if missing); Cairn file: the one version to take')
        .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
    ),
  ).action(lazy(actions, 'tocImport'));

  withDatabaseOptions(
    theoryOption(
      toc
        .command('map')
        .description(
          'map steps to codes of an evaluation or to monitoring indicators: CSV columns node,family,code,indicator; all or nothing',
        )
        .argument('<mapping>', 'the .csv file')
        .requiredOption('--programme <slug>', 'the programme')
        .requiredOption('--evaluation <slug>', 'the evaluation whose codes the rows name')
        .option('--version <name>', 'the version (default: the newest)')
        .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
    ),
  ).action(lazy(actions, 'tocMap'));

  withDatabaseOptions(
    theoryOption(
      toc
        .command('validate')
        .description(
          'test each link against an evaluation: CSV columns from,to,respondents_from,respondents_to,respondents_both,lift,status (small counts blank)',
        )
        .requiredOption('--programme <slug>', 'the programme')
        .requiredOption('--evaluation <slug>', 'the evaluation')
        .option('--version <name>', 'the version (default: the newest)')
        .option('--min-both <n>', 'respondents at both ends to call a link supported (default: the saved threshold, else 5)')
        .option('--support-lift <x>', 'lift at or above which a link is supported (default 1.2)')
        .option('--contradict-lift <x>', 'lift at or below which a link is contradicted (default 0.8)')
        .addOption(new Option('--format <format>', 'table, csv or json').choices(['table', 'csv', 'json']).default('table')),
    ),
  ).action(lazy(actions, 'tocValidate'));

  withDatabaseOptions(
    theoryOption(
      toc
        .command('export')
        .description('a version as Cairn JSON, a Kumu blueprint, CSV (elements, then connections) or a drawing (SVG or PNG)')
        .requiredOption('--programme <slug>', 'the programme')
        .option('--version <name>', 'the version (default: the newest; Cairn JSON without it: every version)')
        .option('--evaluation <slug>', 'SVG/PNG: colour the links by their class against this evaluation')
        .option('--output <file>', 'write to this file instead of the screen (CSV: <file>-elements.csv and <file>-connections.csv)')
        .addOption(
          new Option('--format <format>', 'json, kumu, csv, svg or png').choices(['json', 'kumu', 'csv', 'svg', 'png']).default('json'),
        ),
    ),
  ).action(lazy(actions, 'tocExport'));

  withDatabaseOptions(
    theoryOption(
      toc
        .command('diff')
        .description('what changed from one version to another: steps and links added, removed, renamed, re-staged; assumptions changed')
        .requiredOption('--programme <slug>', 'the programme')
        .requiredOption('--from <version>', 'the older version')
        .requiredOption('--to <version>', 'the newer version')
        .addOption(new Option('--format <format>', 'table, csv or json').choices(['table', 'csv', 'json']).default('table')),
    ),
  ).action(lazy(actions, 'tocDiff'));
}
