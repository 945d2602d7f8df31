/**
 * Every CSV Cairn serves, with names that a spreadsheet would run as formulas (OWASP CSV injection):
 * each such cell arrives with a quote in front, and numbers and Cairn's "-" for not reported as they are.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor, cliCaller } from '../../src/cli/context.js';
import { grants, organisations, partnerships } from '../../src/db/schema.js';
import { importEvidence } from '../../src/modules/evaluation/evidence-import/import.js';
import { openProgramme } from '../../src/modules/programmes/context.js';
import { type Client, type TestContext, startTestApp } from '../support/http.js';

const DANGER = ["=cmd|' /C calc'!A0", '@SUM(1+1)', '+1+1', '-2+3'] as const;
const base = '/api/v1/programmes/pbsa';
const folder = mkdtempSync(join(tmpdir(), 'cairn-safe-exports-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let t: TestContext;
let admin: Client;

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvOf = (rows: string[][]) => `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@safe.test', { isAdmin: true });
  admin = await t.as('admin@safe.test');
  const prog = (
    await admin.post('/api/v1/programmes', {
      slug: 'pbsa',
      name: 'Place Based Social Action',
      funder: '=HYPERLINK("http://evil.test","Funder")',
    })
  ).json().data as { id: string };

  // Monitoring: a partnership per dangerous name, each with a submitted return; one figure not reported.
  const rows = await t.database.db
    .insert(partnerships)
    .values(DANGER.map((name) => ({ programmeId: prog.id, name })))
    .returning();
  const defs = csvOf([
    ['indicator', 'definition', 'label'],
    ['volunteers', '=1+1 people volunteering', '@volunteers'],
    ['meals', 'Meals served', '-meals'],
  ]);
  const imported = await admin.request('POST', `${base}/indicators/import`, defs, { 'content-type': 'text/csv' });
  expect(imported.statusCode, imported.body).toBe(200);
  const period = (
    await admin.post(`${base}/reporting-periods`, { label: 'Phase 2', startsOn: '2021-04-01', endsOn: '2022-03-31', dueOn: '2099-12-31' })
  ).json().data;
  const indicators = (await admin.get(`${base}/indicators`)).json().data as { id: string; key: string }[];
  for (const [i, p] of rows.entries()) {
    const ret = (await admin.post(`${base}/returns`, { partnershipId: p.id, periodId: period.id })).json().data;
    const values = indicators.map((ind, j) =>
      i === 0 && j === 1
        ? { indicatorId: ind.id, notReported: true, notReportedReason: '=not shared' }
        : { indicatorId: ind.id, value: 10 * i + j },
    );
    expect((await admin.patch(`${base}/returns/${ret.id}`, { values })).statusCode).toBe(200);
    expect((await admin.post(`${base}/returns/${ret.id}/submit`)).statusCode).toBe(200);
  }

  // Grants, for the 360Giving CSV.
  const [org] = await t.database.db
    .insert(organisations)
    .values({ programmeId: prog.id, name: DANGER[0], identifiers: ['GB-COH-09876543'] })
    .returning();
  await t.database.db
    .insert(grants)
    .values({ programmeId: prog.id, title: DANGER[1], recipientOrganisationId: org!.id, amountPence: 100_050, awardedOn: '2021-05-01' });

  // Evaluation: projects, places, participant types, an attribute and codes with the dangerous names.
  const dir = join(folder, 'evidence');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'projects.csv'),
    csvOf([
      ['project', 'place', 'themes', 'coproduction_model'],
      [DANGER[0], DANGER[1], DANGER[2], DANGER[3]],
    ]),
  );
  writeFileSync(
    join(dir, 'respondents.csv'),
    csvOf([
      ['respondent_id', 'project', 'participant_type', 'consent', 'age_band'],
      ...['R1', 'R2', 'R3', 'R4', 'R5', 'R6'].map((r) => [r, DANGER[0], DANGER[3], 'given', DANGER[1]]),
    ]),
  );
  writeFileSync(
    join(dir, 'codings.csv'),
    csvOf([
      ['respondent_id', 'family', 'code'],
      ...['R1', 'R2', 'R3', 'R4', 'R5', 'R6'].flatMap((r) => DANGER.map((code) => [r, 'context', code])),
    ]),
  );
  const ctx = await openProgramme(t.database.db, cliCaller(), 'pbsa');
  await importEvidence(t.database.db, ctx, cliActor(), dir, { evaluation: 'review' });
}, 120_000);

/** Every cell of a CSV answer, after checking it is one. */
async function cellsOf(url: string): Promise<string[]> {
  const res = await admin.get(url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return (parse(res.body, { relax_column_count: true }) as string[][]).flat();
}

/** No cell a spreadsheet would read as a formula, and each dangerous name there, quoted. */
function expectNeutralised(cells: string[], names: readonly string[]) {
  for (const c of cells) {
    if (c === '-' || /^[+-]?\d+(\.\d+)?$/.test(c)) continue;
    expect(c, `cell ${JSON.stringify(c)}`).not.toMatch(/^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/);
  }
  for (const name of names) {
    expect(cells).toContain(`'${name}`);
    expect(cells).not.toContain(name);
  }
}

describe('CSV downloads are safe to open in a spreadsheet', () => {
  it('the portfolio table (monitoring/table.csv), keeping "-" for not reported and the figures as numbers', async () => {
    const cells = await cellsOf(`${base}/monitoring/table.csv?period=Phase%202`);
    expectNeutralised(cells, DANGER);
    expect(cells).toContain('-');
    expect(cells).toContain('31');
  });

  it('the 360Giving CSV', async () => {
    const cells = await cellsOf(`${base}/grants/360giving.csv?funderId=GB-GOR-PB188`);
    expectNeutralised(cells, [DANGER[0], DANGER[1], '=HYPERLINK("http://evil.test","Funder")']);
    expect(cells).toContain('1000.50');
  });

  it('the codebook CSV', async () => {
    expectNeutralised(await cellsOf(`${base}/evaluations/review/codebook.csv`), DANGER);
  });

  it('the cross-tab CSV, by participant type and by place', async () => {
    const byType = await cellsOf(`${base}/evaluations/review/crosstab?family=context&by=participant_type&format=csv`);
    expectNeutralised(byType, DANGER);
    expect(byType).toContain('100.0');
    expectNeutralised(await cellsOf(`${base}/evaluations/review/crosstab?family=context&by=place&format=csv`), [DANGER[1]]);
  });

  it('the respondent × code matrix', async () => {
    expectNeutralised(await cellsOf(`${base}/evaluations/review/matrix.csv`), [DANGER[0], DANGER[1], DANGER[3]]);
  });
});

describe('a quoted name read back', () => {
  it('matches its partnership when a filled-in template or table comes back as a returns import', async () => {
    const csv = `partnership,volunteers\n${DANGER.map((name) => `${cell(`'${name}`)},5`).join('\n')}\n`;
    const res = await admin.request('POST', `${base}/monitoring/import/preview?period=Phase%203&filename=returns.csv`, Buffer.from(csv), {
      'content-type': 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});
