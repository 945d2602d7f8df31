/**
 * Spreadsheet uploads with a NUL byte or another control character in a cell: a 422 naming the row
 * and column, never a 500, and nothing written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerships } from '../../src/db/schema.js';
import { type Client, type TestContext, startTestApp } from '../support/http.js';

const base = '/api/v1/programmes/pbsa';
let t: TestContext;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@uploads.test', { isAdmin: true });
  admin = await t.as('admin@uploads.test');
  const prog = (await admin.post('/api/v1/programmes', { slug: 'pbsa', name: 'Place Based Social Action' })).json().data as { id: string };
  await t.database.db.insert(partnerships).values([
    { programmeId: prog.id, name: 'Community 360' },
    { programmeId: prog.id, name: 'Grapevine' },
  ]);
}, 60_000);

const send = (url: string, body: string | Buffer, type = 'text/csv') =>
  admin.request('POST', url, Buffer.from(body), { 'content-type': type });

function expectCell(res: { statusCode: number; body: string; json: () => unknown }, path: (string | number)[]) {
  expect(res.statusCode, res.body).toBe(422);
  const problem = res.json() as { detail: string; errors: { path: (string | number)[]; message: string }[] };
  expect(problem.errors[0]).toEqual({ path, message: 'remove the invisible control character from this cell' });
  expect(problem.detail).toMatch(/invisible control character/);
}

describe('a control character in an uploaded spreadsheet', () => {
  it('registry import: a NUL byte in a partnership name is refused with its row, nothing written', async () => {
    const csv = 'partnership,place\nRiverside,Brixton\nBa\u0000d Partnership,Leeds\n';
    expectCell(await send(`${base}/registry-import/preview`, csv), ['rows', 3, 'partnership']);
    expectCell(await send(`${base}/registry-import`, csv), ['rows', 3, 'partnership']);
    const list = (await admin.get(`${base}/partnerships?q=Riverside`)).json() as { data: unknown[] };
    expect(list.data).toEqual([]);
  });

  it('registry import: a NUL far down a long file, past where the file type is sniffed', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `Partnership number ${i},Place number ${i}`);
    const csv = `partnership,place\n${rows.join('\n')}\nLate\u0000comer,Leeds\n`;
    expectCell(await send(`${base}/registry-import`, csv), ['rows', 402, 'partnership']);
  });

  it('indicator definitions: a bell character in a definition', async () => {
    const csv = 'indicator,definition\nvolunteers,People helping\nmeals,Meals\u0007 served\n';
    expectCell(await send(`${base}/indicators/import`, csv), ['rows', 3, 'definition']);
    expect(((await admin.get(`${base}/indicators`)).json() as { data: unknown[] }).data).toEqual([]);
  });

  it('returns import: a NUL in a note', async () => {
    const ok = await send(`${base}/indicators/import`, 'indicator,definition\nvolunteers,People helping\n');
    expect(ok.statusCode, ok.body).toBe(200);
    const csv = 'partnership,volunteers,note\nCommunity 360,11,fine\nGrapevine,164,late\u0000 return\n';
    expectCell(await send(`${base}/monitoring/import/preview?period=Phase%202&filename=returns.csv`, csv), ['rows', 3, 'note']);
    expectCell(await send(`${base}/monitoring/import?period=Phase%202&filename=returns.csv`, csv), ['rows', 3, 'note']);
    expect(((await admin.get(`${base}/reporting-periods`)).json() as { data: unknown[] }).data).toEqual([]);
  });
});
