// One engine: what the CLI writes into CSV and XLSX cells; the database beneath is not the subject.
/**
 * The CLI's CSV and XLSX output with names a spreadsheet would run as formulas: every such cell is
 * quoted (src/spreadsheet/safe-cells.ts), the sheets hold no formula, and an argument holding a control
 * character stops with one line.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { unzip } from '../../test/support/unzip.js';

const ws = cliWorkspace('cairn-cli-safe-');
const cairn = ws.cairn;
const DANGER = ["=cmd|' /C calc'!A0", '@SUM(1+1)', '+1+1', '-2+3'] as const;
const where = ['--programme', 'safe'];

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvOf = (rows: string[][]) => `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
function file(name: string, rows: string[][]) {
  const path = join(ws.dir, name);
  writeFileSync(path, csvOf(rows));
  return path;
}

/** No cell a spreadsheet would read as a formula, and each dangerous name there, quoted. */
function expectNeutralised(cells: unknown[], names: readonly string[]) {
  for (const c of cells) {
    if (typeof c !== 'string' || c === '-' || /^[+-]?\d+(\.\d+)?$/.test(c)) continue;
    expect(c, `cell ${JSON.stringify(c)}`).not.toMatch(/^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/);
  }
  for (const name of names) {
    expect(cells).toContain(`'${name}`);
    expect(cells).not.toContain(name);
  }
}

/** An .xlsx as its cells, after checking its sheet XML holds no formula and keeps text as shared strings. */
async function sheetCells(path: string): Promise<unknown[]> {
  const bytes = readFileSync(path);
  const xml = unzip(bytes).get('xl/worksheets/sheet1.xml')!.toString('utf8');
  expect(xml).not.toContain('<f>');
  expect(xml).toMatch(/t="s"/);
  return (await readSheet(bytes)).flat();
}

beforeAll(async () => {
  const run = async (args: string[]) => {
    const r = await cairn(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  await run(['programme', 'create', '--slug', 'safe', '--name', '@Programme', '--funder', 'TNLCF']);
  await run([
    'registry',
    'import',
    file('registry.csv', [['partnership', 'place'], ...DANGER.map((name, i) => [name, `Place ${i}`])]),
    ...where,
  ]);
  await run([
    'indicators',
    'import',
    file('indicators.csv', [
      ['indicator', 'definition'],
      ['volunteers', 'People helping'],
      ['meals', 'Meals served'],
    ]),
    ...where,
  ]);
  await run([
    'monitoring',
    'import',
    file('returns.csv', [['partnership', 'volunteers', 'meals'], ...DANGER.map((name, i) => [name, String(i + 1), i === 0 ? '-' : '5'])]),
    ...where,
    '--period',
    'Phase 2',
  ]);
  const evidence = join(ws.dir, 'evidence');
  mkdirSync(evidence);
  writeFileSync(
    join(evidence, 'projects.csv'),
    csvOf([
      ['project', 'place', 'themes', 'coproduction_model'],
      ['Garden', 'Place 0', 'Food', 'Co-design'],
    ]),
  );
  writeFileSync(
    join(evidence, 'respondents.csv'),
    csvOf([
      ['respondent_id', 'project', 'participant_type', 'consent'],
      ...[1, 2, 3, 4, 5, 6].map((n) => [`R${n}`, 'Garden', DANGER[3], 'given']),
    ]),
  );
  writeFileSync(
    join(evidence, 'codings.csv'),
    csvOf([['respondent_id', 'family', 'code'], ...[1, 2, 3, 4, 5, 6].flatMap((n) => DANGER.map((code) => [`R${n}`, 'context', code]))]),
  );
  await run(['evidence', 'import', evidence, ...where, '--evaluation', 'review']);
}, 240_000);

describe('the CLI writes spreadsheet-safe CSV and XLSX', () => {
  it('cairn monitoring table --format csv and --format xlsx', async () => {
    const csv = await cairn(['monitoring', 'table', ...where, '--period', 'Phase 2', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const cells = (parse(csv.stdout, { relax_column_count: true }) as string[][]).flat();
    expectNeutralised(cells, DANGER);
    expect(cells).toContain('-');

    const out = join(ws.dir, 'table.xlsx');
    const xlsx = await cairn(['monitoring', 'table', ...where, '--period', 'Phase 2', '--format', 'xlsx', '--output', out]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    const sheet = await sheetCells(out);
    expectNeutralised(sheet, DANGER);
    expect(sheet).toContain(4); // figures stay numbers
  }, 60_000);

  it('cairn analyse crosstab --format csv and --format xlsx', async () => {
    const csv = await cairn([
      'analyse',
      'crosstab',
      ...where,
      '--evaluation',
      'review',
      '--family',
      'context',
      '--by',
      'participant_type',
      '--format',
      'csv',
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    expectNeutralised((parse(csv.stdout) as string[][]).flat(), DANGER);

    const out = join(ws.dir, 'crosstab.xlsx');
    const xlsx = await cairn([
      'analyse',
      'crosstab',
      ...where,
      '--evaluation',
      'review',
      '--family',
      'context',
      '--by',
      'participant_type',
      '--format',
      'xlsx',
      '--output',
      out,
    ]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expectNeutralised(await sheetCells(out), DANGER);
  }, 60_000);

  it('cairn codebook export --format csv and cairn programme list --format csv', async () => {
    const codebook = await cairn(['codebook', 'export', ...where, '--evaluation', 'review', '--format', 'csv']);
    expect(codebook.code, codebook.stderr).toBe(0);
    expectNeutralised((parse(codebook.stdout) as string[][]).flat(), DANGER);
    const list = await cairn(['programme', 'list', '--format', 'csv']);
    expect(list.code, list.stderr).toBe(0);
    expectNeutralised((parse(list.stdout) as string[][]).flat(), ['@Programme']);
  }, 60_000);
});

describe('an argument with a control character', () => {
  it('stops with one line naming the option, before the database is touched', async () => {
    const run = await cairn(['programme', 'create', '--slug', 'bell\u0007', '--name', 'Bell']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'cairn: --slug holds an invisible control character (such as a NUL or an escape): type the value again.\n  --slug: remove the invisible control character\n',
    );
    const tab = await cairn(['monitoring', 'table', ...where, '--period', 'Phase\t2']);
    expect(tab.stderr).toMatch(/^cairn: --period holds an invisible control character/);
  }, 60_000);
});
