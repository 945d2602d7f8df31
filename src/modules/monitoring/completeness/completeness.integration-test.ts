/**
 * The completeness grid and the periods list's overdue counts over HTTP: only partnerships in the
 * programme when a period was due are expected, so adding partnerships today leaves 2019–2022 alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { monitoringReturns } from '../schema.js';

let t: TestContext;
let w: RegistryWorld;
let past: string;
let phase2: string;
const added: string[] = [];

interface GridAnswer {
  data: {
    periods: { id: string; label: string; expected: number; reported: number; overdue: number; onTime: number; late: number }[];
    rows: {
      partnership: { id: string; name: string };
      cells: ({ status: string; overdue: boolean; timeliness: string | null; expected: boolean; matches: boolean } | null)[];
    }[];
  };
  page: { total: number };
}

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'completeness');
  const db = t.database.db;
  const period = async (body: Record<string, unknown>) => {
    const res = await w.manager.post(`${w.base}/reporting-periods`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data.id as string;
  };
  past = await period({ label: '2019–2022', startsOn: '2019-04-01', endsOn: '2022-03-31', dueOn: '2022-04-30' });
  // A: submitted on time; B: nothing at all.
  await db.insert(monitoringReturns).values({
    programmeId: w.programmeId,
    partnershipId: w.partnershipA,
    periodId: past,
    status: 'accepted',
    submittedAt: new Date('2022-04-20T10:00:00Z'),
  });
  // Three partnerships added through the API today: in the programme from today.
  for (const name of ['New One', 'New Two', 'New Three']) {
    const res = await w.manager.post(`${w.base}/partnerships`, { name });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.inProgrammeFrom).toBe(new Date().toISOString().slice(0, 10));
    added.push(res.json().data.id);
  }
});

const grid = async (query: string) => {
  const res = await w.manager.get(`${w.base}/completeness${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as GridAnswer;
};

describe('who has reported, by period and partnership', () => {
  it('does not count partnerships added today against a 2019–2022 period', async () => {
    const g = await grid(`?periodId=${past}`);
    expect(g.data.periods).toEqual([expect.objectContaining({ id: past, expected: 2, reported: 1, overdue: 1, onTime: 1, late: 0 })]);
    expect(g.data.rows.map((r) => r.partnership.name)).toEqual(['Partnership A', 'Partnership B']);
    expect(g.data.rows[1]!.cells[0]).toMatchObject({ status: 'not_started', overdue: true, expected: true });
    expect(g.data.rows[0]!.cells[0]).toMatchObject({ status: 'accepted', overdue: false, timeliness: 'on_time' });
    const list = (await w.manager.get(`${w.base}/reporting-periods`)).json().data;
    expect(list.find((p: { id: string }) => p.id === past)).toMatchObject({ overdue: 1, expected: 2, reported: 1 });
  });

  it('filters to overdue, and by partnership or place name; the CSV carries the same lines', async () => {
    const overdue = await grid(`?periodId=${past}&status=overdue`);
    expect(overdue.data.rows.map((r) => r.partnership.name)).toEqual(['Partnership B']);
    expect((await grid('?q=partnership a')).data.rows.map((r) => r.partnership.name)).toEqual(['Partnership A']);
    const csv = await w.manager.get(`${w.base}/completeness.csv?periodId=${past}&status=overdue`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.trimEnd().split('\n')).toEqual([
      'period,phase,due_on,partnership,place,status,overdue,submitted_on,on_time,expected',
      '2019–2022,,2022-04-30,Partnership B,,Not started,yes,,,yes',
    ]);
  });

  it('counts a partnership dated back into the programme, and stops once it has left', async () => {
    const back = await w.manager.patch(`${w.base}/partnerships/${added[0]}`, { inProgrammeFrom: '2020-01-01' });
    expect(back.statusCode, back.body).toBe(200);
    expect((await grid(`?periodId=${past}`)).data.periods[0]).toMatchObject({ expected: 3, overdue: 2 });
    const left = await w.manager.patch(`${w.base}/partnerships/${added[0]}`, { inProgrammeUntil: '2022-04-29' });
    expect(left.statusCode, left.body).toBe(200);
    expect((await grid(`?periodId=${past}`)).data.periods[0]).toMatchObject({ expected: 2, overdue: 1 });
    const wrong = await w.manager.patch(`${w.base}/partnerships/${added[0]}`, { inProgrammeUntil: '2019-01-01' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([
      { path: ['inProgrammeUntil'], message: 'The last day in the programme must be on or after the first day' },
    ]);
  });

  it('expects a phase’s period only of partnerships that went on to that phase', async () => {
    const one = await w.manager.post(`${w.base}/phases`, { number: 1, name: 'Phase 1' });
    const two = await w.manager.post(`${w.base}/phases`, { number: 2, name: 'Phase 2' });
    expect([one.statusCode, two.statusCode], `${one.body} ${two.body}`).toEqual([201, 201]);
    const res = await w.manager.post(`${w.base}/reporting-periods`, {
      label: 'Phase 2, 2021',
      phaseId: two.json().data.id,
      startsOn: '2021-01-01',
      endsOn: '2021-12-31',
      dueOn: '2022-01-31',
    });
    phase2 = res.json().data.id;
    const stop = await w.manager.put(`${w.base}/phases/${one.json().data.id}/progressions/${w.partnershipB}`, {
      progressed: false,
      reason: 'Did not go on',
    });
    expect(stop.statusCode, stop.body).toBe(200);
    const g = await grid(`?periodId=${phase2}`);
    // B stopped after phase 1; New One was in the programme (2020 to April 2022) when it was due.
    expect(g.data.rows.map((r) => r.partnership.name)).toEqual(['New One', 'Partnership A']);
    expect(g.data.periods[0]).toMatchObject({ expected: 2, overdue: 2 });
  });

  it('shows a member their own partnerships only, and refuses another programme’s period', async () => {
    const mine = await w.memberA.get(`${w.base}/completeness?periodId=${past}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data.rows.map((r: { partnership: { name: string } }) => r.partnership.name)).toEqual(['Partnership A']);
    expect(mine.json().data.periods[0]).toMatchObject({ expected: 1, reported: 1, overdue: 0 });
    expect((await w.admin.get(`${w.otherBase}/completeness?periodId=${past}`)).statusCode).toBe(404);
    expect((await w.stranger.get(`${w.base}/completeness`)).statusCode).toBe(404);
    const bad = await w.manager.get(`${w.base}/completeness?status=late-ish`);
    expect(bad.statusCode).toBe(422);
  });
});
