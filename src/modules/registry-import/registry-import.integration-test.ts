import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.js';
import { type TestContext, startTestApp } from '../../../test/support/http.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/registry-import/${name}`, import.meta.url));
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cairn.test', { isAdmin: true });
  const manager = await t.makeUser('manager@cairn.test');
  const viewer = await t.makeUser('viewer@cairn.test');
  await t.makeUser('stranger@cairn.test');
  const admin = await t.as('admin@cairn.test');
  for (const slug of ['pbsa', 'other'])
    expect((await admin.post('/api/v1/programmes', { slug, name: slug.toUpperCase() })).statusCode).toBe(201);
  await admin.put(`/api/v1/users/${manager.id}/programme-roles/pbsa`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${viewer.id}/programme-roles/pbsa`, { role: 'viewer' });
});

const upload = (c: Client, slug: string, body: Buffer | string, type: string, filename: string, preview = false) =>
  c.request(
    'POST',
    `/api/v1/programmes/${slug}/registry-import${preview ? '/preview' : ''}?filename=${encodeURIComponent(filename)}`,
    body,
    {
      'content-type': type,
    },
  );

async function counts(c: Client, slug: string) {
  const res = await c.get(`/api/v1/programmes/${slug}`);
  expect(res.statusCode).toBe(200);
  return res.json().data.counts as { partnerships: number; places: number; organisations: number };
}

describe('registry import over HTTP', () => {
  it('previews the PBSA sheet without writing anything', async () => {
    const manager = await t.as('manager@cairn.test');
    const res = await upload(manager, 'pbsa', fixture('pbsa-partnerships.csv'), 'text/csv; charset=utf-8', 'pbsa.csv', true);
    expect(res.statusCode).toBe(200);
    // Windows browsers label a .csv as an Excel type; the bytes say it is CSV.
    expect((await upload(manager, 'pbsa', fixture('pbsa-partnerships.csv'), 'application/vnd.ms-excel', 'pbsa.csv', true)).statusCode).toBe(
      200,
    );
    const plan = res.json().data;
    expect(plan.rows).toBe(10);
    expect(plan.creates.partnerships).toHaveLength(10);
    expect(plan.creates.places).toHaveLength(10);
    expect(plan.creates.organisations).toContainEqual({ name: 'Onion Collective CIC', type: 'Community interest company' });
    expect(await counts(manager, 'pbsa')).toMatchObject({ partnerships: 0, places: 0, organisations: 0 });
  });

  it('refuses a sheet with bad rows, naming every row and field, and writes nothing', async () => {
    const manager = await t.as('manager@cairn.test');
    const res = await upload(manager, 'pbsa', fixture('bad-rows.csv'), CSV, 'bad-rows.csv');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.detail).toBe('Nothing was imported: 7 problems in 7 rows. Fix them and import the file again.');
    expect(body.errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['rows', 2, 'partnership'],
      ['rows', 3, 'partnership'],
      ['rows', 4, 'nation'],
      ['rows', 5, 'organisation_type'],
      ['rows', 6, 'place'],
      ['rows', 7, 'partnership'],
      ['rows', 8, 'organisation_type'],
    ]);
    expect(await counts(manager, 'pbsa')).toMatchObject({ partnerships: 0, places: 0, organisations: 0 });
  });

  it('writes nothing when just one row of an otherwise good sheet is wrong', async () => {
    const manager = await t.as('manager@cairn.test');
    const sheet = fixture('pbsa-partnerships.csv').toString('utf8').replace('Hackney,London,England', 'Hackney,London,Atlantis');
    const res = await upload(manager, 'pbsa', sheet, CSV, 'pbsa.csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: ['rows', 11, 'nation'], message: expect.stringContaining('“Atlantis” is not a nation') }]);
    expect(await counts(manager, 'pbsa')).toMatchObject({ partnerships: 0, places: 0, organisations: 0 });
  });

  it('imports the Excel workbook in full, leads as members, with an audit trail', async () => {
    const manager = await t.as('manager@cairn.test');
    const res = await upload(manager, 'pbsa', fixture('pbsa-partnerships.xlsx'), XLSX, 'pbsa.xlsx');
    expect(res.statusCode).toBe(201);
    expect(await counts(manager, 'pbsa')).toMatchObject({ partnerships: 10, places: 10, organisations: 10 });
    const list = await manager.get('/api/v1/programmes/pbsa/partnerships?q=Onion');
    const onion = list.json().data[0];
    expect(onion).toMatchObject({
      name: 'Onion Collective CIC',
      place: { name: 'Watchet' },
      leadOrganisation: { name: 'Onion Collective CIC' },
      memberCount: 1,
    });
    const audit = await manager.get('/api/v1/programmes/pbsa/audit');
    expect(audit.statusCode).toBe(200);
    expect(JSON.stringify(audit.json())).toContain('Imported pbsa.xlsx: 10 partnerships, 10 places and 10 organisations added');
  });

  it('matches rather than duplicates when the same sheet comes again', async () => {
    const manager = await t.as('manager@cairn.test');
    const res = await upload(manager, 'pbsa', fixture('pbsa-partnerships.csv'), CSV, 'pbsa.csv');
    expect(res.statusCode).toBe(201);
    const plan = res.json().data;
    expect(plan.creates).toEqual({ places: [], organisations: [], partnerships: [] });
    expect(plan.matches.partnerships).toHaveLength(10);
    expect(await counts(manager, 'pbsa')).toMatchObject({ partnerships: 10, places: 10, organisations: 10 });
  });

  it('answers a clear 422, never a 500, for files that are not spreadsheets', async () => {
    const manager = await t.as('manager@cairn.test');
    const cases: [Buffer | string, string, string, RegExp][] = [
      [fixture('not-a-spreadsheet.png'), 'application/octet-stream', 'registry.png', /picture, not a spreadsheet/],
      [fixture('malformed.csv'), CSV, 'malformed.csv', /quotation mark is opened but never closed/],
      [fixture('truncated.xlsx'), XLSX, 'truncated.xlsx', /damaged or incomplete/],
      [Buffer.alloc(0), CSV, 'empty.csv', /empty/],
    ];
    for (const [body, type, name, detail] of cases) {
      const res = await upload(manager, 'pbsa', body, type, name, true);
      expect(res.statusCode, name).toBe(422);
      expect(res.json().detail, name).toMatch(detail);
    }
    const json = await manager.request('POST', '/api/v1/programmes/pbsa/registry-import', { partnership: 'x' });
    expect(json.statusCode).toBe(422);
    expect(json.json().detail).toMatch(/Send the spreadsheet itself/);
  });

  it('lets only managers import: 403 inside the programme, 404 outside it, 401 signed out', async () => {
    const sheet = fixture('pbsa-partnerships.csv');
    expect((await upload(await t.as('viewer@cairn.test'), 'pbsa', sheet, CSV, 'x.csv', true)).statusCode).toBe(403);
    expect((await upload(await t.as('viewer@cairn.test'), 'pbsa', sheet, CSV, 'x.csv')).statusCode).toBe(403);
    expect((await upload(await t.as('stranger@cairn.test'), 'pbsa', sheet, CSV, 'x.csv')).statusCode).toBe(404);
    expect((await upload(await t.as('manager@cairn.test'), 'other', sheet, CSV, 'x.csv')).statusCode).toBe(404);
    expect((await upload(t.anonymous(), 'pbsa', sheet, CSV, 'x.csv')).statusCode).toBe(401);
  });
});
