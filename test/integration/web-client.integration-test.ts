// One engine: the typed client against the app's HTTP answers; what the answers hold is tested on both engines by the modules' own tests.
/**
 * The web's typed client (web/src/api/client.ts) against a real app, as a browser would use it: its
 * fetch reaches the app through inject() with a cookie jar. Signing in, a write with its CSRF token, the
 * record's version as If-Match (and an edit conflict when it is stale), a problem as an ApiError, and an
 * upload; the calls themselves are type-checked against the generated types.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD, type TestContext, startTestApp } from '../support/http.js';

const ORIGIN = 'http://cairn.test';
let t: TestContext;
let web: typeof import('../../web/src/api/client.js');
let transport: typeof import('../../web/src/api/transport.js');
const sent: { method: string; path: string; headers: Record<string, string> }[] = [];

/** A browser's fetch over the app: same-origin cookies kept, the answer as a Response. */
function browserFetch(jar: Map<string, string>) {
  return async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input instanceof Request ? input.url : input), ORIGIN);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    sent.push({ method: init.method ?? 'GET', path: url.pathname + url.search, headers });
    const payload = init.body == null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    const res: LightMyRequestResponse = await t.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      payload,
      headers: { ...headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.cookies as { name: string; value: string }[]) {
      if (c.value) jar.set(c.name, c.value);
      else jar.delete(c.name);
    }
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
}

beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('typed.client@cairn.test', { isAdmin: true });
  vi.stubGlobal('location', { origin: ORIGIN });
  vi.stubGlobal('fetch', browserFetch(new Map()));
  web = await import('../../web/src/api/client.js');
  transport = await import('../../web/src/api/transport.js');
  return () => vi.unstubAllGlobals();
});

describe('the web’s typed API client', () => {
  it('signs in, reads and writes with the session cookie and the CSRF token', async () => {
    const { client } = web;
    const { data: signedIn } = await client.POST('/api/v1/auth/login', {
      body: { email: 'typed.client@cairn.test', password: TEST_PASSWORD },
    });
    expect(signedIn?.user.email).toBe('typed.client@cairn.test');

    const { data: created } = await client.POST('/api/v1/programmes', {
      body: { slug: 'typed-client', name: 'Typed client programme', funder: 'Cairn tests' },
    });
    expect(created?.data.slug).toBe('typed-client');
    const write = sent.find((s) => s.method === 'POST' && s.path === '/api/v1/programmes');
    expect(write?.headers['x-csrf-token']).toBeTruthy();

    const { data: list } = await client.GET('/api/v1/programmes');
    expect(list?.data.map((p) => p.slug)).toContain('typed-client');
  });

  it('sends the version it read as If-Match, and throws an edit conflict when someone saved in between', async () => {
    const { client } = web;
    const programme = { params: { path: { programme: 'typed-client' } } };
    await client.GET('/api/v1/programmes/{programme}', programme);
    const { data } = await client.PATCH('/api/v1/programmes/{programme}', { ...programme, body: { description: 'First words' } });
    expect(data?.data.description).toBe('First words');
    expect(sent.at(-1)?.headers['if-match']).toMatch(/^"/);

    // Someone else saves meanwhile: this page's version is now stale.
    const other = await t.as('typed.client@cairn.test');
    expect((await other.patch('/api/v1/programmes/typed-client', { description: 'Other words' })).statusCode).toBe(200);
    const stale = client.PATCH('/api/v1/programmes/{programme}', { ...programme, body: { description: 'Second words' } });
    await expect(stale).rejects.toSatisfy((e) => transport.isEditConflict(e) && e.status === 409);
  });

  it('throws what the server says (problem+json) as an ApiError', async () => {
    const missing = web.client.GET('/api/v1/programmes/{programme}', { params: { path: { programme: 'no-such-programme' } } });
    await expect(missing).rejects.toBeInstanceOf(transport.ApiError);
    await expect(missing).rejects.toMatchObject({ status: 404, problem: { status: 404, title: 'Not found' } });
  });

  it('uploads a file as the raw body, with its own media type', async () => {
    const csv =
      'partnership,place,region,nation,lead_organisation,organisation_type\nTyped Partnership,Typed Place,North West,England,Typed Org,Registered charity\n';
    const { data } = await web.client.POST('/api/v1/programmes/{programme}/registry-import/preview', {
      params: { path: { programme: 'typed-client' }, query: { filename: 'registry.csv' } },
      ...web.fileBody(new Blob([csv]), 'text/csv'),
    });
    expect(data?.data.rows).toBe(1);
    expect(sent.at(-1)?.headers['content-type']).toBe('text/csv');
  });

  it('checks paths and bodies against the document at compile time', () => {
    // These lines are never run: tsc fails if the generated types stop refusing them.
    const never = false as boolean;
    if (never) {
      // @ts-expect-error: no such path in the API
      void web.client.GET('/api/v1/no-such-thing');
      // @ts-expect-error: a programme needs a name
      void web.client.POST('/api/v1/programmes', { body: { slug: 'x' } });
    }
  });
});
