import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;
let memberB: Client;
let evaluator: Client;
const ind: Record<string, string> = {};
let period: string;
let returnA: string;

const errorPaths = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { path: unknown[] }[] }).errors ?? []).map((e) => e.path.join('.'));

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'pbsa-returns');
  const b = await t.makeUser('member.b@returns.test');
  const e = await t.makeUser('evaluator@returns.test');
  expect((await w.admin.put(`/api/v1/users/${b.id}/partnerships/${w.partnershipB}`)).statusCode).toBe(200);
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/pbsa-returns`, { role: 'evaluator' })).statusCode).toBe(200);
  memberB = await t.as('member.b@returns.test');
  evaluator = await t.as('evaluator@returns.test');

  const add = async (body: Record<string, unknown>) => {
    const res = await w.manager.post(`${w.base}/indicators`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data.id as string;
  };
  ind.volunteers = await add({
    key: 'volunteers',
    label: 'Volunteers',
    definition: 'People who gave time unpaid during the period',
    required: true,
    position: 1,
  });
  ind.beneficiaries = await add({ key: 'beneficiaries', label: 'Beneficiaries', required: true, position: 2 });
  ind.meetings = await add({ key: 'public-meetings', label: 'Public meetings/consultations', required: true, position: 3 });
  ind.story = await add({ key: 'story', label: 'A change you saw', unit: 'text', position: 4 });

  const res = await w.manager.post(`${w.base}/reporting-periods`, {
    label: 'Phase 2, 2021',
    startsOn: '2021-01-01',
    endsOn: '2021-12-31',
    dueOn: '2022-01-31',
  });
  expect(res.statusCode, res.body).toBe(201);
  period = res.json().data.id;
});

describe('indicators and reporting periods', () => {
  it('lists indicators in order, each with its definition, to everyone in the programme', async () => {
    const res = await w.memberA.get(`${w.base}/indicators`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((i: { key: string }) => i.key)).toEqual(['volunteers', 'beneficiaries', 'public-meetings', 'story']);
    expect(res.json().data[0]).toMatchObject({
      label: 'Volunteers',
      definition: 'People who gave time unpaid during the period',
      unit: 'count',
      aggregation: 'sum',
      required: true,
    });
    expect(res.json().abilities.create).toBe(false);
  });

  it('refuses a second indicator with the same key (409 on key) and a key that is not slug-like (422)', async () => {
    const dup = await w.manager.post(`${w.base}/indicators`, { key: 'volunteers', label: 'Volunteers again' });
    expect(dup.statusCode).toBe(409);
    expect(errorPaths(dup)).toEqual(['key']);
    const bad = await w.manager.post(`${w.base}/indicators`, { key: 'Public Meetings', label: 'Meetings' });
    expect(bad.statusCode).toBe(422);
    expect(errorPaths(bad)).toEqual(['key']);
  });

  it('lets only managers change an indicator, and keeps the change in its history', async () => {
    expect((await w.viewer.patch(`${w.base}/indicators/${ind.story}`, { label: 'Changes seen' })).statusCode).toBe(403);
    const res = await w.manager.patch(`${w.base}/indicators/${ind.story}`, {
      definition: 'One change in the neighbourhood, in a sentence or two',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().history[0].changes.definition).toEqual(['', 'One change in the neighbourhood, in a sentence or two']);
  });

  it('refuses a period that ends before it starts, naming endsOn', async () => {
    const res = await w.manager.post(`${w.base}/reporting-periods`, {
      label: 'Backwards',
      startsOn: '2021-06-01',
      endsOn: '2021-01-01',
      dueOn: '2021-07-01',
    });
    expect(res.statusCode).toBe(422);
    expect(errorPaths(res)).toEqual(['endsOn']);
  });
});

describe('a return from draft to accepted', () => {
  it('lets a member start their own partnership’s return, and opens the same one a second time', async () => {
    const first = await w.memberA.post(`${w.base}/returns`, { partnershipId: w.partnershipA, periodId: period });
    expect(first.statusCode).toBe(201);
    returnA = first.json().data.id;
    expect(first.json().data).toMatchObject({
      status: 'draft',
      partnership: { id: w.partnershipA, name: 'Partnership A' },
      missing: ['volunteers', 'beneficiaries', 'public-meetings'],
    });
    expect(first.json().data.values[0].indicator.definition).toBe('People who gave time unpaid during the period');
    expect(first.json().abilities).toMatchObject({ update: true, submit: true, accept: false });
    const again = await w.memberA.post(`${w.base}/returns`, { partnershipId: w.partnershipA, periodId: period });
    expect(again.statusCode).toBe(200);
    expect(again.json().data.id).toBe(returnA);
  });

  it('refuses a negative count at values[i].value and a not-reported figure without a reason, saving nothing', async () => {
    const res = await w.memberA.patch(`${w.base}/returns/${returnA}`, {
      values: [
        { indicatorId: ind.volunteers, value: 12 },
        { indicatorId: ind.beneficiaries, value: -3 },
        { indicatorId: ind.meetings, notReported: true },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(errorPaths(res)).toEqual(['values.1.value', 'values.2.notReportedReason']);
    const after = (await w.memberA.get(`${w.base}/returns/${returnA}`)).json().data;
    expect(after.values[0].value).toBeNull();
  });

  it('refuses to submit while required indicators are empty, naming each one', async () => {
    await w.memberA.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.volunteers, value: 41 }] });
    const res = await w.memberA.post(`${w.base}/returns/${returnA}/submit`);
    expect(res.statusCode).toBe(422);
    expect(errorPaths(res)).toEqual(['values.beneficiaries', 'values.public-meetings']);
    expect(res.json().detail).toContain('Beneficiaries, Public meetings/consultations');
  });

  it('submits once every required figure is entered or marked not reported with a reason', async () => {
    const saved = await w.memberA.patch(`${w.base}/returns/${returnA}`, {
      comparabilityNote: 'Reporting period Nov 2021 – Feb 2022',
      values: [
        { indicatorId: ind.beneficiaries, value: 1250 },
        { indicatorId: ind.meetings, notReported: true, notReportedReason: 'Meetings were not counted this year' },
        { indicatorId: ind.story, textValue: 'The library stays open on Saturdays' },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().data.missing).toEqual([]);
    const res = await w.memberA.post(`${w.base}/returns/${returnA}/submit`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'submitted', submittedBy: 'member.pbsa-returns' });
    // Submitted and waiting for review: the member cannot change it under the reviewer.
    const late = await w.memberA.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.volunteers, value: 40 }] });
    expect(late.statusCode).toBe(409);
  });

  it('lets an evaluator flag a figure for follow-up, but not accept; a viewer can do neither', async () => {
    const flagged = await evaluator.patch(`${w.base}/returns/${returnA}/values/${ind.beneficiaries}/review`, {
      reviewerComment: 'This is ten times last year: please check',
      followUp: true,
    });
    expect(flagged.statusCode, flagged.body).toBe(200);
    expect(flagged.json().data.values[1]).toMatchObject({
      value: 1250,
      reviewerComment: 'This is ten times last year: please check',
      followUp: true,
    });
    expect((await evaluator.post(`${w.base}/returns/${returnA}/accept`)).statusCode).toBe(403);
    expect((await w.viewer.post(`${w.base}/returns/${returnA}/accept`)).statusCode).toBe(403);
    expect((await w.viewer.patch(`${w.base}/returns/${returnA}/values/${ind.beneficiaries}/review`, { followUp: false })).statusCode).toBe(
      403,
    );
    expect((await w.memberA.post(`${w.base}/returns/${returnA}/accept`)).statusCode).toBe(403);
  });

  it('the manager returns it with a comment; the member fixes the figure and submits again', async () => {
    const back = await w.manager.post(`${w.base}/returns/${returnA}/send-back`, { comment: 'Please check the beneficiaries figure' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data).toMatchObject({ status: 'returned', reviewComment: 'Please check the beneficiaries figure' });

    const seen = (await w.memberA.get(`${w.base}/returns/${returnA}`)).json();
    expect(seen.data.reviewComment).toBe('Please check the beneficiaries figure');
    expect(seen.data.values[1].reviewerComment).toBe('This is ten times last year: please check');
    expect(seen.abilities).toMatchObject({ update: true, submit: true });

    expect(
      (await w.memberA.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.beneficiaries, value: 125 }] })).statusCode,
    ).toBe(200);
    const again = await w.memberA.post(`${w.base}/returns/${returnA}/submit`);
    expect(again.statusCode).toBe(200);
    expect(again.json().data.status).toBe('submitted');
  });

  it('the manager accepts it, after which it is locked: edits and comments answer 409', async () => {
    const res = await w.manager.post(`${w.base}/returns/${returnA}/accept`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'accepted', reviewedBy: 'manager.pbsa-returns' });
    expect(res.json().abilities).toMatchObject({ update: false, reopen: true });
    const edit = await w.memberA.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.beneficiaries, value: 126 }] });
    expect(edit.statusCode).toBe(409);
    expect((await w.manager.patch(`${w.base}/returns/${returnA}`, { comparabilityNote: 'changed' })).statusCode).toBe(409);
    expect((await w.memberA.post(`${w.base}/returns/${returnA}/submit`)).statusCode).toBe(409);
    expect((await w.manager.post(`${w.base}/returns/${returnA}/accept`, {})).statusCode).toBe(409);
    const values = (await w.manager.get(`${w.base}/returns/${returnA}`)).json().data.values;
    expect(values[1].value).toBe(125);
  });

  it('reopening an accepted return is recorded with who did it and why, and hands it back to the partnership', async () => {
    const res = await w.manager.post(`${w.base}/returns/${returnA}/reopen`, { comment: 'The partnership found a double count' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.status).toBe('returned');
    const history = res.json().history as { action: string; actor: string; changes: Record<string, [unknown, unknown]> }[];
    expect(history[0]).toMatchObject({ action: 'reopen', actor: 'manager.pbsa-returns@cairn.test' });
    expect(history[0]!.changes.status).toEqual(['accepted', 'returned']);
    expect(history.map((h) => h.action)).toEqual([
      'reopen',
      'accept',
      'submit',
      'update',
      'return',
      'review',
      'submit',
      'update',
      'update',
      'create',
    ]);
    // The trail keeps old → new for each figure.
    expect(history.find((h) => h.action === 'update')!.changes.beneficiaries).toEqual(['1250', '125']);
    expect(
      (await w.memberA.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.beneficiaries, value: 120 }] })).statusCode,
    ).toBe(200);
  });
});

describe('who sees which returns', () => {
  it('hides another partnership’s return from a member: reading, saving and submitting it all answer 404', async () => {
    expect((await memberB.get(`${w.base}/returns/${returnA}`)).statusCode).toBe(404);
    expect((await memberB.patch(`${w.base}/returns/${returnA}`, { values: [{ indicatorId: ind.volunteers, value: 1 }] })).statusCode).toBe(
      404,
    );
    expect((await memberB.post(`${w.base}/returns/${returnA}/submit`)).statusCode).toBe(404);
    expect((await memberB.post(`${w.base}/returns`, { partnershipId: w.partnershipA, periodId: period })).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/returns/${returnA}`)).statusCode).toBe(404);
    const list = await memberB.get(`${w.base}/returns`);
    expect(list.json().data).toEqual([]);
  });

  it('does not let a viewer start a return (403), and filters the list by status and partnership', async () => {
    expect((await w.viewer.post(`${w.base}/returns`, { partnershipId: w.partnershipB, periodId: period })).statusCode).toBe(403);
    const returned = await w.manager.get(`${w.base}/returns?status=returned&periodId=${period}`);
    expect(returned.json().data.map((r: { id: string }) => r.id)).toEqual([returnA]);
    expect((await w.manager.get(`${w.base}/returns?partnershipId=${w.partnershipB}`)).json().page.total).toBe(0);
  });

  it('counts overdue returns once the due date has passed: partnerships with nothing submitted', async () => {
    // The 2021 period was due in January 2022: A's return is back with the partnership and B has not started.
    const all = (await w.manager.get(`${w.base}/reporting-periods`)).json().data;
    expect(all.find((p: { id: string }) => p.id === period).overdue).toBe(2);
    const mine = (await w.memberA.get(`${w.base}/reporting-periods`)).json().data;
    expect(mine.find((p: { id: string }) => p.id === period).overdue).toBe(1);
    const future = await w.manager.post(`${w.base}/reporting-periods`, {
      label: 'Far future',
      startsOn: '2090-01-01',
      endsOn: '2090-12-31',
      dueOn: '2091-01-31',
    });
    expect(future.json().data.overdue).toBe(0);
  });

  // Last, because it adds an indicator the workflow above does not expect.
  it('takes the same keys by hand as the definitions import does, such as PBSA’s public_meetings_consultations', async () => {
    const res = await w.manager.post(`${w.base}/indicators`, {
      key: 'public_meetings_consultations',
      label: 'Public meetings / consultations',
    });
    expect(res.statusCode).toBe(201);
  });
});
