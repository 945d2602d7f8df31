/**
 * Retrieval of everything coded with a code (sub-codes as a choice, withdrawn consent left out, group
 * and attribute filters, CSV and XLSX), respondent search, stable passage numbers, memos on codes,
 * passages and respondents, and a split that moves passages (and so their quotes) with the codings.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { auditEvents } from '../../audit/schema.js';
import { codings, evaluations, passages, quotes, respondents } from '../schema.js';

let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
const base = '/api/v1/programmes/retr/evaluations/talk';
const code: Record<string, string> = {};
const who: Record<string, string> = {};
let transcriptId = '';

const BODY =
  'R01: The larder felt like ours from the start. We trusted the volunteers.\n\nR02: I came for the food and stayed for the people.\n\nR03: It was somewhere to go on a Tuesday. Someone always asked how I was.';
const at = (words: string) => ({ start: BODY.indexOf(words), end: BODY.indexOf(words) + words.length });
const ok = async <T = Record<string, unknown>>(p: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
type Node = { id: string; name: string; children: Node[] };
const findCode = (nodes: Node[], name: string): Node | undefined => {
  for (const n of nodes) {
    if (n.name === name) return n;
    const below = findCode(n.children, name);
    if (below) return below;
  }
  return undefined;
};
const code_ = async (name: string, parentId?: string) => {
  const book = await ok<{ data: { key: string; codes: Node[] }[] }>(
    evaluator.post(`${base}/codebook/codes`, { family: 'context', name, ...(parentId ? { parentId } : {}) }),
    201,
  );
  code[name] = findCode(book.data.find((f) => f.key === 'context')!.codes, name)!.id;
};
const passage = async (respondent: string, codeName: string, words: string, quote?: string) =>
  (
    await ok<{ passageId: string }>(
      evaluator.post(`${base}/transcripts/${transcriptId}/passages`, {
        respondentId: who[respondent],
        codeId: code[codeName],
        ...at(words),
        ...(quote ? { quote: { attribution: quote } } : {}),
      }),
      201,
    )
  ).passageId;
type Retrieved = {
  passages: {
    total: number;
    items: { number: number; respondent: { ref: string }; code: { name: string }; transcript: { title: string } }[];
  };
  codings: { total: number; items: { respondent: { ref: string }; code: { name: string }; sources: string[] }[] };
  quotes: { total: number; items: { respondent: { ref: string }; text: string; passageNumber: number }[] };
  respondents: { total: number; byGroup: { group: string; respondents: number | null; suppressed: string | null }[] };
  withdrawnHidden: number;
  codes: { name: string }[];
};
const retrieve = async (codeName: string, query = '') =>
  (await ok<{ data: Retrieved }>(evaluator.get(`${base}/codebook/codes/${code[codeName]}/retrieval${query ? `?${query}` : ''}`))).data;
const refs = (items: { respondent: { ref: string } }[]) => items.map((i) => i.respondent.ref).sort();

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'retr');
  const e = await t.makeUser('evaluator@retr.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/retr`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@retr.test');
  await ok(evaluator.post('/api/v1/programmes/retr/evaluations', { slug: 'talk', title: 'Talking larders' }), 201);
  await code_('Trust');
  await code_('Trust in volunteers', code.Trust);
  await code_('Routine');
  // Respondents with groups and attributes, straight into the table (the vocabulary is not what is tested).
  const [evaluation] = await t.database.db.select().from(evaluations).where(eq(evaluations.slug, 'talk'));
  const rows = await t.database.db
    .insert(respondents)
    .values([
      {
        evaluationId: evaluation!.id,
        ref: 'R01',
        participantType: 'Partner',
        attributes: { area: 'North', age: '30-49' },
        consent: 'given',
      },
      { evaluationId: evaluation!.id, ref: 'R02', participantType: 'Member', attributes: { area: 'South' }, consent: 'given' },
      { evaluationId: evaluation!.id, ref: 'R03', participantType: 'Member', attributes: { area: 'North' }, consent: 'given' },
      { evaluationId: evaluation!.id, ref: 'Q17', participantType: 'Member', attributes: { area: 'Riverside' }, consent: 'given' },
    ])
    .returning();
  for (const r of rows) who[r.ref] = r.id;
  transcriptId = (
    await ok<{ data: { id: string } }>(
      evaluator.request('POST', `${base}/transcripts?filename=larder.txt`, BODY, { 'content-type': 'text/plain' }),
      201,
    )
  ).data.id;
});

describe('passage numbers', () => {
  it('are given once and kept: removing a passage shifts no other, and a new one takes a new number', async () => {
    const first = await passage('R01', 'Trust', 'The larder felt like ours from the start.');
    const second = await passage('R01', 'Routine', 'We trusted the volunteers.');
    await passage('R02', 'Trust in volunteers', 'stayed for the people');
    const numbers = async () =>
      Object.fromEntries(
        (await t.database.db.select().from(passages).where(eq(passages.transcriptId, transcriptId))).map((p) => [p.text, p.number]),
      );
    expect(await numbers()).toEqual({
      'The larder felt like ours from the start.': 1,
      'We trusted the volunteers.': 2,
      'stayed for the people': 3,
    });
    await ok(evaluator.delete(`${base}/transcripts/${transcriptId}/passages/${second}`));
    // Coded earlier in the text than passage 3, yet numbered 4: numbers do not follow positions.
    await passage('R01', 'Trust in volunteers', 'We trusted the volunteers.', 'A partner');
    expect(await numbers()).toEqual({
      'The larder felt like ours from the start.': 1,
      'stayed for the people': 3,
      'We trusted the volunteers.': 4,
    });
    const view = await ok<{ data: { passages: { id: string; number: number }[] } }>(evaluator.get(`${base}/transcripts/${transcriptId}`));
    expect(view.data.passages.find((p) => p.id === first)!.number).toBe(1);
    await passage('R03', 'Trust', 'Someone always asked how I was.');
  });
});

describe('a code’s retrieval', () => {
  it('lists the code’s passages, respondents and quotes; with sub-codes only when asked', async () => {
    await ok(evaluator.put(`${base}/respondents/${who.Q17}/codings`, { codeIds: [code.Trust] }));
    const alone = await retrieve('Trust');
    expect(alone.codes.map((c) => c.name)).toEqual(['Trust']);
    expect(refs(alone.passages.items)).toEqual(['R01', 'R03']);
    expect(alone.passages.items.every((p) => p.transcript.title === 'larder')).toBe(true);
    expect(refs(alone.codings.items)).toEqual(['Q17', 'R01', 'R03']);
    expect(alone.codings.items.find((c) => c.respondent.ref === 'Q17')!.sources).toEqual(['tick']);
    expect(alone.quotes.total).toBe(0);

    const all = await retrieve('Trust', 'subcodes=true');
    expect(all.codes.map((c) => c.name)).toEqual(['Trust', 'Trust in volunteers']);
    expect(all.passages.items.map((p) => `${p.respondent.ref} ${p.code.name} ${p.number}`).sort()).toEqual([
      'R01 Trust 1',
      'R01 Trust in volunteers 4',
      'R02 Trust in volunteers 3',
      'R03 Trust 5',
    ]);
    expect(all.quotes.items).toMatchObject([{ respondent: { ref: 'R01' }, text: 'We trusted the volunteers.', passageNumber: 4 }]);
    expect(all.respondents.total).toBe(4);
  });

  it('filters by group and by attribute, and pages', async () => {
    expect(refs((await retrieve('Trust', 'subcodes=true&participantType=member')).passages.items)).toEqual(['R02', 'R03']);
    expect(refs((await retrieve('Trust', 'subcodes=true&attributeKey=area&attributeValue=north')).passages.items)).toEqual([
      'R01',
      'R01',
      'R03',
    ]);
    expect(refs((await retrieve('Trust', 'subcodes=true&attributeKey=age')).codings.items)).toEqual(['R01', 'R01']);
    const page2 = await retrieve('Trust', 'subcodes=true&pageSize=3&page=2');
    expect(page2.passages.total).toBe(4);
    expect(page2.passages.items).toHaveLength(1);
  });

  it('follows the evaluation’s disclosure threshold in its figures by group', async () => {
    const groups = (await retrieve('Trust', 'subcodes=true')).respondents.byGroup;
    // One Partner (under 5: suppressed), three Members (under 5 too): both hidden.
    expect(groups).toEqual([
      { group: 'Member', respondents: null, suppressed: 'small group' },
      { group: 'Partner', respondents: null, suppressed: 'small group' },
    ]);
    // Under 2, Partner alone is hidden; with the total shown, Member would give it back by subtraction, so it goes too.
    await ok(evaluator.patch(`${base}`, { disclosureThreshold: 2 }));
    expect((await retrieve('Trust', 'subcodes=true')).respondents.byGroup).toEqual([
      { group: 'Member', respondents: null, suppressed: 'secondary' },
      { group: 'Partner', respondents: null, suppressed: 'small group' },
    ]);
    await ok(evaluator.patch(`${base}`, { disclosureThreshold: 1 }));
    expect((await retrieve('Trust', 'subcodes=true')).respondents.byGroup).toEqual([
      { group: 'Member', respondents: 3, suppressed: null },
      { group: 'Partner', respondents: 1, suppressed: null },
    ]);
  });

  it('exports the same rows as CSV and XLSX', async () => {
    const csv = await evaluator.get(`${base}/codebook/codes/${code.Trust}/retrieval.csv?subcodes=true`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="retr-trust-coded.csv"');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('kind,transcript,passage,respondent,participant_type,code,text,how_coded,attribution,publishable,memo');
    expect(lines.filter((l) => l.startsWith('passage,'))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('quote,'))).toEqual([
      'quote,larder,4,R01,Partner,Trust in volunteers,We trusted the volunteers.,,A partner,no,',
    ]);
    expect(lines).toContain('respondent coded,,,Q17,Member,Trust,,ticked,,,');
    const xlsx = await evaluator.get(`${base}/codebook/codes/${code.Trust}/retrieval.xlsx?subcodes=true`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('leaves out a respondent who withdrew consent, everywhere, and says how many', async () => {
    await ok(evaluator.post(`${base}/respondents/${who.R03}/consent`, { status: 'withdrawn', on: '2024-04-01' }));
    const r = await retrieve('Trust', 'subcodes=true');
    expect(refs(r.passages.items)).not.toContain('R03');
    expect(refs(r.codings.items)).not.toContain('R03');
    expect(r.withdrawnHidden).toBe(1);
    expect(r.respondents.total).toBe(3);
    const csv = await evaluator.get(`${base}/codebook/codes/${code.Trust}/retrieval.csv?subcodes=true`);
    expect(csv.body).not.toContain('R03');
    expect(csv.body).not.toContain('Someone always asked');
    const search = await ok<{ data: { ref: string }[]; withdrawnHidden: number }>(evaluator.get(`${base}/respondent-search?q=R0`));
    expect(search.data.map((s) => s.ref)).toEqual(['R01', 'R02']);
    expect(search.withdrawnHidden).toBe(1);
  });

  it('is for evaluators and managers only; a code of another evaluation is not found', async () => {
    expect((await w.viewer.get(`${base}/codebook/codes/${code.Trust}/retrieval`)).statusCode).toBe(403);
    expect((await w.manager.get(`${base}/codebook/codes/${code.Trust}/retrieval`)).statusCode).toBe(200);
    expect((await evaluator.get(`${base}/codebook/codes/00000000-0000-4000-8000-000000000000/retrieval`)).statusCode).toBe(404);
    const bad = await evaluator.get(`${base}/codebook/codes/${code.Trust}/retrieval?subcodes=maybe`);
    expect(bad.statusCode).toBe(422);
  });
});

describe('respondent search', () => {
  it('finds respondents by reference, group or attribute, best match first', async () => {
    const find = async (q: string) =>
      (await ok<{ data: { ref: string }[] }>(evaluator.get(`${base}/respondent-search?${q}`))).data.map((r) => r.ref);
    expect(await find('q=q17')).toEqual(['Q17']);
    expect(await find('q=riverside')).toEqual(['Q17']);
    expect(await find('q=partner')).toEqual(['R01']);
    expect(await find('participantType=Member')).toEqual(['Q17', 'R02']);
    expect(await find('attributeKey=area&attributeValue=north')).toEqual(['R01']);
    expect(await find('q=%25')).toEqual([]);
    const facets = await ok<{ participantTypes: string[]; attributeKeys: string[] }>(evaluator.get(`${base}/respondent-search?limit=1`));
    expect(facets).toMatchObject({ participantTypes: ['Member', 'Partner'], attributeKeys: ['age', 'area'] });
  });
});

describe('memos', () => {
  it('on a code, a passage and a respondent: written, shown, changed, cleared, each audited', async () => {
    const codeMemo = `${base}/codebook/codes/${code.Trust}/memo`;
    expect((await ok<{ data: null }>(evaluator.get(codeMemo))).data).toBeNull();
    expect((await ok<{ data: { text: string } }>(evaluator.put(codeMemo, { text: '  Trust in people, not places.  ' }))).data.text).toBe(
      'Trust in people, not places.',
    );
    expect((await retrieve('Trust')) as unknown).toMatchObject({ memo: { text: 'Trust in people, not places.' } });
    await ok(evaluator.put(codeMemo, { text: 'Trust in people and in the place.' }));

    const view = await ok<{ data: { passages: { id: string; number: number; memo: string | null }[] } }>(
      evaluator.get(`${base}/transcripts/${transcriptId}`),
    );
    const p1 = view.data.passages.find((p) => p.number === 1)!;
    await ok(evaluator.put(`${base}/transcripts/${transcriptId}/passages/${p1.id}/memo`, { text: 'Ownership, early on.' }));
    const again = await ok<{ data: { passages: { id: string; memo: string | null }[] } }>(
      evaluator.get(`${base}/transcripts/${transcriptId}`),
    );
    expect(again.data.passages.find((p) => p.id === p1.id)!.memo).toBe('Ownership, early on.');

    await ok(evaluator.put(`${base}/respondents/${who.R01}/memo`, { text: 'Spoke for the committee.' }));
    expect((await ok<{ data: { text: string } }>(evaluator.get(`${base}/respondents/${who.R01}/memo`))).data.text).toBe(
      'Spoke for the committee.',
    );
    expect((await ok<{ data: null }>(evaluator.put(`${base}/respondents/${who.R01}/memo`, { text: '' }))).data).toBeNull();
    expect((await ok<{ data: null }>(evaluator.get(`${base}/respondents/${who.R01}/memo`))).data).toBeNull();

    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'evaluation_memo'));
    expect(audit.map((a) => [a.action, a.summary])).toEqual([
      ['create', 'Wrote the memo on the code Trust'],
      ['update', 'Changed the memo on the code Trust'],
      ['create', 'Wrote the memo on passage 1 of larder (R01)'],
      ['create', 'Wrote the memo on R01'],
      ['delete', 'Cleared the memo on R01'],
    ]);
    expect(audit[1]!.changes).toEqual({ text: ['Trust in people, not places.', 'Trust in people and in the place.'] });
  });

  it('refuses a memo on a withdrawn respondent and anyone but evaluators and managers', async () => {
    const res = await evaluator.put(`${base}/respondents/${who.R03}/memo`, { text: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ path: ['text'] });
    expect((await w.viewer.put(`${base}/codebook/codes/${code.Trust}/memo`, { text: 'x' })).statusCode).toBe(403);
    expect((await w.viewer.get(`${base}/codebook/codes/${code.Trust}/memo`)).statusCode).toBe(403);
  });
});

describe('splitting a code with its passages', () => {
  it('moves everything coded with it to a new code: codings, passages and the quotes saved from them', async () => {
    const trustIn = code['Trust in volunteers']!;
    const before = await retrieve('Trust in volunteers');
    expect(before.passages.total).toBe(2);
    const res = await ok<{ data: { created: { id: string }[]; passagesMoved: number; codingsRemoved: number } }>(
      evaluator.post(`${base}/codebook/codes/${trustIn}/split`, { codes: [{ name: 'Trust in staff' }], moveAllTo: 0 }),
      201,
    );
    expect(res.data.passagesMoved).toBe(2);
    const moved = res.data.created[0]!.id;
    code['Trust in staff'] = moved;
    expect((await retrieve('Trust in volunteers')).passages.total).toBe(0);
    expect((await retrieve('Trust in volunteers')).codings.total).toBe(0);
    const after = await retrieve('Trust in staff');
    expect(refs(after.passages.items)).toEqual(['R01', 'R02']);
    expect(after.quotes.items.map((q) => q.text)).toEqual(['We trusted the volunteers.']);
    const left = await t.database.db.select().from(codings).where(eq(codings.codeId, trustIn));
    expect(left).toEqual([]);
    const [q] = await t.database.db.select().from(quotes);
    const [p] = await t.database.db.select().from(passages).where(eq(passages.id, q!.passageId!));
    expect(p!.codeId).toBe(moved);
  });

  it('moves one respondent’s passages when asked, keeping a tick on the original', async () => {
    await ok(evaluator.put(`${base}/respondents/${who.R01}/codings`, { codeIds: [code.Trust] }));
    const res = await ok<{ data: { created: { id: string }[]; passagesMoved: number } }>(
      evaluator.post(`${base}/codebook/codes/${code.Trust}/split`, {
        codes: [{ name: 'Ownership' }],
        moves: [{ respondentId: who.R01, to: [0], keep: true, passagesTo: 0 }],
      }),
      201,
    );
    expect(res.data.passagesMoved).toBe(1);
    const ownership = res.data.created[0]!.id;
    const [moved] = await t.database.db
      .select()
      .from(passages)
      .where(and(eq(passages.codeId, ownership), eq(passages.respondentId, who.R01!)));
    expect(moved!.number).toBe(1);
    // The tick stays on Trust (a tick is not a passage's to take).
    const trust = await t.database.db
      .select()
      .from(codings)
      .where(and(eq(codings.codeId, code.Trust!), eq(codings.respondentId, who.R01!)));
    expect(trust.map((c) => c.source)).toEqual(['tick']);
    const bad = await evaluator.post(`${base}/codebook/codes/${code.Trust}/split`, {
      codes: [{ name: 'Elsewhere' }],
      moves: [{ respondentId: who.Q17, to: [], keep: true, passagesTo: 0 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ path: ['moves', 0, 'passagesTo'] });
  });
});
