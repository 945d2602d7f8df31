import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';
import { todayIso } from './membership.js';

let t: TestContext;
let admin: Client;
const ids: Record<string, string> = {};
const base = '/api/v1/programmes/pbsa';

async function place(slug: string, name: string) {
  const res = await admin.post(`/api/v1/programmes/${slug}/places`, { name });
  return res.json().data.id as string;
}
async function organisation(slug: string, name: string) {
  const res = await admin.post(`/api/v1/programmes/${slug}/organisations`, { name });
  return res.json().data.id as string;
}
async function partnershipCount() {
  return (await admin.get(`${base}/partnerships`)).json().page.total as number;
}

beforeAll(async () => {
  t = await startTestApp();
  const users = {
    admin: await t.makeUser('admin@cairn.test', { isAdmin: true }),
    manager: await t.makeUser('manager@cairn.test'),
    viewer: await t.makeUser('viewer@cairn.test'),
    member: await t.makeUser('member@cairn.test'),
    outsider: await t.makeUser('outsider@cairn.test'),
  };
  admin = await t.as('admin@cairn.test');
  await admin.post('/api/v1/programmes', { slug: 'pbsa', name: 'Place Based Social Action' });
  await admin.post('/api/v1/programmes', { slug: 'other', name: 'Another programme' });
  await admin.put(`/api/v1/users/${users.manager.id}/programme-roles/pbsa`, { role: 'programme_manager' });
  await admin.put(`/api/v1/users/${users.viewer.id}/programme-roles/pbsa`, { role: 'viewer' });
  await admin.put(`/api/v1/users/${users.outsider.id}/programme-roles/other`, { role: 'programme_manager' });
  ids.hartcliffe = await place('pbsa', 'Hartcliffe');
  ids.elsewhere = await place('other', 'Elsewhere');
  ids.orgA = await organisation('pbsa', 'Hartcliffe Community Trust');
  ids.orgB = await organisation('pbsa', 'Filwood Youth Club');
  ids.orgC = await organisation('pbsa', 'Knowle West Food Bank');
  ids.orgZ = await organisation('other', 'Far Away Charity');
  const manager = await t.as('manager@cairn.test');
  const p1 = await manager.post(`${base}/partnerships`, {
    name: 'Hartcliffe Together',
    placeId: ids.hartcliffe,
    leadOrganisationId: ids.orgA,
  });
  const p2 = await manager.post(`${base}/partnerships`, { name: 'Filwood Forward', description: 'Young people leading change' });
  ids.p1 = p1.json().data.id;
  ids.p2 = p2.json().data.id;
  await admin.put(`/api/v1/users/${users.member.id}/partnerships/${ids.p1}`);
});

describe('partnerships', () => {
  it('creates a partnership whose lead organisation becomes a member with the role lead, joining today', async () => {
    const manager = await t.as('manager@cairn.test');
    const res = await manager.get(`${base}/partnerships/${ids.p1}`);
    expect(res.statusCode).toBe(200);
    const { data, abilities, history } = res.json();
    expect(data).toMatchObject({
      name: 'Hartcliffe Together',
      place: { id: ids.hartcliffe, name: 'Hartcliffe' },
      leadOrganisation: { id: ids.orgA, name: 'Hartcliffe Community Trust' },
      memberCount: 1,
      projects: [],
      progressions: [],
    });
    expect(data.members).toEqual([
      expect.objectContaining({
        organisationId: ids.orgA,
        organisationName: 'Hartcliffe Community Trust',
        role: 'lead',
        joinedOn: todayIso(),
        leftOn: null,
      }),
    ]);
    expect(abilities).toEqual({ update: true });
    expect(history[0]).toMatchObject({ action: 'create', actor: 'manager@cairn.test' });
  });

  it('lists partnerships with place, lead and member count, and searches, filters and pages them', async () => {
    const viewer = await t.as('viewer@cairn.test');
    const all = (await viewer.get(`${base}/partnerships`)).json();
    expect(all.abilities).toEqual({ create: false });
    expect(all.data).toEqual([
      { id: ids.p2, name: 'Filwood Forward', place: null, leadOrganisation: null, memberCount: 0 },
      {
        id: ids.p1,
        name: 'Hartcliffe Together',
        place: { id: ids.hartcliffe, name: 'Hartcliffe' },
        leadOrganisation: { id: ids.orgA, name: 'Hartcliffe Community Trust' },
        memberCount: 1,
      },
    ]);
    const search = (await viewer.get(`${base}/partnerships?q=hartCLIFFE`)).json();
    expect(search.data.map((p: { name: string }) => p.name)).toEqual(['Hartcliffe Together']);
    const byPlace = (await viewer.get(`${base}/partnerships?placeId=${ids.hartcliffe}`)).json();
    expect(byPlace.data.map((p: { id: string }) => p.id)).toEqual([ids.p1]);
    const page2 = (await viewer.get(`${base}/partnerships?pageSize=1&page=2`)).json();
    expect(page2.data.map((p: { name: string }) => p.name)).toEqual(['Hartcliffe Together']);
    expect(page2.page).toEqual({ page: 2, pageSize: 1, total: 2 });
    const badFilter = await viewer.get(`${base}/partnerships?placeId=nope`);
    expect(badFilter.statusCode).toBe(422);
    expect(badFilter.json().errors[0].path).toEqual(['querystring', 'placeId']);
  });

  it('keeps a replaced lead on as a member, makes the new one lead, and records the change', async () => {
    const manager = await t.as('manager@cairn.test');
    const made = await manager.post(`${base}/partnerships`, {
      name: 'Knowle West Alliance',
      leadOrganisationId: ids.orgA,
      leadJoinedOn: '2018-04-01',
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().data.id;
    const res = await manager.patch(`${base}/partnerships/${id}`, { leadOrganisationId: ids.orgB });
    expect(res.statusCode).toBe(200);
    const { data, history } = res.json();
    expect(data.leadOrganisation).toEqual({ id: ids.orgB, name: 'Filwood Youth Club' });
    const roles = Object.fromEntries(
      data.members.map((m: { organisationName: string; role: string; joinedOn: string }) => [m.organisationName, [m.role, m.joinedOn]]),
    );
    expect(roles).toEqual({ 'Hartcliffe Community Trust': ['member', '2018-04-01'], 'Filwood Youth Club': ['lead', todayIso()] });
    expect(data.memberCount).toBe(2);
    expect(history[0].summary).toBe('Changed the lead of Knowle West Alliance from Hartcliffe Community Trust to Filwood Youth Club');
    expect(history[0].changes.leadOrganisation).toEqual(['Hartcliffe Community Trust', 'Filwood Youth Club']);

    // Handing the lead back to an existing member changes its role rather than adding it twice.
    const back = (await manager.patch(`${base}/partnerships/${id}`, { leadOrganisationId: ids.orgA })).json().data;
    expect(back.members.map((m: { organisationName: string; role: string }) => `${m.organisationName}: ${m.role}`).sort()).toEqual([
      'Filwood Youth Club: member',
      'Hartcliffe Community Trust: lead',
    ]);
  });

  it('adds and updates members with their dates, refusing a leaving date before joining', async () => {
    const manager = await t.as('manager@cairn.test');
    const added = await manager.post(`${base}/partnerships/${ids.p2}/members`, { organisationId: ids.orgC, joinedOn: '2019-01-15' });
    expect(added.statusCode).toBe(201);
    const member = added.json().data;
    expect(member).toMatchObject({ organisationName: 'Knowle West Food Bank', role: 'member', joinedOn: '2019-01-15', leftOn: null });

    const backwards = await manager.patch(`${base}/partnerships/${ids.p2}/members/${member.id}`, { leftOn: '2019-01-14' });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toEqual([{ path: ['leftOn'], message: expect.stringContaining('on or after') }]);

    const left = await manager.patch(`${base}/partnerships/${ids.p2}/members/${member.id}`, { leftOn: '2021-03-31', role: 'associate' });
    expect(left.statusCode).toBe(200);
    expect(left.json().data).toMatchObject({ role: 'associate', joinedOn: '2019-01-15', leftOn: '2021-03-31' });

    const record = (await manager.get(`${base}/partnerships/${ids.p2}`)).json();
    expect(record.data.memberCount).toBe(0);
    expect(record.history.slice(0, 2).map((h: { action: string }) => h.action)).toEqual(['member-update', 'member-add']);
    expect(record.history[0].changes).toEqual({ role: ['member', 'associate'], leftOn: [null, '2021-03-31'] });

    // Rejoining later is a second spell; rejoining over the same dates is refused.
    const overlap = await manager.post(`${base}/partnerships/${ids.p2}/members`, { organisationId: ids.orgC, joinedOn: '2020-06-01' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().errors[0].path).toEqual(['organisationId']);
    const rejoin = await manager.post(`${base}/partnerships/${ids.p2}/members`, { organisationId: ids.orgC, joinedOn: '2022-01-01' });
    expect(rejoin.statusCode).toBe(201);

    const asLead = await manager.post(`${base}/partnerships/${ids.p2}/members`, { organisationId: ids.orgB, role: 'lead' });
    expect(asLead.statusCode).toBe(422);
    expect(asLead.json().errors[0].path).toEqual(['role']);
    const foreign = await manager.post(`${base}/partnerships/${ids.p2}/members`, { organisationId: ids.orgZ });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].path).toEqual(['organisationId']);
    const missing = await manager.patch(`${base}/partnerships/${ids.p1}/members/${member.id}`, { role: 'member' });
    expect(missing.statusCode).toBe(404);
  });

  it('names each bad field, answers a duplicate name with 409, and writes nothing', async () => {
    const manager = await t.as('manager@cairn.test');
    const before = await partnershipCount();
    const cases: [unknown, (string | number)[], number][] = [
      [{ name: 'X', colour: 'red' }, ['colour'], 422],
      [{ name: 42 }, ['name'], 422],
      [{ name: 'n'.repeat(201) }, ['name'], 422],
      [{ name: '   ' }, ['name'], 422],
      [{ name: 'X', placeId: 'not-an-id' }, ['placeId'], 422],
      [{ name: 'X', placeId: ids.elsewhere }, ['placeId'], 422],
      [{ name: 'X', leadOrganisationId: ids.orgZ }, ['leadOrganisationId'], 422],
      [{ name: 'hartcliffe together' }, ['name'], 409],
    ];
    for (const [body, path, status] of cases) {
      const res = await manager.post(`${base}/partnerships`, body);
      expect({ body, status: res.statusCode, path: res.json().errors?.[0]?.path }).toEqual({ body, status, path });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const long = await manager.post(`${base}/partnerships`, { name: 'n'.repeat(201) });
    expect(long.json().errors[0].message).toMatch(/200 characters or fewer/);
    const rename = await manager.patch(`${base}/partnerships/${ids.p2}`, { name: 'Hartcliffe Together' });
    expect(rename.statusCode).toBe(409);
    const movePlace = await manager.patch(`${base}/partnerships/${ids.p2}`, { placeId: ids.elsewhere });
    expect(movePlace.statusCode).toBe(422);
    expect(await partnershipCount()).toBe(before);
    const p2 = (await manager.get(`${base}/partnerships/${ids.p2}`)).json().data;
    expect(p2).toMatchObject({ name: 'Filwood Forward', place: null });
  });

  it('shows a partnership member only their own partnership, and lets them change nothing', async () => {
    const member = await t.as('member@cairn.test');
    const list = (await member.get(`${base}/partnerships`)).json();
    expect(list.data.map((p: { id: string }) => p.id)).toEqual([ids.p1]);
    expect(list.abilities).toEqual({ create: false });
    const own = await member.get(`${base}/partnerships/${ids.p1}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().abilities).toEqual({ update: false });
    const other = await member.get(`${base}/partnerships/${ids.p2}`);
    expect(other.statusCode).toBe(404);
    const missing = await member.get(`${base}/partnerships/00000000-0000-4000-8000-000000000000`);
    expect(other.json().detail).toBe(missing.json().detail);
    expect((await member.patch(`${base}/partnerships/${ids.p1}`, { name: 'Renamed' })).statusCode).toBe(403);
    expect((await member.post(`${base}/partnerships`, { name: 'Mine' })).statusCode).toBe(403);
    expect((await member.post(`${base}/partnerships/${ids.p1}/members`, { organisationId: ids.orgB })).statusCode).toBe(403);
    expect((await admin.get(`${base}/partnerships/${ids.p1}`)).json().data.name).toBe('Hartcliffe Together');
  });

  it('refuses writes from a viewer with 403 and hides the programme from another programme’s people with 404', async () => {
    const viewer = await t.as('viewer@cairn.test');
    expect((await viewer.post(`${base}/partnerships`, { name: 'Viewer made' })).statusCode).toBe(403);
    expect((await viewer.patch(`${base}/partnerships/${ids.p1}`, { name: 'Viewer renamed' })).statusCode).toBe(403);
    const outsider = await t.as('outsider@cairn.test');
    expect((await outsider.get(`${base}/partnerships`)).statusCode).toBe(404);
    expect((await outsider.get(`${base}/partnerships/${ids.p1}`)).statusCode).toBe(404);
    expect((await outsider.post(`${base}/partnerships`, { name: 'Outsider made' })).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/programmes/other/partnerships')).json().data).toEqual([]);
  });
});

describe('membership growth', () => {
  const growth = '/api/v1/programmes/growth/partnerships/membership-growth';

  beforeAll(async () => {
    await admin.post('/api/v1/programmes', { slug: 'growth', name: 'Growth fixture' });
    const org = async (name: string) => organisation('growth', name);
    const [a, b, c, d, e] = [await org('A'), await org('B'), await org('C'), await org('D'), await org('E')];
    const make = async (name: string) => (await admin.post('/api/v1/programmes/growth/partnerships', { name })).json().data.id as string;
    const [north, south, west] = [await make('North'), await make('South'), await make('West')];
    const spell = async (partnershipId: string, organisationId: string, joinedOn: string | null, leftOn: string | null = null) => {
      const res = await admin.post(`/api/v1/programmes/growth/partnerships/${partnershipId}/members`, { organisationId, joinedOn, leftOn });
      expect(res.statusCode).toBe(201);
    };
    // North: 1 at the start, 2 join, 1 joins and leaves within the year → grew 1 → 3.
    await spell(north, a, null);
    await spell(north, b, '2020-02-01');
    await spell(north, c, '2020-12-31');
    await spell(north, d, '2020-03-01', '2020-06-01');
    // South: 1 → 2.
    await spell(south, a, '2019-01-01');
    await spell(south, e, '2020-07-01');
    // West: one leaves, one joins → 2 → 2, not grown.
    await spell(west, a, '2018-01-01', '2020-05-01');
    await spell(west, b, null);
    await spell(west, c, '2020-09-01');
    ids.north = north;
    const user = await t.makeUser('north@cairn.test');
    await admin.put(`/api/v1/users/${user.id}/partnerships/${north}`);
  });

  it('answers how many partnerships grew their membership in a year, with each one’s counts', async () => {
    const res = await admin.get(`${growth}?year=2020`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toEqual({ grew: 2, of: 3 });
    expect(body.data.map(({ partnershipId: _, ...row }: Record<string, unknown>) => row)).toEqual([
      { name: 'North', atStart: 1, atEnd: 3, joined: 3, left: 1, grew: true },
      { name: 'South', atStart: 1, atEnd: 2, joined: 1, left: 0, grew: true },
      { name: 'West', atStart: 2, atEnd: 2, joined: 1, left: 1, grew: false },
    ]);
    const earlier = (await admin.get(`${growth}?year=2019`)).json();
    expect(earlier.summary).toEqual({ grew: 1, of: 3 });
  });

  it('covers only a partnership member’s own partnerships', async () => {
    const north = await t.as('north@cairn.test');
    const body = (await north.get(`${growth}?year=2020`)).json();
    expect(body.data.map((r: { partnershipId: string }) => r.partnershipId)).toEqual([ids.north]);
    expect(body.summary).toEqual({ grew: 1, of: 1 });
  });

  it('asks for a year as four digits', async () => {
    for (const q of ['', '?year=twenty', '?year=20.5', '?year=2020&month=1']) {
      const res = await admin.get(`${growth}${q}`);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].path[0]).toBe('querystring');
    }
  });
});
