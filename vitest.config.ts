import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.js';

// Which tiers can run here. In CI every tier must run; on a laptop a missing one is skipped loudly.
const chromium = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium';
const haveServer = Boolean(process.env.TEST_DATABASE_URL);
const haveBrowser = existsSync(chromium);
const skipped: string[] = [];
if (!haveServer) skipped.push('integration tests on the PostgreSQL server: TEST_DATABASE_URL is not set (.ci/run sets it)');
if (!haveBrowser) skipped.push(`browser tests: no Chromium at ${chromium} (apt-get install -y chromium)`);
if (skipped.length) {
  const line = '!'.repeat(78);
  const text = `${line}\n!! SKIPPED TIERS\n${skipped.map((s) => `!! - ${s}`).join('\n')}\n${line}\n`;
  if (process.env.CI) {
    process.stderr.write(`${text}CI must run every tier: failing.\n`);
    process.exit(1);
  }
  process.stderr.write(text);
}

// Integration tests whose subject does not depend on the engine (the CLI's commands over services that
// are the same SQL on both, the OpenAPI document, the authorisation matrix) say so in their first lines
// with `// One engine: <why>`. They run once: on the PostgreSQL server when there is one (the faster
// engine), on PGlite otherwise. Everything that touches what differs between the engines (opening and
// locking a data folder, COPY, migrations, restarts) stays on both. See docs/testing.md.
const integrationGlob = /\.integration-test\.ts$/;
const oneEngineFiles = ['src', 'test']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
  .filter((f) => integrationGlob.test(f) && /^\/\/ One engine: /m.test(readFileSync(f, 'utf8').slice(0, 2000)));

// Test files share their worker's imported modules (`isolate: false`), in every tier: each file builds
// its own app on its own database (or its own server and browser context), and nothing in src/ keeps
// state between apps that one file could see of another's, so importing the whole server afresh for
// every file bought nothing. Measured alone on the two-core machine: the PostgreSQL tier in 188 s shared
// against 305 s isolated, the unit tier in 26 s against 48 s. What a file opens through the shared
// helpers is closed when the file ends (test/support/file-end.ts); before that, files that started their
// app inside a `beforeAll` never closed it, and shared workers ran the server out of connections.

// All tiers share one queue of two workers (one group in Vitest's terms: every project has the same
// maxWorkers and groupOrder), so no tier waits for another's last file: CI's machine has two cores, and
// two files at once keep both busy. Memory is not the limit: a PGlite is ~750 MB, a browser test's
// server and Chromium ~1.5 GB. The order the files start in is test/support/sequencer.ts's.
const shared = {
  isolate: false,
  setupFiles: ['test/support/console-guard.ts', 'test/support/file-end-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  maxWorkers: 2,
  sequence: { groupOrder: 0 },
};

export default defineConfig({
  test: {
    // Vitest's own report, then each tier's wall time and any test over half its timeout (see docs/testing.md).
    reporters: ['default', './test/support/timing-reporter.ts'],
    // On a fresh clone (CI), files that start processes (browser and CLI tests) go first.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      { test: { ...shared, name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'pglite',
          setupFiles: [...shared.setupFiles, 'test/support/engine-guard.ts'],
          include: ['src/**/*.integration-test.ts', 'test/**/*.integration-test.ts'],
          exclude: [...configDefaults.exclude, ...(haveServer ? oneEngineFiles : [])],
          env: { CAIRN_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      ...(haveServer
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                setupFiles: [...shared.setupFiles, 'test/support/engine-guard.ts'],
                include: ['src/**/*.integration-test.ts', 'test/**/*.integration-test.ts'],
                env: { CAIRN_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
              },
            },
          ]
        : []),
      ...(haveBrowser
        ? [
            {
              test: {
                ...shared,
                name: 'browser',
                include: ['test/e2e/**/*.e2e.ts'],
                globalSetup: ['test/support/e2e-setup.ts'],
                testTimeout: 180_000,
                // expect.poll waits for what a page shows after a click: a navigation, a server answer (a
                // sign-in hashes a password). Vitest's default of 1 s is too near what that takes on a busy
                // two-core machine running two files at once; the condition checked is the same.
                expect: { poll: { timeout: 10_000 } },
              },
            },
          ]
        : []),
    ],
  },
});
