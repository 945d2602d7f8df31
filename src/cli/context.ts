import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';

export interface DatabaseOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Every command takes --data-dir / --database-url, falling back to CAIRN_DATA_DIR / DATABASE_URL. */
export function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <folder>', 'embedded database folder (env CAIRN_DATA_DIR, default ./.cairn)')
    .option('--database-url <url>', 'PostgreSQL server to use instead (env DATABASE_URL)');
}

/** Opens the database a command names, migrated, and closes it however the command ends. */
export async function withDatabase<T>(opts: DatabaseOptions, holder: string, run: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: opts.databaseUrl ?? (opts.dataDir ? undefined : config.databaseUrl),
    dataDir: opts.dataDir ?? config.dataDir,
    holder,
  });
  try {
    await migrate(database);
    return await run(database);
  } finally {
    await database.close();
  }
}
