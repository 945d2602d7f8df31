import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
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
    process.stderr.write(text + 'CI must run every tier: failing.\n');
    process.exit(1);
  }
  process.stderr.write(text);
}

const shared = { setupFiles: ['test/support/console-guard.ts'], testTimeout: 30_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // Vitest's own report, then each tier's wall time and any test over half its timeout (see docs/testing.md).
    reporters: ['default', './test/support/timing-reporter.ts'],
    // On a fresh clone (CI), files that start processes (the CLI's tests) go first in their tier.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      // Vitest's default is one worker fewer than the cores: one, on CI's two. Unit tests are small and pure.
      { test: { ...shared, name: 'unit', maxWorkers: 2, sequence: { groupOrder: 0 }, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'pglite',
          include: ['src/**/*.integration-test.ts', 'test/**/*.integration-test.ts'],
          env: { CAIRN_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
          // Each PGlite is ~750 MB of memory: two at once is what these machines hold comfortably.
          maxWorkers: 2,
          // Vitest refuses projects with different worker limits in one group: each tier runs as its own group.
          sequence: { groupOrder: 1 },
        },
      },
      ...(haveServer
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: ['src/**/*.integration-test.ts', 'test/**/*.integration-test.ts'],
                env: { CAIRN_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
                maxWorkers: 2,
                sequence: { groupOrder: 2 },
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
                // Two files at once, each with its own server, data folder and Chromium (~1.5 GB each):
                // one browser test keeps about one core busy, the rest of its time it waits for pages.
                maxWorkers: 2,
                sequence: { groupOrder: 3 },
              },
            },
          ]
        : []),
    ],
  },
});
