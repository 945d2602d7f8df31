import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { placeDrafts } from '../../../db/schema.js';

// A Place Standard survey through the API (organisers) and the resident pages (no account), on both engines.
const fixtures = fileURLToPath(new URL('../../../../test/fixtures/place-standard/', import.meta.url));
const base = '/api/v1/programmes/inverclyde/place-surveys';

let t: TestContext;
let manager: Client;
let viewer: Client;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@ps.test', { isAdmin: true });
  const admin = await t.as('admin@ps.test');
  expect((await admin.post('/api/v1/programmes', { slug: 'inverclyde', name: 'Inverclyde Alliance' })).statusCode).toBe(201);
  for (const email of ['manager@ps.test', 'viewer@ps.test']) await t.makeUser(email);
  const users = (await admin.get('/api/v1/users?q=ps.test')).json().data as { id: string; email: string }[];
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  await admin.put(`/api/v1/users/${id('manager@ps.test')}/programme-roles/inverclyde`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${id('viewer@ps.test')}/programme-roles/inverclyde`, { role: 'viewer' });
  manager = await t.as('manager@ps.test');
  viewer = await t.as('viewer@ps.test');
  const made = await manager.post(base, { slug: 'our-place', title: 'Our Place, Our Future', localities: ['Greenock', 'Port Glasgow'] });
  expect(made.statusCode, made.body).toBe(201);
  expect(made.json().data).toMatchObject({ version: 'adult', scale: 7, threshold: 5, status: 'draft' });
});

describe('importing scores', () => {
  it('imports nothing when any row is wrong, naming each row and field', async () => {
    const bad = await manager.request('POST', `${base}/our-place/import`, readFileSync(`${fixtures}scores-bad.csv`), {
      'content-type': 'text/csv',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { path: ['rows', 3, 'theme_3'], message: '"8" is not a score from 1 to 7 (leave it blank if not answered)' },
      { path: ['rows', 4, 'locality'], message: 'Enter the locality' },
      { path: ['rows', 5, 'respondent'], message: 'Respondent R001 already answered wave 1 on row 2' },
    ]);
    expect((await manager.get(`${base}/our-place/summary`)).json().data).toEqual([]);
    const header = await manager.request('POST', `${base}/our-place/import`, 'respondent,place,wave\nR1,Greenock,1\n', {
      'content-type': 'text/csv',
    });
    expect(header.statusCode).toBe(422);
    expect(header.json().detail).toMatch(
      /^The header row must be respondent,locality,wave,theme_1,.*theme_14\. The column locality is missing\.$/,
    );
  });

  it('imports every row, and the summary matches the figures worked out outside Cairn', async () => {
    const res = await manager.request('POST', `${base}/our-place/import`, readFileSync(`${fixtures}scores.csv`), {
      'content-type': 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.imported).toBe(31);
    const csv = await viewer.get(`${base}/our-place/summary.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(readFileSync(`${fixtures}summary-expected.csv`, 'utf8'));
    // A second import of the same respondents and waves is refused whole.
    const again = await manager.request('POST', `${base}/our-place/import`, readFileSync(`${fixtures}scores.csv`), {
      'content-type': 'text/csv',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].message).toBe('Respondent R001 already answered wave 1 in this survey');
  });

  it('lets a viewer read but not import or change', async () => {
    expect((await viewer.get(`${base}/our-place`)).statusCode).toBe(200);
    expect((await viewer.patch(`${base}/our-place`, { status: 'open' })).statusCode).toBe(403);
    const imp = await viewer.request('POST', `${base}/our-place/import`, readFileSync(`${fixtures}scores.csv`), {
      'content-type': 'text/csv',
    });
    expect(imp.statusCode).toBe(403);
  });
});

describe('the compass', () => {
  it('charts two localities as figures, leaves out one under the threshold and says why', async () => {
    const q = '?locality=Greenock&wave=1&locality2=Port%20Glasgow&wave2=2';
    const { data } = (await viewer.get(`${base}/our-place/compass${q}`)).json();
    expect(data.compass.series.map((s: { label: string; respondents: number }) => [s.label, s.respondents])).toEqual([
      ['Greenock, wave 1', 9],
    ]);
    expect(data.compass.notCharted[0].reason).toMatch(/^Port Glasgow, wave 2: not charted, because 3 people answered, fewer than 5\./);
    expect(data.table[0]).toEqual({ theme: 1, name: 'Moving around', series: [{ responses: 8, median: 6, mean: 5.38 }] });
  });

  // Drawing runs on a worker thread that loads vega on its first chart: a test of its own.
  it('draws the chart as SVG with the series named and its responses counted, and as PNG', async () => {
    const q = '?locality=Greenock&wave=1&locality2=Port%20Glasgow&wave2=2';
    const svg = await viewer.get(`${base}/our-place/compass.svg${q}`);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('Greenock, wave 1 (9 responses)');
    expect(svg.body).toContain('14. Influence and');
    expect(svg.body).not.toContain('Port Glasgow, wave 2 (3');
    const png = await viewer.get(`${base}/our-place/compass.png${q}`);
    expect(png.headers['content-disposition']).toBe('attachment; filename="inverclyde-our-place-compass.png"');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('a resident answering without an account', () => {
  it('finds nothing while the survey is a draft', async () => {
    const res = await t.anonymous().request('GET', '/place-standard/inverclyde/our-place');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Our Place, Our Future');
  });

  it('answers theme by theme, checks, sends, and the response is counted in the current wave', async () => {
    expect((await manager.patch(`${base}/our-place`, { status: 'open', currentWave: '3' })).statusCode).toBe(200);
    const anon = t.anonymous();
    const start = await anon.request('GET', '/place-standard/inverclyde/our-place');
    expect(start.statusCode).toBe(200);
    expect(start.headers['cache-control']).toBe('no-store');
    expect(start.body).toContain('<h1>Our Place, Our Future</h1>');
    expect(start.body).not.toMatch(/R001|manager@ps\.test|Port Glasgow, wave/);
    const started = await anon.request('POST', '/place-standard/inverclyde/our-place', '', FORM);
    expect(started.statusCode).toBe(303);
    const area = started.headers.location as string;
    expect(area).toMatch(/^\/place-standard\/answer\/[A-Za-z0-9_-]{40,}\/area$/);
    const answer = area.replace(/\/area$/, '');
    expect((await anon.request('POST', area, form({ locality: 'Greenock' }), FORM)).headers.location).toBe(`${answer}/1`);
    const first = await anon.request('GET', `${answer}/1`);
    expect(first.body).toContain('Question 1 of 14');
    expect(first.body).toContain('Can I easily walk and cycle around using good-quality routes?');
    // A score off the scale is refused with the error summary, and the comments typed are kept.
    const wrong = await anon.request('POST', `${answer}/1`, form({ score: '9', good: 'Flat paths', better: '' }), FORM);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<a href="#score">Choose a score from 1 to 7, or leave it blank</a>');
    expect(wrong.body).toContain('>Flat paths</textarea>');
    expect(
      (await anon.request('POST', `${answer}/1`, form({ score: '2', good: 'Flat paths', better: 'More crossings' }), FORM)).headers
        .location,
    ).toBe(`${answer}/2`);
    // Question 2 left blank: not answered.
    expect((await anon.request('POST', `${answer}/2`, form({ good: '', better: '' }), FORM)).headers.location).toBe(`${answer}/3`);
    for (let i = 3; i <= 14; i++) await anon.request('POST', `${answer}/${i}`, form({ score: String((i % 7) + 1) }), FORM);
    const check = await anon.request('GET', `${answer}/check`);
    expect(check.body).toContain('<h1>Check your answers</h1>');
    expect(check.body).toContain('Not answered');
    expect(check.body).toContain('2 out of 7');
    const sent = await anon.request('POST', `${answer}/check`, '', FORM);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/place-standard/inverclyde/our-place/thanks');
    expect((await anon.request('GET', sent.headers.location as string)).body).toContain('Your answers have been sent');
    // The draft is gone: the same link cannot send twice.
    expect((await anon.request('POST', `${answer}/check`, '', FORM)).statusCode).toBe(404);
    expect(await t.database.db.select().from(placeDrafts)).toHaveLength(0);
    const online = (await viewer.get(`${base}/our-place/responses?wave=3`)).json().data;
    expect(online).toHaveLength(1);
    expect(online[0]).toMatchObject({ locality: 'Greenock', wave: '3', source: 'online', kind: 'individual' });
    expect(online[0].scores.slice(0, 3)).toEqual([2, null, 4]);
    expect(online[0].comments[0]).toEqual({ good: 'Flat paths', better: 'More crossings' });
  });

  it('refuses a made-up token and a closed survey with a plain page', async () => {
    const anon = t.anonymous();
    const fake = await anon.request('GET', `/place-standard/answer/${'x'.repeat(43)}/1`);
    expect(fake.statusCode).toBe(404);
    expect(fake.body).toContain('This survey is not open');
    const started = await anon.request('POST', '/place-standard/inverclyde/our-place', '', FORM);
    const area = started.headers.location as string;
    expect((await manager.patch(`${base}/our-place`, { status: 'closed' })).statusCode).toBe(200);
    expect((await anon.request('GET', area)).statusCode).toBe(404);
    expect((await anon.request('GET', '/place-standard/inverclyde/our-place')).statusCode).toBe(404);
    await manager.patch(`${base}/our-place`, { status: 'open' });
  });

  it('limits how many surveys one address can start in an hour', async () => {
    const anon = t.anonymous();
    let last = 0;
    for (let i = 0; i < 31 && last !== 429; i++) {
      last = (await anon.request('POST', '/place-standard/inverclyde/our-place', '', { ...FORM, 'x-forwarded-for': '203.0.113.9' }))
        .statusCode;
    }
    // The test app does not trust proxies, so every request comes from the same address; the limit is 30 an hour.
    expect(last).toBe(429);
  });
});

describe('a group’s agreed response', () => {
  it('is recorded by an organiser with the group’s size, and needs 2 or more people', async () => {
    const scores = Array.from({ length: 14 }, (_, i) => (i % 7) + 1);
    const few = await manager.post(`${base}/our-place/responses`, { kind: 'group', groupSize: 1, scores, locality: 'Port Glasgow' });
    expect(few.statusCode).toBe(422);
    const ok = await manager.post(`${base}/our-place/responses`, {
      kind: 'group',
      groupSize: 8,
      scores,
      locality: 'Port Glasgow',
      wave: '2',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().data).toMatchObject({ kind: 'group', groupSize: 8, source: 'organiser', wave: '2' });
  });
});
