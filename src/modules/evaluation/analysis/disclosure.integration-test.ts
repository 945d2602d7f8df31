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

// Issue 12, point 5: small-group counts reach no one without the override, in any format, and cannot be
// worked out from what is published. Seven community members, six community anchors and two partners
// (under the threshold of 5), chosen so that no published number equals a suppressed one:
//   Community Member 7: Trust 4 (57.1%), Pride 0     ← published
//   Community Anchor 6: Trust 5 (83.3%), Pride 3 (50%) ← suppressed (secondary: else 15 − 7 − 6 would give Partner's 2)
//   Partner 2:          Trust 1 (50%),   Pride 2 (100%) ← suppressed (small group)
// All 15: Trust 10, Pride 5.
let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
const dir = mkdtempSync(join(tmpdir(), 'cairn-disclosure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const people = [
  ...Array.from({ length: 7 }, (_, i) => ({ ref: `M${i + 1}`, type: 'Community Member', codes: i < 4 ? ['Trust'] : [] })),
  ...Array.from({ length: 6 }, (_, i) => ({
    ref: `A${i + 1}`,
    type: 'Community Anchor',
    codes: [...(i < 5 ? ['Trust'] : []), ...(i < 3 ? ['Pride'] : [])],
  })),
  { ref: 'P1', type: 'Partner', codes: ['Trust', 'Pride'] },
  { ref: 'P2', type: 'Partner', codes: ['Pride'] },
];
const files = {
  'projects.csv': 'project,place,themes,coproduction_model\nHill Hub,Hilltop,Food,Community-led\n',
  'respondents.csv': `${['respondent_id,project,participant_type,consent', ...people.map((p) => `${p.ref},Hill Hub,${p.type},given`)].join('\n')}\n`,
  // Both families, so the Word report has figures to draw.
  'codings.csv': `${[
    'respondent_id,family,code',
    ...people.flatMap((p) => p.codes.flatMap((c) => [`${p.ref},context,${c}`, `${p.ref},mechanism,${c}`])),
  ].join('\n')}\n`,
};

/** Every number a viewer may see, and those they must not. */
const PUBLISHED = new Set(['7', '4', '57.1', '0', '0.0', '15', '10', '66.7', '5', '33.3']);
const SMALL = ['"nGroup":2', '"nGroup":6', '"nCode":1', '"nCode":3', '"percent":83.3', '"percent":100', '"percent":50'];

const base = () => `${w.base}/evaluations/review`;

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'disclosure');
  const e = await t.makeUser('evaluator@disclosure.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/disclosure`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@disclosure.test');
  mkdirSync(join(dir, 'evidence'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'evidence', name), text);
  const ctx = await openProgramme(t.database.db, cliCaller(), 'disclosure');
  await importEvidence(t.database.db, ctx, cliActor(), join(dir, 'evidence'), { evaluation: 'review' });
});

const overrides = async () => t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export-small-groups'));

describe('what a viewer gets', () => {
  it('JSON: the small group and its complement have null size, counts and percents, with the reason; nothing can be subtracted out', async () => {
    const res = await w.viewer.get(`${base()}/crosstab?family=context&by=participant_type`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      total: number;
      groups: unknown[];
      rows: {
        group: string;
        code: string;
        nGroup: number | null;
        nCode: number | null;
        percent: number | null;
        suppressed: boolean;
        reason: string | null;
      }[];
    };
    expect(body.groups).toEqual([
      { group: 'Community Member', nGroup: 7, small: false, suppressed: false, reason: null },
      { group: 'Community Anchor', nGroup: null, small: false, suppressed: true, reason: 'secondary' },
      { group: 'Partner', nGroup: null, small: true, suppressed: true, reason: 'small group' },
    ]);
    expect(body.rows.filter((r) => r.group === 'Partner')).toEqual([
      {
        group: 'Partner',
        nGroup: null,
        code: 'Trust',
        codeId: expect.any(String),
        nCode: null,
        percent: null,
        small: true,
        suppressed: true,
        reason: 'small group',
      },
      {
        group: 'Partner',
        nGroup: null,
        code: 'Pride',
        codeId: expect.any(String),
        nCode: null,
        percent: null,
        small: true,
        suppressed: true,
        reason: 'small group',
      },
    ]);
    for (const bad of SMALL) expect(res.body).not.toContain(bad);

    // The attack of the issue: the all-respondents total minus the published cells. Each line that holds a
    // suppressed cell holds at least two, so the difference is a sum, never one group's figure.
    const all = (await w.viewer.get(`${base()}/crosstab?family=context`)).json() as typeof body;
    expect(all.total).toBe(15);
    for (const code of ['Trust', 'Pride']) {
      const line = body.rows.filter((r) => r.code === code);
      expect(line.filter((r) => r.suppressed).length).not.toBe(1);
    }
    expect(body.groups.filter((g) => (g as { suppressed: boolean }).suppressed)).toHaveLength(2);
  });

  it('JSON: a filter leaving one small group hides the total too, which would be its size', async () => {
    const res = await w.viewer.get(`${base()}/crosstab?family=context&participantType=Partner`);
    expect(res.json()).toMatchObject({ total: null, groups: [{ group: 'All', nGroup: null, suppressed: true, reason: 'small group' }] });
    expect(res.body).not.toMatch(/"total":2|"nGroup":2/);
  });

  it('CSV: the same cells blank, the suppressed groups’ sizes included', async () => {
    const res = await w.viewer.get(`${base()}/crosstab?family=context&by=participant_type&format=csv`);
    expect(res.body).toBe(
      [
        'group,n_group,code,n_code,percent',
        'Community Member,7,Trust,4,57.1',
        'Community Member,7,Pride,0,0.0',
        'Community Anchor,,Trust,,',
        'Community Anchor,,Pride,,',
        'Partner,,Trust,,',
        'Partner,,Pride,,',
        '',
      ].join('\n'),
    );
  });

  it('chart: the suppressed groups are marked “suppressed”, never drawn as zero, their sizes nowhere', async () => {
    const res = await w.viewer.get(`${base()}/chart.svg?family=context&by=participant_type&measure=count`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Community Member (N=7)');
    expect(res.body).toContain('>suppressed</text>');
    expect(res.body).toContain('Suppressed: Partner, fewer than 5 respondents');
    expect(res.body).toContain('Also suppressed: Community Anchor');
    expect(res.body).not.toMatch(/N=2|N=6|83\.3|100\.0%/);
    // Bar labels of a count chart are the counts: only the community members' 4 and 0 are there.
    const labels = [...res.body.matchAll(/font-size="10px"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels.filter((l) => l !== 'suppressed').sort()).toEqual(['0', '4']);
  });

  it('Word report: each figure’s table of N says “suppressed”, and no small count is in it', async () => {
    const res = await w.viewer.get(`${base()}/figures.docx`);
    expect(res.statusCode, res.body).toBe(200);
    const xml = unzip(res.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Figure C.5: Contexts by participant type');
    expect(xml).toContain('>suppressed</w:t>');
    expect(xml).toContain('No, suppressed: fewer than 5 respondents');
    const cells = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
    expect(cells).not.toContain('2');
    expect(cells).not.toContain('6');
    expect(cells.join(' ')).not.toMatch(/N=2|N=6/);
  }, 60_000);

  it('the matrix is respondent-level: 403, as before; so is every override', async () => {
    expect((await w.viewer.get(`${base()}/matrix.csv`)).statusCode).toBe(403);
    const before = (await overrides()).length;
    for (const url of [
      `${base()}/crosstab?family=context&by=participant_type&includeSmallGroups=true`,
      `${base()}/crosstab?family=context&by=participant_type&format=csv&includeSmallGroups=true`,
      `${base()}/chart.svg?family=context&by=participant_type&includeSmallGroups=true`,
      `${base()}/figures.docx?includeSmallGroups=true`,
    ]) {
      const res = await w.viewer.get(url);
      expect(res.statusCode, url).toBe(403);
      for (const bad of SMALL) expect(res.body).not.toContain(bad);
    }
    expect((await overrides()).length).toBe(before);
  });

  it('publishes only numbers that are not suppressed ones', async () => {
    const csv = (await w.viewer.get(`${base()}/crosstab?family=context&by=participant_type&format=csv`)).body;
    const numbers = csv
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(',').slice(1))
      .filter((v) => /^\d/.test(v));
    for (const n of numbers) expect(PUBLISHED.has(n), n).toBe(true);
  });
});

describe('the evaluator', () => {
  it('gets the same suppressed table by default, with nothing recorded', async () => {
    const before = (await overrides()).length;
    const res = await evaluator.get(`${base()}/crosstab?family=context&by=participant_type`);
    for (const bad of SMALL) expect(res.body).not.toContain(bad);
    expect((await overrides()).length).toBe(before);
  });

  it('sees every count with the override, and each use is audited with what it revealed', async () => {
    const before = (await overrides()).length;
    const res = await evaluator.get(`${base()}/crosstab?family=context&by=participant_type&includeSmallGroups=true`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      includesSmallGroups: boolean;
      rows: { group: string; code: string; nGroup: number; nCode: number; percent: number; suppressed: boolean }[];
    };
    expect(body.includesSmallGroups).toBe(true);
    expect(body.rows.find((r) => r.group === 'Partner' && r.code === 'Trust')).toMatchObject({
      nGroup: 2,
      nCode: 1,
      percent: 50,
      suppressed: false,
    });
    const csv = await evaluator.get(`${base()}/crosstab?family=context&by=participant_type&format=csv&includeSmallGroups=true`);
    expect(csv.body).toContain('Partner,2,Pride,2,100.0\n');
    const svg = await evaluator.get(`${base()}/chart.svg?family=context&by=participant_type&includeSmallGroups=true`);
    expect(svg.body).toContain('Partner (N=2)');
    const audit = (await overrides()).slice(before);
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => a.summary)).toEqual([
      'Exported the Context cross-tab by participant type on screen (JSON) showing groups under 5 respondents: Partner (2); hidden with them, so that they could not be worked out: Community Anchor (6)',
      'Exported the Context cross-tab by participant type as CSV showing groups under 5 respondents: Partner (2); hidden with them, so that they could not be worked out: Community Anchor (6)',
      'Exported a chart of Contexts by participant type showing groups under 5 respondents: Partner (2); hidden with them, so that they could not be worked out: Community Anchor (6)',
    ]);
    expect(audit.every((a) => a.actorUserId !== null)).toBe(true);
  });

  it('exports the matrix, recorded as respondent-level data leaving Cairn', async () => {
    const res = await evaluator.get(`${base()}/matrix.csv?family=context`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.trim().split('\n')).toHaveLength(16);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'export-matrix'));
    expect(audit.map((a) => a.summary)).toEqual(['Exported the respondent × code table of review (context): 15 respondents']);
  });
});
