import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';

let t: TestContext;
let admin: Client;
let manager: Client;
const ids: Record<string, string> = {};
const base = '/api/v1/programmes/pbsa';

const names = (res: { json(): { data: { name: string }[] } }) => res.json().data.map((p) => p.name);
const labels = (tags: { label: string }[]) => tags.map((t) => t.label);

async function term(slug: string, vocabulary: string, label: string) {
  const res = await admin.post(`/api/v1/programmes/${slug}/vocabularies/${vocabulary}/terms`, { label });
  return res.json().data.id as string;
}
async function projectCount() {
  return (await admin.get(`${base}/projects`)).json().page.total as number;
}

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cairn.test', { isAdmin: true });
  const users = {
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
  ids.health = await term('pbsa', 'theme', 'Health and wellbeing');
  ids.housing = await term('pbsa', 'theme', 'Housing');
  ids.codesign = await term('pbsa', 'coproduction_model', 'Co-design');
  ids.otherTheme = await term('other', 'theme', 'Health and wellbeing');
  const typology = (await admin.get(`${base}/vocabularies`)).json().data.typology as { id: string; label: string }[];
  ids.typo1 = typology[0]!.id;
  ids.typo2 = typology[1]!.id;
  ids.typo1Label = typology[0]!.label;
  ids.typo2Label = typology[1]!.label;
  ids.p1 = (await admin.post(`${base}/partnerships`, { name: 'Hartcliffe Together' })).json().data.id;
  ids.p2 = (await admin.post(`${base}/partnerships`, { name: 'Filwood Forward' })).json().data.id;
  ids.otherPartnership = (await admin.post('/api/v1/programmes/other/partnerships', { name: 'Far Away' })).json().data.id;
  await admin.put(`/api/v1/users/${users.member.id}/partnerships/${ids.p1}`);
  manager = await t.as('manager@cairn.test');
  const make = async (body: Record<string, unknown>) => (await manager.post(`${base}/projects`, body)).json().data.id as string;
  ids.garden = await make({
    name: 'Community garden',
    description: 'Growing food together',
    partnershipId: ids.p1,
    themeIds: [ids.health, ids.housing],
    typologyIds: [ids.typo1],
    coproductionModelId: ids.codesign,
    provenance: 'illustrative',
  });
  ids.repair = await make({
    name: 'Repair café',
    partnershipId: ids.p2,
    themeIds: [ids.housing],
    typologyIds: [ids.typo2],
    provenance: 'synthetic',
  });
  ids.loose = await make({ name: 'Programme-wide learning event' });
});

describe('projects', () => {
  it('creates a project with several themes and typology tags, one co-production model and its provenance', async () => {
    const res = await manager.get(`${base}/projects/${ids.garden}`);
    expect(res.statusCode).toBe(200);
    const { data, abilities, history } = res.json();
    expect(data).toMatchObject({
      name: 'Community garden',
      description: 'Growing food together',
      partnership: { id: ids.p1, name: 'Hartcliffe Together' },
      themes: [
        { id: ids.health, label: 'Health and wellbeing' },
        { id: ids.housing, label: 'Housing' },
      ],
      typology: [{ id: ids.typo1, label: ids.typo1Label }],
      coproductionModel: { id: ids.codesign, label: 'Co-design' },
      provenance: 'illustrative',
    });
    expect(abilities).toEqual({ update: true });
    expect(history[0]).toMatchObject({ action: 'create', actor: 'manager@cairn.test', summary: 'Created project Community garden' });
    const loose = (await manager.get(`${base}/projects/${ids.loose}`)).json().data;
    expect(loose).toMatchObject({ partnership: null, themes: [], typology: [], coproductionModel: null, provenance: 'real' });
    const partnership = (await manager.get(`${base}/partnerships/${ids.p1}`)).json().data;
    expect(partnership.projects).toEqual([{ id: ids.garden, name: 'Community garden' }]);
  });

  it('lists, searches, filters by partnership, theme, typology and co-production model, and pages', async () => {
    const viewer = await t.as('viewer@cairn.test');
    const all = await viewer.get(`${base}/projects`);
    expect(names(all)).toEqual(['Community garden', 'Programme-wide learning event', 'Repair café']);
    expect(all.json().abilities).toEqual({ create: false });
    const repair = all.json().data[2];
    expect(repair).toMatchObject({ provenance: 'synthetic', partnership: { name: 'Filwood Forward' }, themes: [{ label: 'Housing' }] });
    expect(names(await viewer.get(`${base}/projects?q=CAF`))).toEqual(['Repair café']);
    expect(names(await viewer.get(`${base}/projects?partnershipId=${ids.p2}`))).toEqual(['Repair café']);
    expect(names(await viewer.get(`${base}/projects?themeId=${ids.housing}`))).toEqual(['Community garden', 'Repair café']);
    expect(names(await viewer.get(`${base}/projects?themeId=${ids.health}`))).toEqual(['Community garden']);
    expect(names(await viewer.get(`${base}/projects?typologyId=${ids.typo2}`))).toEqual(['Repair café']);
    expect(names(await viewer.get(`${base}/projects?coproductionModelId=${ids.codesign}`))).toEqual(['Community garden']);
    expect(names(await viewer.get(`${base}/projects?themeId=${ids.housing}&partnershipId=${ids.p1}`))).toEqual(['Community garden']);
    const page = await viewer.get(`${base}/projects?pageSize=2&page=2`);
    expect(names(page)).toEqual(['Repair café']);
    expect(page.json().page).toEqual({ page: 2, pageSize: 2, total: 3 });
    const bad = await viewer.get(`${base}/projects?themeId=health`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toEqual(['querystring', 'themeId']);
  });

  it('replaces only the list it is given on update, and records the change in words', async () => {
    const made = (
      await manager.post(`${base}/projects`, { name: 'Youth forum', themeIds: [ids.health], typologyIds: [ids.typo1, ids.typo2] })
    ).json().data;
    const res = await manager.patch(`${base}/projects/${made.id}`, {
      themeIds: [ids.housing],
      coproductionModelId: ids.codesign,
      partnershipId: ids.p2,
    });
    expect(res.statusCode).toBe(200);
    const { data, history } = res.json();
    expect(labels(data.themes)).toEqual(['Housing']);
    expect(labels(data.typology)).toEqual([ids.typo1Label, ids.typo2Label]);
    expect(data.coproductionModel).toEqual({ id: ids.codesign, label: 'Co-design' });
    expect(history[0].changes).toEqual({
      themes: [['Health and wellbeing'], ['Housing']],
      coproductionModel: [null, 'Co-design'],
      partnership: [null, 'Filwood Forward'],
    });
    const cleared = (
      await manager.patch(`${base}/projects/${made.id}`, { typologyIds: [], coproductionModelId: null, partnershipId: null })
    ).json().data;
    expect(cleared).toMatchObject({ typology: [], coproductionModel: null, partnership: null, themes: [{ label: 'Housing' }] });
  });

  it('names each bad field, down to the position of a wrong term, and writes nothing', async () => {
    const before = await projectCount();
    const cases: [Record<string, unknown>, (string | number)[], number][] = [
      [{ name: 'X', colour: 'red' }, ['colour'], 422],
      [{ name: 42 }, ['name'], 422],
      [{ name: 'n'.repeat(201) }, ['name'], 422],
      [{ name: 'X', themeIds: 'Housing' }, ['themeIds'], 422],
      [{ name: 'X', themeIds: [ids.health, 'not-an-id'] }, ['themeIds', 1], 422],
      [{ name: 'X', typologyIds: [ids.typo1, ids.health] }, ['typologyIds', 1], 422],
      [{ name: 'X', themeIds: [ids.otherTheme] }, ['themeIds', 0], 422],
      [{ name: 'X', coproductionModelId: ids.housing }, ['coproductionModelId'], 422],
      [{ name: 'X', partnershipId: ids.otherPartnership }, ['partnershipId'], 422],
      [{ name: 'X', provenance: 'made up' }, ['provenance'], 422],
      [{ name: 'community GARDEN' }, ['name'], 409],
    ];
    for (const [body, path, status] of cases) {
      const res = await manager.post(`${base}/projects`, body);
      expect({ body, status: res.statusCode, path: res.json().errors?.[0]?.path }).toEqual({ body, status, path });
    }
    const wrongList = await manager.post(`${base}/projects`, { name: 'X', typologyIds: [ids.typo1, ids.health] });
    expect(wrongList.json().errors[0].message).toBe('That is a theme, not a typology tag');
    expect(await projectCount()).toBe(before);

    const update = await manager.patch(`${base}/projects/${ids.repair}`, { themeIds: [ids.health], typologyIds: [ids.housing] });
    expect(update.statusCode).toBe(422);
    expect(update.json().errors).toEqual([{ path: ['typologyIds', 0], message: expect.any(String) }]);
    const repair = (await manager.get(`${base}/projects/${ids.repair}`)).json().data;
    expect(labels(repair.themes)).toEqual(['Housing']);
    expect(labels(repair.typology)).toEqual([ids.typo2Label]);
  });

  it('shows a partnership member only their partnerships’ projects and lets them change nothing', async () => {
    const member = await t.as('member@cairn.test');
    const list = await member.get(`${base}/projects`);
    expect(names(list)).toEqual(['Community garden']);
    expect(list.json().page.total).toBe(1);
    expect((await member.get(`${base}/projects/${ids.garden}`)).json().abilities).toEqual({ update: false });
    const theirs = await member.get(`${base}/projects/${ids.repair}`);
    const unattached = await member.get(`${base}/projects/${ids.loose}`);
    const missing = await member.get(`${base}/projects/00000000-0000-4000-8000-000000000000`);
    expect([theirs.statusCode, unattached.statusCode, missing.statusCode]).toEqual([404, 404, 404]);
    expect(theirs.json().detail).toBe(missing.json().detail);
    expect((await member.patch(`${base}/projects/${ids.garden}`, { name: 'Renamed' })).statusCode).toBe(403);
    expect((await member.post(`${base}/projects`, { name: 'Ours', partnershipId: ids.p1 })).statusCode).toBe(403);
    expect((await manager.get(`${base}/projects/${ids.garden}`)).json().data.name).toBe('Community garden');
  });

  it('refuses writes from a viewer with 403 and hides projects from another programme’s people with 404', async () => {
    const viewer = await t.as('viewer@cairn.test');
    expect((await viewer.post(`${base}/projects`, { name: 'Viewer made' })).statusCode).toBe(403);
    expect((await viewer.patch(`${base}/projects/${ids.garden}`, { name: 'Viewer renamed' })).statusCode).toBe(403);
    const outsider = await t.as('outsider@cairn.test');
    expect((await outsider.get(`${base}/projects`)).statusCode).toBe(404);
    expect((await outsider.get(`${base}/projects/${ids.garden}`)).statusCode).toBe(404);
    expect((await outsider.patch(`${base}/projects/${ids.garden}`, { name: 'Outsider renamed' })).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/programmes/other/projects')).json().data).toEqual([]);
  });
});
