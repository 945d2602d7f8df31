import type { Command } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn casestudies import` and `cairn exchange search` (learning.ts). */
export function learningCommands(program: Command): void {
  const casestudies = program.command('casestudies').description('case studies in the five-question form');
  withFormatOption(
    withDatabaseOptions(
      casestudies
        .command('import')
        .description('import case studies from a CSV file: all rows, or none if any is wrong')
        .argument(
          '<file>',
          'columns title,themes,place,organisation,problem,what_we_did,what_helped,barriers,learning,status (themes separated by ;, status draft or published); optionally standards, audience, contact, partnership',
        )
        .requiredOption('--programme <slug>', 'the programme'),
    ),
  ).action(lazy(() => import('../learning.js'), 'caseStudiesImport'));

  const exchange = program.command('exchange').description('the exchange of published case studies');
  withFormatOption(
    withDatabaseOptions(
      exchange
        .command('search')
        .description(
          'search published case studies, best first (English stemming: volunteer finds volunteering); csv columns start rank,title',
        )
        .argument('<query>', 'words to search for, as in a search box ("a phrase", or, -word); "" for every published case study')
        .requiredOption('--programme <slug>', 'the programme')
        .option('--theme <theme>', 'only case studies with this theme')
        .option('--limit <n>', 'at most this many (default: all)'),
    ),
  ).action(lazy(() => import('../learning.js'), 'exchangeSearch'));
}
