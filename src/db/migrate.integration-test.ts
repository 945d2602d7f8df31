/**
 * `isMigrated`, which lets a command line skip the migrator on an up-to-date database (decision 014):
 * it must say no to a new database and to one a migration behind, so that those still get `migrate`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testEngine } from '../../test/support/database.js';
import { type DatabaseTarget, openDatabase } from './database.js';
import { isMigrated, migrate } from './migrate.js';

let target: DatabaseTarget;
let cleanUp: () => Promise<void> | void = () => undefined;

beforeAll(async () => {
  if (testEngine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-is-migrated-'));
    target = { dataDir, holder: 'isMigrated test' };
    cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  // An empty database, not a copy of the migrated template.
  const url = process.env.TEST_DATABASE_URL!;
  const name = `cairn_is_migrated_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  target = { databaseUrl: u.toString() };
  cleanUp = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
});
afterAll(() => cleanUp());

it(`says whether a ${testEngine} database holds every migration: not a new one, nor one a migration behind`, async () => {
  const database = await openDatabase(target);
  try {
    expect(await isMigrated(database)).toBe(false);
    await migrate(database);
    expect(await isMigrated(database)).toBe(true);

    const [newest] = await database.query<{ id: number; hash: string; created_at: string }>(
      'select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    await database.query('delete from drizzle.__drizzle_migrations where id = $1', [newest!.id]);
    expect(await isMigrated(database)).toBe(false);
    await database.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [
      newest!.id,
      newest!.hash,
      newest!.created_at,
    ]);
    expect(await isMigrated(database)).toBe(true);
  } finally {
    await database.close();
  }
}, 120_000);
