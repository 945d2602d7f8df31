// One engine: disclosure control in the CLI's output; the counting SQL is tested on both engines by analysis/disclosure.integration-test.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { unzip } from '../../test/support/unzip.js';

// `cairn analyse crosstab` in every format applies the same disclosure control as the API (issue 12,
// point 5). Seven community members (4 identified Trust), six community anchors (5) and two partners (1):
// the partners are under the threshold of 5, and the anchors are suppressed with them, else 15 − 7 − 6
// would give the partners' size back.
const ws = cliWorkspace('cairn-disclosure-cli-');
const cairn = ws.cairn;
const args = [
  'analyse',
  'crosstab',
  '--programme',
  'riverlands',
  '--evaluation',
  'review',
  '--family',
  'mechanism',
  '--by',
  'participant_type',
];

beforeAll(async () => {
  expect((await cairn(['programme', 'create', '--slug', 'riverlands', '--name', 'Riverlands Fund'])).code).toBe(0);
  const dir = join(ws.dir, 'evidence');
  mkdirSync(dir);
  const people = [
    ...Array.from({ length: 7 }, (_, i) => [`M${i + 1}`, 'Community Member', i < 4] as const),
    ...Array.from({ length: 6 }, (_, i) => [`A${i + 1}`, 'Community Anchor', i < 5] as const),
    ['P1', 'Partner', true] as const,
    ['P2', 'Partner', false] as const,
  ];
  writeFileSync(join(dir, 'projects.csv'), 'project,place,themes,coproduction_model\nHill Hub,Hilltop,Food,Community-led\n');
  writeFileSync(
    join(dir, 'respondents.csv'),
    `${['respondent_id,project,participant_type,consent', ...people.map(([r, type]) => `${r},Hill Hub,${type},given`)].join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'codings.csv'),
    `${['respondent_id,family,code', ...people.map(([r, , trust]) => `${r},mechanism,${trust ? 'Trust' : 'Pride'}`)].join('\n')}\n`,
  );
  const run = await cairn(['evidence', 'import', dir, '--programme', 'riverlands', '--evaluation', 'review']);
  expect(run.code, run.stderr).toBe(0);
}, 180_000);

describe('cairn analyse crosstab: disclosure control in every format', () => {
  it('xlsx: the suppressed groups’ cells are empty, their sizes included', async () => {
    const out = join(ws.dir, 'crosstab.xlsx');
    const run = await cairn([...args, '--format', 'xlsx', '--output', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'Counts blanked for groups under 5 respondents: Partner; and, so that those cannot be worked out from the totals: Community Anchor.',
    );
    const files = unzip(readFileSync(out));
    const sheet = [...files].find(([name]) => name.startsWith('xl/worksheets/'))![1].toString('utf8');
    const strings = files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
    // Every number in the sheet (cells without a string type): only the community members' 7, 4 (57.1%), 3 (42.9%).
    const numbers = [...sheet.matchAll(/<c\b([^>]*)>(.*?)<\/c>/g)]
      .filter((m) => !/\bt="(s|str|inlineStr)"/.test(m[1]!))
      .map((m) => /<v>([^<]*)<\/v>/.exec(m[2]!)?.[1])
      .filter((v): v is string => v !== undefined);
    expect(new Set(numbers)).toEqual(new Set(['7', '4', '57.1', '3', '42.9']));
    expect(sheet + strings).toContain('Community Anchor');
  }, 120_000);

  it('json: null where suppressed, with the reason; the override shows them', async () => {
    const run = await cairn([...args, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const table = JSON.parse(run.stdout) as {
      groups: { group: string; nGroup: number | null; reason: string | null }[];
      rows: { group: string; nCode: number | null }[];
    };
    expect(table.groups.map((g) => [g.group, g.nGroup, g.reason])).toEqual([
      ['Community Member', 7, null],
      ['Community Anchor', null, 'secondary'],
      ['Partner', null, 'small group'],
    ]);
    expect(table.rows.filter((r) => r.group !== 'Community Member').every((r) => r.nCode === null)).toBe(true);

    const shown = await cairn([...args, '--format', 'json', '--include-small-groups']);
    const all = JSON.parse(shown.stdout) as typeof table;
    expect(all.groups.map((g) => g.nGroup)).toEqual([7, 6, 2]);
  }, 120_000);
});
