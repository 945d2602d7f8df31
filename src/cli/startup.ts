import type { Database } from '../db/database.js';

/** Loads demo data into an empty database and says who can sign in. (The demo module fills this in.) */
export async function startupBanner(_database: Database, _opts: { loadDemo: boolean }): Promise<string> {
  return '';
}
