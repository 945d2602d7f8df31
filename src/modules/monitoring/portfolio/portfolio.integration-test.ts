import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { grants, organisations, partnerships } from '../../../db/schema.js';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';

// The PBSA Phase 2 "in numbers" table, rebuilt from returns sent in through the API.
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
let admin: Client;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@pbsa.test', { isAdmin: true });
  for (const email of ['viewer@pbsa.test', 'member@pbsa.test', 'manager@pbsa.test']) await t.makeUser(email);
  admin = await t.as('admin@pbsa.test');
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
  for (const r of rows) ids.set(r.name, r.id);
  // An eleventh partnership that never started its return.
  const [late] = await t.database.db.insert(partnerships).values({ programmeId: prog.id, name: 'Zephyr Street Partnership' }).returning();
  ids.set(late!.name, late!.id);

  const imported = await admin.request('POST', `${base}/indicators/import`, definitions, { 'content-type': 'text/csv' });
  expect(imported.statusCode, imported.body).toBe(200);
  const period = (
    await admin.post(`${base}/reporting-periods`, { label: 'Phase 2', startsOn: '2021-04-01', endsOn: '2022-03-31', dueOn: '2099-12-31' })
  ).json().data;
  const indicators = (await admin.get(`${base}/indicators`)).json().data as { id: string; key: string }[];
  const idOf = new Map(indicators.map((i) => [i.key, i.id]));
  for (const [name, figures, note] of FIGURES) {
    const ret = (await admin.post(`${base}/returns`, { partnershipId: ids.get(name), periodId: period.id })).json().data;
    const values = KEYS.map((k, i) =>
      figures[i] === null
        ? { indicatorId: idOf.get(k), notReported: true, notReportedReason: NOT_SHARED }
        : { indicatorId: idOf.get(k), value: figures[i] },
    );
    const saved = await admin.patch(`${base}/returns/${ret.id}`, { values, ...(note ? { comparabilityNote: note } : {}) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await admin.post(`${base}/returns/${ret.id}/submit`)).statusCode).toBe(200);
  }
  await admin.put(`/api/v1/users/${(await t.makeUser('evaluator@pbsa.test')).id}/programme-roles/pbsa`, { role: 'evaluator' });
  const users = (await admin.get('/api/v1/users?q=pbsa.test')).json().data as { id: string; email: string }[];
  const user = (email: string) => users.find((u) => u.email === email)!.id;
  await admin.put(`/api/v1/users/${user('viewer@pbsa.test')}/programme-roles/pbsa`, { role: 'viewer' });
  await admin.put(`/api/v1/users/${user('manager@pbsa.test')}/programme-roles/pbsa`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${user('member@pbsa.test')}/partnerships/${ids.get('Onion Collective CIC')}`);
});

describe('the portfolio table', () => {
  it('reproduces the PBSA Phase 2 totals from submitted returns, with N.E. Lincs and a partnership with no return as -', async () => {
    const res = await admin.get(`${base}/monitoring/table?period=phase%202`);
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json();
    expect(data.basis).toBe('submitted and accepted returns');
    expect(data.scope).toBe('programme');
    expect(data.period.label).toBe('Phase 2');
    const totals = Object.fromEntries(KEYS.map((k) => [k, data.table.totals[k].value]));
    expect(totals).toEqual({ volunteers: 780, beneficiaries: 46286, activities: 2504, public_meetings_consultations: 853 });
    const row = (name: string) => data.table.rows.find((r: { name: string }) => r.name === name);
    expect(row('North East Lincolnshire VCSE Alliance').cells.volunteers).toEqual({ status: 'not-reported', value: null, markers: ['**'] });
    expect(row('Zephyr Street Partnership').cells.volunteers.status).toBe('missing');
    expect(row('NHP Ltd and Halifax Opportunities Trust').markers).toEqual(['*']);
    expect(data.table.footnotes).toEqual([
      { marker: '*', text: 'reporting period Nov 2021 - Feb 2022' },
      { marker: '**', text: NOT_SHARED },
    ]);
    // Sent in before the due date: nine reported each indicator, all on time, of eleven partnerships.
    expect(data.table.coverage.volunteers).toEqual({ reported: 9, reportedOnTime: 9, partnerships: 11 });
  });

  it('prints the table as CSV with the exact header and Total row, and as Markdown with the footnotes', async () => {
    const csv = await admin.get(`${base}/monitoring/table.csv?period=Phase 2`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pbsa-phase-2-table.csv"');
    const lines = csv.body.trimEnd().split('\n');
    expect(lines[0]).toBe('partnership,volunteers,beneficiaries,activities,public_meetings_consultations');
    expect(lines).toContain('North East Lincolnshire VCSE Alliance,-,-,-,-');
    expect(lines).toContain('Zephyr Street Partnership,-,-,-,-');
    expect(lines.at(-1)).toBe('Total,780,46286,2504,853');
    expect(lines).toHaveLength(13);
    const noted = await admin.get(`${base}/monitoring/table-with-notes.csv?period=Phase 2`);
    expect(noted.statusCode).toBe(200);
    expect(noted.headers['content-disposition']).toBe('attachment; filename="pbsa-phase-2-table-with-notes.csv"');
    const notedLines = noted.body.trimEnd().split('\n');
    expect(notedLines[0]).toBe('partnership,return,volunteers,beneficiaries,activities,public_meetings_consultations,notes');
    const lincs = `North East Lincolnshire VCSE Alliance,on time,-,-,-,-,"volunteers, beneficiaries, activities, public_meetings_consultations: ** ${NOT_SHARED}"`;
    expect(notedLines).toContain(lincs);
    expect(notedLines).toContain('Zephyr Street Partnership,no return,,,,,');
    expect(notedLines.find((l) => l.startsWith('NHP Ltd'))).toMatch(/,\* reporting period Nov 2021 - Feb 2022$/);
    expect(notedLines.at(-1)).toBe('Total,,780,46286,2504,853,');
    const md = await admin.get(`${base}/monitoring/table.md?period=Phase 2`);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('| **Total** | **780** | **46,286** | **2,504** | **853** |');
    expect(md.body).toContain('| Reported by | 9 of 11 (9 on time) |');
    expect(md.body).toContain('| Zephyr Street Partnership (no return) | - | - | - | - |');
    expect(md.body).toContain(`\\*\\* ${NOT_SHARED}`);
  });

  it('shows a partnership member only their own row, with totals over it', async () => {
    const member = await t.as('member@pbsa.test');
    const { data } = (await member.get(`${base}/monitoring/table`)).json();
    expect(data.scope).toBe('own-partnerships');
    expect(data.table.rows.map((r: { name: string }) => r.name)).toEqual(['Onion Collective CIC']);
    expect(data.table.totals.volunteers.value).toBe(115);
    const csv = await member.get(`${base}/monitoring/table.csv`);
    expect(csv.body).toBe(
      'partnership,volunteers,beneficiaries,activities,public_meetings_consultations\nOnion Collective CIC,115,1500,7,39\nTotal,115,1500,7,39\n',
    );
  });

  it('leaves out drafts and returned returns, and answers 404 for a period that is not there', async () => {
    const period = (
      await admin.post(`${base}/reporting-periods`, { label: 'Phase 3', startsOn: '2022-04-01', endsOn: '2023-03-31', dueOn: '2023-04-30' })
    ).json().data;
    const draft = (await admin.post(`${base}/returns`, { partnershipId: ids.get('Community 360'), periodId: period.id })).json().data;
    const vol = draft.values.find((v: { indicator: { key: string } }) => v.indicator.key === 'volunteers').indicator.id;
    await admin.patch(`${base}/returns/${draft.id}`, { values: [{ indicatorId: vol, value: 40 }] });
    const { data } = (await admin.get(`${base}/monitoring/table?period=Phase 3`)).json();
    expect(data.table.totals.volunteers.value).toBeNull();
    await admin.post(`${base}/returns/${draft.id}/submit`);
    const after = (await admin.get(`${base}/monitoring/table?period=${period.id}`)).json().data;
    expect(after.table.totals.volunteers.value).toBe(40);
    // Submitted after its due date: reported, but not on time.
    expect(after.table.coverage.volunteers).toMatchObject({ reported: 1, reportedOnTime: 0 });
    const missing = await admin.get(`${base}/monitoring/table?period=Phase 9`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toContain('Phase 9');
  });
});

describe('indicator definitions import', () => {
  it('created the four PBSA indicators with their definitions, and updates by key', async () => {
    const list = (await admin.get(`${base}/indicators`)).json().data;
    expect(list.map((i: { key: string }) => i.key)).toEqual(KEYS);
    expect(list[0]).toMatchObject({ label: 'Volunteers', unit: 'count', aggregation: 'sum' });
    expect(list[1].definition).toBe('Number of direct beneficiaries: people actively involved in and benefiting from activities');
    const again = await admin.request('POST', `${base}/indicators/import`, definitions, { 'content-type': 'text/csv' });
    expect(again.json().data).toEqual({ rows: 4, created: [], updated: [], unchanged: KEYS });
    const relabel = await admin.request(
      'POST',
      `${base}/indicators/import`,
      'indicator,definition,label\nvolunteers,Unpaid helpers,Volunteers (people)\n',
      { 'content-type': 'text/csv' },
    );
    expect(relabel.json().data).toMatchObject({ updated: ['volunteers'] });
    const one = (await admin.get(`${base}/indicators?q=people`)).json().data[0];
    expect(one).toMatchObject({ key: 'volunteers', label: 'Volunteers (people)', definition: 'Unpaid helpers' });
  });

  it('writes nothing when any row is wrong, naming each row and column', async () => {
    const before = (await admin.get(`${base}/indicators`)).json().data;
    const bad =
      'indicator,definition,unit,aggregation\nhours_given,Hours volunteered,hours,sum\nmeals,Meals served,plates,sum\nmeals,Again,count,sum\nspend,,gbp,sum\nvolunteers,Helpers,gbp,\n';
    const res = await admin.request('POST', `${base}/indicators/import`, bad, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['rows', 3, 'unit'],
      ['rows', 4, 'indicator'],
      ['rows', 5, 'definition'],
    ]);
    // The unit of an indicator holding figures cannot change, found once the file itself is clean.
    const unit = await admin.request(
      'POST',
      `${base}/indicators/import`,
      'indicator,definition,unit\nhours_given,Hours,hours\nvolunteers,Helpers,gbp\n',
      { 'content-type': 'text/csv' },
    );
    expect(unit.statusCode).toBe(422);
    expect(unit.json().errors).toEqual([{ path: ['rows', 3, 'unit'], message: expect.stringContaining('cannot change') }]);
    expect((await admin.get(`${base}/indicators`)).json().data).toEqual(before);
  });

  it('is for programme managers only', async () => {
    const viewer = await t.as('viewer@pbsa.test');
    const res = await viewer.request('POST', `${base}/indicators/import`, definitions, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(403);
    const manager = await t.as('manager@pbsa.test');
    expect((await manager.request('POST', `${base}/indicators/import`, definitions, { 'content-type': 'text/csv' })).statusCode).toBe(200);
  });
});

describe('360Giving export', () => {
  beforeAll(async () => {
    const [prog] = (await admin.get('/api/v1/programmes')).json().data;
    const [org] = await t.database.db
      .insert(organisations)
      .values({ programmeId: prog.id, name: 'Onion Collective CIC', identifiers: ['GB-COH-09876543'] })
      .returning();
    await t.database.db.insert(grants).values({
      programmeId: prog.id,
      title: 'Watchet community build',
      recipientOrganisationId: org!.id,
      partnershipId: ids.get('Onion Collective CIC'),
      amountPence: 4_999_950,
      awardedOn: '2021-05-01',
      startsOn: '2021-06-01',
      endsOn: '2022-03-31',
    });
  });

  it('publishes the grants as 360Giving CSV and JSON to programme staff', async () => {
    const viewer = await t.as('viewer@pbsa.test');
    const csv = await viewer.get(`${base}/grants/360giving.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pbsa-360giving.csv"');
    const [header, row] = csv.body.trimEnd().split('\n');
    expect(header).toBe(
      'Identifier,Title,Description,Currency,Amount Awarded,Award Date,Planned Dates:Start Date,Planned Dates:End Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title',
    );
    expect(row).toMatch(
      /^360G-cairn-pbsa-[0-9a-f-]{36},Watchet community build,Watchet community build,GBP,49999.50,2021-05-01,2021-06-01,2022-03-31,GB-COH-09876543,Onion Collective CIC,360G-cairn-pbsa-funder,The National Lottery Community Fund,Place Based Social Action$/,
    );
    const evaluator = await t.as('evaluator@pbsa.test');
    const json = await evaluator.get(`${base}/grants/360giving.json?prefix=360G-tnlcf&funderId=GB-GOR-PB188`);
    expect(json.statusCode).toBe(200);
    expect(json.json().grants[0]).toMatchObject({
      amountAwarded: 49999.5,
      recipientOrganization: [{ id: 'GB-COH-09876543', name: 'Onion Collective CIC' }],
      fundingOrganization: [{ id: 'GB-GOR-PB188', name: 'The National Lottery Community Fund' }],
    });
    expect(json.json().grants[0].id).toMatch(/^360G-tnlcf-/);
  });

  it('refuses partnership members, and names a grant that cannot be published', async () => {
    const member = await t.as('member@pbsa.test');
    expect((await member.get(`${base}/grants/360giving.csv`)).statusCode).toBe(403);
    expect((await member.get(`${base}/grants/360giving.json`)).statusCode).toBe(403);
    const [prog] = (await admin.get('/api/v1/programmes')).json().data;
    const [org] = await t.database.db.insert(organisations).values({ programmeId: prog.id, name: 'Grapevine' }).returning();
    await t.database.db
      .insert(grants)
      .values({ programmeId: prog.id, title: 'Undated grant', recipientOrganisationId: org!.id, amountPence: 100 });
    const res = await admin.get(`${base}/grants/360giving.json`);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('The grant “Undated grant” has no award date');
    const badPrefix = await admin.get(`${base}/grants/360giving.csv?prefix=not-a-prefix`);
    expect(badPrefix.statusCode).toBe(422);
  });
});
