// One engine: REFI-QDA files in and out through the CLI; the SQL beneath is the same on both engines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import type { Codebook } from '../modules/evaluation/domain/qdc.js';
import { parseCodebook } from '../modules/evaluation/domain/qdc-read.js';

// `cairn codebook import|export` as people run them, with files in the shapes QDA programs write.
const fixture = (name: string) => fileURLToPath(new URL(`../modules/evaluation/domain/qdc-fixtures/${name}`, import.meta.url));
const ws = cliWorkspace('cairn-codebook-cli-');
const cairn = ws.cairn;
const at = (slug: string) => ['--programme', 'riverlands', '--evaluation', slug];

beforeAll(async () => {
  const run = await cairn(['programme', 'create', '--slug', 'riverlands', '--name', 'Riverlands Fund']);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('cairn codebook', () => {
  it('imports a QualCoder codebook into a new evaluation, nesting kept, and exports it losslessly', async () => {
    const run = await cairn(['codebook', 'import', fixture('qualcoder.qdc'), ...at('tools-review')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Imported the codebook into tools-review (a new evaluation, with the seven standard code families).');
    expect(run.stdout).toContain('Context (context): 4 codes added, 0 updated');
    expect(run.stdout).toContain('Mechanism (mechanism): 2 codes added, 0 updated');

    const csv = await cairn(['codebook', 'export', ...at('tools-review'), '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n').slice(0, 5)).toEqual([
      'family,code,parent,description,color,guid',
      'context,Made to feel welcome,,"Staff or volunteers greeted the person, learned their name, made time for them.",#7BA0CC,ec760626-a583-4385-b564-9137d534643f',
      'context,Local assets,,,,74d0e662-267d-44ac-9694-a502544a6e80',
      'context,Community hub open every day,Local assets,A building people can walk into without an appointment.,#9CCC7B,e3704aa6-45b9-4acc-97c3-724f9f599cc8',
      'context,Green space & allotments,Local assets,,#9CCC7B,df1e93a4-49e5-4f69-a5f7-e712f374bee2',
    ]);

    const out = join(ws.dir, 'tools.qdc');
    expect((await cairn(['codebook', 'export', ...at('tools-review'), '--output', out])).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    // Our own file back in: every code recognised by its guid, nothing added or changed.
    const again = await cairn(['codebook', 'import', out, ...at('tools-review')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Context (context): 0 codes added, 0 updated');
    expect((await cairn(['codebook', 'export', ...at('tools-review')])).stdout).toBe(first);
  }, 120_000);

  it('an ATLAS.ti codebook (families as code groups, sets of its own) round trips: import → export → import → export', async () => {
    const file = fileURLToPath(new URL('../../test/fixtures/codebook/atlasti.qdc', import.meta.url));
    const run = await cairn(['codebook', 'import', file, ...at('atlas-round-trip')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Barrier (barrier): 4 codes added, 0 updated — placed by set “Barriers”');
    expect(run.stdout).toContain('Sets of codes kept as made, for export: 4 added, 0 updated.');

    const out = join(ws.dir, 'atlas-round-trip.qdc');
    expect((await cairn(['codebook', 'export', ...at('atlas-round-trip'), '--output', out])).code).toBe(0);
    const first = readFileSync(out, 'utf8');
    const model = ({ origin: _origin, ...rest }: Codebook) => rest;
    expect(model(parseCodebook(first))).toEqual(model(parseCodebook(readFileSync(file))));

    const again = await cairn(['codebook', 'import', out, ...at('atlas-round-trip')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Barrier (barrier): 0 codes added, 0 updated');
    expect(again.stdout).not.toContain('Sets of codes');
    expect((await cairn(['codebook', 'export', ...at('atlas-round-trip')])).stdout).toBe(first);
  }, 120_000);

  it('refuses a file it cannot place or read, saying why, and creates nothing', async () => {
    const atlas = await cairn(['codebook', 'import', fixture('atlasti.qdc'), ...at('atlas-review')]);
    expect(atlas.code).toBe(1);
    expect(atlas.stderr).toContain('could not be placed in a code family');
    expect(atlas.stderr).toContain('Memo: follow up with Ferryhill group');
    expect((await cairn(['codebook', 'export', ...at('atlas-review')])).stderr).toContain('That evaluation was not found');

    const truncated = await cairn(['codebook', 'import', fixture('truncated.qdc'), ...at('atlas-review')]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/cut short|ends before/i);

    // With --family every top-level code goes to the family named, a new custom one here.
    const chosen = await cairn(['codebook', 'import', fixture('atlasti.qdc'), ...at('atlas-review'), '--family', 'Tool codes']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toContain('Added the code family tool_code.');
  }, 120_000);
});
