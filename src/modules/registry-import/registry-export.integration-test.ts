/**
 * The registry's downloads (issue 14, point 11): the import's template, and an export the import reads
 * back — as CSV and .xlsx — round trip included; and an identical re-import offers nothing to import.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.js';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { unzip } from '../../../test/support/unzip.js';
import { COLUMNS } from './sheet.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/registry-import/${name}`, import.meta.url));
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestContext;
let manager: Client;
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@export.test', { isAdmin: true });
  const m = await t.makeUser('manager@export.test');
  const viewer = await t.makeUser('viewer@export.test');
  const member = await t.makeUser('member@export.test');
  const admin = await t.as('admin@export.test');
  for (const slug of ['pbsa', 'copy'])
    expect((await admin.post('/api/v1/programmes', { slug, name: slug.toUpperCase() })).statusCode).toBe(201);
  for (const slug of ['pbsa', 'copy']) await admin.put(`/api/v1/users/${m.id}/programme-roles/${slug}`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${viewer.id}/programme-roles/pbsa`, { role: 'viewer' });
  manager = await t.as('manager@export.test');
  expect((await upload(manager, 'pbsa', fixture('pbsa-partnerships.csv'), CSV, 'pbsa.csv')).statusCode).toBe(201);
  // A partnership with no place yet: exported with an empty place, which the import accepts for it.
  const made = await manager.post('/api/v1/programmes/pbsa/partnerships', { name: 'Placeless Partnership' });
  expect(made.statusCode).toBe(201);
  await admin.put(`/api/v1/users/${member.id}/partnerships/${made.json().data.id}`);
});

const upload = (c: Client, slug: string, body: Buffer | string, type: string, filename: string, preview = false) =>
  c.request(
    'POST',
    `/api/v1/programmes/${slug}/registry-import${preview ? '/preview' : ''}?filename=${encodeURIComponent(filename)}`,
    body,
    { 'content-type': type },
  );

const download = async (c: Client, path: string) => {
  const res = await c.get(`/api/v1/programmes/${path}`);
  expect(res.statusCode, `${path}: ${res.body.slice(0, 200)}`).toBe(200);
  return res;
};

/** The names of an .xlsx file's sheets, in order. */
const sheetNames = (bytes: Buffer) =>
  [
    ...unzip(bytes)
      .get('xl/workbook.xml')!
      .toString('utf8')
      .matchAll(/<sheet [^>]*name="([^"]+)"/g),
  ].map((m) => m[1]);

describe('registry template and export', () => {
  it('the template has the import’s columns; the .xlsx adds notes on a second sheet, which the import does not read', async () => {
    const csv = await download(manager, 'pbsa/registry-import/template.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pbsa-registry-template.csv"');
    expect(parse(csv.body)).toEqual([[...COLUMNS]]);
    const xlsx = await download(manager, 'pbsa/registry-import/template.xlsx');
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(sheetNames(xlsx.rawPayload)).toEqual(['partnerships', 'notes']);
    const notes = unzip(xlsx.rawPayload).get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
    expect(notes).toContain('Community interest company');
    expect(notes).toContain('England, Scotland, Wales, Northern Ireland');
    // The import reads the template's first sheet: its heading row, with nothing under it yet.
    const back = await upload(manager, 'pbsa', xlsx.rawPayload, XLSX, 'template.xlsx', true);
    expect(back.statusCode).toBe(422);
    expect(back.json().detail).toBe('The file has a header row but no partnerships under it.');
  });

  it('exports partnerships in the import’s columns, and places, organisations and projects, as CSV and .xlsx', async () => {
    const csv = parse((await download(manager, 'pbsa/registry-export.csv')).body) as string[][];
    expect(csv[0]).toEqual([...COLUMNS]);
    expect(csv).toHaveLength(12);
    // in_programme_from: the day it was added (no date was given), so the import reads it back unchanged.
    expect(csv.find((r) => r[0] === 'Placeless Partnership')).toEqual([
      'Placeless Partnership',
      '',
      '',
      '',
      '',
      '',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    ]);
    const places = parse((await download(manager, 'pbsa/registry-export.csv?records=places')).body) as string[][];
    expect(places[0]).toEqual(['place', 'region', 'nation', 'local_authority', 'area_code', 'deprivation_index', 'deprivation_decile']);
    expect(places).toHaveLength(11);
    const orgs = parse((await download(manager, 'pbsa/registry-export.csv?records=organisations')).body) as string[][];
    expect(orgs).toContainEqual(['Onion Collective CIC', 'Community interest company', '', '']);
    const projects = await download(manager, 'pbsa/registry-export.csv?records=projects');
    expect(parse(projects.body)).toEqual([['project', 'partnership', 'description', 'provenance']]);
    const xlsx = await download(manager, 'pbsa/registry-export.xlsx');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="pbsa-registry.xlsx"');
    expect(sheetNames(xlsx.rawPayload)).toEqual(['partnerships', 'places', 'organisations', 'projects']);
  });

  it('an export imported back into its programme is all unchanged: nothing is offered and nothing written', async () => {
    for (const [bytes, type, name] of [
      [(await download(manager, 'pbsa/registry-export.csv')).rawPayload, CSV, 'export.csv'],
      [(await download(manager, 'pbsa/registry-export.xlsx')).rawPayload, XLSX, 'export.xlsx'],
      [fixture('pbsa-partnerships.csv'), CSV, 'pbsa.csv'],
    ] as const) {
      const res = await upload(manager, 'pbsa', bytes, type, name, true);
      expect(res.statusCode, `${name}: ${res.body.slice(0, 300)}`).toBe(200);
      const plan = res.json().data;
      expect(plan.changes, name).toBe(0);
      expect(plan.creates).toEqual({ places: [], organisations: [], partnerships: [] });
      expect(
        plan.matches.partnerships.every((m: { setPlace: null; setLeadOrganisation: null }) => !m.setPlace && !m.setLeadOrganisation),
      ).toBe(true);
      expect(plan.warnings, name).toEqual([]);
    }
  });

  it('round trip: the export imported into an empty programme exports the same again', async () => {
    const first = await download(manager, 'pbsa/registry-export.xlsx');
    const into = await upload(manager, 'copy', first.rawPayload, XLSX, 'pbsa-registry.xlsx');
    // The placeless partnership is new to this programme, and a new partnership needs a place.
    expect(into.statusCode).toBe(422);
    expect(into.json().errors).toEqual([{ path: ['rows', 11, 'place'], message: 'Enter the place’s name: a new partnership needs one' }]);
    const csv = (await download(manager, 'pbsa/registry-export.csv')).body;
    const withPlaces = csv
      .split('\n')
      .filter((line) => !line.startsWith('Placeless Partnership'))
      .join('\n');
    const imported = await upload(manager, 'copy', withPlaces, CSV, 'pbsa-registry.csv');
    expect(imported.statusCode).toBe(201);
    expect(imported.json().data.changes).toBe(30);
    const again = (await download(manager, 'copy/registry-export.csv')).body;
    expect(again).toBe(withPlaces);
    for (const records of ['places', 'organisations']) {
      expect((await download(manager, `copy/registry-export.csv?records=${records}`)).body).toBe(
        (await download(manager, `pbsa/registry-export.csv?records=${records}`)).body,
      );
    }
  });

  it('the export is for programme staff; the template for those who may import', async () => {
    const viewer = await t.as('viewer@export.test');
    expect((await viewer.get('/api/v1/programmes/pbsa/registry-export.csv')).statusCode).toBe(200);
    expect((await viewer.get('/api/v1/programmes/pbsa/registry-import/template.csv')).statusCode).toBe(403);
    const member = await t.as('member@export.test');
    expect((await member.get('/api/v1/programmes/pbsa/registry-export.xlsx')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/v1/programmes/pbsa/registry-export.csv')).statusCode).toBe(401);
    expect((await viewer.get('/api/v1/programmes/copy/registry-export.csv')).statusCode).toBe(404);
  });
});
