/**
 * Brokerage cases are confidential: visible only to the programme's managers (and administrators) and
 * the facilitators assigned to the case's partnership. Everyone else — the partnership's own members,
 * viewers, evaluators, other facilitators — is told the case does not exist (404), and lists neither
 * show nor count it. On both engines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { supportAssignments, supportProviders } from '../providers/schema.js';

let t: TestContext;
let w: RegistryWorld;
let facilitatorA: Client;
let facilitatorB: Client;
let evaluator: Client;
let caseA: string;
let cases: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'brokerage');
  cases = `${w.base}/brokerage-cases`;
  const roles = async (who: string, role: string) => {
    const u = await t.makeUser(`${who}@brokerage.test`);
    expect((await w.admin.put(`/api/v1/users/${u.id}/programme-roles/brokerage`, { role })).statusCode).toBe(200);
    return { id: u.id, client: await t.as(`${who}@brokerage.test`) };
  };
  const fa = await roles('fac.a', 'facilitator');
  const fb = await roles('fac.b', 'facilitator');
  evaluator = (await roles('evaluator', 'evaluator')).client;
  facilitatorA = fa.client;
  facilitatorB = fb.client;
  // Assignments go straight in: they are the support providers' business, tested there.
  const [pa, pb] = await t.database.db
    .insert(supportProviders)
    .values([
      { programmeId: w.programmeId, role: 'facilitator', name: 'Ada Facilitator', userId: fa.id },
      { programmeId: w.programmeId, role: 'facilitator', name: 'Ben Facilitator', userId: fb.id },
    ])
    .returning();
  await t.database.db.insert(supportAssignments).values([
    { providerId: pa!.id, partnershipId: w.partnershipA },
    { providerId: pb!.id, partnershipId: w.partnershipB },
  ]);
  const res = await facilitatorA.post(cases, {
    partnershipId: w.partnershipA,
    title: 'Council relations at Partnership A',
    trigger: 'The council withdrew from the steering group after a row over the community centre lease',
    parties: [
      { name: 'Partnership A', kind: 'organisation', organisationId: null },
      { name: 'Borough Council', kind: 'public_body', organisationId: null },
    ],
    openedOn: '2024-01-10',
  });
  expect(res.statusCode, res.body).toBe(201);
  caseA = res.json().data.id;
});

describe('a brokerage case', () => {
  it('records dated steps, an agreement and the outcome for whoever may see it', async () => {
    const steps = [
      { on: '2024-02-01', kind: 'Meeting', summary: 'Met the council’s head of communities' },
      { on: '2024-03-15', kind: 'Soundings report', summary: 'Soundings with twelve residents and four officers' },
    ];
    for (const s of steps) expect((await facilitatorA.post(`${cases}/${caseA}/steps`, s)).statusCode).toBe(201);
    const agreed = await w.manager.post(`${cases}/${caseA}/agreements`, {
      title: 'Joint-working protocol',
      agreedOn: '2024-05-20',
      summary: 'Quarterly meetings; the council names a link officer',
    });
    expect(agreed.statusCode, agreed.body).toBe(201);
    const closed = await facilitatorA.patch(`${cases}/${caseA}`, {
      status: 'resolved',
      closedOn: '2024-06-30',
      outcome: 'The council rejoined',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const data = closed.json().data;
    expect(data.steps.map((s: { kind: string }) => s.kind)).toEqual(['Meeting', 'Soundings report']);
    expect(data.agreements[0].title).toBe('Joint-working protocol');
    expect(data).toMatchObject({ status: 'resolved', closedOn: '2024-06-30', outcome: 'The council rejoined' });
    // The manager reads its history; the facilitator, who may see the case but not the audit log, gets none.
    expect((await w.manager.get(`${cases}/${caseA}`)).json().history.length).toBe(5);
    expect((await facilitatorA.get(`${cases}/${caseA}`)).json().history).toEqual([]);
  });

  it('is a 404 — never a 403 — to the partnership’s members, viewers, evaluators and other facilitators, and no list shows or counts it', async () => {
    const outsiders = { member: w.memberA, viewer: w.viewer, evaluator, otherFacilitator: facilitatorB, stranger: w.stranger };
    for (const [who, client] of Object.entries(outsiders)) {
      for (const [method, url, body] of [
        ['GET', `${cases}/${caseA}`, undefined],
        ['PATCH', `${cases}/${caseA}`, { outcome: 'Nosy' }],
        ['POST', `${cases}/${caseA}/steps`, { on: '2024-03-01', kind: 'Meeting', summary: 'Nosy' }],
        ['POST', `${cases}/${caseA}/agreements`, { title: 'Nosy', agreedOn: '2024-03-01' }],
      ] as const) {
        const res = await client.request(method, url, body);
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(404);
        expect(res.body).not.toContain('Council relations');
        expect(res.headers.etag).toBeUndefined();
      }
      const list = await client.get(cases);
      if (who === 'stranger') expect(list.statusCode).toBe(404);
      else {
        expect(list.statusCode).toBe(200);
        expect(list.json().data).toEqual([]);
        expect(list.body).not.toContain(caseA);
      }
    }
    // The controls: the manager, the administrator and the assigned facilitator each see it.
    for (const client of [w.manager, w.admin, facilitatorA])
      expect((await client.get(cases)).json().data.map((c: { id: string }) => c.id)).toEqual([caseA]);
  });

  it('is opened only by managers and the facilitators assigned to the partnership', async () => {
    const body = { partnershipId: w.partnershipA, title: 'Second case', parties: [], openedOn: '2024-07-01' };
    expect((await facilitatorB.post(cases, body)).statusCode).toBe(403);
    expect((await w.memberA.post(cases, body)).statusCode).toBe(403);
    expect((await w.viewer.post(cases, body)).statusCode).toBe(403);
    expect((await facilitatorB.get(cases)).json().abilities.create).toBe(true);
    expect((await w.memberA.get(cases)).json().abilities.create).toBe(false);
  });

  it('says what is wrong with bad input, naming the field', async () => {
    const early = await facilitatorA.post(`${cases}/${caseA}/steps`, { on: '2023-12-01', kind: 'Meeting', summary: 'Too early' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors).toEqual([{ path: ['on'], message: 'The step cannot come before the case opened' }]);
    const open = await w.manager.post(cases, {
      partnershipId: w.partnershipA,
      title: 'Resolved without a date',
      parties: [{ name: 'Elsewhere', kind: 'organisation', organisationId: '00000000-0000-4000-8000-000000000000' }],
      status: 'resolved',
      openedOn: '2024-07-01',
    });
    expect(open.statusCode).toBe(422);
    expect(open.json().errors[0].path).toEqual(['closedOn']);
    const foreign = await w.manager.post(cases, {
      partnershipId: w.otherPartnership,
      title: 'Elsewhere',
      parties: [],
      openedOn: '2024-07-01',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].path).toEqual(['partnershipId']);
  });
});
