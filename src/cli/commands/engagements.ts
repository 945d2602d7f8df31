import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** `cairn engagements import`, `cairn engagements overlaps` (engagements.ts). */
export function engagementCommands(program: Command): void {
  const engagements = program.command('engagements').description('the engagement register: who is consulting whom, where and on what');
  withDatabaseOptions(
    engagements
      .command('import')
      .description('import engagements from a CSV file: all of them, or nothing if any row is wrong')
      .argument('<file>', 'a CSV file with columns title,topics,locality,start,end,lead_partner,level (topics separated by ;)')
      .requiredOption('--programme <slug>', 'the programme')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(() => import('../engagements.js'), 'engagementsImport'));
  withDatabaseOptions(
    engagements
      .command('overlaps')
      .description(
        'engagements that risk consulting the same people on the same thing: a row per engagement in each cluster with two or more lead partners',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .addOption(
        new Option('--format <format>', 'a table, json or csv (cluster,title,lead_partner,locality,start,end)')
          .choices(['table', 'json', 'csv'])
          .default('table'),
      ),
  ).action(lazy(() => import('../engagements.js'), 'engagementsOverlaps'));
}
