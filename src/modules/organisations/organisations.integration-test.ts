import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;
let trust: { id: string };
let council: { id: string };
let club: { id: string };
let leadOfB: { id: string };
let unattached: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'orgs');
  const add = async (body: object) => {
    const res = await w.manager.post(`${w.base}/organisations`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  };
  trust = await add({
    name: 'Grimsby Community Trust',
    type: 'community development trust',
    identifiers: ['gb-chc-1234567', 'GB-COH-01234567'],
    size: 'small',
  });
  council = await add({ name: 'North East Lincolnshire Council', type: 'Local authority', identifiers: ['GB-LAE-NEL'] });
  club = await add({ name: 'Nunsthorpe Youth Club', type: 'Residents group' });
  leadOfB = await add({ name: 'Wrexham Voluntary Action', type: 'Registered charity', identifiers: ['GB-CHC-1012345'] });
  unattached = await add({ name: 'Unattached Social Enterprise', type: 'Social enterprise' });
  await w.addMember(w.partnershipA, trust.id, 'lead');
  await w.makeLead(w.partnershipA, trust.id);
  await w.addMember(w.partnershipA, club.id, 'member', '2020-09-30');
  await w.makeLead(w.partnershipB, leadOfB.id);
  await w.addMember(w.partnershipB, council.id);
});

const names = (res: { json(): { data: { name: string }[] } }) => res.json().data.map((o) => o.name);

describe('organisations', () => {
  it('stores the type in the programme’s own spelling and identifiers tidied', async () => {
    const res = await w.viewer.get(`${w.base}/organisations/${trust.id}`);
    expect(res.json().data).toMatchObject({
      type: 'Community Development Trust',
      identifiers: ['GB-CHC-1234567', 'GB-COH-01234567'],
      size: 'small',
      status: 'active',
      statuses: [],
    });
  });

  it('lists with search (by name or identifier), type filter and paging, each row with its current status', async () => {
    const all = await w.viewer.get(`${w.base}/organisations`);
    expect(all.statusCode).toBe(200);
    expect(names(all)).toEqual([
      'Grimsby Community Trust',
      'North East Lincolnshire Council',
      'Nunsthorpe Youth Club',
      'Unattached Social Enterprise',
      'Wrexham Voluntary Action',
    ]);
    expect(all.json().data.every((o: { status: string }) => o.status === 'active')).toBe(true);
    expect(names(await w.viewer.get(`${w.base}/organisations?q=council`))).toEqual(['North East Lincolnshire Council']);
    expect(names(await w.viewer.get(`${w.base}/organisations?q=1012345`))).toEqual(['Wrexham Voluntary Action']);
    expect(names(await w.viewer.get(`${w.base}/organisations?type=registered%20CHARITY`))).toEqual(['Wrexham Voluntary Action']);
    const page = await w.viewer.get(`${w.base}/organisations?pageSize=2&page=3`);
    expect(names(page)).toEqual(['Wrexham Voluntary Action']);
    expect(page.json().page).toEqual({ page: 3, pageSize: 2, total: 5 });
  });

  it('records an organisation’s life over time; the latest by date is its status now', async () => {
    const post = (body: object) => w.manager.post(`${w.base}/organisations/${club.id}/statuses`, body);
    const struggling = await post({ status: 'struggling', effectiveOn: '2020-03-01', reason: 'Lost its hall' });
    expect(struggling.statusCode).toBe(201);
    expect(struggling.json().current).toBe('struggling');
    const wound = await post({ status: 'wound_up', effectiveOn: '2020-09-30', reason: 'Volunteers moved on' });
    expect(wound.json().current).toBe('wound_up');
    // Back-filling an earlier spell does not change the status now.
    const earlier = await post({ status: 'active', effectiveOn: '2019-01-01' });
    expect(earlier.json().current).toBe('wound_up');

    const res = await w.manager.get(`${w.base}/organisations/${club.id}`);
    const body = res.json();
    expect(body.data.status).toBe('wound_up');
    expect(body.data.statuses.map((s: { status: string; effectiveOn: string }) => [s.status, s.effectiveOn])).toEqual([
      ['active', '2019-01-01'],
      ['struggling', '2020-03-01'],
      ['wound_up', '2020-09-30'],
    ]);
    expect(body.history[0]).toMatchObject({ action: 'status', changes: {} });
    expect(body.history[1]).toMatchObject({ action: 'status', changes: { status: ['struggling', 'wound_up'] } });

    expect(names(await w.viewer.get(`${w.base}/organisations?status=wound_up`))).toEqual(['Nunsthorpe Youth Club']);
    expect((await w.viewer.get(`${w.base}/organisations?status=active`)).json().page.total).toBe(4);
  });

  it('needs the reason when an organisation merges or winds up', async () => {
    const res = await w.manager.post(`${w.base}/organisations/${council.id}/statuses`, { status: 'merged', effectiveOn: '2021-04-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: ['reason'], message: expect.stringMatching(/merged/) }]);
    const badDate = await w.manager.post(`${w.base}/organisations/${council.id}/statuses`, {
      status: 'struggling',
      effectiveOn: '1/4/2021',
    });
    expect(badDate.json().errors[0].path).toEqual(['effectiveOn']);
    expect((await w.manager.get(`${w.base}/organisations/${council.id}`)).json().data.statuses).toEqual([]);
  });

  it('shows the partnerships an organisation belongs or belonged to, with role, dates and lead', async () => {
    const trustRecord = (await w.manager.get(`${w.base}/organisations/${trust.id}`)).json().data;
    expect(trustRecord.partnerships).toEqual([
      { id: w.partnershipA, name: 'Partnership A', role: 'lead', joinedOn: '2019-04-01', leftOn: null, lead: true },
    ]);
    const clubRecord = (await w.manager.get(`${w.base}/organisations/${club.id}`)).json().data;
    expect(clubRecord.partnerships).toEqual([
      { id: w.partnershipA, name: 'Partnership A', role: 'member', joinedOn: '2019-04-01', leftOn: '2020-09-30', lead: false },
    ]);
    const leadRecord = (await w.manager.get(`${w.base}/organisations/${leadOfB.id}`)).json().data;
    expect(leadRecord.partnerships).toEqual([
      { id: w.partnershipB, name: 'Partnership B', role: 'lead', joinedOn: null, leftOn: null, lead: true },
    ]);
  });

  it('updates an organisation and keeps its history', async () => {
    const res = await w.manager.patch(`${w.base}/organisations/${council.id}`, {
      size: 'major',
      identifiers: ['GB-LAE-NEL', 'gb-lae-nel'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ size: 'major', identifiers: ['GB-LAE-NEL'], type: 'Local authority' });
    const record = (await w.manager.get(`${w.base}/organisations/${council.id}`)).json();
    expect(record.history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(record.history[0].changes).toEqual({ size: [null, 'major'] });
  });

  it('names each bad field and writes nothing', async () => {
    const cases: [object, (string | number)[], RegExp][] = [
      [{ name: 'X', colour: 'red' }, ['colour'], /Unknown field/],
      [{ name: ['X'] }, ['name'], /./],
      [{ name: 'n'.repeat(201) }, ['name'], /200 characters or fewer/],
      [{ name: 'X', type: 'Bowls club' }, ['type'], /not one of this programme’s organisation types: .*Registered charity/],
      [{ name: 'X', size: 'huge' }, ['size'], /micro, small, medium, large, major/],
      [{ name: 'X', identifiers: 'GB-CHC-1234567' }, ['identifiers'], /list/],
      [{ name: 'X', identifiers: ['GB-CHC-1234567', 'GB-CHC-12'] }, ['identifiers', 1], /6 to 8 digits/],
      [{ name: 'X', identifiers: ['US-EIN-123456789'] }, ['identifiers', 0], /does not know the list US-EIN.*GB-CHC/],
    ];
    for (const [body, path, message] of cases) {
      const res = await w.manager.post(`${w.base}/organisations`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors[0]).toEqual({ path, message: expect.stringMatching(message) });
    }
    const both = await w.manager.post(`${w.base}/organisations`, { name: 'X', type: 'Bowls club', identifiers: ['nonsense'] });
    expect(both.json().errors.map((e: { path: unknown }) => e.path)).toEqual([['type'], ['identifiers', 0]]);
    const dup = await w.manager.post(`${w.base}/organisations`, { name: 'GRIMSBY community trust' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toEqual(['name']);
    expect((await w.manager.get(`${w.base}/organisations`)).json().page.total).toBe(5);
  });

  it('shows a partnership member only organisations that are or were in their partnerships', async () => {
    const list = await w.memberA.get(`${w.base}/organisations`);
    expect(names(list)).toEqual(['Grimsby Community Trust', 'Nunsthorpe Youth Club']);
    expect((await w.memberA.get(`${w.base}/organisations/${club.id}`)).statusCode).toBe(200);
    for (const other of [council, leadOfB, unattached]) {
      const res = await w.memberA.get(`${w.base}/organisations/${other.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toMatch(/was not found, or you do not have access to it/);
    }
    // They see the organisation, but not what it does in other partnerships.
    await w.addMember(w.partnershipB, trust.id);
    const trustSeen = (await w.memberA.get(`${w.base}/organisations/${trust.id}`)).json();
    expect(trustSeen.data.partnerships.map((p: { name: string }) => p.name)).toEqual(['Partnership A']);
    expect(trustSeen.abilities).toEqual({ update: false });
  });

  it('lets only managers write: others in the programme get 403, people outside it 404', async () => {
    expect((await w.memberA.patch(`${w.base}/organisations/${trust.id}`, { size: 'large' })).statusCode).toBe(403);
    expect(
      (await w.memberA.post(`${w.base}/organisations/${trust.id}/statuses`, { status: 'struggling', effectiveOn: '2022-01-01' }))
        .statusCode,
    ).toBe(403);
    expect((await w.viewer.post(`${w.base}/organisations`, { name: 'Viewer Org' })).statusCode).toBe(403);
    expect(
      (await w.viewer.post(`${w.base}/organisations/${trust.id}/statuses`, { status: 'struggling', effectiveOn: '2022-01-01' })).statusCode,
    ).toBe(403);
    expect((await w.stranger.get(`${w.base}/organisations`)).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/organisations/${trust.id}`)).statusCode).toBe(404);
    expect((await w.stranger.patch(`${w.base}/organisations/${trust.id}`, { size: 'large' })).statusCode).toBe(404);
    expect((await w.admin.get(`${w.otherBase}/organisations/${trust.id}`)).statusCode).toBe(404);
    const trustNow = (await w.manager.get(`${w.base}/organisations/${trust.id}`)).json().data;
    expect(trustNow).toMatchObject({ size: 'small', status: 'active', statuses: [] });
  });
});
