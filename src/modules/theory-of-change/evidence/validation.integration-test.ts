// Import → map → validate, exact, on a fixture small enough to count by hand (both engines); withdrawn
// consent removes a person from every count; another programme's evaluator reads nothing; drill to quotes.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { cliActor, cliCaller } from '../../../cli/context.js';
import { codeFamilies, codes, codings, consentRecords, evaluations, quotes, respondents } from '../../../db/schema.js';
import { STANDARD_FAMILIES } from '../../evaluation/domain/qdc-families.js';
import { loadEvaluation } from '../../evaluation/evaluations/service.js';
import { recordConsent } from '../../evaluation/respondents/service.js';
import { openProgramme } from '../../programmes/context.js';
import { theoryByName, versionByName } from '../theories/service.js';
import { addMappingsFromRows } from './mappings.js';

let t: TestContext;
let w: RegistryWorld;
let base: string;
const refs = Array.from({ length: 13 }, (_, i) => `R${i + 1}`);
const ids = new Map<string, string>();

const KUMU = {
  elements: [
    { label: 'Funding for community anchors', type: 'Inputs' },
    { label: 'Volunteering and mentoring', type: 'Activities' },
    { label: 'Improved confidence', type: 'Short-term outcomes' },
    { label: 'Employment', type: 'Long-term outcomes' },
  ],
  connections: [
    { from: 'Funding for community anchors', to: 'Volunteering and mentoring', description: 'Money pays for placements' },
    { from: 'Volunteering and mentoring', to: 'Improved confidence', 'contextual assumptions': ['Volunteers feel welcome'] },
    { from: 'Improved confidence', to: 'Employment' },
    { from: 'Funding for community anchors', to: 'Employment' },
  ],
};

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'toc-validate');
  base = `${w.base}/theories-of-change`;
  const { db } = t.database;
  const [e] = await db.insert(evaluations).values({ programmeId: w.programmeId, slug: 'pcf', title: 'PCF review' }).returning();
  const fams = await db
    .insert(codeFamilies)
    .values(STANDARD_FAMILIES.map((f, position) => ({ evaluationId: e!.id, ...f, position })))
    .returning();
  const fam = (key: string) => fams.find((f) => f.key === key)!.id;
  const [funding, confidence, employment] = await db
    .insert(codes)
    .values([
      { evaluationId: e!.id, familyId: fam('context'), name: 'Funding' },
      { evaluationId: e!.id, familyId: fam('mechanism'), name: 'Confidence' },
      { evaluationId: e!.id, familyId: fam('short_term_outcome'), name: 'Employment' },
    ])
    .returning();
  const [selfBelief] = await db
    .insert(codes)
    .values({ evaluationId: e!.id, familyId: fam('mechanism'), name: 'Self-belief', parentId: confidence!.id })
    .returning();
  const people = await db
    .insert(respondents)
    .values(refs.map((ref) => ({ evaluationId: e!.id, ref, consent: ref === 'R13' ? ('withdrawn' as const) : ('given' as const) })))
    .returning();
  for (const p of people) ids.set(p.ref, p.id);
  await db.insert(consentRecords).values(people.map((p) => ({ respondentId: p.id, status: p.consent, on: '2024-01-01' })));
  const coded: { respondentId: string; codeId: string; source: 'import' }[] = [];
  const code = (who: string[], c: { id: string }) => {
    for (const r of who) coded.push({ respondentId: ids.get(r)!, codeId: c.id, source: 'import' });
  };
  code(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R13'], funding!);
  code(['R1', 'R2', 'R3', 'R4', 'R13'], confidence!);
  code(['R5', 'R6'], selfBelief!); // a sub-code counts for its parent
  code(['R1', 'R2', 'R3', 'R4', 'R5', 'R11', 'R13'], employment!);
  await db.insert(codings).values(coded);
  await db.insert(quotes).values([
    { respondentId: ids.get('R2')!, text: 'I got the job because I believed I could', attribution: 'A volunteer', publishable: true },
    { respondentId: ids.get('R3')!, text: 'Not for publishing', attribution: 'A volunteer', publishable: false },
  ]);
});

describe('import → map → validate', () => {
  it('counts each link exactly, with sub-codes, without the withdrawn, small counts hidden', async () => {
    const imported = await w.manager.post(`${base}/import?version=original`, KUMU);
    expect(imported.statusCode).toBe(201);
    expect(imported.json().data.versions[0]).toMatchObject({ name: 'original', steps: 4, links: 4 });

    const { db } = t.database;
    const ctx = await openProgramme(db, cliCaller(), 'toc-validate');
    const theory = await theoryByName(db, ctx, undefined);
    const version = await versionByName(db, theory, 'original');
    const evaluation = await loadEvaluation(db, ctx, 'pcf');
    const rows = [
      { node: 'Funding for community anchors', family: 'context', code: 'Funding', indicator: '' },
      { node: 'improved  confidence', family: 'Mechanism', code: 'Confidence', indicator: '' },
      { node: 'Employment', family: 'short_term_outcome', code: 'Employment', indicator: '' },
    ];
    // A wrong row refuses the whole file, naming the row.
    await expect(
      addMappingsFromRows(db, ctx, cliActor(), theory, version, evaluation, [
        ...rows,
        { node: 'Nowhere', family: 'context', code: 'Funding', indicator: '' },
      ]),
    ).rejects.toThrow(/Row 5: no step called “Nowhere”/);
    const mapped = await addMappingsFromRows(db, ctx, cliActor(), theory, version, evaluation, rows);
    expect(mapped.added).toBe(3);

    const url = `${base}/${theory.id}/versions/${version.id}`;
    const csv = await w.viewer.get(`${url}/validation?evaluation=pcf&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(
      [
        'from,to,respondents_from,respondents_to,respondents_both,lift,status',
        'Funding for community anchors,Volunteering and mentoring,,,,,untested',
        'Volunteering and mentoring,Improved confidence,,,,,untested',
        'Improved confidence,Employment,6,6,5,1.667,supported',
        'Funding for community anchors,Employment,8,6,5,1.25,supported',
        '',
      ].join('\n'),
    );
    const json = (await w.viewer.get(`${url}/validation?evaluation=pcf`)).json().data;
    expect(json.total).toBe(12);
    expect(json.nodes.map((n: { respondents: number | null }) => n.respondents)).toEqual([8, null, 6, 6]);
    // Funding → Confidence: every one of the six at Confidence was at Funding.
    expect(json.suggestions).toEqual([
      {
        from: 'funding-for-community-anchors',
        to: 'improved-confidence',
        fromLabel: 'Funding for community anchors',
        toLabel: 'Improved confidence',
        respondentsBoth: 6,
        lift: 1.5,
      },
    ]);

    // The evaluator's thresholds change the class.
    const strict = (await w.viewer.get(`${url}/validation?evaluation=pcf&minBoth=6`)).json().data;
    expect(strict.links.map((l: { status: string }) => l.status)).toEqual(['untested', 'untested', 'weak', 'weak']);

    // Drill: the respondents at both ends and their publishable quotes; a viewer may not.
    const confidenceLink = json.links[2].key;
    expect((await w.viewer.get(`${url}/links/${confidenceLink}/respondents?evaluation=pcf`)).statusCode).toBe(403);
    const drill = (await w.manager.get(`${url}/links/${confidenceLink}/respondents?evaluation=pcf`)).json().data;
    expect(drill.respondents.map((r: { ref: string }) => r.ref)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
    expect(drill.quotes.map((q: { text: string }) => q.text)).toEqual(['I got the job because I believed I could']);

    // Accepting the suggestion makes a new draft with the link.
    const accepted = await w.manager.post(`${url}/suggestions/accept`, {
      from: 'funding-for-community-anchors',
      to: 'improved-confidence',
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().data).toMatchObject({ status: 'draft', links: 5, basedOnId: version.id });

    // R1 withdraws: out of every count; 4 at both ends is under the threshold of 5, so hidden with the lift.
    await recordConsent(db, ctx, cliActor(), evaluation, ids.get('R1')!, { status: 'withdrawn', on: '2024-06-01' });
    const after = await w.viewer.get(`${url}/validation?evaluation=pcf&format=csv`);
    expect(after.body.split('\n').slice(3, 5)).toEqual([
      'Improved confidence,Employment,5,5,,,weak',
      'Funding for community anchors,Employment,7,5,,,weak',
    ]);
  });

  it('shows nothing to another programme’s people, and nothing of evaluation to a partnership member', async () => {
    const list = (await w.manager.get(base)).json().data;
    const v = list[0].versions[0];
    const url = `${base}/${list[0].id}/versions/${v.id}/validation?evaluation=pcf`;
    const stranger = await w.stranger.get(url);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.body).not.toContain('Employment');
    expect((await w.memberA.get(url)).statusCode).toBe(403);
  });

  it('exports the version as Kumu, CSV, SVG and PNG, and the theory as Cairn JSON that imports again', async () => {
    const list = (await w.manager.get(base)).json().data;
    const theory = list[0];
    const v = theory.versions[0];
    const url = `${base}/${theory.id}/versions/${v.id}/export`;
    const kumu = await w.viewer.get(`${url}?format=kumu`);
    expect(JSON.parse(kumu.body).elements.map((e: { type: string }) => e.type)).toEqual([
      'Inputs',
      'Activities',
      'Short-term outcomes',
      'Long-term outcomes',
    ]);
    const elements = await w.viewer.get(`${url}?format=csv-elements`);
    expect(elements.body.split('\n')[0]).toBe('Label,Type,Description,Evaluation questions');
    const svg = await w.viewer.get(`${url}?format=svg&evaluation=pcf`);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toContain('#00703c');
    const png = await w.viewer.get(`${url}?format=png`);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');

    const whole = await w.viewer.get(`${base}/${theory.id}/export.json`);
    const file = JSON.parse(whole.body);
    expect(file.versions.map((x: { name: string }) => x.name)).toEqual(['original', 'Version 2']);
    expect(file.versions[0].mappings).toHaveLength(3);
    file.theory.name = 'PCF copy';
    const again = await w.manager.post(`${base}/import`, file);
    expect(again.statusCode).toBe(201);
    const copy = again.json().data.theory;
    const back = await w.viewer.get(`${base}/${copy.id}/export.json`);
    expect(JSON.parse(back.body)).toEqual(file);
    // The same name again is refused, all or nothing.
    expect((await w.manager.post(`${base}/import`, file)).statusCode).toBe(409);
  });

  it('imports the CSV export back, lossless, for managers and evaluators only, with row problems by file and row', async () => {
    const theory = (await w.manager.get(base)).json().data.find((x: { name: string }) => x.name !== 'PCF copy');
    const url = `${base}/${theory.id}/versions/${theory.versions[0].id}/export`;
    const elements = await w.viewer.get(`${url}?format=csv-elements`);
    // The CSV files back in (connections first: told apart by their headings), into a theory of their own.
    const connections = await w.viewer.get(`${url}?format=csv-connections`);
    const files = [
      { name: 'pcf-connections.csv', text: connections.body },
      { name: 'pcf-elements.csv', text: elements.body },
    ];
    expect((await w.viewer.post(`${base}/import-csv?theory=From%20CSV`, { files })).statusCode).toBe(403);
    const fromCsv = await w.manager.post(`${base}/import-csv?theory=From%20CSV`, { files });
    expect(fromCsv.statusCode, fromCsv.body).toBe(201);
    expect(fromCsv.json().data.kind).toBe('csv');
    const made = fromCsv.json().data;
    const csvUrl = `${base}/${made.theory.id}/versions/${made.versions[0].id}/export`;
    expect((await w.viewer.get(`${csvUrl}?format=csv-elements`)).body).toBe(elements.body);
    expect((await w.viewer.get(`${csvUrl}?format=csv-connections`)).body).toBe(connections.body);
    const bad = await w.manager.post(`${base}/import-csv?theory=Bad`, {
      files: [{ name: 'e.csv', text: 'Label,Type\nA,Inputs\nB,\n' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { path: ['e.csv', 'rows', 3, 'type'], message: 'e.csv row 3 (“B”) has no type: its type names its stage' },
    ]);
  });
});
