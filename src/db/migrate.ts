import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies the one set of SQL migrations, on either engine. Safe to run on every start. */
export async function migrate(database: Database): Promise<void> {
  if (database.engine === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(database.db as never, { migrationsFolder });
  } else {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(database.db as never, { migrationsFolder });
  }
}

/**
 * Whether every migration is applied already, read from the journal alone (not the SQL files) and one
 * query: what `migrate` finds before it decides to do nothing. A command line on an up-to-date
 * database skips `migrate` after this (decision 014), saving a third of its start on PGlite; a database
 * never migrated, or one migration behind, gets the whole of `migrate` as before.
 */
export async function isMigrated(database: Database): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    // drizzle's migrator keeps one row per applied migration, created_at being its journal `when`.
    const [row] = await database.query<{ applied: string | null }>('select max(created_at) as applied from drizzle.__drizzle_migrations');
    return row?.applied !== null && row?.applied !== undefined && Number(row.applied) >= newest;
  } catch (err) {
    // No migrations table (or schema) yet: a new database, for `migrate` to set up.
    if (['42P01', '3F000'].includes((err as { code?: string }).code ?? '')) return false;
    throw err;
  }
}
