import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

const actions = () => import('../pb.js');

/** `cairn pb import|results|export` (pb.ts): participatory budgeting rounds and Pabulib .pb files. */
export function pbCommands(program: Command): void {
  const pb = program.command('pb').description('participatory budgeting rounds: Pabulib .pb files in and out, and counts');

  withDatabaseOptions(
    pb
      .command('import')
      .description('make a round from a Pabulib .pb file (META, PROJECTS, VOTES; META’s rule: greedy, or equalshares/add1); all or nothing')
      .argument('<file>', 'the .pb file')
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--round <slug>', 'the new round’s short name')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(actions, 'pbImport'));

  withDatabaseOptions(
    pb
      .command('results')
      .description('count the round from its stored ballots: CSV columns project_id,name,cost,votes,selected (selected 1 or 0)')
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--round <slug>', 'the round')
      .addOption(new Option('--rule <rule>', 'the counting rule (default: the round’s own)').choices(['greedy', 'equal-shares']))
      .addOption(new Option('--format <format>', 'csv, json, or a table for people').choices(['csv', 'json', 'table']).default('table')),
  ).action(lazy(actions, 'pbResults'));

  withDatabaseOptions(
    pb
      .command('export')
      .description('the round as a Pabulib .pb file, votes and selection by the round’s rule')
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--round <slug>', 'the round')
      .option('--locality <name>', 'for a round with localities: which one (a .pb file holds one budget)')
      .addOption(new Option('--format <format>', 'pb').choices(['pb']).default('pb'))
      .option('--output <file>', 'write to this file instead of the screen'),
  ).action(lazy(actions, 'pbExport'));
}
