import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import { freshServerDatabase, testEngine } from './database.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliWorkspace {
  /** A data folder of the test file's own (embedded engine), also a place for scratch files. */
  readonly dir: string;
  /** A fresh database on the test server, in the postgres project; undefined otherwise. */
  readonly serverUrl: string | undefined;
  /** Runs `cairn <args>` as people do: a child process, against this workspace's database. */
  cairn(args: string[], env?: Record<string, string>): Promise<CliRun>;
}

/**
 * The CLI under test, over an embedded data folder or (postgres project) a fresh server database. The
 * embedded folder starts as a copy of the run's migrated template, as the server database does: what a
 * CLI makes on its first start in an empty folder is the same database, made once per run instead.
 */
export function cliWorkspace(prefix: string): CliWorkspace {
  let dir = '';
  let server: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    if (testEngine === 'postgres') server = await freshServerDatabase();
    else cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.drop();
  });
  return {
    get dir() {
      return dir;
    },
    get serverUrl() {
      return server?.url;
    },
    cairn: (args, env = {}) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['bin/cairn.js', ...args],
          {
            cwd: repoRoot,
            env: { ...process.env, DATABASE_URL: server?.url ?? '', CAIRN_DATA_DIR: dir, CAIRN_PASSWORD: '', ...env },
            timeout: 90_000,
          },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      }),
  };
}
