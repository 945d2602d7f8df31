/**
 * Action plans and phase plans over HTTP on both engines: the partnership's members edit their own plan,
 * an assigned facilitator helps, others read or are told it does not exist; every version stays
 * readable with what changed; an annual review judges each priority.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { supportAssignments, supportProviders } from '../providers/schema.js';

let t: TestContext;
let w: RegistryWorld;
let facilitatorA: Client;
let facilitatorB: Client;
let memberB: Client;
let plans: string;
let planId: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'plans');
  plans = `${w.base}/plans`;
  const facilitator = async (who: string, partnershipId: string) => {
    const u = await t.makeUser(`${who}@plans.test`);
    expect((await w.admin.put(`/api/v1/users/${u.id}/programme-roles/plans`, { role: 'facilitator' })).statusCode).toBe(200);
    const [p] = await t.database.db
      .insert(supportProviders)
      .values({ programmeId: w.programmeId, role: 'facilitator', name: who, userId: u.id })
      .returning();
    await t.database.db.insert(supportAssignments).values({ providerId: p!.id, partnershipId });
    return t.as(`${who}@plans.test`);
  };
  facilitatorA = await facilitator('fac.a', w.partnershipA);
  facilitatorB = await facilitator('fac.b', w.partnershipB);
  const mb = await t.makeUser('member.b@plans.test');
  expect((await w.admin.put(`/api/v1/users/${mb.id}/partnerships/${w.partnershipB}`)).statusCode).toBe(200);
  memberB = await t.as('member.b@plans.test');
});

describe('action plans', () => {
  it('are started by the partnership’s own members, with priorities, actions and who took part', async () => {
    const res = await w.memberA.post(plans, {
      kind: 'action',
      partnershipId: w.partnershipA,
      title: 'Partnership A action plan 2024',
      purpose: 'A neighbourhood people are proud of',
      priorities: [
        { horizon: 'short', text: 'Open the community shop' },
        { horizon: 'long', text: 'Take on the old library' },
      ],
      participants: [{ who: 'Maureen (chair)', count: 1 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    planId = plan.data.id;
    expect(plan.data).toMatchObject({ number: 1, ownership: { people: 1, narrow: true } });
    expect(plan.data.ownership.words).toMatch(/ask more members/);
    expect(plan.data.content.priorities.every((p: { id: string }) => p.id.length > 0)).toBe(true);
    expect(plan.abilities.update).toBe(true);
  });

  it('keeps every version readable, with what changed, when the members and their facilitator edit it', async () => {
    const before = (await w.memberA.get(`${plans}/${planId}`)).json().data;
    const [shop] = before.content.priorities;
    const edit = await facilitatorA.patch(`${plans}/${planId}`, {
      actions: [{ priorityId: shop.id, text: 'Find a shop unit', owner: 'Maureen', dueOn: '2024-06-30', status: 'in_progress' }],
      participants: [
        { who: 'Maureen (chair)', count: 1 },
        { who: 'Open meeting at the church hall', count: 23 },
      ],
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().data).toMatchObject({ number: 2, ownership: { people: 24, narrow: false } });
    const v1 = await w.viewer.get(`${plans}/${planId}/versions/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json().data.content.actions).toEqual([]);
    const v2 = (await w.memberA.get(`${plans}/${planId}/versions/2`)).json().data;
    expect(v2.changes.map((c: { words: string }) => c.words)).toEqual([
      'Action added: Find a shop unit',
      'Who took part changed (1 → 24 people)',
    ]);
    expect(v2.savedBy).toBe('fac.a@plans.test');
    // Saving nothing new makes no new version.
    expect((await w.memberA.patch(`${plans}/${planId}`, { purpose: before.content.purpose })).json().data.number).toBe(2);
    expect((await w.manager.get(`${plans}/${planId}`)).json().history.map((h: { action: string }) => h.action)).toEqual([
      'update',
      'create',
    ]);
  });

  it('goes through an annual review: a judgement per priority, with notes and what changes next', async () => {
    const plan = (await w.memberA.get(`${plans}/${planId}`)).json().data;
    const [shop, library] = plan.content.priorities;
    const missing = await w.memberA.post(`${plans}/${planId}/reviews`, {
      reviewedOn: '2025-01-20',
      judgements: [{ priorityId: shop.id, judgement: 'on_track', notes: '', next: '' }],
      participants: [],
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toContain('Take on the old library');
    const res = await w.memberA.post(`${plans}/${planId}/reviews`, {
      reviewedOn: '2025-01-20',
      judgements: [
        { priorityId: shop.id, judgement: 'on_track', notes: 'Unit found; opening in March', next: 'Recruit volunteers' },
        { priorityId: library.id, judgement: 'not_started', notes: 'The council has not decided', next: 'Ask for a meeting' },
      ],
      participants: [{ who: 'Review meeting', count: 14 }],
      summary: 'A good first year',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [review] = res.json().data.reviews;
    expect(review).toMatchObject({ reviewedOn: '2025-01-20', planVersion: 2, ownership: { people: 14 } });
    expect(review.outcome.words).toBe('1 of 2 priorities on track or making some progress; 1 not started');
    expect(review.judgements[1]).toMatchObject({ priority: 'Take on the old library', next: 'Ask for a meeting' });
    expect((await w.viewer.get(plans)).json().data[0]).toMatchObject({ id: planId, lastReviewedOn: '2025-01-20', people: 24 });
  });

  it('is read by everyone programme-wide, edited only by its own people, and a 404 to other partnerships', async () => {
    for (const client of [w.viewer, facilitatorB]) {
      const res = await client.get(`${plans}/${planId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().abilities.update).toBe(false);
      expect((await client.patch(`${plans}/${planId}`, { purpose: 'Not mine' })).statusCode).toBe(403);
    }
    expect((await memberB.get(`${plans}/${planId}`)).statusCode).toBe(404);
    expect((await memberB.get(`${plans}/${planId}/versions/1`)).statusCode).toBe(404);
    expect((await memberB.patch(`${plans}/${planId}`, { purpose: 'Not mine' })).statusCode).toBe(404);
    expect((await memberB.get(plans)).json().data).toEqual([]);
    expect((await w.memberA.post(plans, { kind: 'action', partnershipId: w.partnershipB, title: 'Theirs' })).statusCode).toBe(404);
    expect((await w.manager.patch(`${plans}/${planId}`, { title: 'Partnership A plan 2024–25' })).statusCode).toBe(200);
  });

  it('holds a phase plan’s impact, milestones, match funding and how reduced funding will be managed', async () => {
    const res = await w.manager.post(plans, {
      kind: 'phase',
      partnershipId: w.partnershipB,
      title: 'Phase 3 plan',
      phase: {
        impact: 'Residents lead the partnership',
        milestones: [{ text: 'Constituted as a CIO', dueOn: '2025-03-31' }],
        matchFunding: [{ source: 'Borough Council', amountPence: 1_500_000, confirmed: true }],
        reducedFunding: 'Taper paid hours as volunteers take on the shop',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.content.phase.milestones[0].id).toBeTruthy();
    const bad = await w.manager.post(plans, {
      kind: 'action',
      partnershipId: w.partnershipB,
      title: 'X',
      phase: res.json().data.content.phase,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toEqual(['phase']);
  });
});
