// One engine: the commands' output over services that run the same SQL on both engines (the import's and summary's SQL is tested on both in src/modules/participation/place-standard/place-standard.integration-test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';
import { openDatabase } from '../db/database.js';
import { placeResponses, placeSurveys, programmes } from '../db/schema.js';

// `cairn placestandard import` and `summary` as people run them, on the fixture whose summary was worked
// out independently (test/fixtures/place-standard/summary-expected.csv, computed outside Cairn).
const fixtures = fileURLToPath(new URL('../../test/fixtures/place-standard/', import.meta.url));
const ws = cliWorkspace('cairn-cli-placestandard-');
const cairn = ws.cairn;
const target = ['--programme', 'inverclyde', '--survey', 'our-place'];

async function withDb<T>(run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(ws.serverUrl ? { databaseUrl: ws.serverUrl } : { dataDir: ws.dir, holder: 'the CLI test' });
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  await withDb(async (db) => {
    const [prog] = await db.insert(programmes).values({ slug: 'inverclyde', name: 'Inverclyde test' }).returning();
    await db.insert(placeSurveys).values({ programmeId: prog!.id, slug: 'our-place', title: 'Our Place, Our Future', status: 'open' });
  });
}, 60_000);

describe('cairn placestandard', () => {
  it('refuses a file with bad rows, naming each row and column, and writes nothing', async () => {
    const bad = await cairn(['placestandard', 'import', join(fixtures, 'scores-bad.csv'), ...target]);
    expect(bad.code).not.toBe(0);
    const [first, ...rest] = bad.stderr.trim().split('\n');
    expect(first).toMatch(/^cairn: Nothing was imported\. Row 3, theme_3: "8" is not a score from 1 to 7/);
    expect(rest.join('\n')).toContain('Enter the locality');
    expect(rest.join('\n')).toContain('Respondent R001 already answered wave 1 on row 2');
    expect(await withDb((db) => db.select().from(placeResponses))).toHaveLength(0);
  }, 120_000);

  it('imports every row, then summarises exactly as worked out independently, in csv and json', async () => {
    const imported = await cairn(['placestandard', 'import', join(fixtures, 'scores.csv'), ...target, '--format', 'json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ survey: 'our-place', imported: 31 });

    const csv = await cairn(['placestandard', 'summary', ...target, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(readFileSync(join(fixtures, 'summary-expected.csv'), 'utf8'));

    const json = await cairn(['placestandard', 'summary', ...target, '--format', 'json']);
    const rows = JSON.parse(json.stdout);
    expect(rows).toHaveLength(5 * 14);
    expect(rows.find((r: { locality: string; wave: string }) => r.locality === 'Port Glasgow' && r.wave === '2')).toMatchObject({
      responses: 3,
      median: null,
      mean: null,
      suppressed: true,
    });
  }, 240_000);
});
