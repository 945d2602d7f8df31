import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** `cairn support import|summary|warnings|survival` (support.ts). */
export function supportCommands(program: Command): void {
  const support = program.command('support').description('the support partnerships are given: time, credit, events, and what it costs');
  withDatabaseOptions(
    support
      .command('import')
      .description('import support from a folder: everything, or nothing if any row is wrong')
      .argument(
        '<folder>',
        'holds any of allowances.csv (partnership,start,end,days_allowed,credit_allowed,day_rate), contacts.csv (date,partnership,facilitator,hours,type,notes), credit.csv (date,partnership,amount,purpose,approved_by), events.csv (event,date,place,cost), attendance.csv (event,partnership,people)',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(lazy(() => import('../support.js'), 'supportImport'));
  withDatabaseOptions(
    support
      .command('summary')
      .description(
        'cost and use per partnership: days allowed and used, credit allowed and spent, events attended, cost in total and a year',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'xlsx', 'json']).default('table'))
      .option('--output <file>', 'write to this file (needed for xlsx on a terminal)'),
  ).action(lazy(() => import('../support.js'), 'supportSummaryCommand'));
  withDatabaseOptions(
    support
      .command('warnings')
      .description('no recent contact, below the recommended days a year, credit not spent late in the support period')
      .requiredOption('--programme <slug>', 'the programme')
      .option('--as-of <date>', 'the date to judge on (YYYY-MM-DD), default today')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table')),
  ).action(lazy(() => import('../support.js'), 'supportWarningsCommand'));
  withDatabaseOptions(
    support
      .command('survival')
      .description('how many supported groups are still in their original form, and what happened to the others')
      .requiredOption('--programme <slug>', 'the programme')
      .option('--as-of <date>', 'the date to judge on (YYYY-MM-DD), default today')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table')),
  ).action(lazy(() => import('../support.js'), 'supportSurvivalCommand'));
}
