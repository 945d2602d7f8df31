import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;
let grimsby: { id: string };
let wrexham: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'places');
  const add = async (body: object) => {
    const res = await w.manager.post(`${w.base}/places`, body);
    expect(res.statusCode).toBe(201);
    return res.json().data;
  };
  grimsby = await add({
    name: 'Grimsby',
    nation: 'England',
    region: 'Yorkshire and the Humber',
    areaCode: 'E06000012',
    deprivationIndex: 'IMD',
    deprivationDecile: 1,
  });
  wrexham = await add({ name: 'Wrexham', areaCode: 'W06000006', region: 'North Wales' });
  await add({ name: 'Govan', nation: 'Scotland', region: 'Glasgow', deprivationIndex: 'SIMD', deprivationDecile: 1 });
  await add({ name: 'Great Yarmouth', nation: 'England', region: 'East of England' });
  await w.linkPlace(w.partnershipA, grimsby.id);
  await w.linkPlace(w.partnershipB, wrexham.id);
});

const names = (res: { json(): { data: { name: string }[] } }) => res.json().data.map((p) => p.name);

describe('places', () => {
  it('lists places by name, with search, filters and paging', async () => {
    const all = await w.viewer.get(`${w.base}/places`);
    expect(all.statusCode).toBe(200);
    expect(names(all)).toEqual(['Govan', 'Great Yarmouth', 'Grimsby', 'Wrexham']);
    expect(all.json().page).toEqual({ page: 1, pageSize: 50, total: 4 });
    expect(all.json().abilities).toEqual({ create: false });

    expect(names(await w.viewer.get(`${w.base}/places?q=gr`))).toEqual(['Great Yarmouth', 'Grimsby']);
    expect(names(await w.viewer.get(`${w.base}/places?nation=England`))).toEqual(['Great Yarmouth', 'Grimsby']);
    expect(names(await w.viewer.get(`${w.base}/places?region=north%20wales`))).toEqual(['Wrexham']);

    const page2 = await w.viewer.get(`${w.base}/places?pageSize=3&page=2`);
    expect(names(page2)).toEqual(['Wrexham']);
    expect(page2.json().page).toEqual({ page: 2, pageSize: 3, total: 4 });
  });

  it('fills the nation in from the area code', async () => {
    const res = await w.viewer.get(`${w.base}/places/${wrexham.id}`);
    expect(res.json().data).toMatchObject({ nation: 'Wales', areaCode: 'W06000006' });
  });

  it('shows a place with the partnerships working there and its history, and records changes', async () => {
    const patch = await w.manager.patch(`${w.base}/places/${grimsby.id}`, {
      localAuthority: 'North East Lincolnshire',
      deprivationDecile: 2,
    });
    expect(patch.statusCode).toBe(200);
    const res = await w.manager.get(`${w.base}/places/${grimsby.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toMatchObject({
      name: 'Grimsby',
      localAuthority: 'North East Lincolnshire',
      deprivationIndex: 'IMD',
      deprivationDecile: 2,
    });
    expect(body.data.partnerships).toEqual([{ id: w.partnershipA, name: 'Partnership A' }]);
    expect(body.abilities).toEqual({ update: true });
    expect(body.history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(body.history[0].changes.deprivationDecile).toEqual([1, 2]);
  });

  it('names each bad field and writes nothing', async () => {
    const cases: [object, (string | number)[], RegExp][] = [
      [{ name: 'X', colour: 'red' }, ['colour'], /Unknown field/],
      [{ name: 42 }, ['name'], /./],
      [{ name: 'n'.repeat(201) }, ['name'], /200 characters or fewer/],
      [{ name: 'X', nation: 'Cornwall' }, ['nation'], /England, Scotland, Wales, Northern Ireland/],
      [{ name: 'X', areaCode: 'E0800002' }, ['areaCode'], /one letter then 8 digits/],
      [{ name: 'X', nation: 'Scotland', areaCode: 'E08000026' }, ['areaCode'], /in England, but this place is in Scotland/],
      [{ name: 'X', nation: 'England', deprivationDecile: 3 }, ['deprivationIndex'], /which index/],
      [{ name: 'X', nation: 'Wales', deprivationIndex: 'IMD', deprivationDecile: 3 }, ['deprivationIndex'], /use WIMD/],
      [{ name: 'X', deprivationIndex: 'IMD', deprivationDecile: 11 }, ['deprivationDecile'], /1 to 10/],
    ];
    for (const [body, path, message] of cases) {
      const res = await w.manager.post(`${w.base}/places`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0]).toEqual({ path, message: expect.stringMatching(message) });
    }
    expect((await w.manager.get(`${w.base}/places`)).json().page.total).toBe(4);
  });

  it('refuses a second place of the same name in the programme (in any case), but allows it in another', async () => {
    const dup = await w.manager.post(`${w.base}/places`, { name: 'grimsby' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toEqual(['name']);
    const rename = await w.manager.patch(`${w.base}/places/${wrexham.id}`, { name: 'GRIMSBY' });
    expect(rename.statusCode).toBe(409);
    expect((await w.manager.get(`${w.base}/places?q=grimsby`)).json().page.total).toBe(1);
    expect((await w.admin.post(`${w.otherBase}/places`, { name: 'Grimsby' })).statusCode).toBe(201);
  });

  it('checks a change against the place as it will be', async () => {
    const res = await w.manager.patch(`${w.base}/places/${grimsby.id}`, { nation: 'Scotland' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string[] }) => e.path)).toEqual([['areaCode'], ['deprivationIndex']]);
    const cleared = await w.manager.patch(`${w.base}/places/${wrexham.id}`, { areaCode: null, nation: 'England' });
    expect(cleared.json().data).toMatchObject({ areaCode: null, nation: 'England' });
    expect((await w.manager.get(`${w.base}/places/${grimsby.id}`)).json().data.nation).toBe('England');
  });

  it('shows a partnership member only the places of their partnerships', async () => {
    expect(names(await w.memberA.get(`${w.base}/places`))).toEqual(['Grimsby']);
    expect((await w.memberA.get(`${w.base}/places/${grimsby.id}`)).statusCode).toBe(200);
    const theirs = await w.memberA.get(`${w.base}/places/${wrexham.id}`);
    const missing = await w.memberA.get(`${w.base}/places/00000000-0000-4000-8000-000000000000`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().detail).toBe(missing.json().detail);
  });

  it('lets only managers write: others in the programme get 403, people outside it 404', async () => {
    expect((await w.memberA.patch(`${w.base}/places/${grimsby.id}`, { region: 'Mine' })).statusCode).toBe(403);
    expect((await w.memberA.post(`${w.base}/places`, { name: 'Cleethorpes' })).statusCode).toBe(403);
    expect((await w.viewer.post(`${w.base}/places`, { name: 'Cleethorpes' })).statusCode).toBe(403);
    expect((await w.viewer.patch(`${w.base}/places/${grimsby.id}`, { region: 'Mine' })).statusCode).toBe(403);
    expect((await w.stranger.get(`${w.base}/places`)).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/places/${grimsby.id}`)).statusCode).toBe(404);
    expect((await w.stranger.post(`${w.base}/places`, { name: 'Cleethorpes' })).statusCode).toBe(404);
    expect((await w.manager.get(`${w.base}/places/${grimsby.id}`)).json().data.region).toBe('Yorkshire and the Humber');
    expect((await w.manager.get(`${w.base}/places?q=Cleethorpes`)).json().page.total).toBe(0);
  });

  it('does not find a place through another programme', async () => {
    expect((await w.admin.get(`${w.otherBase}/places/${grimsby.id}`)).statusCode).toBe(404);
  });
});
