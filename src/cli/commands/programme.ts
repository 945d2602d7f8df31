import type { Command } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

const actions = () => import('../programmes.js');

/** `cairn programme create|list` (programmes.ts). */
export function programmeCommands(program: Command): void {
  const programme = program.command('programme').description('programmes: create and list');

  withFormatOption(
    withDatabaseOptions(
      programme
        .command('create')
        .description('create a programme; it starts with the default vocabularies (organisation types, social action typology)')
        .requiredOption('--slug <slug>', 'short name for addresses, e.g. pbsa (lower-case letters, digits, hyphens)')
        .requiredOption('--name <name>', 'the programme’s name')
        .option('--funder <funder>', 'who funds it')
        .option('--description <text>', 'what it is for'),
    ),
  ).action(lazy(actions, 'programmeCreate'));

  withFormatOption(withDatabaseOptions(programme.command('list').description('list programmes'))).action(lazy(actions, 'programmeList'));
}
