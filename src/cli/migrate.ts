import { type DatabaseOptions, withDatabase } from './context.js';

/** `cairn migrate`: what every command does first, and nothing else. */
export async function migrate(opts: DatabaseOptions) {
  await withDatabase(opts, 'cairn migrate', async (database) => {
    process.stdout.write(`Migrated ${database.where}\n`);
  });
}
