// Global set-up of the browser tier, run once per `vitest run` in vitest's main process: the web UI built
// (when its sources are newer than the build), and one database holding the first administrator, made
// by the CLI exactly as a person would (`cairn users create --admin`). Every browser test file's own
// `cairn serve` starts on a copy of it, instead of making and migrating a database of its own: a copy of
// a data folder (embedded PGlite), or, when the PostgreSQL server is there (TEST_DATABASE_URL, as in CI),
// a database cloned from a template on it. The server is the faster engine, and the PGlite tier tests
// every service on the embedded engine; CAIRN_E2E_ENGINE=pglite keeps the browser tier on PGlite anyway.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A closed data folder with the first administrator (E2E_ADMIN) in it, to copy per test file. */
    e2eDataDir: string;
    /** On the server: the template database with the first administrator in it, to clone per test file ('' on PGlite). */
    e2eTemplateDatabase: string;
    /** The one Chromium every browser test file connects to (launched here once, not once per file). */
    e2eBrowserWs: string;
  }
}

export const ROOT = resolve(import.meta.dirname, '../..');
export const E2E_ADMIN = { email: 'first.admin@example.org', name: 'Ada Firstadmin', password: 'a long enough admin password' };

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the web UI when dist/web is missing or older than its sources. */
export function buildWebIfStale(): void {
  const index = join(ROOT, 'dist/web/index.html');
  const sources = Math.max(newest(join(ROOT, 'web')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // Vitest sets NODE_ENV=test, and Vite builds React's development bundle for any NODE_ENV but
  // production: the tests must drive the bundle people get.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The environment `cairn` runs with in browser tests: the embedded engine, the administrator's password. */
export function e2eEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CAIRN_PASSWORD: E2E_ADMIN.password, CAIRN_PUBLIC_URL: '', DATABASE_URL: '', NO_COLOR: '1' };
}

export const CHROMIUM = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The PostgreSQL server the browser tier uses, or null for embedded PGlite. */
export function e2eServerUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  return url && process.env.CAIRN_E2E_ENGINE !== 'pglite' ? url : null;
}

/** The address of a database on the browser tier's server. */
export function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs statements (create or drop a database) on the server, on a connection of their own. */
export async function onServer(server: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

type Provide = (key: 'e2eDataDir' | 'e2eBrowserWs' | 'e2eTemplateDatabase', value: string) => void;

export default async function setup(project: { provide: Provide }) {
  buildWebIfStale();
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-template-'));
  const server = e2eServerUrl();
  const template = server ? `cairn_e2e_${process.pid}` : '';
  if (server) await onServer(server, `drop database if exists ${template}`, `create database ${template}`);
  // One Chromium for the whole tier, started while the CLI makes the first administrator: every file
  // connects to it and works in browser contexts of its own (closed when the file disconnects), so no file
  // waits for a browser to start. Each context is as separate as a new browser: its own cookies, storage, cache.
  const where = server ? ['--database-url', databaseUrl(server, template)] : ['--data-dir', dataDir];
  const [, browser] = await Promise.all([
    promisify(execFile)(
      process.execPath,
      ['bin/cairn.js', 'users', 'create', '--admin', '--email', E2E_ADMIN.email, '--name', E2E_ADMIN.name, ...where],
      { cwd: ROOT, env: e2eEnv() },
    ),
    chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  project.provide('e2eDataDir', dataDir);
  project.provide('e2eTemplateDatabase', template);
  project.provide('e2eBrowserWs', browser.wsEndpoint());
  return async () => {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (server) {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      // Only this run's databases: another run may be using the same server at the same time.
      const left = await c.query('select datname from pg_database where datname like $1 or datname = $2', [
        `${template.replaceAll('_', '\\_')}\\_f\\_%`,
        template,
      ]);
      for (const r of left.rows as { datname: string }[]) await c.query(`drop database if exists ${r.datname} with (force)`);
      await c.end();
    }
  };
}
