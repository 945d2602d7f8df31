import { readFileSync } from 'node:fs';
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { auditEvents } from '../../audit/schema.js';
import { codeFamilies, codes, codings } from '../schema.js';

let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
let otherEvaluator: Client;

const fixture = (name: string) => readFileSync(new URL(`../domain/qdc-fixtures/${name}`, import.meta.url));
const XML = { 'content-type': 'application/xml' };

interface Node {
  id: string;
  name: string;
  children: Node[];
}
interface Family {
  key: string;
  codes: Node[];
}

const evaluationBase = (slug: string) => `${w.base}/evaluations/${slug}`;

async function codebookOf(slug: string): Promise<Family[]> {
  const res = await evaluator.get(`${evaluationBase(slug)}/codebook`);
  expect(res.statusCode).toBe(200);
  return res.json().data;
}
const find = (families: Family[], name: string): Node | undefined => {
  const walk = (list: Node[]): Node | undefined => {
    for (const n of list) {
      if (n.name === name) return n;
      const hit = walk(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const f of families) {
    const hit = walk(f.codes);
    if (hit) return hit;
  }
  return undefined;
};

async function newEvaluation(slug: string) {
  expect((await evaluator.post(`${w.base}/evaluations`, { slug, title: `Evaluation ${slug}` })).statusCode).toBe(201);
}
async function addCode(slug: string, name: string, family = 'mechanism', parentId?: string) {
  const res = await evaluator.post(`${evaluationBase(slug)}/codebook/codes`, { family, name, ...(parentId ? { parentId } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return find(res.json().data, name)!.id;
}
async function addRespondent(slug: string, ref: string, codeIds: string[]) {
  const res = await evaluator.post(`${evaluationBase(slug)}/respondents`, { ref, consent: { status: 'given' } });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().data.id as string;
  expect((await evaluator.put(`${evaluationBase(slug)}/respondents/${id}/codings`, { codeIds })).statusCode).toBe(200);
  return id;
}
/** Each respondent's codes by name, with the coder (tick or import) they came from. */
async function codingsOf(slug: string, respondentId: string) {
  const res = await evaluator.get(`${evaluationBase(slug)}/respondents/${respondentId}`);
  return (res.json().data.codings as { name: string; coderId: string | null }[])
    .map((c) => `${c.name}${c.coderId ? '' : ' (import)'}`)
    .sort();
}
const tally = async () => {
  const db = t.database.db;
  return Promise.all(
    [codes, codings, codeFamilies, auditEvents].map(async (table) => Number((await db.select({ n: count() }).from(table))[0]!.n)),
  );
};

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'codebook');
  const e = await t.makeUser('evaluator@codebook.test');
  const o = await t.makeUser('evaluator@codebook-elsewhere.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/codebook`, { role: 'evaluator' })).statusCode).toBe(200);
  expect((await w.admin.put(`/api/v1/users/${o.id}/programme-roles/codebook-other`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@codebook.test');
  otherEvaluator = await t.as('evaluator@codebook-elsewhere.test');
});

describe('splitting a code', () => {
  let support: string;
  let r1: string;
  let r2: string;
  let r3: string;

  beforeAll(async () => {
    await newEvaluation('split');
    support = await addCode('split', 'Support');
    await addCode('split', 'Trust');
    r1 = await addRespondent('split', 'R1', [support]);
    r2 = await addRespondent('split', 'R2', [support]);
    r3 = await addRespondent('split', 'R3', [support]);
    // An imported coding (no coder) too: a split moves every coder's coding, not only the caller's.
    await t.database.db.insert(codings).values({ respondentId: r1, codeId: support, source: 'import' });
  });

  it('refuses a split that would lose a respondent’s coding, or reuse a name, and changes nothing', async () => {
    const before = await tally();
    const lose = await evaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, {
      codes: [{ name: 'Practical support' }],
      moves: [{ respondentId: r3, to: [], keep: false }],
    });
    expect(lose.statusCode).toBe(422);
    expect(lose.json().errors).toEqual([
      { path: ['moves', 0, 'to'], message: 'R3 would lose their coding: keep it on Support or give them a new code' },
    ]);

    const clash = await evaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, { codes: [{ name: 'trust' }] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].path).toEqual(['codes', 0, 'name']);

    const stranger = await evaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, {
      codes: [{ name: 'Practical support' }],
      moves: [{ respondentId: w.partnershipA, to: [0], keep: false }],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().errors[0].message).toBe('That respondent has no coding of Support');
    expect(await tally()).toEqual(before);
  });

  it('moves the chosen respondents’ codings to the new codes, keeps the rest on the original, and audits each move', async () => {
    const res = await evaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, {
      codes: [{ name: 'Practical support', description: 'Help with forms, lifts, food' }, { name: 'Emotional support' }],
      moves: [
        { respondentId: r1, to: [0], keep: false },
        { respondentId: r2, to: [0, 1], keep: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ codingsAdded: 4, codingsRemoved: 2 });

    // R1's tick and import both went to Practical support; R2 has all three; R3, not named, keeps Support.
    expect(await codingsOf('split', r1)).toEqual(['Practical support', 'Practical support (import)']);
    expect(await codingsOf('split', r2)).toEqual(['Emotional support', 'Practical support', 'Support']);
    expect(await codingsOf('split', r3)).toEqual(['Support']);

    // The new codes sit beside the original, which stays.
    const book = await codebookOf('split');
    const mechanism = book.find((f) => f.key === 'mechanism')!;
    expect(mechanism.codes.map((c) => c.name).sort()).toEqual(['Emotional support', 'Practical support', 'Support', 'Trust']);

    const history = await evaluator.get(`${evaluationBase('split')}/codebook/history?codeId=${support}`);
    expect(history.statusCode).toBe(200);
    const split = history.json().data.find((e: { action: string }) => e.action === 'split');
    expect(split.summary).toBe(
      'Split the code Support into Practical support, Emotional support: 2 respondents given new codes (4 codings added, 2 taken off Support)',
    );
    expect(split.changes.moves[1]).toEqual([
      { respondent: 'R1', to: ['Practical support'], kept: false },
      { respondent: 'R2', to: ['Practical support', 'Emotional support'], kept: true },
    ]);
  });

  it('puts the new codes under the original when asked', async () => {
    const res = await evaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, {
      codes: [{ name: 'Peer support' }],
      place: 'under',
    });
    expect(res.statusCode, res.body).toBe(201);
    const node = find(await codebookOf('split'), 'Support')!;
    expect(node.children.map((c) => c.name)).toEqual(['Peer support']);
  });

  it('shows a code’s use and the codebook’s history to evaluators only; another programme’s evaluator gets 404', async () => {
    const use = await evaluator.get(`${evaluationBase('split')}/codebook/codes/${support}/codings`);
    expect(use.statusCode).toBe(200);
    expect(use.json().data).toMatchObject({ codings: 2, respondentCount: 2, respondents: [{ ref: 'R2' }, { ref: 'R3' }] });
    for (const url of [`${evaluationBase('split')}/codebook/codes/${support}/codings`, `${evaluationBase('split')}/codebook/history`]) {
      expect((await w.viewer.get(url)).statusCode).toBe(403);
      expect((await w.memberA.get(url)).statusCode).toBe(403);
      expect((await otherEvaluator.get(url)).statusCode).toBe(404);
    }
    expect((await w.viewer.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, { codes: [{ name: 'X' }] })).statusCode).toBe(
      403,
    );
    expect(
      (await otherEvaluator.post(`${evaluationBase('split')}/codebook/codes/${support}/split`, { codes: [{ name: 'X' }] })).statusCode,
    ).toBe(404);
  });
});

describe('the codebook’s history', () => {
  it('follows a code through a merge: what happened to the merged code stays in the kept code’s history', async () => {
    await newEvaluation('history');
    const trust = await addCode('history', 'Trust');
    const belonging = await addCode('history', 'Belonging');
    expect(
      (await evaluator.patch(`${evaluationBase('history')}/codebook/codes/${belonging}`, { name: 'Belonging / connectedness' })).statusCode,
    ).toBe(200);
    expect(
      (await evaluator.post(`${evaluationBase('history')}/codebook/codes/${trust}/merge`, { mergeCodeIds: [belonging] })).statusCode,
    ).toBe(200);

    const one = await evaluator.get(`${evaluationBase('history')}/codebook/history?codeId=${trust}`);
    expect(one.json().data.map((e: { summary: string }) => e.summary)).toEqual([
      'Merged Belonging / connectedness into Trust (0 codings moved)',
      'Merged the code Belonging / connectedness into Trust',
      'Renamed the code Belonging to Belonging / connectedness',
      'Added the code Belonging (Mechanism)',
      'Added the code Trust (Mechanism)',
    ]);
    // The whole codebook's history also says when the evaluation began; nothing of another evaluation.
    const all = (await evaluator.get(`${evaluationBase('history')}/codebook/history`)).json().data as { summary: string }[];
    expect(all.at(-1)!.summary).toBe('Started the evaluation Evaluation history');
    expect(all.some((e) => e.summary.includes('Support'))).toBe(false);
    // Pages: the next page starts below the last id shown.
    const page = (await evaluator.get(`${evaluationBase('history')}/codebook/history?limit=2`)).json();
    expect(page.data).toHaveLength(2);
    const next = (await evaluator.get(`${evaluationBase('history')}/codebook/history?limit=2&before=${page.nextBefore}`)).json();
    expect(next.data[0].id).toBeLessThan(page.nextBefore);
  });
});

describe('the codebook as a REFI-QDA file', () => {
  beforeAll(async () => newEvaluation('qdc'));

  it('previews an import without changing anything, then imports it', async () => {
    const before = await tally();
    const preview = await evaluator.request('POST', `${evaluationBase('qdc')}/codebook/import/preview`, fixture('qualcoder.qdc'), XML);
    expect(preview.statusCode, preview.body).toBe(200);
    const byKey = Object.fromEntries((preview.json().data.families as { key: string; added: number }[]).map((f) => [f.key, f.added]));
    expect(byKey).toEqual({ context: 4, mechanism: 2, short_term_outcome: 1 });
    expect(await tally()).toEqual(before);

    const done = await evaluator.request('POST', `${evaluationBase('qdc')}/codebook/import`, fixture('qualcoder.qdc'), XML);
    expect(done.statusCode, done.body).toBe(201);
    const book = await codebookOf('qdc');
    expect(find(book, 'Local assets')!.children.map((c) => c.name)).toEqual(['Community hub open every day', 'Green space & allotments']);
  });

  it('exports, re-imports and exports again to the same bytes', async () => {
    const first = await evaluator.get(`${evaluationBase('qdc')}/codebook.qdc`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/xml/);
    expect(first.headers['content-disposition']).toBe('attachment; filename="codebook-qdc-codebook.qdc"');
    const again = await evaluator.request('POST', `${evaluationBase('qdc')}/codebook/import`, first.body, XML);
    expect(again.statusCode, again.body).toBe(201);
    // Nothing new and nothing changed: every code was recognised by its guid.
    expect((again.json().data.families as { added: number; updated: number }[]).every((f) => f.added === 0 && f.updated === 0)).toBe(true);
    const second = await evaluator.get(`${evaluationBase('qdc')}/codebook.qdc`);
    expect(second.body).toBe(first.body);

    const csv = await w.viewer.get(`${evaluationBase('qdc')}/codebook.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split(/\r?\n/)[0]).toBe('family,code,parent,description,color,guid');
  });

  it('answers a truncated file with what is wrong and changes nothing', async () => {
    const before = await tally();
    for (const path of ['import/preview', 'import']) {
      const res = await evaluator.request('POST', `${evaluationBase('qdc')}/codebook/${path}`, fixture('truncated.qdc'), XML);
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe(
        'This codebook file cannot be imported: File (line 22): The file stops before the codebook ends: it looks cut short. Export the codebook again from your QDA program and import the new file.',
      );
    }
    const empty = await evaluator.request('POST', `${evaluationBase('qdc')}/codebook/import`, '', XML);
    expect(empty.statusCode).toBe(422);
    expect(await tally()).toEqual(before);
  });

  it('lets the programme’s team download, evaluators and managers import; another programme sees nothing', async () => {
    expect((await w.viewer.get(`${evaluationBase('qdc')}/codebook.qdc`)).statusCode).toBe(200);
    const before = await tally();
    expect((await w.viewer.request('POST', `${evaluationBase('qdc')}/codebook/import`, fixture('atlasti.qdc'), XML)).statusCode).toBe(403);
    expect((await w.memberA.request('POST', `${evaluationBase('qdc')}/codebook/import`, fixture('atlasti.qdc'), XML)).statusCode).toBe(403);
    expect((await w.memberA.get(`${evaluationBase('qdc')}/codebook.qdc`)).statusCode).toBe(403);
    const other = await otherEvaluator.get(`${evaluationBase('qdc')}/codebook.qdc`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Contexts');
    expect((await otherEvaluator.request('POST', `${evaluationBase('qdc')}/codebook/import`, fixture('atlasti.qdc'), XML)).statusCode).toBe(
      404,
    );
    // A missing evaluation is not created by the web import (the CLI's import does that).
    expect(
      (await evaluator.request('POST', `${evaluationBase('no-such-evaluation')}/codebook/import`, fixture('atlasti.qdc'), XML)).statusCode,
    ).toBe(404);
    expect(await tally()).toEqual(before);
  });
});
