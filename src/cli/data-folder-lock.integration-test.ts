import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliRun, cliWorkspace } from '../../test/support/cli.js';
import { testEngine } from '../../test/support/database.js';
import { acquireDataDirLock } from '../db/lock.js';

// Only the embedded database needs Cairn's own lock: a PostgreSQL server takes many connections. So this
// runs in the pglite tier only, in every run (the rest of the CLI's tests run on one engine).
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/registry-import', name);

const ws = cliWorkspace('cairn-cli-lock-');
const cairn = ws.cairn;

describe.skipIf(testEngine !== 'pglite')('the cairn command on a data folder', () => {
  it('stops with one line while a running server holds the data folder, and the data is intact after', async () => {
    expect((await cairn(['programme', 'create', '--slug', 'pbsa', '--name', 'Place Based Social Action'])).code).toBe(0);
    // The same lock `cairn serve` takes through openDatabase.
    const lock = acquireDataDirLock(ws.dir, 'a test standing in for the server');
    let busy: CliRun;
    try {
      busy = await cairn(['registry', 'import', fixture('pbsa-partnerships.csv'), '--programme', 'pbsa']);
    } finally {
      lock.release();
    }
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(
      /^cairn: The data folder .+ is in use by a test standing in for the server \(process \d+\)\. Stop it first, or do this through the running server \(web UI or \/api\/v1\)\.\n$/,
    );
    // Nothing of the refused import was written: the dry run still finds all ten partnerships new.
    const dry = await cairn([
      'registry',
      'import',
      fixture('pbsa-partnerships.csv'),
      '--programme',
      'pbsa',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.creates.partnerships).toHaveLength(10);
    const after = await cairn(['programme', 'list', '--format', 'json']);
    expect(JSON.parse(after.stdout).map((p: { slug: string }) => p.slug)).toEqual(['pbsa']);
  }, 120_000);
});
