import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import type { Codebook } from '../domain/qdc.js';
import { parseCodebook } from '../domain/qdc-read.js';

// A REFI-QDA user's round trip over HTTP: their program's codebook into an evaluation, out, back in,
// out again. Files in test/fixtures/codebook/ are shaped like NVivo's, ATLAS.ti's, MAXQDA's and
// QualCoder's exports (nested codes, each program's colours, sets, top-level descriptions, non-ASCII
// names, codes of one name under different parents, isCodable false on QualCoder's categories).

let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;

const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/codebook/${name}`, import.meta.url));
const XML = { 'content-type': 'application/xml' };
const base = (slug: string) => `${w.base}/evaluations/${slug}`;
/** What a QDA program reads from a file: everything but the program that wrote it. */
const model = ({ origin: _origin, ...rest }: Codebook) => rest;

interface ImportResult {
  families: { key: string; label: string; added: number; updated: number; placedBy: string[] }[];
  sets: { added: number; updated: number };
  renumbered: string[];
}

async function importFile(slug: string, body: Buffer | string): Promise<ImportResult> {
  const res = await evaluator.request('POST', `${base(slug)}/codebook/import`, body, XML);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}
async function exportFile(slug: string): Promise<string> {
  const res = await evaluator.get(`${base(slug)}/codebook.qdc`);
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}
async function codebookOf(slug: string) {
  const res = await evaluator.get(`${base(slug)}/codebook`);
  expect(res.statusCode).toBe(200);
  return res.json().data as { key: string; label: string; description: string; colour: string | null; codes: unknown[] }[];
}

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'round-trip');
  const e = await t.makeUser('evaluator@round-trip.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/round-trip`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@round-trip.test');
});

describe.each([
  ['NVivo', 'nvivo.qdc', 'nvivo', { added: 0, updated: 0 }],
  ['ATLAS.ti', 'atlasti.qdc', 'atlas', { added: 4, updated: 0 }],
  ['MAXQDA', 'maxqda.qdc', 'maxqda', { added: 2, updated: 0 }],
  ['QualCoder', 'qualcoder.qdc', 'qualcoder', { added: 0, updated: 0 }],
])('a codebook exported by %s', (_tool, file, slug, sets) => {
  beforeAll(async () => {
    expect((await evaluator.post(`${w.base}/evaluations`, { slug, title: `Round trip ${slug}` })).statusCode).toBe(201);
  });

  it('import → export → import → export: the same codebook after the first export, the same bytes after the second', async () => {
    const original = fixture(file);
    const first = await importFile(slug, original);
    expect(first.sets).toEqual(sets);
    expect(first.renumbered).toEqual([]);
    const stored = await codebookOf(slug);

    const exported = await exportFile(slug);
    expect(model(parseCodebook(exported))).toEqual(model(parseCodebook(original)));

    const again = await importFile(slug, exported);
    expect(again.families.map((f) => [f.key, f.added, f.updated])).toEqual(first.families.map((f) => [f.key, 0, 0]));
    expect(again.sets).toEqual({ added: 0, updated: 0 });
    expect(await codebookOf(slug)).toEqual(stored);

    expect(await exportFile(slug)).toBe(exported);
  });
});

describe('what the codebook keeps and shows', () => {
  it('families keep their top-level code’s description and colour, shown with the codebook; the label stays Cairn’s', async () => {
    const book = await codebookOf('nvivo');
    const barrier = book.find((f) => f.key === 'barrier')!;
    expect([barrier.label, barrier.description, barrier.colour]).toEqual([
      'Barrier',
      'What got in the way of taking part, in participants’ own words.',
      '#D4351C',
    ]);
    // Standard families the file did not use are still there, empty, and are not exported.
    expect(book.find((f) => f.key === 'enabler')!.codes).toEqual([]);
    const exported = await exportFile('nvivo');
    expect(exported).not.toMatch(/name="Enabler"|<Sets>/);
    expect(exported).toContain('name="Barriers" isCodable="true" color="#D4351C"');
  });

  it('a codebook made in Cairn exports with no sets and no empty families', async () => {
    expect((await evaluator.post(`${w.base}/evaluations`, { slug: 'made-here', title: 'Made here' })).statusCode).toBe(201);
    const res = await evaluator.post(`${base('made-here')}/codebook/codes`, { family: 'mechanism', name: 'Trust' });
    expect(res.statusCode, res.body).toBe(201);
    const exported = parseCodebook(await exportFile('made-here'));
    expect(exported.codes.map((c) => [c.name, c.isCodable, c.children.map((k) => k.name)])).toEqual([['Mechanism', false, ['Trust']]]);
    expect(exported.sets).toEqual([]);
  });

  it('a set member merged away is left out of the next export; the set and the rest stay', async () => {
    const book = await codebookOf('maxqda');
    const enablers = book.find((f) => f.key === 'enabler')! as unknown as { codes: { id: string; name: string; children: unknown[] }[] };
    const staff = enablers.codes.find((c) => c.name === 'Staff')!;
    const other = enablers.codes.find((c) => c.name === 'Sonstiges')!;
    const merged = await evaluator.post(`${base('maxqda')}/codebook/codes/${staff.id}/merge`, { mergeCodeIds: [other.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    const sets = parseCodebook(await exportFile('maxqda')).sets;
    expect(sets.map((s) => [s.name, s.memberGuids.length])).toEqual([
      ["For the funder's report", 3],
      ['Ask again in wave 2', 0],
    ]);
  });

  it('the history names what the import kept: the family’s shape and the sets', async () => {
    const res = await evaluator.get(`${base('atlas')}/codebook/history`);
    expect(res.statusCode).toBe(200);
    const summaries = (res.json().data as { summary: string }[]).map((e) => e.summary);
    expect(summaries).toContain('Kept the set of codes Quoted in the annual report (2 codes) from a codebook import');
    expect(summaries).toContain(
      'The code family Barrier of Round trip atlas now goes into exported codebooks as in the file imported: its codes at the top of the file',
    );
  });
});
