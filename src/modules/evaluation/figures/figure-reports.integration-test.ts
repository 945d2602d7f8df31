// One engine: the Word report as a background job (jobs live in the process, the document is drawn on a worker thread); the figures' SQL runs on both engines in figures.integration-test.ts, the evidence import's in src/cli/evidence.integration-test.ts.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { unzip } from '../../../../test/support/unzip.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import { openProgramme } from '../../programmes/context.js';
import { importEvidence } from '../evidence-import/import.js';

// The Word report of figures C.1–C.19 made in the background, over an imported evaluation whose
// contexts and mechanisms are coded (figures C.4–C.11 are drawn).
let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
let otherEvaluator: Client;
const dir = mkdtempSync(join(tmpdir(), 'cairn-figure-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = {
  'projects.csv':
    'project,place,themes,coproduction_model\nRiverside Garden,Riverside,Food;Environment,Co-design\nHill Hub,Hilltop,Food,Community-led\n',
  'respondents.csv': `${[
    'respondent_id,project,participant_type,consent',
    ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((r, i) => `${r},${i < 3 ? 'Riverside Garden' : 'Hill Hub'},Community Member,given`),
    ...['P1', 'P2', 'P3', 'P4', 'P5'].map((r) => `${r},Hill Hub,Partner,given`),
  ].join('\n')}\n`,
  'codings.csv': `${[
    'respondent_id,family,code',
    'M1,context,Made to feel welcome',
    'M2,context,Made to feel welcome',
    'M3,context,Made to feel welcome',
    'M4,context,Needs assessment',
    'P1,context,Needs assessment',
    'P2,context,Made to feel welcome',
    'M1,mechanism,Trust / relationship building',
    'P1,mechanism,Trust / relationship building',
    'P4,mechanism,Shared decisions',
  ].join('\n')}\n`,
};

const reports = () => `${w.base}/evaluations/review/figure-reports`;

interface ReportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  step: string;
  file: { name: string; size: number; href: string } | null;
  problem: string | null;
}

// Requests through fastify.inject can be answered without the event loop turning once; a real client's
// come over the network, a turn apart. Without this, asking in a loop would starve the worker threads' answers.
const nextTurn = () => new Promise((r) => setImmediate(r));

async function follow(client: Client, id: string): Promise<ReportJob> {
  await nextTurn();
  const res = await client.get(`${reports()}/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

/** Asks after the job until it has finished, keeping every step it was seen at. */
async function untilFinished(client: Client, id: string, seen: string[] = []): Promise<ReportJob> {
  for (;;) {
    const job = await follow(client, id);
    if (seen.at(-1) !== job.step) seen.push(job.step);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'reports');
  for (const email of ['evaluator@reports.test', 'other.evaluator@reports.test']) {
    const e = await t.makeUser(email);
    expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/reports`, { role: 'evaluator' })).statusCode).toBe(200);
  }
  evaluator = await t.as('evaluator@reports.test');
  otherEvaluator = await t.as('other.evaluator@reports.test');
  mkdirSync(join(dir, 'evidence'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'evidence', name), text);
  const ctx = await openProgramme(t.database.db, cliCaller(), 'reports');
  await importEvidence(t.database.db, ctx, cliActor(), join(dir, 'evidence'), { evaluation: 'review' });
});

describe('the Word report as a job', () => {
  it('starts at once, says which figure it is drawing, then offers the document; a second start waits for the first', async () => {
    const start = await evaluator.post(reports());
    expect(start.statusCode, start.body).toBe(202);
    const job = start.json().data as ReportJob;
    expect(job).toMatchObject({ status: 'running', done: 0, total: 19, step: 'Drawing figure 1 of 19', file: null, problem: null });

    const again = await evaluator.post(reports());
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      'Cairn is still making the Word report you asked for a moment ago: wait for it to finish, then start another.',
    );

    const seen: string[] = [];
    const done = await untilFinished(evaluator, job.id, seen);
    expect(done).toMatchObject({ status: 'done', done: 19, total: 19, problem: null });
    expect(done.file!.name).toBe('reports-review-figures.docx');
    // Every step seen is one of the words the page shows, in order.
    for (const step of seen) expect(step).toMatch(/^(Drawing figure \d+ of 19|Putting the figures into one Word document)$/);

    const file = await evaluator.get(done.file!.href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.headers['content-disposition']).toBe('attachment; filename="reports-review-figures.docx"');
    expect(done.file!.size).toBe(file.rawPayload.length);
    const xml = unzip(file.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Figure C.4: Contexts, all respondents');
    expect(xml).toContain('C.1–C.3: Self-identified outcomes has no codes in this evaluation yet');
  }, 120_000);

  it('is the starter’s alone: another evaluator, a manager or an administrator is told it does not exist', async () => {
    const job = (await evaluator.post(reports())).json().data as ReportJob;
    const done = await untilFinished(evaluator, job.id);
    for (const other of [otherEvaluator, w.manager, w.admin, w.viewer]) {
      const status = await other.get(`${reports()}/${job.id}`);
      expect(status.statusCode).toBe(404);
      expect(status.body).not.toContain('reports-review-figures.docx');
      expect((await other.get(done.file!.href)).statusCode).toBe(404);
    }
    for (const outsider of [w.memberA, w.stranger]) expect([403, 404]).toContain((await outsider.get(done.file!.href)).statusCode);
    // Under another evaluation's address it is not found either.
    expect((await evaluator.get(`${w.base}/evaluations/other/figure-reports/${job.id}`)).statusCode).toBe(404);
  }, 120_000);

  it('is started by evaluators and managers only; others download the report directly', async () => {
    const viewer = await w.viewer.post(reports());
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().detail).toBe(
      'Only the programme’s evaluators and managers can start a Word report of the figures; download it from the evaluation’s page instead.',
    );
    expect((await w.memberA.post(reports())).statusCode).toBe(403);
    expect((await w.stranger.post(reports())).statusCode).toBe(404);
    expect((await t.anonymous().post(reports())).statusCode).toBe(401);
    expect((await evaluator.post(`${w.base}/evaluations/no-such-evaluation/figure-reports`)).statusCode).toBe(404);
  });
});

describe('other people while a report is made', () => {
  it('keeps answering: session checks go through one after another while the document is put together', async () => {
    // The heaviest part is the last: nineteen charts as PNG, packed into one document. Wait for it.
    const job = (await evaluator.post(reports())).json().data as ReportJob;
    let now = await follow(evaluator, job.id);
    while (now.status === 'running' && !now.step.startsWith('Putting')) now = await follow(evaluator, job.id);
    expect(now.status, 'the document step was seen before the report finished').toBe('running');

    // Session checks, each sent when the last is answered, for as long as the document is being made.
    // Were the document made on the request loop, none would be answered until it was finished.
    const anon = t.anonymous();
    let answered = 0;
    for (;;) {
      await nextTurn();
      const session = await anon.get('/api/v1/auth/session');
      expect(session.statusCode).toBe(200);
      answered++;
      if ((await follow(evaluator, job.id)).status !== 'running') break;
    }
    // The first session check was answered while the report was still running, and more after it.
    expect(answered).toBeGreaterThan(1);
    expect((await follow(evaluator, job.id)).status).toBe('done');
  }, 120_000);
});
