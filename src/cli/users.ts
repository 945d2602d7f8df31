import type { Command } from 'commander';
import { Option } from 'commander';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { Invalid } from '../errors.js';
import { publicBaseUrl } from '../http/public-url.js';
import { text } from '../http/route-kit.js';
import { PROGRAMME_ROLES, type ProgrammeRole } from '../modules/accounts/schema.js';
import { issueResetLink } from '../modules/accounts/password-resets.js';
import { createUser, findUserByEmail, inviteUser, listUsers } from '../modules/accounts/service.js';
import { partnerships } from '../modules/partnerships/schema.js';
import { programmes } from '../modules/programmes/schema.js';
import { type DatabaseOptions, cliActor, withDatabase, withDatabaseOptions } from './context.js';
import { type Format, print, renderRecord, renderRows, withFormatOption } from './output.js';
import { checkOptions } from './validate.js';

const Email = z.email({ message: 'Enter an email address like name@example.org' }).max(254);

interface CreateOptions extends DatabaseOptions {
  email: string;
  name: string;
  password?: string;
  admin?: boolean;
  format: Format;
}

interface InviteOptions extends DatabaseOptions {
  email: string;
  name: string;
  admin?: boolean;
  programme?: string;
  role?: ProgrammeRole;
  partnership?: string;
  format: Format;
}

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
  ).action(async (opts: CreateOptions) => {
    const input = checkOptions(z.object({ email: Email, name: text('a name') }), opts);
    const password = opts.password ?? process.env.CAIRN_PASSWORD;
    if (!password) {
      throw new Invalid(
        'Give a password with --password or the CAIRN_PASSWORD environment variable, or use `cairn users invite` so they choose their own.',
      );
    }
    const user = await withDatabase(opts, 'cairn users create', (database) =>
      createUser(database.db, cliActor(), { ...input, password, isAdmin: opts.admin ?? false }),
    );
    print(
      opts.format === 'table'
        ? `Created the account for ${user.name} <${user.email}>${user.isAdmin ? ' (administrator)' : ''}.\n`
        : renderRecord({ ...user }, opts.format),
    );
  });

  withFormatOption(
    withDatabaseOptions(
      users
        .command('invite')
        .description('invite someone: prints the link they open to choose a password (valid 14 days)')
        .requiredOption('--email <email>', 'their email address')
        .requiredOption('--name <name>', 'their name')
        .option('--admin', 'make them a platform administrator')
        .option('--programme <slug>', 'the programme to give them a role in or a partnership of')
        .addOption(new Option('--role <role>', 'their role in the programme').choices(PROGRAMME_ROLES))
        .option('--partnership <name>', 'make them a member of this partnership (by name) in --programme'),
    ),
  ).action(async (opts: InviteOptions) => {
    const input = checkOptions(z.object({ email: Email, name: text('a name') }), opts);
    if (opts.partnership && !opts.programme) {
      throw new Invalid('--partnership needs --programme: say which programme the partnership is in.');
    }
    const baseUrl = publicBaseUrl(loadConfig());
    const invitation = await withDatabase(opts, 'cairn users invite', async (database) => {
      let partnershipId: string | undefined;
      if (opts.partnership && opts.programme) {
        const [found] = await database.db
          .select({ id: partnerships.id })
          .from(partnerships)
          .innerJoin(programmes, eq(programmes.id, partnerships.programmeId))
          .where(and(eq(programmes.slug, opts.programme), sql`lower(${partnerships.name}) = lower(${opts.partnership.trim()})`));
        if (!found) {
          throw new Invalid(`There is no partnership called “${opts.partnership}” in the programme ${opts.programme}.`, [
            { path: ['--partnership'], message: 'Give the partnership’s name exactly as Cairn lists it' },
          ]);
        }
        partnershipId = found.id;
      }
      return inviteUser(
        database.db,
        cliActor(),
        { ...input, isAdmin: opts.admin ?? false, programme: opts.programme, role: opts.role, partnershipId },
        baseUrl,
      );
    });
    if (opts.format === 'table') {
      print(
        `Invited ${invitation.name} <${invitation.email}>. Send them this link (it works once, until ${invitation.expiresAt.slice(0, 10)}):\n${invitation.link}\n`,
      );
    } else {
      print(renderRecord(invitation, opts.format));
    }
  });

  withFormatOption(
    withDatabaseOptions(
      users
        .command('reset-link')
        .description('make a link for someone who has forgotten their password: they open it to choose a new one (valid 24 hours, once)')
        .requiredOption('--email <email>', 'their email address'),
    ),
  ).action(async (opts: DatabaseOptions & { email: string; format: Format }) => {
    const input = checkOptions(z.object({ email: Email }), opts);
    const baseUrl = publicBaseUrl(loadConfig());
    const reset = await withDatabase(opts, 'cairn users reset-link', async (database) => {
      const user = await findUserByEmail(database.db, input.email);
      if (!user) {
        throw new Invalid(`There is no account with the email address ${input.email}.`, [
          { path: ['--email'], message: 'Give the email address the person signs in with (see `cairn users list`)' },
        ]);
      }
      return issueResetLink(database.db, cliActor(), user.id, baseUrl);
    });
    if (opts.format === 'table') {
      print(
        `Send ${reset.name} <${reset.email}> this link to choose a new password (it works once, until ${reset.expiresAt.slice(0, 16).replace('T', ' ')} UTC; using it signs them out everywhere):\n${reset.link}\n`,
      );
    } else {
      print(renderRecord(reset, opts.format));
    }
  });

  withFormatOption(
    withDatabaseOptions(
      users.command('list').description('list accounts').option('--search <text>', 'only accounts whose name or email contains this'),
    ),
  ).action(async (opts: DatabaseOptions & { search?: string; format: Format }) => {
    const rows = await withDatabase(opts, 'cairn users list', (database) => listUsers(database.db, { search: opts.search }));
    print(
      renderRows(
        rows,
        [
          { header: 'email', value: (u) => u.email },
          { header: 'name', value: (u) => u.name },
          { header: 'administrator', value: (u) => u.isAdmin },
          { header: 'can sign in', value: (u) => u.hasPassword && !u.disabled },
        ],
        opts.format,
        'No accounts yet. Create one with `cairn users create --email … --name … --admin`.',
      ),
    );
  });
}
