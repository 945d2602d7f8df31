import { userInfo } from 'node:os';
import { loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { isMigrated, migrate } from '../db/migrate.js';
import type { Caller } from '../modules/access/access.js';
import { type Actor, systemActor } from '../modules/audit/audit.js';
import type { DatabaseOptions } from './define.js';

export type { DatabaseOptions } from './define.js';

/**
 * Opens the database a command names, migrated, and closes it however the command ends. An up-to-date
 * database is seen to be so from the migration journal and one query, without running the migrator.
 */
export async function withDatabase<T>(opts: DatabaseOptions, holder: string, run: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: opts.databaseUrl ?? (opts.dataDir ? undefined : config.databaseUrl),
    dataDir: opts.dataDir ?? config.dataDir,
    holder,
  });
  try {
    if (!(await isMigrated(database))) await migrate(database);
    return await run(database);
  } finally {
    await database.close();
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // Some containers run as a uid with no passwd entry.
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

/** Whoever runs the CLI acts as the system, named by their operating-system account in the audit trail. */
export const cliActor = (): Actor => systemActor(`cli:${osUser()}`);

/**
 * The CLI is run by whoever holds the server's files or database URL, so it acts with an
 * administrator's reach; the audit trail names the operating-system account.
 */
export const cliCaller = (): Caller => ({
  userId: '00000000-0000-0000-0000-000000000000',
  email: `cli:${osUser()}`,
  name: 'Command line',
  isAdmin: true,
  programmeRoles: new Map(),
  partnerships: new Map(),
});
