import { count, eq } from 'drizzle-orm';
import { Document, Packer, Paragraph } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../../../test/support/http.js';
import { type RegistryWorld, registryWorld } from '../../../../test/support/registry-world.js';
import { auditEvents } from '../../audit/schema.js';
import { codes, codings, passages, quotes, transcripts } from '../schema.js';

let t: TestContext;
let w: RegistryWorld;
let evaluator: Client;
let otherEvaluator: Client;
let evaluatorId: string;
const base = '/api/v1/programmes/evid/evaluations/talk';
const codeIds: Record<string, string> = {};
const people: Record<string, string> = {};

const BODY = 'Interviewer: How did the larder start?\n\nR01: We met on Tuesdays. It felt like ours.\n\nR02: I was lonely before.';
const at = (words: string) => ({ start: BODY.indexOf(words), end: BODY.indexOf(words) + words.length });
const wordFile = (...paragraphs: string[]) =>
  Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const upload = (client: Client, body: string | Buffer, query: string, type = 'text/plain') =>
  client.request('POST', `${base}/transcripts?${query}`, body, { 'content-type': type });

/** Respondents counted as identifying Trust in the cross-tab (consent given, every source). */
const trustCount = async () => {
  // A handful of respondents, under the threshold: the evaluator's override shows their count.
  const res = await evaluator.get(`${base}/crosstab?family=context&includeSmallGroups=true`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().rows as { code: string; nCode: number }[]).find((r) => r.code === 'Trust')!.nCode;
};
const codingRows = async (respondent: string, code = 'Trust') =>
  (await t.database.db.select().from(codings).where(eq(codings.respondentId, people[respondent]!)))
    .filter((c) => c.codeId === codeIds[code])
    .map((c) => c.source);
const tally = async () => {
  const db = t.database.db;
  return Promise.all(
    [transcripts, passages, quotes, codings, auditEvents].map(async (table) => Number((await db.select({ n: count() }).from(table))[0]!.n)),
  );
};

beforeAll(async () => {
  t = await startTestApp();
  w = await registryWorld(t, 'evid');
  const e = await t.makeUser('evaluator@evid.test');
  evaluatorId = e.id;
  const o = await t.makeUser('evaluator@evid-elsewhere.test');
  expect((await w.admin.put(`/api/v1/users/${e.id}/programme-roles/evid`, { role: 'evaluator' })).statusCode).toBe(200);
  expect((await w.admin.put(`/api/v1/users/${o.id}/programme-roles/evid-other`, { role: 'evaluator' })).statusCode).toBe(200);
  evaluator = await t.as('evaluator@evid.test');
  otherEvaluator = await t.as('evaluator@evid-elsewhere.test');
  expect((await evaluator.post('/api/v1/programmes/evid/evaluations', { slug: 'talk', title: 'Talking larders' })).statusCode).toBe(201);
  expect((await otherEvaluator.post('/api/v1/programmes/evid-other/evaluations', { slug: 'talk', title: 'Elsewhere' })).statusCode).toBe(
    201,
  );
  for (const name of ['Trust', 'Isolation']) {
    const res = await evaluator.post(`${base}/codebook/codes`, { family: 'context', name });
    expect(res.statusCode, res.body).toBe(201);
  }
  const book = (await evaluator.get(`${base}/codebook`)).json().data as { key: string; codes: { id: string; name: string }[] }[];
  for (const c of book.find((f) => f.key === 'context')!.codes) codeIds[c.name] = c.id;
  for (const ref of ['R01', 'R02', 'R03']) {
    const res = await evaluator.post(`${base}/respondents`, { ref, consent: { status: 'given', on: '2024-03-01' } });
    expect(res.statusCode, res.body).toBe(201);
    people[ref] = res.json().data.id;
  }
});

describe('transcripts', () => {
  it('stores the text of a plain-text upload, naming the respondents who took part', async () => {
    const res = await upload(evaluator, BODY, `filename=larder-interview.txt&heldOn=2024-03-05&respondentIds=${people.R01},${people.R02}`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({
      title: 'larder interview',
      heldOn: '2024-03-05',
      format: 'text',
      body: BODY,
      characters: BODY.length,
      passages: [],
    });
    expect(res.json().data.respondents.map((r: { ref: string }) => r.ref)).toEqual(['R01', 'R02']);
  });

  it('stores the text of a Word document', async () => {
    const res = await upload(
      evaluator,
      await wordFile('Workshop notes', 'R03: The hub is ours now.'),
      'filename=workshop.docx&title=Hub%20workshop',
      DOCX,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ title: 'Hub workshop', format: 'docx', body: 'Workshop notes\n\nR03: The hub is ours now.' });
    const list = (await evaluator.get(`${base}/transcripts`)).json().data.map((x: { title: string }) => x.title);
    expect(list).toEqual(['Hub workshop', 'larder interview']);
  });

  it('refuses a picture renamed .docx, a truncated .docx, an empty file and one too large, with one sentence each, changing nothing', async () => {
    const before = await tally();
    const whole = await wordFile('Interviewer: How did it start?');
    const png = Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001', 'hex');
    const cases: [Buffer | string, string, RegExp][] = [
      [
        png,
        'photo.docx',
        /^This file is a picture \(PNG\), not a transcript: upload the transcript as a Word document \(\.docx\) or plain text\.$/,
      ],
      [whole.subarray(0, 300), 'cut.docx', /^Cairn cannot read this Word document: it may be damaged, cut short or not a \.docx file\./],
      ['', 'empty.txt', /^The file is empty/],
      ['  \n\n ', 'blank.txt', /^The file has no text in it/],
      [Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 'huge.txt', /^The file is larger than 5 MB/],
      [Buffer.alloc(12 * 1024 * 1024, 0x61), 'huger.txt', /^The file is larger than 5 MB/],
    ];
    for (const [bytes, name, message] of cases) {
      const res = await upload(evaluator, bytes, `filename=${name}`, name.endsWith('.docx') ? DOCX : 'text/plain');
      expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
      expect(res.json().detail).toMatch(message);
      expect(res.json().errors[0].path).toEqual(['file']);
    }
    const unknown = await upload(evaluator, BODY, `respondentIds=${people.R01},00000000-0000-4000-8000-000000000000`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ path: ['respondentIds', 1], message: 'That respondent is not in this evaluation' }]);
    expect(await tally()).toEqual(before);
  });
});

describe('passage coding', () => {
  let transcriptId: string;
  beforeAll(async () => {
    transcriptId = (await evaluator.get(`${base}/transcripts`))
      .json()
      .data.find((x: { title: string }) => x.title === 'larder interview').id;
  });
  const code = (body: Record<string, unknown>) => evaluator.post(`${base}/transcripts/${transcriptId}/passages`, body);

  it('codes a passage for a respondent, who then counts as identifying the code; the last passage removed takes the coding with it', async () => {
    expect(await trustCount()).toBe(0);
    const first = await code({ respondentId: people.R01, codeId: codeIds.Trust, ...at('It felt like ours.') });
    expect(first.statusCode, first.body).toBe(201);
    const p1 = first.json().data.passages[0];
    expect(p1).toMatchObject({
      respondent: { ref: 'R01' },
      code: { name: 'Trust', family: 'context' },
      text: 'It felt like ours.',
      coderId: evaluatorId,
    });
    expect(await codingRows('R01')).toEqual(['passage']);
    expect(await trustCount()).toBe(1);

    // A mouse selection with spaces at the ends is tightened to the words.
    const wide = at('We met on Tuesdays.');
    const second = await code({ respondentId: people.R01, codeId: codeIds.Trust, start: wide.start - 1, end: wide.end + 1 });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().data.passages.map((p: { text: string }) => p.text)).toEqual(['We met on Tuesdays.', 'It felt like ours.']);
    expect(await codingRows('R01')).toEqual(['passage']);
    expect((await code({ respondentId: people.R01, codeId: codeIds.Trust, ...at('It felt like ours.') })).statusCode).toBe(409);

    const afterFirst = await evaluator.delete(`${base}/transcripts/${transcriptId}/passages/${p1.id}`);
    expect(afterFirst.statusCode, afterFirst.body).toBe(200);
    expect(await codingRows('R01')).toEqual(['passage']);
    const p2 = afterFirst.json().data.passages[0].id;
    expect((await evaluator.delete(`${base}/transcripts/${transcriptId}/passages/${p2}`)).statusCode).toBe(200);
    expect(await codingRows('R01')).toEqual([]);
    expect(await trustCount()).toBe(0);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'evaluation_passage'))
      .orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'delete', 'delete']);
    expect(audit[3]!.summary).toContain('R01 no longer counts as identifying Trust');
  });

  it('keeps a ticked code when its passage goes, and keeps a passage’s coding when the tick goes', async () => {
    // Ticked first: the passage adds nothing, and removing it leaves the tick.
    expect((await evaluator.put(`${base}/respondents/${people.R02}/codings`, { codeIds: [codeIds.Isolation] })).statusCode).toBe(200);
    const coded = await code({ respondentId: people.R02, codeId: codeIds.Isolation, ...at('I was lonely before.') });
    expect(coded.statusCode, coded.body).toBe(201);
    expect(await codingRows('R02', 'Isolation')).toEqual(['tick']);
    // Un-ticking while the passage stands keeps the coding, now standing on the passage alone.
    expect((await evaluator.put(`${base}/respondents/${people.R02}/codings`, { codeIds: [] })).statusCode).toBe(200);
    expect(await codingRows('R02', 'Isolation')).toEqual(['passage']);
    // Ticking again makes it a tick, which outlives the passage.
    expect((await evaluator.put(`${base}/respondents/${people.R02}/codings`, { codeIds: [codeIds.Isolation] })).statusCode).toBe(200);
    const passageId = coded.json().passageId;
    expect((await evaluator.delete(`${base}/transcripts/${transcriptId}/passages/${passageId}`)).statusCode).toBe(200);
    expect(await codingRows('R02', 'Isolation')).toEqual(['tick']);
  });

  it('refuses a passage outside the text, a code or respondent of another evaluation, and changes nothing', async () => {
    expect(
      (await otherEvaluator.post('/api/v1/programmes/evid-other/evaluations/talk/codebook/codes', { family: 'context', name: 'Foreign' }))
        .statusCode,
    ).toBe(201);
    const before = await tally();
    const past = await code({ respondentId: people.R01, codeId: codeIds.Trust, start: BODY.length - 2, end: BODY.length + 5 });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors).toEqual([{ path: ['start'], message: 'The passage runs past the end of the transcript' }]);
    const blank = await code({
      respondentId: people.R01,
      codeId: codeIds.Trust,
      start: BODY.indexOf('\n\n'),
      end: BODY.indexOf('\n\n') + 2,
    });
    expect(blank.json().errors[0].message).toMatch(/no words/);
    const [foreign] = await t.database.db.select().from(codes).where(eq(codes.name, 'Foreign'));
    const wrongCode = await code({ respondentId: people.R01, codeId: foreign!.id, ...at('It felt') });
    expect(wrongCode.json().errors).toEqual([{ path: ['codeId'], message: 'That code is not in this evaluation' }]);
    const noSuchCode = await code({ respondentId: people.R01, codeId: '00000000-0000-4000-8000-000000000000', ...at('It felt') });
    expect(noSuchCode.json().errors).toEqual([{ path: ['codeId'], message: 'That code is not in this evaluation' }]);
    const noSuchPerson = await code({ respondentId: '00000000-0000-4000-8000-000000000000', codeId: codeIds.Trust, ...at('It felt') });
    expect(noSuchPerson.json().errors).toEqual([{ path: ['respondentId'], message: 'That respondent is not in this evaluation' }]);
    expect(await tally()).toEqual(before);
  });

  it('saves a passage as a quote, not publishable unless said; ?publishable=true lists only those that may be', async () => {
    const res = await code({
      respondentId: people.R01,
      codeId: codeIds.Trust,
      ...at('It felt like ours.'),
      quote: { attribution: 'A partner' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const passage = res.json().data.passages.find((p: { id: string }) => p.id === res.json().passageId);
    expect(passage.quoteId).toBeTruthy();
    const all = (await evaluator.get(`${base}/quotes`)).json();
    expect(all.data).toEqual([
      expect.objectContaining({
        text: 'It felt like ours.',
        attribution: 'A partner',
        publishable: false,
        passageId: passage.id,
        transcriptId,
        respondent: expect.objectContaining({ ref: 'R01' }),
      }),
    ]);
    expect((await evaluator.get(`${base}/quotes?publishable=true`)).json().data).toEqual([]);
    const changed = await evaluator.patch(`${base}/quotes/${passage.quoteId}`, { publishable: true, attribution: 'A beneficiary' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await evaluator.get(`${base}/quotes?publishable=true`)).json().data.map((q: { attribution: string }) => q.attribution)).toEqual(
      ['A beneficiary'],
    );
    expect((await evaluator.get(`${base}/quotes`)).json().attributions).toEqual(['A beneficiary']);
  });
});

describe('quotes', () => {
  it('adds, changes and removes a quote, each audited', async () => {
    const res = await evaluator.post(`${base}/quotes`, {
      respondentId: people.R03,
      text: 'The hub is ours now.',
      attribution: 'A community member',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ publishable: false, passageId: null, respondent: { ref: 'R03' } });
    const id = res.json().data.id;
    expect((await evaluator.patch(`${base}/quotes/${id}`, { text: 'The hub is ours.' })).json().data.text).toBe('The hub is ours.');
    expect((await evaluator.patch(`${base}/quotes/${id}`, {})).statusCode).toBe(422);
    expect(
      (await evaluator.post(`${base}/quotes`, { respondentId: people.R03, text: ' ', attribution: 'A partner' })).json().errors[0].path,
    ).toEqual(['text']);
    expect((await evaluator.delete(`${base}/quotes/${id}`)).statusCode).toBe(204);
    expect((await evaluator.get(`${base}/quotes?respondentId=${people.R03}`)).json().data).toEqual([]);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('leaves a withdrawn respondent’s quotes and passages out of every list, keeps the records, and takes no new evidence for them', async () => {
    expect((await evaluator.get(`${base}/quotes`)).json().data).toHaveLength(1);
    const transcriptId = (await evaluator.get(`${base}/transcripts`))
      .json()
      .data.find((x: { title: string }) => x.title === 'larder interview').id;
    expect((await evaluator.post(`${base}/respondents/${people.R01}/consent`, { status: 'withdrawn', on: '2024-04-01' })).statusCode).toBe(
      200,
    );

    const list = (await evaluator.get(`${base}/quotes`)).json();
    expect(list).toMatchObject({ data: [], withdrawnHidden: 1 });
    expect((await evaluator.get(`${base}/quotes?publishable=true`)).json().data).toEqual([]);
    const transcript = (await evaluator.get(`${base}/transcripts/${transcriptId}`)).json().data;
    expect(transcript.passages).toEqual([]);
    expect(transcript.withdrawnPassages).toBe(1);
    expect(transcript.respondents.map((r: { ref: string }) => r.ref)).toEqual(['R02']);
    expect(transcript.withdrawnNamed).toBe(1);
    expect(await t.database.db.select().from(quotes).where(eq(quotes.respondentId, people.R01!))).toHaveLength(1);

    const quote = await evaluator.post(`${base}/quotes`, { respondentId: people.R01, text: 'More words.', attribution: 'A partner' });
    expect(quote.statusCode).toBe(422);
    expect(quote.json().detail).toBe('R01 has withdrawn their consent, so no new evidence can be recorded for them.');
    const passage = await evaluator.post(`${base}/transcripts/${transcriptId}/passages`, {
      respondentId: people.R01,
      codeId: codeIds.Isolation,
      ...at('We met'),
    });
    expect(passage.statusCode).toBe(422);
    expect((await evaluator.post(`${base}/respondents/${people.R01}/consent`, { status: 'given', on: '2024-04-02' })).statusCode).toBe(200);
  });

  it('removing a transcript removes its passages and the codings only they stood behind, not ticks', async () => {
    const transcriptId = (await evaluator.get(`${base}/transcripts`))
      .json()
      .data.find((x: { title: string }) => x.title === 'larder interview').id;
    const coded = await evaluator.post(`${base}/transcripts/${transcriptId}/passages`, {
      respondentId: people.R02,
      codeId: codeIds.Trust,
      ...at('I was lonely'),
    });
    expect(coded.statusCode, coded.body).toBe(201);
    expect(await codingRows('R02', 'Trust')).toEqual(['passage']);
    expect(await codingRows('R01', 'Trust')).toEqual(['passage']);
    expect((await evaluator.delete(`${base}/transcripts/${transcriptId}`)).statusCode).toBe(204);
    expect(await codingRows('R02', 'Trust')).toEqual([]);
    expect(await codingRows('R01', 'Trust')).toEqual([]);
    expect(await codingRows('R02', 'Isolation')).toEqual(['tick']);
    // The quote saved from a passage stays, without its passage.
    expect((await evaluator.get(`${base}/quotes`)).json().data).toEqual([
      expect.objectContaining({ text: 'It felt like ours.', passageId: null }),
    ]);
    expect((await evaluator.get(`${base}/transcripts/${transcriptId}`)).statusCode).toBe(404);
  });

  it('a merge moves passages to the kept code with their codings', async () => {
    const up = await upload(evaluator, BODY, 'filename=again.txt');
    const transcriptId = up.json().data.id;
    expect(
      (
        await evaluator.post(`${base}/transcripts/${transcriptId}/passages`, {
          respondentId: people.R03,
          codeId: codeIds.Isolation,
          ...at('I was lonely'),
        })
      ).statusCode,
    ).toBe(201);
    const merged = await evaluator.post(`${base}/codebook/codes/${codeIds.Trust}/merge`, { mergeCodeIds: [codeIds.Isolation] });
    expect(merged.statusCode, merged.body).toBe(200);
    const after = (await evaluator.get(`${base}/transcripts/${transcriptId}`)).json().data;
    expect(after.passages.map((p: { code: { name: string } }) => p.code.name)).toEqual(['Trust']);
    expect(await codingRows('R03', 'Trust')).toEqual(['passage']);
    // R02 had Isolation ticked: merged into Trust it is still a tick.
    expect(await codingRows('R02', 'Trust')).toEqual(['tick']);
  });
});

describe('who may see evidence', () => {
  it('refuses viewers and partnership members (403), and another programme’s evaluator sees nothing (404)', async () => {
    const transcriptId = (await evaluator.get(`${base}/transcripts`)).json().data[0].id;
    const before = await tally();
    for (const client of [w.viewer, w.memberA]) {
      expect((await client.get(`${base}/transcripts`)).statusCode).toBe(403);
      expect((await client.get(`${base}/transcripts/${transcriptId}`)).statusCode).toBe(403);
      expect((await client.get(`${base}/quotes`)).statusCode).toBe(403);
      expect((await upload(client, BODY, 'filename=x.txt')).statusCode).toBe(403);
      expect((await client.post(`${base}/quotes`, { respondentId: people.R02, text: 'Words.', attribution: 'A partner' })).statusCode).toBe(
        403,
      );
    }
    expect((await otherEvaluator.get(`${base}/transcripts`)).statusCode).toBe(404);
    expect((await otherEvaluator.get(`${base}/quotes`)).statusCode).toBe(404);
    // Their own evaluation has the same slug; this programme's transcript is not found through it.
    expect((await otherEvaluator.get(`/api/v1/programmes/evid-other/evaluations/talk/transcripts/${transcriptId}`)).statusCode).toBe(404);
    expect((await otherEvaluator.delete(`/api/v1/programmes/evid-other/evaluations/talk/transcripts/${transcriptId}`)).statusCode).toBe(
      404,
    );
    expect((await w.manager.get(`${base}/transcripts/${transcriptId}`)).statusCode).toBe(200);
    expect(await tally()).toEqual(before);
  });

  it('with blind coding on, each coder sees only their own passages on a transcript', async () => {
    const transcriptId = (await evaluator.get(`${base}/transcripts`)).json().data[0].id;
    expect((await evaluator.patch(base, { blindCoding: true })).statusCode).toBe(200);
    const mine = (await evaluator.get(`${base}/transcripts/${transcriptId}`)).json().data;
    expect(mine.passages.length).toBeGreaterThan(0);
    expect(mine.otherCodersHidden).toBe(0);
    const theirs = (await w.manager.get(`${base}/transcripts/${transcriptId}`)).json().data;
    expect(theirs.passages).toEqual([]);
    expect(theirs.otherCodersHidden).toBe(mine.passages.length);
    expect((await evaluator.patch(base, { blindCoding: false })).statusCode).toBe(200);
    expect((await w.manager.get(`${base}/transcripts/${transcriptId}`)).json().data.passages).toHaveLength(mine.passages.length);
  });
});
