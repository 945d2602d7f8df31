// One engine: the commands' output over services that run the same SQL on both engines (the embedded data folder itself is src/cli/cli.integration-test.ts's).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { openDatabase } from '../db/database.js';
import { grants, indicators, monitoringReturns, organisations, partnerships, programmes, reportingPeriods } from '../db/schema.js';
import { writeFigures } from '../modules/monitoring/returns/figures.js';

// `cairn indicators import`, `cairn monitoring table` and `cairn grants export` as people run them: a
// child process over its own data folder (or, in the postgres project, a fresh database on the server).
const root = fileURLToPath(new URL('../..', import.meta.url));
const ws = cliWorkspace('cairn-cli-monitoring-');
const cairn = ws.cairn;

const FIGURES: Record<string, (number | null)[]> = {
  'Community 360': [11, 828, 9, 11],
  'Grapevine Coventry': [164, 720, 395, 476],
  'NHP Ltd and Halifax Opportunities Trust': [34, 125, 19, 6],
  'Hartcliffe & Withywood Community Partnership': [36, 1143, 201, 8],
  'Joseph Rowntree Housing Trust': [36, 14319, 288, 16],
  'Lincoln City FC Sport & Education Trust': [25, 1013, 210, 98],
  'North East Lincolnshire VCSE Alliance': [null, null, null, null],
  'Onion Collective CIC': [115, 1500, 7, 39],
  'SAFE Regeneration': [285, 25161, 1096, 166],
  'Hackney Volunteer Centre': [74, 1477, 279, 33],
};

/** Submitted returns written straight into the database: returns come in through the API, tested elsewhere. */
async function loadReturns() {
  const database = await openDatabase(ws.serverUrl ? { databaseUrl: ws.serverUrl } : { dataDir: ws.dir, holder: 'the CLI test' });
  try {
    const { db } = database;
    const [prog] = await db.select().from(programmes);
    const defs = await db.select().from(indicators).orderBy(indicators.position);
    const [period] = await db
      .insert(reportingPeriods)
      .values({ programmeId: prog!.id, label: 'Phase 2', startsOn: '2021-04-01', endsOn: '2022-03-31', dueOn: '2022-04-30' })
      .returning();
    for (const p of await db.select().from(partnerships)) {
      const [r] = await db
        .insert(monitoringReturns)
        .values({
          programmeId: prog!.id,
          partnershipId: p.id,
          periodId: period!.id,
          status: 'accepted',
          submittedAt: new Date('2022-04-20T10:00:00Z'),
          comparabilityNote: p.name.startsWith('NHP') ? 'reporting period Nov 2021 - Feb 2022' : '',
        })
        .returning();
      await writeFigures(
        db,
        r!.id,
        defs.map((d, i) => {
          const v = FIGURES[p.name]![i];
          return v === null
            ? { indicatorId: d.id, value: null, textValue: null, notReported: true, notReportedReason: 'monitoring data was not shared' }
            : { indicatorId: d.id, value: String(v), textValue: null, notReported: false, notReportedReason: '' };
        }),
      );
    }
    // The registry import made the organisation; its Companies House number is what 360Giving publishes.
    const [org] = await db
      .update(organisations)
      .set({ identifiers: ['GB-COH-09876543'] })
      .where(eq(organisations.name, 'Onion Collective CIC'))
      .returning();
    await db.insert(grants).values({
      programmeId: prog!.id,
      title: 'Watchet build',
      recipientOrganisationId: org!.id,
      amountPence: 1_000_050,
      awardedOn: '2021-05-01',
    });
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  expect((await cairn(['programme', 'create', '--slug', 'pbsa', '--name', 'Place Based Social Action', '--funder', 'TNLCF'])).code).toBe(0);
  expect(
    (await cairn(['registry', 'import', join(root, 'test/fixtures/registry-import/pbsa-partnerships.csv'), '--programme', 'pbsa'])).code,
  ).toBe(0);
}, 180_000);

describe('cairn indicators, monitoring table and grants export', () => {
  it('imports indicator definitions all or nothing, listing every bad row', async () => {
    const bad = join(ws.dir, 'bad.csv');
    writeFileSync(bad, 'indicator,definition,unit\nvolunteers,People helping,people\nvolunteers,Again,count\nmeals,,count\n');
    const failed = await cairn(['indicators', 'import', bad, '--programme', 'pbsa']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'cairn: Nothing was imported: 3 problems in 3 rows. Fix them and import the file again.\n' +
        '  row 2, unit: “people” is not a unit: use one of count, gbp, percent, hours, text\n' +
        '  row 3, indicator: “volunteers” is already defined in row 2\n' +
        '  row 4, definition: Give the definition: it is shown wherever the number is entered or read\n',
    );
    const ok = await cairn([
      'indicators',
      'import',
      join(root, 'test/fixtures/monitoring/pbsa-indicator-definitions.csv'),
      '--programme',
      'pbsa',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      'Imported 4 indicators.\n  created 4: volunteers, beneficiaries, activities, public_meetings_consultations\n  updated 0\n  unchanged 0\n',
    );
    await loadReturns();
  }, 180_000);

  it('prints the portfolio table as CSV, Markdown and a table, and writes it as .xlsx', async () => {
    const csv = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 2', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('partnership,volunteers,beneficiaries,activities,public_meetings_consultations');
    expect(lines).toContain('North East Lincolnshire VCSE Alliance,-,-,-,-');
    expect(lines.at(-1)).toBe('Total,780,46286,2504,853');
    const noted = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 2', '--format', 'csv-with-notes']);
    expect(noted.code).toBe(0);
    expect(noted.stdout.split('\n')[0]).toBe('partnership,return,volunteers,beneficiaries,activities,public_meetings_consultations,notes');
    expect(noted.stdout).toMatch(
      /\nNorth East Lincolnshire VCSE Alliance,[a-z ]+,-,-,-,-,"volunteers, beneficiaries, activities, public_meetings_consultations: \*\* /,
    );
    const md = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'phase 2', '--format', 'md']);
    expect(md.stdout).toContain('| **Total** | **780** | **46,286** | **2,504** | **853** |');
    expect(md.stdout).toContain('| Reported by | 9 of 10 (9 on time) |');
    const plain = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 2']);
    expect(plain.stdout).toMatch(/^Phase 2: from submitted and accepted returns\n/);
    expect(plain.stdout).toMatch(/\nTotal\s+780\s+46,286\s+2,504\s+853\n/);
    expect(plain.stdout).toContain('\n* reporting period Nov 2021 - Feb 2022\n');

    const noFile = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 2', '--format', 'xlsx']);
    expect(noFile.stderr).toBe('cairn: An .xlsx file cannot be printed: give --output <file.xlsx>.\n');
    const file = join(ws.dir, 'table.xlsx');
    const xlsx = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 2', '--format', 'xlsx', '--output', file]);
    expect(xlsx.stdout).toBe(`Wrote the Phase 2 table to ${file}\n`);
    const sheet = await readSheet(readFileSync(file));
    expect(sheet[0]).toEqual(['partnership', 'volunteers', 'beneficiaries', 'activities', 'public_meetings_consultations']);
    expect(sheet.find((r) => r[0] === 'Total')).toEqual(['Total', 780, 46286, 2504, 853]);

    const missing = await cairn(['monitoring', 'table', '--programme', 'pbsa', '--period', 'Phase 7']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('cairn: The reporting period “Phase 7” was not found, or you do not have access to it.\n');
  }, 180_000);

  it('exports grants as 360Giving CSV and JSON', async () => {
    const csv = await cairn(['grants', 'export', '--programme', 'pbsa', '--format', '360giving-csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[1]).toMatch(
      /^360G-cairn-pbsa-[0-9a-f-]{36},Watchet build,Watchet build,GBP,10000.50,2021-05-01,,,GB-COH-09876543,Onion Collective CIC,360G-cairn-pbsa-funder,TNLCF,Place Based Social Action$/,
    );
    const json = await cairn([
      'grants',
      'export',
      '--programme',
      'pbsa',
      '--format',
      '360giving-json',
      '--prefix',
      '360G-tnlcf',
      '--funder-id',
      'GB-GOR-PB188',
    ]);
    expect(JSON.parse(json.stdout).grants[0]).toMatchObject({
      amountAwarded: 10000.5,
      fundingOrganization: [{ id: 'GB-GOR-PB188', name: 'TNLCF' }],
    });
    const bad = await cairn(['grants', 'export', '--programme', 'pbsa', '--format', '360giving-csv', '--prefix', 'cairn']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe(
      'cairn: cairn is not a 360Giving prefix: it starts 360G- and goes on with letters, digits, - or _',
    );
  }, 180_000);
});
