import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { Invalid } from '../errors.js';
import { publicBaseUrl } from '../http/public-url.js';
import { text } from '../http/route-kit.js';
import type { ProgrammeRole } from '../modules/accounts/schema.js';
import { issueResetLink } from '../modules/accounts/password-resets.js';
import { createUser, findUserByEmail, inviteUser, listUsers } from '../modules/accounts/service.js';
import { partnerships } from '../modules/partnerships/schema.js';
import { programmes } from '../modules/programmes/schema.js';
import { type DatabaseOptions, cliActor, withDatabase } from './context.js';
import { type Format, print, renderRecord, renderRows } from './output.js';
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

export async function usersCreate(opts: CreateOptions) {
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
}

export async function usersInvite(opts: InviteOptions) {
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
}

export async function usersResetLink(opts: DatabaseOptions & { email: string; format: Format }) {
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
}

export async function usersList(opts: DatabaseOptions & { search?: string; format: Format }) {
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
}
