// GET /api/v1/home over HTTP, as each role: what each is given to do, and that nobody is given anything
// past their own scope (a member sees only their own partnerships' returns).
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerships } from '../partnerships/schema.js';
import { type Client, type TestContext, startTestApp } from '../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../test/support/registry-world.js';

let t: TestContext;
let w: RegistryWorld;
let memberB: Client;
let memberC: Client;
let evaluator: Client;
const ids: Record<string, string> = {};

const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const ok = async (res: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};
const home = async (client: Client) => (await ok(client.get('/api/v1/home'))).data;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'home');
  const { db } = t.database;
  // A and B have been in the programme since 2019 (registryWorld); C joins today, after the 2024 period was due.
  const [c] = await db.insert(partnerships).values({ programmeId: w.programmeId, name: 'Partnership C' }).returning();
  ids.c = c!.id;
  const b = await t.makeUser('member.b@home.test');
  const mc = await t.makeUser('member.c@home.test');
  const e = await t.makeUser('evaluator@home.test');
  await ok(w.admin.put(`/api/v1/users/${b.id}/partnerships/${w.partnershipB}`));
  await ok(w.admin.put(`/api/v1/users/${mc.id}/partnerships/${ids.c}`));
  await ok(w.admin.put(`/api/v1/users/${e.id}/programme-roles/home`, { role: 'evaluator' }));
  memberB = await t.as('member.b@home.test');
  memberC = await t.as('member.c@home.test');
  evaluator = await t.as('evaluator@home.test');

  await ok(w.manager.post(`${w.base}/indicators`, { key: 'volunteers', label: 'Volunteers', required: true }), 201);
  const period = async (label: string, startsOn: string, endsOn: string, dueOn: string) =>
    (await ok(w.manager.post(`${w.base}/reporting-periods`, { label, startsOn, endsOn, dueOn }), 201)).data.id as string;
  ids.past = await period('Year 2024', '2024-01-01', '2024-12-31', '2025-01-31');
  ids.current = await period('This quarter', day(-30), day(30), day(60));
  ids.future = await period('Next year', day(400), day(700), day(760));

  const open = async (client: Client, partnershipId: string, periodId: string) =>
    (await ok(client.post(`${w.base}/returns`, { partnershipId, periodId }), 201)).data.id as string;
  const fill = async (client: Client, id: string) => {
    const r = (await ok(client.get(`${w.base}/returns/${id}`))).data;
    const indicatorId = r.values[0].indicator.id;
    await ok(client.patch(`${w.base}/returns/${id}`, { values: [{ indicatorId, value: 12 }] }));
    await ok(client.post(`${w.base}/returns/${id}/submit`));
  };
  // A: nothing for 2024 (overdue), a draft for this quarter.
  ids.aDraft = await open(w.memberA, w.partnershipA, ids.current);
  // B: 2024 submitted (waiting for review); this quarter submitted, then sent back.
  ids.bPast = await open(memberB, w.partnershipB, ids.past);
  await fill(memberB, ids.bPast);
  ids.bCurrent = await open(memberB, w.partnershipB, ids.current);
  await fill(memberB, ids.bCurrent);
  await ok(w.manager.post(`${w.base}/returns/${ids.bCurrent}/send-back`, { comment: 'Check the volunteer count against your register' }));
  // An import submits A's return for a period of its own: it waits for the manager to accept it.
  const imported = await w.manager.request(
    'POST',
    `${w.base}/monitoring/import?period=${encodeURIComponent('Imported spring')}&filename=returns.csv`,
    'partnership,volunteers\nPartnership A,7\n',
    { 'content-type': 'text/csv' },
  );
  expect(imported.statusCode, imported.body).toBe(201);

  // An evaluation with two respondents and a transcript; blind coding on, one respondent ticked by the manager.
  await ok(evaluator.post(`${w.base}/evaluations`, { slug: 'voices', title: 'Voices of the estate' }), 201);
  const ev = `${w.base}/evaluations/voices`;
  await ok(evaluator.post(`${ev}/codebook/codes`, { family: 'context', name: 'Trust' }), 201);
  const book = (await ok(evaluator.get(`${ev}/codebook`))).data as { key: string; codes: { id: string }[] }[];
  const code = book.find((f) => f.key === 'context')!.codes[0]!.id;
  const respondent = async (ref: string) =>
    (await ok(evaluator.post(`${ev}/respondents`, { ref, consent: { status: 'given' } }), 201)).data.id as string;
  ids.r1 = await respondent('HOME-R1');
  ids.r2 = await respondent('HOME-R2');
  await ok(w.manager.patch(ev, { blindCoding: true }));
  await ok(w.manager.put(`${ev}/respondents/${ids.r1}/codings`, { codeIds: [code] }));
  const transcript = await evaluator.request(
    'POST',
    `${ev}/transcripts?title=${encodeURIComponent('Tuesday group')}`,
    'R: We met on Tuesdays.',
    {
      'content-type': 'text/plain',
    },
  );
  expect(transcript.statusCode, transcript.body).toBe(201);

  await ok(
    w.admin.post('/api/v1/invitations', { email: 'newcomer@home.test', name: 'Nia Newcomer', programme: 'home', role: 'viewer' }),
    201,
  );
});

describe('GET /api/v1/home', () => {
  it('answers 401 to someone not signed in', async () => {
    expect((await t.anonymous().get('/api/v1/home')).statusCode).toBe(401);
  });

  it('gives a partnership member their own returns: overdue first, then the rest by due date, never another partnership’s', async () => {
    const h = await home(w.memberA);
    expect(h.programmes).toEqual([{ slug: 'home', name: 'Programme home', role: 'partnership_member' }]);
    expect(h.returns.map((r: any) => [r.partnership.name, r.period.label, r.status, r.overdue, r.returnId])).toEqual([
      ['Partnership A', 'Year 2024', 'not_started', true, null],
      ['Partnership A', 'This quarter', 'draft', false, ids.aDraft],
    ]);
    expect(h.review).toBeNull();
    expect(h.evaluation).toBeNull();
    expect(h.invitations).toBeNull();
    expect(h.nothingToDo).toBe(false);
    const raw = (await w.memberA.get('/api/v1/home')).body;
    for (const secret of ['Partnership B', 'Partnership C', w.partnershipB, ids.bPast, 'HOME-R1', 'newcomer@home.test'])
      expect(raw).not.toContain(secret);
  });

  it('shows a member a return sent back, with the reviewer’s words, and not what they have already submitted', async () => {
    const h = await home(memberB);
    // Sent back first; then the imported period's return B has not started (the file had only A's).
    expect(h.returns).toEqual([
      expect.objectContaining({
        partnership: { id: w.partnershipB, name: 'Partnership B' },
        period: expect.objectContaining({ label: 'This quarter' }),
        status: 'returned',
        returnId: ids.bCurrent,
        reviewComment: 'Check the volunteer count against your register',
        overdue: false,
      }),
      expect.objectContaining({ period: expect.objectContaining({ label: 'Imported spring' }), status: 'not_started', returnId: null }),
    ]);
    expect((await memberB.get('/api/v1/home')).body).not.toContain('Partnership A');
  });

  it('does not expect a partnership to report for a period that was due before it joined the programme', async () => {
    const h = await home(memberC);
    expect(h.returns.map((r: any) => r.period.label)).toEqual(expect.arrayContaining(['This quarter']));
    expect(h.returns.map((r: any) => r.period.label)).not.toContain('Year 2024');
    expect(h.returns.map((r: any) => r.period.label)).not.toContain('Next year');
  });

  it('gives a manager returns waiting for review, partnerships overdue and imports awaiting acceptance', async () => {
    const h = await home(w.manager);
    expect(h.returns).toBeNull();
    expect(h.review).toHaveLength(1);
    const review = h.review[0];
    expect(review.programme).toEqual({ slug: 'home', name: 'Programme home' });
    expect(review.submitted.total).toBe(1);
    expect(review.submitted.returns.map((r: any) => [r.id, r.partnership.name, r.period.label])).toEqual([
      [ids.bPast, 'Partnership B', 'Year 2024'],
    ]);
    // 2024: A never sent one; B's is submitted; C joined after it was due.
    expect(review.overdue).toEqual([{ period: { id: ids.past, label: 'Year 2024', dueOn: '2025-01-31' }, partnerships: 1 }]);
    expect(review.imported).toEqual([
      expect.objectContaining({ period: expect.objectContaining({ label: 'Imported spring' }), returns: 1 }),
    ]);
    expect(h.nothingToDo).toBe(false);
  });

  it('gives an evaluator their evaluations with coding left to do and the blind round’s progress', async () => {
    const h = await home(evaluator);
    expect(h.returns).toBeNull();
    expect(h.review).toBeNull();
    expect(h.evaluation).toHaveLength(1);
    const [e] = h.evaluation[0].evaluations;
    expect(e.evaluation).toMatchObject({ slug: 'voices', title: 'Voices of the estate', blindCoding: true });
    expect(e.respondents).toBe(2);
    expect(e.uncodedRespondents).toEqual({ total: 1, first: [{ id: ids.r2, ref: 'HOME-R2' }] });
    expect(e.uncodedTranscripts).toEqual({ total: 1, first: [expect.objectContaining({ title: 'Tuesday group' })] });
    expect(e.agreement).toEqual({ codedByTwoOrMore: 0, codedByOneOnly: 1, codedByOthersNotYou: 1 });
  });

  it('gives an administrator the invitations outstanding, and no programme sections they hold no role in', async () => {
    const h = await home(w.admin);
    expect(h.invitations.outstanding).toEqual([
      expect.objectContaining({ name: 'Nia Newcomer', email: 'newcomer@home.test', programme: 'home', role: 'viewer' }),
    ]);
    expect(h.invitations.expired).toBe(0);
    expect(h.review).toBeNull();
    expect(h.programmes).toEqual([]);
  });

  it('tells a viewer, and someone with no role at all, that there is nothing to do', async () => {
    const viewer = await home(w.viewer);
    expect(viewer).toMatchObject({ returns: null, review: null, evaluation: null, invitations: null, nothingToDo: true });
    expect(viewer.programmes).toEqual([{ slug: 'home', name: 'Programme home', role: 'viewer' }]);
    const stranger = await home(w.stranger);
    expect(stranger).toMatchObject({ programmes: [], nothingToDo: true });
  });

  it('shows someone with several roles each section that applies', async () => {
    // The evaluator also joins partnership A: their returns appear beside their evaluation.
    const me = (await ok(evaluator.get('/api/v1/auth/session'))).user.id;
    await ok(w.admin.put(`/api/v1/users/${me}/partnerships/${w.partnershipA}`));
    const both = await t.as('evaluator@home.test');
    const h = await home(both);
    expect(h.evaluation).toHaveLength(1);
    expect(h.returns.map((r: any) => r.partnership.name)).toEqual(['Partnership A', 'Partnership A']);
  });
});
