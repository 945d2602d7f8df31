import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { unzip } from '../../../../test/support/unzip.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import { auditEvents } from '../../audit/schema.js';
import { openProgramme } from '../../programmes/context.js';
import { importEvidence } from '../evidence-import/import.js';

// The chart routes over an imported evaluation: six community members and two partners (under the
// threshold of 5) with consent given, and one more partner who withdrew.
let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
const dir = mkdtempSync(join(tmpdir(), 'cairn-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = {
  'projects.csv':
    'project,place,themes,coproduction_model\nRiverside Garden,Riverside,Food;Environment,Co-design\nHill Hub,Hilltop,Food,Community-led\n',
  'respondents.csv': `${[
    'respondent_id,project,participant_type,consent',
    ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((r, i) => `${r},${i < 3 ? 'Riverside Garden' : 'Hill Hub'},Community Member,given`),
    'P1,Hill Hub,Partner,given',
    'P2,Hill Hub,Partner,given',
    'P3,Hill Hub,Partner,withdrawn',
  ].join('\n')}\n`,
  'codings.csv': `${[
    'respondent_id,family,code',
    'M1,context,Made to feel welcome',
    'M2,context,Made to feel welcome',
    'M3,context,Made to feel welcome',
    'M4,context,Needs assessment',
    'P1,context,Needs assessment',
    'P3,context,Made to feel welcome',
    'M1,mechanism,Trust / relationship building',
    'P1,mechanism,Trust / relationship building',
  ].join('\n')}\n`,
};

const base = () => `${w.base}/evaluations/review/`;
const svgOf = async (client: Client, query: string) => {
  const res = await client.get(`${base()}chart.svg?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'figures');
  const e = await t.makeUser('evaluator@figures.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/figures`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@figures.test');
  mkdirSync(join(dir, 'evidence'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'evidence', name), text);
  const ctx = await openProgramme(t.database.db, cliCaller(), 'figures');
  await importEvidence(t.database.db, ctx, cliActor(), join(dir, 'evidence'), { evaluation: 'review' });
});

describe('chart.svg and chart.png', () => {
  it('draws the cross-tab as a grouped bar chart: code names, each group’s N, small groups left out and named', async () => {
    // By theme (overlapping groups), so only the small group is suppressed: Food 8, Environment 3.
    const byTheme = await w.viewer.get(`${base()}chart.svg?family=context&by=theme`);
    expect(byTheme.body).toContain('Food (N=8)');
    expect(byTheme.body).toContain('Made to feel welcome');
    expect(byTheme.body).toContain('Needs assessment');
    expect(byTheme.body).toContain('>suppressed</text>');
    expect(byTheme.body).toContain('Suppressed: Environment, fewer than 5 respondents');
    expect(byTheme.body).not.toContain('N=3');

    const res = await w.viewer.get(`${base()}chart.svg?family=context&by=participant_type`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="figures-review-context-by-participant-type.svg"');
    expect(res.body).toContain('Contexts by participant type');
    expect(res.body).toContain('Every group is suppressed');
    // Two partners with consent given (the third withdrew): under the threshold, so not drawn; and the
    // community members (6) are suppressed with them, since 8 − 6 would give the partners back.
    expect(res.body).toContain('Suppressed: Partner, fewer than 5 respondents');
    expect(res.body).toContain('Also suppressed: Community Member');
    expect(res.body).not.toMatch(/N=2|N=6|50\.0%/);
    expect(res.body).toContain('8 respondents with consent given');
  });

  it('sends a PNG', async () => {
    const res = await w.viewer.get(`${base()}chart.png?family=mechanism`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect([...res.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('filters by participant type and counts for a "count" chart', async () => {
    const svg = await svgOf(evaluator, 'family=context&participantType=Community%20Member&measure=count');
    expect(svg).toContain('All respondents (N=6)');
    expect(svg).toContain('Only participant type Community Member.');
    expect(svg).toContain('Respondents (number)');
  });

  it('draws small groups only when an evaluator asks, and records it; a viewer may not ask', async () => {
    expect((await w.viewer.get(`${base()}chart.svg?family=context&by=participant_type&includeSmallGroups=true`)).statusCode).toBe(403);
    const svg = await svgOf(evaluator, 'family=context&by=participant_type&includeSmallGroups=true');
    expect(svg).toContain('Partner (N=2)');
    expect(svg).toContain('Community Member (N=6)');
    // 3 of 6 community members: the bar's label.
    expect(svg).toContain('50.0%');
    expect(svg).toContain('Shown at the evaluator’s choice');
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export-small-groups'));
    expect(audit.map((a) => a.summary)).toEqual([
      'Exported a chart of Contexts by participant type showing groups under 5 respondents: Partner (2); hidden with them, so that they could not be worked out: Community Member (6)',
    ]);
  });

  it('is closed to partnership members and to another programme, as the cross-tab is', async () => {
    expect((await w.memberA.get(`${base()}chart.svg?family=context`)).statusCode).toBe(403);
    expect((await w.memberA.get(`${base()}chart.png?family=context`)).statusCode).toBe(403);
    expect((await w.memberA.get(`${base()}figures.docx`)).statusCode).toBe(403);
    expect((await w.stranger.get(`${base()}chart.svg?family=context`)).statusCode).toBe(404);
  });

  it('answers an unknown family, a family without codes or an unknown dimension with 422 in words', async () => {
    const unknown = await evaluator.get(`${base()}chart.svg?family=outcomes`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toEqual(['family']);
    const empty = await evaluator.get(`${base()}chart.svg?family=barrier`);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toBe('Barrier has no codes yet, so there is nothing to chart.');
    expect((await evaluator.get(`${base()}chart.svg?family=context&by=shoe_size`)).statusCode).toBe(422);
  });
});

describe('figures.docx', () => {
  it('is a Word document with every figure the evaluation has codes for, and says which it left out', async () => {
    const res = await w.viewer.get(`${base()}figures.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="figures-review-figures.docx"');
    const xml = unzip(res.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Figure C.4: Contexts, all respondents');
    expect(xml).toContain('Figure C.11: Mechanisms by co-production model');
    expect(xml).toContain('The 8 respondents whose consent was given');
    // No self-identified, short-term or long-term outcome codes were imported.
    expect(xml).toContain('C.1–C.3: Self-identified outcomes has no codes in this evaluation yet');
    expect(xml).toContain('C.12–C.15: Short-term outcomes has no codes in this evaluation yet');
    expect(xml).not.toContain('Figure C.16');
  }, 60_000);
});

describe('consent', () => {
  it('a respondent who withdraws leaves the next chart', async () => {
    const before = await svgOf(evaluator, 'family=context&by=participant_type&includeSmallGroups=true');
    expect(before).toContain('Community Member (N=6)');
    const m1 = (await evaluator.get(`${base()}respondents?q=M1`)).json().data[0];
    const res = await evaluator.post(`${base()}respondents/${m1.id}/consent`, { status: 'withdrawn', on: '2026-11-20' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await svgOf(evaluator, 'family=context&by=participant_type&includeSmallGroups=true');
    expect(after).toContain('Community Member (N=5)');
    // M1 had identified "Made to feel welcome": 2 of 5 now.
    expect(after).toContain('40.0%');
    expect(after).toContain('7 respondents with consent given');
  });
});
