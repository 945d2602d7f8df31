/**
 * The same behaviour on both engines (this file runs in the pglite and the postgres project): the
 * migrations apply to a new database and again without harm, and what one start writes the next one reads.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../test/support/database.js';
import { type DatabaseTarget, openDatabase } from './database.js';
import { migrate } from './migrate.js';

let target: DatabaseTarget;
let dropServerDatabase: (() => Promise<void>) | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (testEngine === 'pglite') {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-engine-'));
    target = { dataDir, holder: 'engine test' };
    return;
  }
  // An empty database, not a copy of the migrated template: the migrations must build it from nothing.
  const url = process.env.TEST_DATABASE_URL!;
  const name = `cairn_engine_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  target = { databaseUrl: u.toString() };
  dropServerDatabase = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
});
afterAll(async () => {
  await dropServerDatabase?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const tablesOf = (rows: { name: string }[]) => rows.map((r) => r.name);
const TABLES = `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
const APPLIED = `select count(*)::int as n from drizzle.__drizzle_migrations`;

describe(`the ${testEngine} engine`, () => {
  it('builds a new database with the migrations, and applying them again changes nothing', async () => {
    const database = await openDatabase(target);
    try {
      expect(tablesOf(await database.query(TABLES))).toEqual([]);
      await migrate(database);
      const tables = tablesOf(await database.query(TABLES));
      expect(tables).toEqual(
        expect.arrayContaining(['programmes', 'partnerships', 'organisations', 'places', 'projects', 'grants', 'users', 'audit_events']),
      );
      const [applied] = await database.query<{ n: number }>(APPLIED);
      expect(applied!.n).toBeGreaterThan(0);

      await migrate(database);
      expect(tablesOf(await database.query(TABLES))).toEqual(tables);
      expect(await database.query<{ n: number }>(APPLIED)).toEqual([applied]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('keeps what one start wrote for the next start to read', async () => {
    const first = await openDatabase(target);
    try {
      await migrate(first);
      await first.query(`insert into programmes (slug, name, funder) values ($1, $2, $3)`, [
        'kept-across-starts',
        'Kept across starts',
        'The Fund',
      ]);
    } finally {
      await first.close();
    }
    const second = await openDatabase(target);
    try {
      // A second start runs the migrations again, as `cairn serve` does every time.
      await migrate(second);
      const rows = await second.query<{ name: string; funder: string }>(`select name, funder from programmes where slug = $1`, [
        'kept-across-starts',
      ]);
      expect(rows).toEqual([{ name: 'Kept across starts', funder: 'The Fund' }]);
    } finally {
      await second.close();
    }
  }, 120_000);
});
