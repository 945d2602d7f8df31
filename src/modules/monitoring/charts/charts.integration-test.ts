import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerships } from '../../../db/schema.js';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';

// PBSA Phase 2 as partnerships sent it in (as in the demo data), and an earlier period with a few returns.
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const definitions = readFileSync(`${root}test/fixtures/monitoring/pbsa-indicator-definitions.csv`);
const KEYS = ['volunteers', 'beneficiaries', 'activities', 'public_meetings_consultations'];
const FIGURES: [string, (number | null)[], string?][] = [
  ['Community 360', [11, 828, 9, 11]],
  ['Grapevine Coventry', [164, 720, 395, 476]],
  ['NHP Ltd and Halifax Opportunities Trust', [34, 125, 19, 6], 'reporting period Nov 2021 - Feb 2022'],
  ['Hartcliffe & Withywood Community Partnership', [36, 1143, 201, 8]],
  ['Joseph Rowntree Housing Trust', [36, 14319, 288, 16]],
  ['Lincoln City FC Sport & Education Trust', [25, 1013, 210, 98]],
  ['North East Lincolnshire VCSE Alliance', [null, null, null, null]],
  ['Onion Collective CIC', [115, 1500, 7, 39]],
  ['SAFE Regeneration', [285, 25161, 1096, 166]],
  ['Hackney Volunteer Centre', [74, 1477, 279, 33]],
];
const NOT_SHARED = 'did not progress to Phase 3 so monitoring data was not shared';
const base = '/api/v1/programmes/pbsa';

let t: TestContext;
let manager: Client;
let member: Client;

/** The words an SVG draws, in order, entities decoded: what a person sees, without the title and description. */
function drawnText(svg: string): string {
  const body = svg.replace(/<title[^>]*>.*?<\/title>|<desc[^>]*>.*?<\/desc>/gs, '');
  const words = [...body.matchAll(/>([^<>]+)</g)].map((m) => m[1]!);
  return words
    .join(' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@charts.test', { isAdmin: true });
  const admin = await t.as('admin@charts.test');
  const prog = (
    await admin.post('/api/v1/programmes', {
      slug: 'pbsa',
      name: 'Place Based Social Action',
      funder: 'The National Lottery Community Fund',
    })
  ).json().data;
  const rows = await t.database.db
    .insert(partnerships)
    .values(FIGURES.map(([name]) => ({ programmeId: prog.id, name })))
    .returning();
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  const imported = await admin.request('POST', `${base}/indicators/import`, definitions, { 'content-type': 'text/csv' });
  expect(imported.statusCode, imported.body).toBe(200);
  expect((await admin.post(`${base}/indicators`, { key: 'story', label: 'Story of change', unit: 'text' })).statusCode).toBe(201);
  const idOf = new Map(((await admin.get(`${base}/indicators`)).json().data as { id: string; key: string }[]).map((i) => [i.key, i.id]));

  const phase1 = (
    await admin.post(`${base}/reporting-periods`, { label: 'Phase 1', startsOn: '2020-04-01', endsOn: '2021-03-31', dueOn: '2021-04-30' })
  ).json().data;
  const phase2 = (
    await admin.post(`${base}/reporting-periods`, { label: 'Phase 2', startsOn: '2021-04-01', endsOn: '2022-03-31', dueOn: '2099-12-31' })
  ).json().data;
  const send = async (periodId: string, name: string, figures: (number | null)[], note?: string) => {
    const ret = (await admin.post(`${base}/returns`, { partnershipId: ids.get(name), periodId })).json().data;
    const values = KEYS.map((k, i) =>
      figures[i] === null
        ? { indicatorId: idOf.get(k), notReported: true, notReportedReason: NOT_SHARED }
        : { indicatorId: idOf.get(k), value: figures[i] },
    );
    const saved = await admin.patch(`${base}/returns/${ret.id}`, { values, ...(note ? { comparabilityNote: note } : {}) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await admin.post(`${base}/returns/${ret.id}/submit`)).statusCode).toBe(200);
  };
  for (const [name, figures, note] of FIGURES) await send(phase2.id, name, figures, note);
  await send(phase1.id, 'SAFE Regeneration', [120, 9000, 400, 60]);
  await send(phase1.id, 'Onion Collective CIC', [40, 600, 3, 12]);

  for (const email of ['manager@charts.test', 'member@charts.test']) await t.makeUser(email);
  const users = (await admin.get('/api/v1/users?q=charts.test')).json().data as { id: string; email: string }[];
  const user = (email: string) => users.find((u) => u.email === email)!.id;
  await admin.put(`/api/v1/users/${user('manager@charts.test')}/programme-roles/pbsa`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${user('member@charts.test')}/partnerships/${ids.get('Onion Collective CIC')}`);
  manager = await t.as('manager@charts.test');
  member = await t.as('member@charts.test');
});

describe('a chart of one indicator by partnership', () => {
  it('draws every partnership’s name and figure as SVG, N.E. Lincolnshire as not reported, with the published total', async () => {
    const res = await manager.get(`${base}/monitoring/charts/by-partnership.svg?indicator=volunteers&period=Phase%202`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="pbsa-volunteers-phase-2.svg"');
    const seen = drawnText(res.body);
    for (const [name, [volunteers]] of FIGURES) {
      expect(seen).toContain(name);
      if (volunteers !== null) expect(seen).toMatch(new RegExp(`(^| )${volunteers}( |$)`));
    }
    expect(seen).toContain('Not reported');
    expect(seen).toContain('Total 780, from 9 of 10 partnerships.');
    expect(seen).toContain('* reporting period Nov 2021 - Feb 2022');
    expect(seen).toContain('Volunteers (number)');
    expect(res.body).toContain('<title id="chart-title">Volunteers by partnership, Phase 2</title>');
  });

  it('makes a PNG of the same chart: the PNG signature, twice the SVG’s size, a sane file size', async () => {
    const svg = await manager.get(`${base}/monitoring/charts/by-partnership.svg?indicator=beneficiaries&period=Phase 2`);
    const res = await manager.get(`${base}/monitoring/charts/by-partnership.png?indicator=beneficiaries&period=Phase 2`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pbsa-beneficiaries-phase-2.png"');
    const png = res.rawPayload;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(2_000_000);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg.body)!;
    expect(pngSize(png)).toEqual({ width: 2 * Number(w), height: 2 * Number(h) });
  });

  it('gives the same figures as JSON for the page’s table, newest period when none is named', async () => {
    const { data } = (await manager.get(`${base}/monitoring/charts/by-partnership?indicator=volunteers`)).json();
    expect(data.period.label).toBe('Phase 2');
    expect(data.total).toEqual({ basis: 'sum', value: 780, text: '780' });
    expect(data.partnerships[0]).toMatchObject({ name: 'SAFE Regeneration', value: 285, status: 'reported' });
    expect(data.partnerships.at(-1)).toMatchObject({
      name: 'North East Lincolnshire VCSE Alliance',
      status: 'not-reported',
      value: null,
      text: 'Not reported',
    });
    expect(data.description).toMatch(/^Bar chart of Volunteers \(number\) for each partnership in Place Based Social Action, Phase 2\./);
  });

  it('shows a partnership member only their own partnership, in the picture and in the figures', async () => {
    const svg = await member.get(`${base}/monitoring/charts/by-partnership.svg?indicator=volunteers&period=Phase 2`);
    expect(svg.statusCode).toBe(200);
    expect(drawnText(svg.body)).toContain('Onion Collective CIC');
    for (const [name] of FIGURES.filter(([n]) => n !== 'Onion Collective CIC')) expect(svg.body).not.toContain(name.replace('&', '&amp;'));
    expect(drawnText(svg.body)).not.toMatch(/(^| )780( |$)/);
    const { data } = (await member.get(`${base}/monitoring/charts/by-partnership?indicator=volunteers&period=Phase 2`)).json();
    expect(data.scope).toBe('own-partnerships');
    expect(data.partnerships.map((p: { name: string }) => p.name)).toEqual(['Onion Collective CIC']);
    expect(data.total.value).toBe(115);
  });

  it('answers an unknown indicator or period with 404, and a text indicator with 422, in plain words', async () => {
    const unknown = await manager.get(`${base}/monitoring/charts/by-partnership.svg?indicator=volunters`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json().detail).toBe(
      'There is no indicator “volunters” in this programme. Charts can show: volunteers, beneficiaries, activities, public_meetings_consultations.',
    );
    const text = await manager.get(`${base}/monitoring/charts/by-partnership.png?indicator=story`);
    expect(text.statusCode).toBe(422);
    expect(text.json().detail).toMatch(/^“Story of change” is answered in words, so it has no figures to chart\./);
    expect(text.json().errors[0].path).toEqual(['indicator']);
    const period = await manager.get(`${base}/monitoring/charts/by-partnership.svg?indicator=volunteers&period=Phase 9`);
    expect(period.statusCode).toBe(404);
    expect(period.json().detail).toContain('The reporting period “Phase 9” was not found');
    const missing = await manager.get(`${base}/monitoring/charts/by-partnership.svg`);
    expect(missing.statusCode).toBe(422);
  });
});

describe('a chart of one indicator across periods', () => {
  it('gives the total of each period, oldest first, as JSON, SVG and PNG', async () => {
    const { data } = (await manager.get(`${base}/monitoring/charts/across-periods?indicator=volunteers`)).json();
    expect(data.periods.map((p: { label: string; value: number; reported: number }) => [p.label, p.value, p.reported])).toEqual([
      ['Phase 1', 160, 2],
      ['Phase 2', 780, 9],
    ]);
    expect(data.partnerships).toBeNull();
    const svg = await manager.get(`${base}/monitoring/charts/across-periods.svg?indicator=volunteers`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-disposition']).toBe('attachment; filename="pbsa-volunteers-across-periods.svg"');
    const seen = drawnText(svg.body);
    for (const words of ['Phase 1', '2 of 10 reported', '160', 'Phase 2', '9 of 10 reported', '780 *']) expect(seen).toContain(words);
    const png = await manager.get(`${base}/monitoring/charts/across-periods.png?indicator=volunteers&partnerships=1`);
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });

  it('adds a line per partnership when asked; a member gets only their own', async () => {
    const all = await manager.get(`${base}/monitoring/charts/across-periods.svg?indicator=volunteers&partnerships=1`);
    const seen = drawnText(all.body);
    expect(seen).toContain('Each partnership');
    for (const [name] of FIGURES) expect(seen).toContain(name);
    const mine = await member.get(`${base}/monitoring/charts/across-periods.svg?indicator=volunteers&partnerships=1`);
    expect(drawnText(mine.body)).toContain('Onion Collective CIC');
    expect(mine.body).not.toContain('SAFE Regeneration');
    const { data } = (await member.get(`${base}/monitoring/charts/across-periods?indicator=volunteers&partnerships=1`)).json();
    expect(data.periods.map((p: { value: number }) => p.value)).toEqual([40, 115]);
    expect(data.partnerships).toHaveLength(1);
  });

  it('refuses lines for more partnerships than can be told apart, saying what to do instead', async () => {
    // Through the API, so the programme's cached answers move on as they would in use.
    for (const name of ['Quay Street', 'Rope Walk', 'Sandhill'])
      expect((await manager.post(`${base}/partnerships`, { name })).statusCode).toBe(201);
    const res = await manager.get(`${base}/monitoring/charts/across-periods.svg?indicator=volunteers&partnerships=1`);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe(
      'A line for each partnership is drawn for up to 12 partnerships, and there are 13. Leave the lines out (the total still shows), or read each partnership’s figures in the portfolio table.',
    );
    expect((await manager.get(`${base}/monitoring/charts/across-periods.svg?indicator=volunteers`)).statusCode).toBe(200);
  });
});
