// One engine: figure files written by the CLI; the SQL beneath is the same on both engines.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { unzip } from '../../test/support/unzip.js';

// `cairn analyse figures` as people run it: a child process over an evidence folder imported first.
const ws = cliWorkspace('cairn-figures-cli-');
const cairn = ws.cairn;
const common = ['--programme', 'riverlands', '--evaluation', 'review'];

beforeAll(async () => {
  expect((await cairn(['programme', 'create', '--slug', 'riverlands', '--name', 'Riverlands Fund'])).code).toBe(0);
  const dir = join(ws.dir, 'evidence');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'projects.csv'),
    'project,place,themes,coproduction_model\nMill Lane Pantry,Millbrook,Food;Health,Co-production\nCanal Club,Canalside,Health,Community-led\n',
  );
  writeFileSync(
    join(dir, 'respondents.csv'),
    'respondent_id,project,participant_type,consent\nP1,Mill Lane Pantry,Partner,given\nP2,Mill Lane Pantry,Community Member,given\nP3,Canal Club,Community Member,given\nP4,Canal Club,Partner,withdrawn\n',
  );
  writeFileSync(
    join(dir, 'codings.csv'),
    'respondent_id,family,code\nP1,context,Made to feel welcome\nP2,context,Needs assessment\nP3,mechanism,Pride\nP4,mechanism,Pride\n',
  );
  const run = await cairn(['evidence', 'import', dir, ...common, '--title', 'Riverlands review']);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('cairn analyse figures', () => {
  it('writes one Word report with every figure it can draw, and says which families it skipped', async () => {
    const out = join(ws.dir, 'report');
    const run = await cairn(['analyse', 'figures', ...common, '--out', out, '--format', 'docx']);
    expect(run.code, run.stderr).toBe(0);
    // Progress, a line per figure (stderr is not a terminal here), and a line for each skipped one.
    expect(run.stderr).toContain('Drew Figure C.4: Contexts, all respondents (4 of 19)');
    expect(run.stderr).toContain(
      'Skipped Figure C.1: Self-identified outcomes by participant type: Self-identified outcomes has no codes in this evaluation yet.',
    );
    expect(run.stderr).toContain('Skipped Figure C.19: Long-term outcomes by co-production model');
    expect(run.stdout).toContain(`Wrote 8 figures of “Riverlands review” to ${join(out, 'riverlands-review-figures.docx')}`);
    // Three respondents, under the threshold of 5: their number is suppressed, as in the figures.
    expect(run.stdout).toContain('Counted fewer than 5 respondents with consent given (their number is suppressed).');
    expect(run.stdout).not.toContain('Counted the 3');
    const bytes = readFileSync(join(out, 'riverlands-review-figures.docx'));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const xml = unzip(bytes).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Figure C.4: Contexts, all respondents');
    expect(xml).toContain('Figure C.9: Mechanisms by participant type');
  }, 120_000);

  it('writes a file per figure, C.4.svg and on, into the folder', async () => {
    const out = join(ws.dir, 'svgs');
    const run = await cairn(['analyse', 'figures', ...common, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))).toEqual([
      'C.4.svg',
      'C.5.svg',
      'C.6.svg',
      'C.7.svg',
      'C.8.svg',
      'C.9.svg',
      'C.10.svg',
      'C.11.svg',
    ]);
    const c5 = readFileSync(join(out, 'C.5.svg'), 'utf8');
    expect(c5).toContain('Figure C.5: Contexts by participant type');
    expect(c5).toContain('Suppressed: Partner and Community Member, fewer than 5 respondents');
    expect(c5).not.toMatch(/N=1|N=2/);
  }, 120_000);

  it('refuses an --out that is a file, and an unknown evaluation, in one line each', async () => {
    const file = join(ws.dir, 'a-file.txt');
    writeFileSync(file, 'not a folder');
    const notFolder = await cairn(['analyse', 'figures', ...common, '--out', file]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toContain('--out must be a folder');
    const missing = await cairn(['analyse', 'figures', '--programme', 'riverlands', '--evaluation', 'nope', '--out', join(ws.dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('That evaluation was not found');
  }, 120_000);
});
