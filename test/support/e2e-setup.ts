// Global set-up of the browser tier, run once per `vitest run` in vitest's main process: the web UI built
// (when its sources are newer than the build), and one data folder holding the first administrator, made
// by the CLI exactly as a person would (`cairn users create --admin`). Every browser test file's own
// `cairn serve` starts on a copy of that folder, instead of making and migrating a database of its own.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A closed data folder with the first administrator (E2E_ADMIN) in it, to copy per test file. */
    e2eDataDir: string;
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

export default async function setup(project: { provide: (key: 'e2eDataDir' | 'e2eBrowserWs', value: string) => void }) {
  buildWebIfStale();
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-template-'));
  // One Chromium for the whole tier, started while the CLI makes the data folder: every file connects to
  // it and works in browser contexts of its own (closed when the file disconnects), so no file waits for
  // a browser to start. Each context is as separate as a new browser: its own cookies, storage and cache.
  const [, server] = await Promise.all([
    promisify(execFile)(
      process.execPath,
      ['bin/cairn.js', 'users', 'create', '--admin', '--email', E2E_ADMIN.email, '--name', E2E_ADMIN.name, '--data-dir', dataDir],
      { cwd: ROOT, env: e2eEnv() },
    ),
    chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  project.provide('e2eDataDir', dataDir);
  project.provide('e2eBrowserWs', server.wsEndpoint());
  return async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
