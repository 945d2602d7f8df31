import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** A person's role in a programme (PROGRAMME_ROLES in the accounts module: a test keeps the two the same). */
export const ROLE_CHOICES = ['programme_manager', 'evaluator', 'facilitator', 'viewer'] as const;

const actions = () => import('../users.js');

/** `cairn users create|invite|reset-link|list` (users.ts). */
export function usersCommands(program: Command): void {
  const users = program.command('users').description('accounts: create, invite and list people, and make password reset links');

  withFormatOption(
    withDatabaseOptions(
      users
        .command('create')
        .description('create an account with a password (read from --password or the CAIRN_PASSWORD environment variable)')
        .requiredOption('--email <email>', 'their email address (they sign in with it)')
        .requiredOption('--name <name>', 'their name as colleagues know it')
        .option('--password <password>', 'their password, 10 characters or more (prefer CAIRN_PASSWORD: options show in the process list)')
        .option('--admin', 'make them a platform administrator'),
    ),
  ).action(lazy(actions, 'usersCreate'));

  withFormatOption(
    withDatabaseOptions(
      users
        .command('invite')
        .description('invite someone: prints the link they open to choose a password (valid 14 days)')
        .requiredOption('--email <email>', 'their email address')
        .requiredOption('--name <name>', 'their name')
        .option('--admin', 'make them a platform administrator')
        .option('--programme <slug>', 'the programme to give them a role in or a partnership of')
        .addOption(new Option('--role <role>', 'their role in the programme').choices(ROLE_CHOICES))
        .option('--partnership <name>', 'make them a member of this partnership (by name) in --programme'),
    ),
  ).action(lazy(actions, 'usersInvite'));

  withFormatOption(
    withDatabaseOptions(
      users
        .command('reset-link')
        .description('make a link for someone who has forgotten their password: they open it to choose a new one (valid 24 hours, once)')
        .requiredOption('--email <email>', 'their email address'),
    ),
  ).action(lazy(actions, 'usersResetLink'));

  withFormatOption(
    withDatabaseOptions(
      users.command('list').description('list accounts').option('--search <text>', 'only accounts whose name or email contains this'),
    ),
  ).action(lazy(actions, 'usersList'));
}
