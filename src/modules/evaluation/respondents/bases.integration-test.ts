import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import { openProgramme } from '../../programmes/context.js';
import { importEvidence } from '../evidence-import/import.js';

// Bases over HTTP: twelve members and six partners; the outcome question was asked of six members and
// all six partners (bases.csv), contexts of everyone. One asked partner later withdraws consent.
let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
const dir = mkdtempSync(join(tmpdir(), 'cairn-bases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const members = Array.from({ length: 12 }, (_, i) => `M${i + 1}`);
const partners = Array.from({ length: 6 }, (_, i) => `P${i + 1}`);
const files = {
  'projects.csv': 'project,place,themes,coproduction_model\nHill Hub,Hilltop,Food,Community-led\n',
  'respondents.csv': `respondent_id,project,participant_type,consent,age_band\n${[
    ...members.map((r, i) => `${r},Hill Hub,Community Member,given,${i % 2 ? '16-24' : '65 and over'}`),
    ...partners.map((r) => `${r},Hill Hub,Partner,given,25-44`),
  ].join('\n')}\n`,
  'codings.csv': `respondent_id,family,code\n${[
    ...members.slice(0, 3).map((r) => `${r},self_identified_outcome,New skills`),
    ...partners.slice(0, 3).map((r) => `${r},self_identified_outcome,New skills`),
    ...members.map((r) => `${r},context,Made to feel welcome`),
  ].join('\n')}\n`,
  'bases.csv': `family,respondent_id\n${[...members.slice(0, 6), ...partners].map((r) => `Self-identified outcomes,${r}`).join('\n')}\n`,
};
const api = () => `${w.base}/evaluations/review`;
const nOf = (body: { groups: { group: string; nGroup: number | null }[] }) =>
  Object.fromEntries(body.groups.map((g) => [g.group, g.nGroup]));

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'bases');
  const e = await t.makeUser('evaluator@bases.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/bases`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@bases.test');
  mkdirSync(join(dir, 'evidence'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'evidence', name), text);
  const ctx = await openProgramme(t.database.db, cliCaller(), 'bases');
  const result = await importEvidence(t.database.db, ctx, cliActor(), join(dir, 'evidence'), { evaluation: 'review' });
  expect(result.bases).toEqual([{ family: 'self_identified_outcome', respondents: 12 }]);
});

describe('who was asked each family’s question', () => {
  it('the import’s bases.csv sets the base; figures and cross-tabs count only those asked', async () => {
    const bases = await evaluator.get(`${api()}/bases`);
    expect(bases.statusCode, bases.body).toBe(200);
    const byKey = Object.fromEntries(bases.json().data.map((b: { key: string }) => [b.key, b]));
    expect(byKey.self_identified_outcome).toMatchObject({ everyone: false, asked: 12, counted: 12, notAsked: 6 });
    expect(byKey.context).toMatchObject({ everyone: true, asked: 18, counted: 18, notAsked: 0 });

    const outcomes = await w.viewer.get(`${api()}/crosstab?family=self_identified_outcome&by=participant_type`);
    expect(outcomes.statusCode, outcomes.body).toBe(200);
    expect(outcomes.json()).toMatchObject({ total: 12, everyoneAsked: false });
    expect(nOf(outcomes.json())).toEqual({ 'Community Member': 6, Partner: 6 });
    // 3 of the 6 asked, not 3 of 12: a member not asked is not "did not mention".
    expect(outcomes.json().rows.find((r: { group: string }) => r.group === 'Community Member')).toMatchObject({ nCode: 3, percent: 50 });
    const contexts = await w.viewer.get(`${api()}/crosstab?family=context&by=participant_type`);
    expect(contexts.json()).toMatchObject({ total: 18, everyoneAsked: true });
    expect(nOf(contexts.json())).toEqual({ 'Community Member': 12, Partner: 6 });

    const chart = await w.viewer.get(`${api()}/chart.svg?family=self_identified_outcome&by=participant_type&measure=count`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain('Community Member (N=6)');
    expect(chart.body).toContain('asked this question');
    const csv = await w.viewer.get(`${api()}/crosstab?family=self_identified_outcome&by=participant_type&format=csv`);
    expect(csv.body).toContain('Community Member,6,New skills,3,50.0');
  });

  it('sets a base over the API, names unknown references, and goes back to everyone', async () => {
    const bad = await evaluator.put(`${api()}/bases/context`, { askedOf: ['M1', 'NOBODY-9'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('NOBODY-9');
    expect(bad.json().errors[0].path).toEqual(['askedOf']);

    const set = await evaluator.put(`${api()}/bases/context`, { askedOf: [...members.slice(0, 8), 'P1'] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().data).toMatchObject({ everyone: false, asked: 9, notAsked: 9 });
    const table = await w.viewer.get(`${api()}/crosstab?family=context`);
    expect(table.json()).toMatchObject({ total: 9, everyoneAsked: false });
    expect(table.json().rows[0]).toMatchObject({ nGroup: 9, nCode: 8 });
    expect((await evaluator.get(`${api()}/bases/context`)).json().data.askedOf).toEqual([...members.slice(0, 8), 'P1'].sort());

    const viewer = await w.viewer.put(`${api()}/bases/context`, { askedOf: null });
    expect(viewer.statusCode).toBe(403);
    const back = await evaluator.put(`${api()}/bases/context`, { askedOf: null });
    expect(back.json().data).toMatchObject({ everyone: true, askedOf: null, asked: 18 });
  });

  it('a respondent’s page records which questions they were asked', async () => {
    const list = await evaluator.get(`${api()}/respondents?q=M12`);
    const id = list.json().data[0].id;
    const before = await evaluator.get(`${api()}/respondents/${id}`);
    expect(before.json().data.notAsked).toEqual(['self_identified_outcome']);
    const all = ['self_identified_outcome', 'context', 'mechanism', 'short_term_outcome', 'long_term_outcome', 'enabler', 'barrier'];
    const asked = await evaluator.put(`${api()}/respondents/${id}/asked`, { families: all });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().data.notAsked).toEqual([]);
    const outcomes = await w.viewer.get(`${api()}/crosstab?family=self_identified_outcome&by=participant_type`);
    expect(nOf(outcomes.json())).toEqual({ 'Community Member': 7, Partner: 6 });
    // Not asked about contexts: the family, asked of everyone until now, gets a base of everyone else.
    const notContext = await evaluator.put(`${api()}/respondents/${id}/asked`, { families: all.filter((f) => f !== 'context') });
    expect(notContext.json().data.notAsked).toEqual(['context']);
    expect((await evaluator.get(`${api()}/bases/context`)).json().data).toMatchObject({ everyone: false, asked: 17 });
  });

  it('withdrawn consent still removes a person asked; disclosure control works on the base', async () => {
    const list = await evaluator.get(`${api()}/respondents?q=P1`);
    const p1 = list.json().data.find((r: { ref: string }) => r.ref === 'P1');
    const withdrawn = await evaluator.post(`${api()}/respondents/${p1.id}/consent`, { status: 'withdrawn' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const outcomes = await w.viewer.get(`${api()}/crosstab?family=self_identified_outcome&by=participant_type`);
    expect(nOf(outcomes.json())).toEqual({ 'Community Member': 7, Partner: 5 });
    // Four partners asked: under the threshold of 5, so suppressed (and the members with them: secondary).
    const smaller = await evaluator.put(`${api()}/bases/self_identified_outcome`, { askedOf: [...members, 'P2', 'P3', 'P4', 'P5'] });
    expect(smaller.statusCode).toBe(200);
    const table = await w.viewer.get(`${api()}/crosstab?family=self_identified_outcome&by=participant_type`);
    expect(table.json().groups.find((g: { group: string }) => g.group === 'Partner')).toMatchObject({ nGroup: null, suppressed: true });
  });

  it('lists the attributes to group by, and cross-tabulates by one within the base', async () => {
    const attrs = await w.viewer.get(`${api()}/attributes`);
    expect(attrs.statusCode, attrs.body).toBe(200);
    expect(attrs.json().data).toEqual([{ name: 'age_band', values: ['16-24', '25-44', '65 and over'] }]);
    const byAge = await w.viewer.get(`${api()}/crosstab?family=context&by=attribute:age_band&includeSmallGroups=false`);
    expect(byAge.statusCode, byAge.body).toBe(200);
    expect(byAge.json().everyoneAsked).toBe(false);
  });

  it('the respondent × code matrix leaves a code blank for a family the respondent was not asked about', async () => {
    const res = await evaluator.get(`${api()}/matrix.csv?family=self_identified_outcome`);
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.trim().split(/\r?\n/);
    const m12 = lines.find((l) => l.startsWith('M12,'))!;
    const m1 = lines.find((l) => l.startsWith('M1,'))!;
    expect(m12.endsWith(',0')).toBe(true);
    expect(m1.endsWith(',1')).toBe(true);
    const p6 = lines.find((l) => l.startsWith('P6,'))!;
    expect(p6.endsWith(',')).toBe(true);
  });
});
