// One engine: the commands' output over services that run the same SQL on both engines (the import, search and stemming are tested on both in src/modules/learning).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, repoRoot } from '../../test/support/cli.js';

// `cairn casestudies import` and `cairn exchange search` as people run them (issue 17, point 8).
const ws = cliWorkspace('cairn-cli-learning-');
const fixture = (name: string) => join(repoRoot, 'test/fixtures/case-studies', name);

beforeAll(async () => {
  expect((await ws.cairn(['programme', 'create', '--slug', 'cpp', '--name', 'Community participation'])).code).toBe(0);
}, 120_000);

describe('cairn casestudies and cairn exchange', () => {
  it('imports nothing from a file with a wrong row, naming each wrong cell in one line each', async () => {
    const run = await ws.cairn(['casestudies', 'import', fixture('case-studies-bad.csv'), '--programme', 'cpp']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cairn: Nothing was imported/);
    expect(run.stderr).toMatch(/row 3, title: /);
    expect(run.stderr).toMatch(/row 3, status: /);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 120_000);

  it('imports case studies, then finds the published ones by another form of a word, best first, as CSV and JSON', async () => {
    const run = await ws.cairn(['casestudies', 'import', fixture('case-studies.csv'), '--programme', 'cpp']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Imported 3 case studies\./);
    const csv = await ws.cairn(['exchange', 'search', 'volunteer', '--programme', 'cpp', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rank,title,/);
    // The title match ranks above the answer match; the draft is never listed.
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      '1,Volunteers keep the hub open',
      '2,Café conversations',
    ]);
    const json = await ws.cairn(['exchange', 'search', 'volunteering', '--programme', 'cpp', '--format', 'json']);
    expect(JSON.parse(json.stdout).map((r: { rank: number; title: string }) => [r.rank, r.title])).toEqual([
      [1, 'Volunteers keep the hub open'],
      [2, 'Café conversations'],
    ]);
  }, 180_000);
});
