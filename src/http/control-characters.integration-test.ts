/**
 * NUL and other control characters anywhere in a request: a 422 naming the field, never a 500, and
 * nothing written. Anonymous callers still hear 401 first, and a write without its CSRF token 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestContext, startTestApp } from '../../test/support/http.js';

let t: TestContext;
let admin: Client;
const base = '/api/v1/programmes/pbsa';

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cairn.test', { isAdmin: true });
  admin = await t.as('admin@cairn.test');
  expect((await admin.post('/api/v1/programmes', { slug: 'pbsa', name: 'Place Based Social Action' })).statusCode).toBe(201);
});

const MESSAGE = 'Remove the invisible control character from this field.';

function expectRefused(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, path: (string | number)[]) {
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { title: string; errors: { path: (string | number)[]; message: string }[] };
  expect(body.title).toBe('Invalid input');
  expect(body.errors).toContainEqual({ path, message: expect.stringMatching(/^Remove the invisible control character/) });
}

describe('control characters in the path and the query', () => {
  it('refuses a NUL in a slug (pbsa%00) with the parameter named', async () => {
    const res = await admin.get('/api/v1/programmes/pbsa%00');
    expectRefused(res, ['params', 'programme']);
    expect((res.json() as { errors: unknown[] }).errors).toEqual([{ path: ['params', 'programme'], message: MESSAGE }]);
    expectRefused(await admin.get(`${base}/places/abc%00`), ['params', 'placeId']);
  });

  it('refuses q=%00 and q with a bell (\\u0007), and a tab in a query', async () => {
    expectRefused(await admin.get(`${base}/places?q=%00`), ['query', 'q']);
    expectRefused(await admin.get(`${base}/places?q=Brix%07ton`), ['query', 'q']);
    expectRefused(await admin.get(`${base}/places?region=North%09East`), ['query', 'region']);
    expectRefused(await admin.get('/api/v1/users?q=%1B%5B31m'), ['query', 'q']);
    // The same search without one is answered.
    expect((await admin.get(`${base}/places?q=Brixton`)).statusCode).toBe(200);
  });

  it('answers an anonymous caller 401 first', async () => {
    expect((await t.anonymous().get('/api/v1/programmes/pbsa%00')).statusCode).toBe(401);
  });
});

describe('control characters in a JSON body', () => {
  it('refuses a string with \\u0000 and writes nothing', async () => {
    const res = await admin.post(`${base}/places`, { name: 'Brix\u0000ton', region: 'London' });
    expectRefused(res, ['name']);
    const list = (await admin.get(`${base}/places`)).json() as { data: unknown[] };
    expect(list.data).toEqual([]);
  });

  it('refuses a key with \\u0000, and names every field that holds one', async () => {
    const res = await admin.post(`${base}/places`, { 'na\u0000me': 'Brixton' });
    expect(res.statusCode).toBe(422);
    expect((res.json() as { errors: { path: string[] }[] }).errors[0]!.path).toEqual(['na\uFFFDme']);
    const both = await admin.post('/api/v1/programmes', { slug: 'two-bad', name: 'Two\u0001', description: 'a\u007Fb' });
    expectRefused(both, ['name']);
    expectRefused(both, ['description']);
  });

  it('refuses DEL and C1 controls, and a control character deep inside the body', async () => {
    expectRefused(await admin.post('/api/v1/programmes', { slug: 'new-one', name: 'New\u0085' }), ['name']);
    expect((await admin.get('/api/v1/programmes/new-one')).statusCode).toBe(404);
  });

  it('keeps tabs and line breaks in long text', async () => {
    const res = await admin.post('/api/v1/programmes', {
      slug: 'long-text',
      name: 'Long text',
      description: 'Line one\nLine two\r\n\tindented',
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as { data: { description: string } }).data.description).toBe('Line one\nLine two\r\n\tindented');
  });

  it('answers a write without its CSRF token 403, not 422', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${base}/places`,
      payload: { name: 'Brix\u0000ton' },
      headers: { 'content-type': 'application/json' },
    });
    expect([401, 403]).toContain(res.statusCode);
  });
});
