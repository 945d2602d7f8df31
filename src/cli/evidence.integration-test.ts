import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';

// `cairn evidence import` and `cairn analyse` as people run them: a child process over a data folder of its own.
const ws = cliWorkspace('cairn-evidence-cli-');
const cairn = ws.cairn;

function folder(name: string, respondents: string) {
  const dir = join(ws.dir, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'projects.csv'),
    'project,place,themes,coproduction_model\nMill Lane Pantry,Millbrook,Food;Health,Co-production\nCanal Club,Canalside,Health,Community-led\n',
  );
  writeFileSync(join(dir, 'respondents.csv'), respondents);
  writeFileSync(
    join(dir, 'codings.csv'),
    'respondent_id,family,code\nP1,mechanism,Being listened to\nP2,mechanism,Being listened to\nP3,mechanism,Shared ownership\nP4,mechanism,Being listened to\nP5,mechanism,Shared ownership\nP6,mechanism,Being listened to\n',
  );
  return dir;
}
const PEOPLE =
  'respondent_id,project,participant_type,consent\nP1,Mill Lane Pantry,Partner,given\nP2,Mill Lane Pantry,Community Member,given\nP3,Mill Lane Pantry,Community Member,given\nP4,Canal Club,Community Member,given\nP5,Canal Club,Community Member,given\nP6,Canal Club,Partner,withdrawn\n';

beforeAll(async () => {
  const run = await cairn(['programme', 'create', '--slug', 'riverlands', '--name', 'Riverlands Fund']);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('cairn evidence import', () => {
  it('refuses a folder with a bad row, naming file, row and column, and writes nothing', async () => {
    const bad = folder('bad', PEOPLE.replace('P4,Canal Club,Community Member,given', 'P4,Canal Club,Community Member,yes'));
    const run = await cairn(['evidence', 'import', bad, '--programme', 'riverlands', '--evaluation', 'riverlands-review']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('respondents.csv row 5, consent: must be given or withdrawn, not “yes”');
    const crosstab = await cairn([
      'analyse',
      'crosstab',
      '--programme',
      'riverlands',
      '--evaluation',
      'riverlands-review',
      '--family',
      'mechanism',
    ]);
    expect(crosstab.code).toBe(1);
    expect(crosstab.stderr).toContain('That evaluation was not found');
  }, 120_000);

  it('imports a folder, creating the evaluation, then cross-tabulates it as CSV', async () => {
    const dir = folder('good', PEOPLE);
    const run = await cairn([
      'evidence',
      'import',
      dir,
      '--programme',
      'riverlands',
      '--evaluation',
      'riverlands-review',
      '--title',
      'Riverlands review',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Imported the evidence into “Riverlands review” (riverlands-review).');
    expect(run.stdout).toContain('Respondents: 6 added, 0 updated; 1 with consent withdrawn (left out of every analysis).');

    // Health: P1–P5 (Mill Lane Pantry carries Food and Health; P6 withdrew). Food: P1–P3, under the threshold of 5.
    const csv = await cairn([
      'analyse',
      'crosstab',
      '--programme',
      'riverlands',
      '--evaluation',
      'riverlands-review',
      '--family',
      'mechanism',
      '--by',
      'theme',
      '--format',
      'csv',
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(
      [
        'group,n_group,code,n_code,percent',
        'Food,,Being listened to,,',
        'Food,,Shared ownership,,',
        'Health,5,Being listened to,3,60.0',
        'Health,5,Shared ownership,2,40.0',
        '',
      ].join('\n'),
    );
    expect(csv.stderr).toContain('Counts blanked for groups under 5 respondents: Food.');

    const shown = await cairn([
      'analyse',
      'crosstab',
      '--programme',
      'riverlands',
      '--evaluation',
      'riverlands-review',
      '--family',
      'mechanism',
      '--by',
      'theme',
      '--include-small-groups',
    ]);
    expect(shown.stdout).toContain('Food,3,Being listened to,2,66.7\n');

    const out = join(ws.dir, 'matrix.csv');
    const matrix = await cairn(['analyse', 'matrix', '--programme', 'riverlands', '--evaluation', 'riverlands-review', '--output', out]);
    expect(matrix.code, matrix.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'respondent_id,participant_type,project,themes,coproduction_model,place,phase,mechanism_being_listened_to,mechanism_shared_ownership',
    );
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe('P1,Partner,Mill Lane Pantry,Food;Health,Co-production,Millbrook,,1,0');
  }, 120_000);
});
