import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

/**
 * Migrates once per run, then every test file starts from a copy: PGlite loads a dumped data folder
 * (~1 s, against ~5 s for a new one), the real server clones a template database. The migrated data
 * folder itself is kept too, for the CLI tests' workspaces to copy (a CLI's first start on an empty
 * folder would otherwise make and migrate a new database in every CLI test file).
 */
export default async function setup(project: { provide: (key: string, value: string) => void; config: { env?: Record<string, unknown> } }) {
  const { provide } = project;
  // Global setup runs in vitest's main process, where only the project's config says which engine it is for.
  const engine = String(project.config.env?.CAIRN_TEST_ENGINE ?? process.env.CAIRN_TEST_ENGINE ?? 'pglite');
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-template-'));
    const database = await openDatabase({ dataDir: dir, holder: 'test template' });
    await migrate(database);
    await database.close();
    const client = await PGlite.create({ dataDir: join(dir, 'pgdata') });
    const dump = await client.dumpDataDir('none');
    await client.close();
    const file = join(tmpdir(), `cairn-template-${process.pid}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    provide('pgliteTemplate', file);
    provide('pgliteTemplateDir', dir);
    return () => {
      rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('CAIRN_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
  const template = `cairn_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${template}`;
  const database = await openDatabase({ databaseUrl: u.toString() });
  await migrate(database);
  await database.close();
  provide('postgresTemplate', template);
  return async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    // Only this run's copies: another run may be using the same server at the same time.
    const left = await c.query(`select datname from pg_database where datname like $1 or datname = $2`, [
      `${template.replaceAll('_', '\\_')}\\_t\\_%`,
      template,
    ]);
    for (const r of left.rows as { datname: string }[]) await c.query(`drop database if exists ${r.datname} with (force)`);
    await c.end();
  };
}
