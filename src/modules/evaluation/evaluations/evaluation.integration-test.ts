import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import { auditEvents } from '../../audit/schema.js';
import { places } from '../../places/schema.js';
import { openProgramme } from '../../programmes/context.js';
import { projects } from '../../projects/schema.js';
import { importEvidence } from '../evidence-import/import.js';
import { codes, codings, consentRecords, evaluations, respondents } from '../schema.js';

let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
let otherEvaluator: Client;
const folders = mkdtempSync(join(tmpdir(), 'cairn-evidence-'));
afterAll(() => rmSync(folders, { recursive: true, force: true }));

/** A folder of the three files, written as people save them from a spreadsheet. */
function folder(name: string, files: Record<string, string>) {
  const dir = join(folders, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const PROJECTS =
  'project,place,themes,coproduction_model\nRiverside Garden,Riverside,Food;Environment,Co-design\nHill Hub,Hilltop,Food,Community-led\n';
const RESPONDENTS = `${[
  'respondent_id,project,participant_type,consent,age_band',
  'R01,Riverside Garden,Partner,given,18-34',
  'R02,Riverside Garden,Community Member,given,35-64',
  'R03,Riverside Garden,Community Member,given,35-64',
  'R04,Hill Hub,Community Member,given,65+',
  'R05,Hill Hub,Partner,given,18-34',
  'R06,Hill Hub,Community Member,withdrawn,35-64',
].join('\n')}\n`;
const CODINGS = `${[
  'respondent_id,family,code',
  'R01,context,Trust',
  'R01,context,Trust', // the same code twice counts once
  'R01,mechanism,Ownership',
  'R02,context,Trust',
  'R03,context,Isolation',
  'R04,context,Trust',
  'R04,Contexts,Isolation', // the family by its label, loosely
  'R05,context,Isolation',
  'R06,context,Trust', // withdrawn: never counted
].join('\n')}\n`;

const importInto = async (slug: string, dir: string, evaluation = 'pcf-review', dryRun = false) => {
  const ctx = await openProgramme(t.database.db, cliCaller(), slug);
  return importEvidence(t.database.db, ctx, cliActor(), dir, { evaluation, dryRun });
};

const base = () => `${w.base}/evaluations/pcf-review`;
const rowsOf = (res: { json(): unknown }) =>
  (res.json() as { rows: { group: string; nGroup: number; code: string; nCode: number; percent: number; small: boolean }[] }).rows.map(
    (r) => `${r.group} ${r.nGroup} ${r.code} ${r.nCode} ${r.percent}${r.small ? ' small' : ''}`,
  );

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'evidence');
  const e = await t.makeUser('evaluator@evidence.test');
  const o = await t.makeUser('evaluator@elsewhere.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/evidence`, { role: 'evaluator' })).statusCode).toBe(200);
  expect((await w.admin.put(`/api/v1/users/${o.id}/programme-roles/evidence-other`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@evidence.test');
  otherEvaluator = await t.as('evaluator@elsewhere.test');
});

describe('evidence import', () => {
  it('writes nothing when one row is wrong, and names the file, row and column', async () => {
    const db = t.database.db;
    const tally = async () =>
      Promise.all(
        [evaluations, respondents, codings, codes, consentRecords, projects, places, auditEvents].map(async (table) =>
          Number((await db.select({ n: count() }).from(table))[0]!.n),
        ),
      );
    const before = await tally();
    const bad = folder('bad', {
      'projects.csv': PROJECTS,
      'respondents.csv': RESPONDENTS.replace('R05,Hill Hub,Partner,given', 'R05,Hill Hub,Partner,maybe'),
      'codings.csv': CODINGS,
    });
    const err = (await importInto('evidence', bad).catch((e: unknown) => e)) as {
      status: number;
      errors: { path: unknown[]; message: string }[];
    };
    expect(err).toMatchObject({ status: 422 });
    expect(err.errors).toEqual([
      { path: ['respondents.csv', 6, 'consent'], message: 'respondents.csv row 6, consent: must be given or withdrawn, not “maybe”' },
    ]);
    expect(await tally()).toEqual(before);

    // A problem only the database can find (an unknown family) also leaves nothing behind, the evaluation included.
    const unknownFamily = folder('unknown-family', {
      'projects.csv': PROJECTS,
      'respondents.csv': RESPONDENTS,
      'codings.csv': `${CODINGS}R02,turning points,Trust\n`,
    });
    const err2 = (await importInto('evidence', unknownFamily).catch((e: unknown) => e)) as { errors: { path: unknown[] }[] };
    expect(err2.errors.map((e) => e.path)).toEqual([['codings.csv', 11, 'family']]);
    expect(await tally()).toEqual(before);
  });

  it('a dry run reports what it would do and writes nothing', async () => {
    const dir = folder('dry', { 'projects.csv': PROJECTS, 'respondents.csv': RESPONDENTS, 'codings.csv': CODINGS });
    const result = await importInto('evidence', dir, 'pcf-review', true);
    expect(result).toMatchObject({
      dryRun: true,
      evaluation: { created: true },
      respondents: { created: 6, withdrawn: 1 },
      codings: { rows: 9, added: 8 },
    });
    expect(await t.database.db.select().from(evaluations)).toEqual([]);
  });

  it('imports the folder: evaluation, places, projects with their themes, respondents with consent, codes and codings', async () => {
    const dir = folder('good', { 'projects.csv': PROJECTS, 'respondents.csv': RESPONDENTS, 'codings.csv': CODINGS });
    const result = await importInto('evidence', dir);
    expect(result).toMatchObject({
      dryRun: false,
      evaluation: { slug: 'pcf-review', created: true },
      places: { created: ['Riverside', 'Hilltop'] },
      projects: { matched: 0, created: ['Riverside Garden', 'Hill Hub'] },
      respondents: { created: 6, updated: 0, withdrawn: 1 },
      codes: { created: ['context: Trust', 'mechanism: Ownership', 'context: Isolation'] },
      codings: { rows: 9, added: 8 },
    });
    const r01 = (await evaluator.get(`${base()}/respondents?q=R01`)).json().data[0];
    expect(r01).toMatchObject({
      ref: 'R01',
      participantType: 'Partner',
      themes: ['Food', 'Environment'],
      coproductionModel: 'Co-design',
      place: 'Riverside',
      attributes: { age_band: '18-34' },
      consent: 'given',
    });
    // Importing the same folder again changes no coding: a repeat counts once.
    expect((await importInto('evidence', dir)).codings.added).toBe(0);
  });
});

describe('crosstab', () => {
  it('matches the hand count, a project with two themes counted in each', async () => {
    // The evaluator's override shows the small groups' counts (disclosure.integration-test.ts checks what others get).
    const res = await evaluator.get(`${base()}/crosstab?family=context&by=theme&includeSmallGroups=true`);
    expect(res.statusCode, res.body).toBe(200);
    // Food: R01–R05 (R06 withdrew). Environment: Riverside Garden's R01–R03.
    expect(rowsOf(res)).toEqual([
      'Food 5 Trust 3 60',
      'Food 5 Isolation 3 60',
      'Environment 3 Trust 2 66.7 small',
      'Environment 3 Isolation 1 33.3 small',
    ]);
    expect(res.json()).toMatchObject({ total: 5, overlapping: true, disclosureThreshold: 5 });
    const all = await evaluator.get(`${base()}/crosstab?family=context`);
    expect(rowsOf(all)).toEqual(['All 5 Trust 3 60', 'All 5 Isolation 3 60']);
    const byAge = await evaluator.get(
      `${base()}/crosstab?family=context&by=attribute:age_band&participantType=Partner&includeSmallGroups=true`,
    );
    expect(rowsOf(byAge)).toEqual(['18-34 2 Trust 1 50 small', '18-34 2 Isolation 1 50 small']);
  });

  it('suppresses small groups in the CSV and the JSON unless an evaluator asks, which is audited; a viewer may not ask', async () => {
    const csv = await w.viewer.get(`${base()}/crosstab?family=context&by=theme&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // The small group's size is blank too: themes overlap, so nothing else needs hiding.
    expect(csv.body).toBe(
      'group,n_group,code,n_code,percent\nFood,5,Trust,3,60.0\nFood,5,Isolation,3,60.0\nEnvironment,,Trust,,\nEnvironment,,Isolation,,\n',
    );
    // The finding: the JSON of the same query gave the numbers the CSV blanked.
    const json = await w.viewer.get(`${base()}/crosstab?family=context&by=theme`);
    expect(rowsOf(json)).toEqual([
      'Food 5 Trust 3 60',
      'Food 5 Isolation 3 60',
      'Environment null Trust null null small',
      'Environment null Isolation null null small',
    ]);
    expect((await w.viewer.get(`${base()}/crosstab?family=context&by=theme&format=csv&includeSmallGroups=true`)).statusCode).toBe(403);
    expect((await w.viewer.get(`${base()}/crosstab?family=context&by=theme&includeSmallGroups=true`)).statusCode).toBe(403);
    const before = (await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export-small-groups'))).length;
    const shown = await evaluator.get(`${base()}/crosstab?family=context&by=theme&format=csv&includeSmallGroups=true`);
    expect(shown.body).toContain('Environment,3,Trust,2,66.7\n');
    // In the order they were written: without ORDER BY, PostgreSQL may hand rows back in any order.
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export-small-groups'))
      .orderBy(asc(auditEvents.id));
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)!.summary).toContain('Environment (3)');
  });

  it('answers an unknown family or dimension with 422 naming what there is', async () => {
    const family = await evaluator.get(`${base()}/crosstab?family=outcomes`);
    expect(family.statusCode).toBe(422);
    expect(family.json().detail).toContain('context, mechanism, short_term_outcome');
    const by = await evaluator.get(`${base()}/crosstab?family=context&by=shoe_size`);
    expect(by.statusCode).toBe(422);
    expect(by.json().errors[0].path).toEqual(['by']);
  });
});

describe('who may see what', () => {
  it('keeps respondent-level data to evaluators and managers; viewers read aggregates; partnership members nothing', async () => {
    expect((await w.viewer.get(`${base()}/respondents`)).statusCode).toBe(403);
    expect((await w.viewer.get(`${base()}/matrix.csv`)).statusCode).toBe(403);
    expect((await w.viewer.get(`${base()}/crosstab?family=context`)).statusCode).toBe(200);
    expect((await w.viewer.get(`${base()}/codebook`)).statusCode).toBe(200);
    expect((await w.memberA.get(`${w.base}/evaluations`)).statusCode).toBe(403);
    expect((await w.memberA.get(`${base()}/crosstab?family=context`)).statusCode).toBe(403);
    expect((await w.manager.get(`${base()}/respondents`)).statusCode).toBe(200);
  });

  it('an evaluator of another programme cannot read this one’s respondents, or even learn it exists', async () => {
    const respondentId = (await evaluator.get(`${base()}/respondents?q=R02`)).json().data[0].id;
    for (const url of [
      `${base()}/respondents`,
      `${base()}/respondents/${respondentId}`,
      `${base()}/matrix.csv`,
      `${base()}/crosstab?family=context`,
    ]) {
      const res = await otherEvaluator.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('R02');
    }
    // Nor through their own programme's address.
    expect((await otherEvaluator.get(`${w.otherBase}/evaluations/pcf-review/respondents/${respondentId}`)).statusCode).toBe(404);
  });
});

describe('consent', () => {
  it('withdrawing consent removes the respondent from the next crosstab and matrix; the record stays', async () => {
    const r01 = (await evaluator.get(`${base()}/respondents?q=R01`)).json().data[0];
    const before = await evaluator.get(`${base()}/matrix.csv`);
    expect(before.body.split('\n')[0]).toBe(
      'respondent_id,participant_type,project,themes,coproduction_model,place,phase,age_band,context_trust,context_isolation,mechanism_ownership',
    );
    expect(before.body).toContain('R01,Partner,Riverside Garden,Food;Environment,Co-design,Riverside,,18-34,1,0,1');
    expect(before.body).not.toContain('R06');

    const res = await evaluator.post(`${base()}/respondents/${r01.id}/consent`, {
      status: 'withdrawn',
      on: '2026-11-20',
      scope: 'All use',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.consent).toBe('withdrawn');
    expect(res.json().data.consentRecords.map((c: { status: string }) => c.status)).toEqual(['given', 'withdrawn']);

    const after = await evaluator.get(`${base()}/crosstab?family=context&by=theme&includeSmallGroups=true`);
    expect(rowsOf(after)).toEqual([
      'Food 4 Trust 2 50 small',
      'Food 4 Isolation 3 75 small',
      'Environment 2 Trust 1 50 small',
      'Environment 2 Isolation 1 50 small',
    ]);
    expect((await evaluator.get(`${base()}/matrix.csv`)).body).not.toContain('R01');
    // Still there for the record, with its codings.
    const kept = await evaluator.get(`${base()}/respondents/${r01.id}`);
    expect(kept.json().data.codings).toHaveLength(2);
  });
});

describe('codebook and coding', () => {
  it('ticks codes for a respondent, renames and merges codes without losing codings', async () => {
    const book = (await evaluator.get(`${base()}/codebook`)).json();
    expect(book.data.map((f: { key: string }) => f.key)).toEqual([
      'context',
      'mechanism',
      'short_term_outcome',
      'long_term_outcome',
      'self_identified_outcome',
      'enabler',
      'barrier',
    ]);
    const context = book.data[0].codes as { id: string; name: string }[];
    const trust = context.find((c) => c.name === 'Trust')!;
    const isolation = context.find((c) => c.name === 'Isolation')!;

    const added = await evaluator.post(`${base()}/codebook/codes`, { family: 'context', name: 'Mistrust of services', parentId: trust.id });
    expect(added.statusCode, added.body).toBe(201);
    const mistrust = added.json().data[0].codes.find((c: { id: string }) => c.id === trust.id).children[0];
    expect(mistrust.name).toBe('Mistrust of services');
    expect((await evaluator.post(`${base()}/codebook/codes`, { family: 'context', name: 'trust' })).statusCode).toBe(409);
    // A code cannot go under its own child.
    const loop = await evaluator.patch(`${base()}/codebook/codes/${trust.id}`, { parentId: mistrust.id });
    expect(loop.statusCode).toBe(422);

    const r03 = (await evaluator.get(`${base()}/respondents?q=R03`)).json().data[0];
    const ticked = await evaluator.put(`${base()}/respondents/${r03.id}/codings`, { codeIds: [mistrust.id] });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(
      ticked
        .json()
        .data.codings.map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual(['Isolation', 'Mistrust of services']);
    expect((await w.viewer.put(`${base()}/respondents/${r03.id}/codings`, { codeIds: [] })).statusCode).toBe(403);

    const renamed = await evaluator.patch(`${base()}/codebook/codes/${isolation.id}`, { name: 'Social isolation' });
    expect(renamed.statusCode, renamed.body).toBe(200);

    // Merge Social isolation into Trust: R03, R04 and R05's codings move; R04 had both and counts once.
    const merged = await evaluator.post(`${base()}/codebook/codes/${trust.id}/merge`, { mergeCodeIds: [isolation.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await evaluator.get(`${base()}/crosstab?family=context&includeSmallGroups=true`);
    expect(rowsOf(after)).toEqual(['All 4 Trust 4 100 small', 'All 4 Mistrust of services 1 25 small']);
    const history = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, trust.id));
    expect(history.map((h) => h.action)).toContain('merge');
  });
});

describe('codings’ references, checked once per statement', () => {
  it('refuses a coding, or an imported code, of a code from another evaluation or of no respondent, and a deleted respondent takes its codings', async () => {
    const db = t.database.db;
    expect((await evaluator.post(`${w.base}/evaluations`, { slug: 'second-look', title: 'Second look' })).statusCode).toBe(201);
    const added = await evaluator.post(`${w.base}/evaluations/second-look/codebook/codes`, { family: 'barrier', name: 'Transport' });
    const elsewhere = added.json().data.find((f: { key: string }) => f.key === 'barrier').codes[0].id as string;
    const [r02] = await db.select().from(respondents).where(eq(respondents.ref, 'R02'));
    const refused = (await db
      .insert(codings)
      .values({ respondentId: r02!.id, codeId: elsewhere })
      .catch((e: unknown) => e)) as { cause?: { code?: string }; code?: string };
    expect(refused.cause?.code ?? refused.code).toBe('23503');
    const [trust] = await db.select().from(codes).where(eq(codes.name, 'Trust'));
    const nobody = (await db
      .insert(codings)
      .values({ respondentId: '00000000-0000-4000-8000-000000000001', codeId: trust!.id })
      .catch((e: unknown) => e)) as { cause?: { code?: string }; code?: string };
    expect(nobody.cause?.code ?? nobody.code).toBe('23503');

    // Imported codes live in the respondent's row (decision 011): the same rules hold for them.
    const [other] = await db.select().from(codes).where(eq(codes.id, elsewhere));
    const codeState = (e: unknown) => {
      const x = e as { cause?: { code?: string }; code?: string };
      return x.cause?.code ?? x.code;
    };
    expect(
      codeState(
        await db
          .update(respondents)
          .set({ importedCodeNumbers: [...r02!.importedCodeNumbers, other!.number] })
          .where(eq(respondents.id, r02!.id))
          .catch((e: unknown) => e),
      ),
    ).toBe('23503');
    expect(
      codeState(
        await db
          .update(respondents)
          .set({ importedCodeNumbers: [trust!.number, trust!.number] })
          .where(eq(respondents.id, r02!.id))
          .catch((e: unknown) => e),
      ),
    ).toBe('23514');
    expect(
      codeState(
        await db
          .insert(respondents)
          .values({ evaluationId: r02!.evaluationId, ref: 'R99', consent: 'given', importedCodeNumbers: [other!.number] })
          .catch((e: unknown) => e),
      ),
    ).toBe('23503');

    await db.insert(codings).values({ respondentId: r02!.id, codeId: trust!.id, source: 'tick' }).onConflictDoNothing();
    expect((await db.select().from(codings).where(eq(codings.respondentId, r02!.id))).length).toBeGreaterThan(0);
    await db.delete(respondents).where(eq(respondents.id, r02!.id));
    expect(await db.select().from(codings).where(eq(codings.respondentId, r02!.id))).toEqual([]);
  });
});
