// One engine: the returns import through the CLI; the import's own engine-sensitive writes are returns-import.integration-test.ts's, on both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../../../test/support/cli.js';

// `cairn monitoring import` as people run it: a child process over an embedded data folder of its own,
// or (in the postgres project) over a fresh database on the test server through DATABASE_URL.
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/monitoring', name);
const ws = cliWorkspace('cairn-returns-cli-');
const cairn = ws.cairn;

beforeAll(async () => {
  expect((await cairn(['seed', 'demo'])).code).toBe(0);
}, 120_000);

describe('cairn monitoring import', () => {
  it('checks a file with --dry-run, saying it would create the period and writing nothing', async () => {
    const run = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-phase2-returns.csv'),
      '--programme',
      'pbsa',
      '--period',
      'Phase 2 re-run',
      '--dry-run',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Checked 10 rows: nothing was written (--dry-run).');
    expect(run.stdout).toContain('Importing would create the reporting period “Phase 2 re-run”.');
    const again = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-phase2-returns.csv'),
      '--programme',
      'pbsa',
      '--period',
      'Phase 2 re-run',
      '--dry-run',
    ]);
    expect(again.stdout).toContain('Importing would create the reporting period “Phase 2 re-run”.');
  }, 120_000);

  it('imports the PBSA returns, creating the period and saying so; a second import replaces them', async () => {
    const run = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-phase2-returns.csv'),
      '--programme',
      'pbsa',
      '--period',
      'Phase 2 re-run',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Created the reporting period “Phase 2 re-run”\. Its start, end and due dates are today \(\d{4}-\d\d-\d\d\) until you set them\.\n/,
    );
    expect(run.stdout).toContain('Imported 10 returns for Phase 2 re-run, each submitted for a manager to review and accept:');
    expect(run.stdout).toMatch(/North East Lincolnshire VCSE Alliance\s+0\s+4/);
    const json = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-phase2-returns.csv'),
      '--programme',
      'pbsa',
      '--period',
      'phase 2 RE-RUN',
      '--format',
      'json',
    ]);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.period).toMatchObject({ label: 'Phase 2 re-run', created: false });
    expect(result.returns).toHaveLength(10);
    expect(result.returns.every((r: { replaces: string }) => r.replaces === 'submitted')).toBe(true);
  }, 120_000);

  it('fails in one line with every bad row listed, and writes nothing', async () => {
    const run = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-returns-bad-rows.csv'),
      '--programme',
      'pbsa',
      '--period',
      'Never made',
    ]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'cairn: Nothing was imported: 1 problem in the column headings and 3 problems in 3 rows. Fix them and import the file again.',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/events_held: “events_held” is not an indicator of this programme$/),
      '  row 3, volunteers: Must be 0 or more (the cell says -5)',
      '  row 4, partnership: “Nowhere Community Partnership” is not a partnership in this programme',
      '  row 5, beneficiaries: “about 1500” is not a number; leave the cell empty or put - if it was not reported',
    ]);
    const dry = await cairn([
      'monitoring',
      'import',
      fixture('pbsa-phase2-returns.csv'),
      '--programme',
      'pbsa',
      '--period',
      'Never made',
      '--dry-run',
    ]);
    expect(dry.stdout).toContain('Importing would create the reporting period “Never made”.');
    const missing = await cairn(['monitoring', 'import', 'no-such-file.csv', '--programme', 'pbsa', '--period', 'X']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('cairn: There is no file at no-such-file.csv.\n');
  }, 120_000);

  it('reports progress on a long file in plain lines on stderr when not on a terminal, keeping stdout for the result', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `Progress Partnership ${i + 1}`);
    const registry = join(ws.dir, 'registry.csv');
    writeFileSync(registry, `partnership,place\n${names.map((n) => `${n},Progress Town`).join('\n')}\n`);
    expect((await cairn(['registry', 'import', registry, '--programme', 'pbsa'])).code).toBe(0);
    const returns = join(ws.dir, 'returns.csv');
    writeFileSync(
      returns,
      `partnership,volunteers,beneficiaries,activities,public_meetings_consultations\n${names.map((n, i) => `${n},${i},${i * 10},1,-`).join('\n')}\n`,
    );
    const run = await cairn(['monitoring', 'import', returns, '--programme', 'pbsa', '--period', 'Progress period', '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const progress = run.stderr.trimEnd().split('\n');
    expect(progress).toHaveLength(10);
    expect(progress.at(-1)).toBe('Imported 120 of 120 returns');
    expect(progress.every((l) => /^Imported \d+ of 120 returns$/.test(l))).toBe(true);
    expect(run.stdout.split('\n')[0]).toBe('row,partnership,reported,not reported,replaces,comparability note');
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(121);
  }, 120_000);
});
