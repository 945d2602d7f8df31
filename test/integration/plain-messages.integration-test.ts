/**
 * Forms that speak plainly (issue 14, point 4): every route that takes a JSON body is sent an empty body
 * and a body of wrong values, and no message in any answer may speak in database terms — "UUID", "id",
 * "YYYY-MM-DD", zod's "Invalid input: expected …", or a field's camelCase key — and every field problem
 * comes back in the one answer (a grant with four mistakes gets four messages).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../support/http.js';
import { type JsonSchema, type Operation, operationsOf } from './request-samples.js';

let t: TestContext;
let admin: Client;
let ops: Operation[];
let doc: Parameters<typeof operationsOf>[0] & { components?: { schemas?: Record<string, JsonSchema> } };

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('plain.admin@cairn.test', { isAdmin: true });
  admin = await t.as('plain.admin@cairn.test');
  const made = await admin.post('/api/v1/programmes', { slug: 'plain-words', name: 'Plain Words Programme' });
  expect(made.statusCode).toBe(201);
  doc = (await t.anonymous().get('/api/openapi.json')).json();
  ops = operationsOf(doc).filter((o) => o.body?.contentType === 'application/json');
});

const resolve = (s: JsonSchema): JsonSchema => (s.$ref ? resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {}) : s);

/** Words a person filling in a form must never read. */
function unplain(message: string): string | null {
  if (/uuid/i.test(message)) return 'says UUID';
  if (/YYYY|MM-DD/.test(message)) return 'says YYYY-MM-DD';
  if (/\bids?\b/i.test(message)) return 'says id';
  if (/Invalid input|expected \w+, received/i.test(message)) return 'is zod’s own wording';
  const key = message.match(/\b[a-z]+[A-Z][A-Za-z]*\b/);
  if (key) return `names the field key ${key[0]}`;
  return null;
}

function pathFor(op: Operation): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'programme') return 'plain-words';
    if (name === 'vocabulary') return 'theme';
    if (name === 'evaluation') return 'no-such-evaluation';
    if (name === 'token') return 'no-such-token-00000000000000000000';
    return randomUUID();
  });
}

/** Each property given a value of the wrong kind: text where a number goes, a number where text goes. */
function wrongValues(schema: JsonSchema): Record<string, unknown> {
  const s = resolve(schema);
  const out: Record<string, unknown> = {};
  const object = s.anyOf?.map(resolve).find((o) => o.properties) ?? s;
  for (const [key, raw] of Object.entries(object.properties ?? {})) {
    const p = resolve(raw);
    const type = [p.type, ...(p.anyOf ?? []).map((o) => resolve(o).type)].flat().find((x) => x && x !== 'null');
    const format = p.format ?? (p.anyOf ?? []).map((o) => resolve(o).format).find(Boolean);
    if (format === 'date') out[key] = '2026-02-30';
    else if (format) out[key] = 'not one';
    else if (type === 'string') out[key] = 12;
    else if (type === 'number' || type === 'integer') out[key] = 'lots';
    else if (type === 'boolean') out[key] = 'perhaps';
    else if (type === 'array') out[key] = 'several';
    else out[key] = 'something';
  }
  return out;
}

describe('messages a person can read', () => {
  it('no answer to an empty or wrong body speaks of UUIDs, ids, YYYY-MM-DD or field keys', async () => {
    expect(ops.length).toBeGreaterThan(40);
    const found: string[] = [];
    let checked = 0;
    for (const op of ops) {
      for (const body of [{}, wrongValues(op.body!.schema)]) {
        const res = await admin.request(op.method as 'POST', pathFor(op), body);
        if (res.statusCode !== 422) continue;
        checked++;
        const problem = res.json() as { detail: string; errors?: { path: (string | number)[]; message: string }[] };
        for (const m of [
          problem.detail,
          ...(problem.errors ?? []).filter((e) => !/^Unknown field/.test(e.message)).map((e) => e.message),
        ]) {
          const why = unplain(m);
          if (why) found.push(`${op.name} ${JSON.stringify(body).slice(0, 60)}: “${m}” ${why}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect([...new Set(found)]).toEqual([]);
  });

  it('a grant with several mistakes hears of all of them at once, each naming its field in words', async () => {
    const res = await admin.post('/api/v1/programmes/plain-words/grants', {
      title: '',
      recipientOrganisationId: '',
      amountGbp: 'lots',
      startsOn: '2026-05-01',
      endsOn: '2026-04-01',
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json() as { detail: string; errors: { path: string[]; message: string }[] };
    const byField = Object.fromEntries(problem.errors.map((e) => [e.path.join('.'), e.message]));
    expect(byField).toEqual({
      title: 'Enter the grant title',
      recipientOrganisationId: 'Choose the organisation that received the grant',
      amountGbp: 'Amount must be a number of pounds, such as 4500 or 4500.50',
      endsOn: 'The end date must be on or after the start date',
    });
    expect(problem.detail).toMatch(/^There are 4 problems: /);
  });

  it('a date that is not real says so in words', async () => {
    const res = await admin.post('/api/v1/programmes/plain-words/phases', { number: 1, name: 'First', startsOn: '2026-02-30' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: ['startsOn'], message: 'Start date must be a real date, for example 2026-03-27' }]);
  });

  it('a link to a record that cannot be one says the address is wrong, not that it is not a UUID', async () => {
    const res = await admin.get('/api/v1/programmes/plain-words/grants/not-a-grant');
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe('This address does not lead to the grant. Check the link.');
  });
});
