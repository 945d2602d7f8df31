import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;
let trust: { id: string };
let charity: { id: string };
let foreignOrg: { id: string };
let phase2: { id: string };
let foreignPhase: { id: string };
let grantA: { id: string };
let grantB: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'grants');
  const created = async (url: string, body: object) => {
    const res = await w.admin.post(url, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  };
  trust = await created(`${w.base}/organisations`, { name: 'Grimsby Community Trust' });
  charity = await created(`${w.base}/organisations`, { name: 'Wrexham Voluntary Action' });
  foreignOrg = await created(`${w.otherBase}/organisations`, { name: 'Elsewhere Trust' });
  phase2 = await created(`${w.base}/phases`, { number: 2, name: 'Phase 2' });
  foreignPhase = await created(`${w.otherBase}/phases`, { number: 2, name: 'Phase 2 elsewhere' });
  const grant = async (body: object) => {
    const res = await w.manager.post(`${w.base}/grants`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  };
  grantA = await grant({
    title: 'Phase 2 development grant',
    recipientOrganisationId: trust.id,
    partnershipId: w.partnershipA,
    phaseId: phase2.id,
    amountGbp: 0.29,
    awardedOn: '2019-02-01',
    startsOn: '2019-02-01',
    endsOn: '2022-01-31',
  });
  grantB = await grant({
    title: 'Small grant',
    recipientOrganisationId: charity.id,
    partnershipId: w.partnershipB,
    phaseId: phase2.id,
    amountGbp: 4500000,
    awardedOn: '2019-03-01',
  });
  await grant({ title: 'Learning support', recipientOrganisationId: charity.id, amountGbp: 1234.5, awardedOn: '2018-06-01' });
});

const titles = (res: { json(): { data: { title: string }[] } }) => res.json().data.map((g) => g.title);

describe('grants', () => {
  it('keeps amounts exact in pence and shows what each grant points at', async () => {
    const res = await w.viewer.get(`${w.base}/grants/${grantA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      title: 'Phase 2 development grant',
      amountGbp: 0.29,
      recipient: { id: trust.id, name: 'Grimsby Community Trust' },
      partnership: { id: w.partnershipA, name: 'Partnership A' },
      phase: { id: phase2.id, number: 2, name: 'Phase 2' },
      startsOn: '2019-02-01',
      endsOn: '2022-01-31',
    });
    const [stored] = await t.database.query<{ amount_pence: unknown }>('select amount_pence from grants where id = $1', [grantB.id]);
    expect(Number(stored?.amount_pence)).toBe(450000000);
  });

  it('lists newest award first, with filters, search, paging and the total of the matched grants', async () => {
    const all = await w.viewer.get(`${w.base}/grants`);
    expect(titles(all)).toEqual(['Small grant', 'Phase 2 development grant', 'Learning support']);
    expect(all.json().page).toEqual({ page: 1, pageSize: 50, total: 3, totalAmountGbp: 4501234.79 });
    const inPhase = await w.viewer.get(`${w.base}/grants?phaseId=${phase2.id}`);
    expect(inPhase.json().page).toMatchObject({ total: 2, totalAmountGbp: 4500000.29 });
    const forA = await w.viewer.get(`${w.base}/grants?partnershipId=${w.partnershipA}`);
    expect(titles(forA)).toEqual(['Phase 2 development grant']);
    expect(forA.json().page.totalAmountGbp).toBe(0.29);
    expect(titles(await w.viewer.get(`${w.base}/grants?q=wrexham`))).toEqual(['Small grant', 'Learning support']);
    const page2 = await w.viewer.get(`${w.base}/grants?pageSize=2&page=2`);
    expect(titles(page2)).toEqual(['Learning support']);
    expect(page2.json().page).toMatchObject({ total: 3, totalAmountGbp: 4501234.79 });
    expect((await w.viewer.get(`${w.base}/grants?phaseId=not-an-id`)).json().errors[0].path).toEqual(['querystring', 'phaseId']);
  });

  it('updates a grant, keeps its history, and checks it as it will be', async () => {
    const res = await w.manager.patch(`${w.base}/grants/${grantB.id}`, { amountGbp: 4499999.99, partnershipId: null });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ amountGbp: 4499999.99, partnership: null });
    const record = (await w.manager.get(`${w.base}/grants/${grantB.id}`)).json();
    expect(record.history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(record.history[0].changes).toEqual({ amountGbp: [4500000, 4499999.99], partnershipId: [w.partnershipB, null] });

    const backwards = await w.manager.patch(`${w.base}/grants/${grantA.id}`, { startsOn: '2022-06-01' });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toEqual([{ path: ['endsOn'], message: expect.stringMatching(/on or after the start date/) }]);
    expect((await w.manager.get(`${w.base}/grants/${grantA.id}`)).json().data.startsOn).toBe('2019-02-01');
    await w.manager.patch(`${w.base}/grants/${grantB.id}`, { partnershipId: w.partnershipB });
  });

  it('names each bad field and writes nothing, including references to another programme', async () => {
    const good = { title: 'Bad one', recipientOrganisationId: trust.id, amountGbp: 100 };
    const cases: [object, (string | number)[], RegExp][] = [
      [{ ...good, colour: 'red' }, ['colour'], /Unknown field/],
      [{ ...good, amountGbp: '100' }, ['amountGbp'], /number of pounds/],
      [{ ...good, amountGbp: -1 }, ['amountGbp'], /cannot be negative/],
      [{ ...good, amountGbp: 10.001 }, ['amountGbp'], /at most 2 decimal places/],
      [{ ...good, title: 't'.repeat(201) }, ['title'], /200 characters or fewer/],
      [{ ...good, recipientOrganisationId: 'nope' }, ['recipientOrganisationId'], /^Choose the organisation that received the grant$/],
      [{ ...good, recipientOrganisationId: foreignOrg.id }, ['recipientOrganisationId'], /not in this programme/],
      [{ ...good, recipientOrganisationId: '00000000-0000-4000-8000-000000000000' }, ['recipientOrganisationId'], /not in this programme/],
      [{ ...good, partnershipId: w.otherPartnership }, ['partnershipId'], /not in this programme/],
      [{ ...good, phaseId: foreignPhase.id }, ['phaseId'], /not in this programme/],
      [{ ...good, startsOn: '2020-01-01', endsOn: '2019-12-31' }, ['endsOn'], /on or after the start date/],
      [{ ...good, awardedOn: '31/12/2019' }, ['awardedOn'], /^Date the grant was awarded must be a real date/],
      [{ title: 'No recipient', amountGbp: 5 }, ['recipientOrganisationId'], /./],
    ];
    for (const [body, path, message] of cases) {
      const res = await w.manager.post(`${w.base}/grants`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors[0]).toEqual({ path, message: expect.stringMatching(message) });
    }
    const patch = await w.manager.patch(`${w.base}/grants/${grantA.id}`, { recipientOrganisationId: foreignOrg.id });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0].path).toEqual(['recipientOrganisationId']);
    expect((await w.manager.get(`${w.base}/grants`)).json().page).toMatchObject({ total: 3, totalAmountGbp: 4501234.78 });
    expect((await w.manager.get(`${w.base}/grants/${grantA.id}`)).json().data.recipient.id).toBe(trust.id);
  });

  it('shows a partnership member only their partnerships’ grants, and the total of those', async () => {
    const list = await w.memberA.get(`${w.base}/grants`);
    expect(titles(list)).toEqual(['Phase 2 development grant']);
    expect(list.json().page).toMatchObject({ total: 1, totalAmountGbp: 0.29 });
    expect(titles(await w.memberA.get(`${w.base}/grants?partnershipId=${w.partnershipB}`))).toEqual([]);
    expect((await w.memberA.get(`${w.base}/grants/${grantA.id}`)).statusCode).toBe(200);
    const theirs = await w.memberA.get(`${w.base}/grants/${grantB.id}`);
    const missing = await w.memberA.get(`${w.base}/grants/00000000-0000-4000-8000-000000000000`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().detail).toBe(missing.json().detail);
  });

  it('lets only managers write: others in the programme get 403, people outside it 404', async () => {
    const body = { title: 'Sneaky', recipientOrganisationId: trust.id, amountGbp: 1 };
    expect((await w.memberA.post(`${w.base}/grants`, body)).statusCode).toBe(403);
    expect((await w.memberA.patch(`${w.base}/grants/${grantA.id}`, { amountGbp: 1 })).statusCode).toBe(403);
    expect((await w.viewer.post(`${w.base}/grants`, body)).statusCode).toBe(403);
    expect((await w.viewer.patch(`${w.base}/grants/${grantA.id}`, { amountGbp: 1 })).statusCode).toBe(403);
    expect((await w.stranger.get(`${w.base}/grants`)).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/grants/${grantA.id}`)).statusCode).toBe(404);
    expect((await w.stranger.post(`${w.base}/grants`, body)).statusCode).toBe(404);
    expect((await w.admin.get(`${w.otherBase}/grants/${grantA.id}`)).statusCode).toBe(404);
    expect((await w.manager.get(`${w.base}/grants`)).json().page.total).toBe(3);
    expect((await w.manager.get(`${w.base}/grants/${grantA.id}`)).json().data.amountGbp).toBe(0.29);
  });
});
