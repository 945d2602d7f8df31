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
