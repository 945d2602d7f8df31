import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, type Db, openDatabase } from '../../src/db/database.js';
import * as schema from '../../src/db/schema.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** A migrated, closed embedded data folder (`pgdata` inside), to copy for a CLI workspace. */
    pgliteTemplateDir: string;
    postgresTemplate: string;
  }
}

export const testEngine = (process.env.CAIRN_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

/**
 * The migrated template's bytes, as PGlite reads them. PGlite asks a data folder's Blob for its
 * `arrayBuffer()`, which Node's Blob answers by streaming the 40 MB through small chunks and joining
 * them: a quarter of a fresh database's start here. This one hands back a copy of bytes already read.
 */
class TemplateBytes extends Blob {
  readonly #content: Uint8Array<ArrayBuffer>;
  constructor(content: Uint8Array<ArrayBuffer>) {
    super([content]);
    this.#content = content;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#content.slice().buffer;
  }
}

// Read once per worker: the files a worker runs share its modules (vitest.config.ts).
let template: { file: string; bytes: Uint8Array<ArrayBuffer> } | undefined;
function templateBytes(): Uint8Array<ArrayBuffer> {
  const file = inject('pgliteTemplate');
  if (template?.file !== file) template = { file, bytes: new Uint8Array(readFileSync(file)) };
  return template.bytes;
}

/** A fresh, migrated database for one test file, on the engine this test project runs. */
export async function freshDatabase(): Promise<Database> {
  if (testEngine === 'pglite') {
    const client = await PGlite.create({ loadDataDir: new TemplateBytes(templateBytes()) });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      engine: 'pglite',
      where: 'memory (test)',
      exec: async (t) => void (await client.exec(t)),
      query: async <T>(t: string, p: unknown[] = []) => (await client.query(t, p)).rows as T[],
      listen: async (channel, onMessage) => client.listen(channel, onMessage),
      close: () => client.close(),
    };
  }
  const { url, drop } = await freshServerDatabase();
  const database = await openDatabase({ databaseUrl: url });
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** A new database on the test server, cloned from the migrated template: its URL, and how to drop it. */
export async function freshServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL!;
  // Named after this run's template, so the run's teardown drops its own copies and no one else's.
  const name = `${inject('postgresTemplate')}_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
