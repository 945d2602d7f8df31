import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config.js';
import type { App } from '../../http/app-type.js';
import { buildApp } from '../../http/app.js';
import { signInAttempts } from './schema.js';
import { hashToken } from './tokens.js';
import { Client, TEST_PASSWORD, type TestContext, startTestApp } from '../../../test/support/http.js';

// Every app here shares the test file's database, as several Cairn processes share one: the counts
// live in the database, so each test signs in from addresses of its own.
let t: TestContext;
const apps: App[] = [];
beforeAll(async () => {
  t = await startTestApp();
  for (const who of ['ann', 'ben', 'cat', 'dan', 'eve', 'never', 'fay', 'gus', 'hal']) await t.makeUser(`${who}@limits.test`);
});
afterAll(async () => {
  for (const app of apps) await app.close();
});

/** An app with the default limits (10 per email and address, 100 per address), and these settings. */
async function appWith(env: Record<string, string> = {}, overrides: Partial<Config> = {}) {
  const app = await buildApp({ database: t.database, config: loadConfig(env, overrides) });
  apps.push(app);
  return app;
}

const signIn = (c: Client, email: string, password: string, from?: string) =>
  c.request('POST', '/api/v1/auth/login', { email, password }, from ? { 'x-forwarded-for': from } : {});

describe('sign-in limits', () => {
  it('lets many colleagues sign in from one address, again and again: successes count against nothing', async () => {
    const app = await appWith();
    const c = new Client(app);
    const codes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const who of ['ann', 'ben', 'cat', 'dan', 'eve']) codes.push((await signIn(c, `${who}@limits.test`, TEST_PASSWORD)).statusCode);
    }
    expect(codes).toEqual(Array(15).fill(200));
    expect((await signIn(c, 'never@limits.test', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a forged X-Forwarded-For when no proxy is named: every guess counts against the real address', async () => {
    const app = await appWith();
    const c = new Client(app);
    const codes: number[] = [];
    for (let i = 1; i <= 12; i++) codes.push((await signIn(c, 'fay@limits.test', 'not her password', `198.51.100.${i}`)).statusCode);
    expect(codes).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('after 10 failures refuses only that email from that address, says how long to wait, and lets the rest in', async () => {
    const app = await appWith({ CAIRN_TRUST_PROXY: '127.0.0.1' });
    const c = new Client(app);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await signIn(c, 'gus@limits.test', 'wrong guess', '203.0.113.10')).statusCode);
    expect(codes).toEqual(Array(10).fill(401));

    const refused = await signIn(c, 'gus@limits.test', TEST_PASSWORD, '203.0.113.10');
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(13 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(refused.json().detail).toBe(
      `Too many failed sign-ins for this email from your address. Wait and try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    );

    // The same person from another address, and someone else from the same address, are not held up.
    expect((await signIn(c, 'gus@limits.test', TEST_PASSWORD, '203.0.113.11')).statusCode).toBe(200);
    expect((await signIn(c, 'hal@limits.test', TEST_PASSWORD, '203.0.113.10')).statusCode).toBe(200);
    // A named proxy's X-Forwarded-For is believed: a forged one from the proxy's own address counts elsewhere.
    expect((await signIn(c, 'gus@limits.test', 'wrong guess', '203.0.113.12')).statusCode).toBe(401);
  });

  it('clears an email’s count from an address when that person signs in', async () => {
    const app = await appWith({ CAIRN_TRUST_PROXY: '127.0.0.1' });
    const c = new Client(app);
    for (let i = 0; i < 9; i++) expect((await signIn(c, 'ann@limits.test', 'a typo or two', '203.0.113.20')).statusCode).toBe(401);
    expect((await signIn(c, 'ann@limits.test', TEST_PASSWORD, '203.0.113.20')).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await signIn(c, 'ann@limits.test', 'a typo or two', '203.0.113.20')).statusCode).toBe(401);
    expect((await signIn(c, 'ann@limits.test', 'a typo or two', '203.0.113.20')).statusCode).toBe(429);
  });

  it('stops one address spraying guesses across many emails at the per-address ceiling (100)', { timeout: 120_000 }, async () => {
    const app = await appWith({ CAIRN_TRUST_PROXY: '127.0.0.1' });
    const c = new Client(app);
    const codes = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      const code = (await signIn(c, `sprayed${i % 20}@limits.test`, 'Summer2026!!', '203.0.113.30')).statusCode;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(codes)).toEqual({ 401: 100 });
    const refused = await signIn(c, 'ben@limits.test', TEST_PASSWORD, '203.0.113.30');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toMatch(/^Too many failed sign-ins from your address\. Wait and try again in 1[45] minutes\.$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(c, 'ben@limits.test', TEST_PASSWORD, '203.0.113.31')).statusCode).toBe(200);
  });

  it('checks no more than 10 passwords for an email from an address, even when guesses arrive all at once', async () => {
    const app = await appWith({ CAIRN_TRUST_PROXY: '127.0.0.1' });
    const c = new Client(app);
    await c.refreshCsrf();
    // Each attempt is counted before its password is checked, so a burst cannot all slip under the limit
    // (on a real server a burst may be refused whole: nothing in it is checked, and nothing counts).
    const burst = await Promise.all(Array.from({ length: 16 }, () => signIn(c, 'cat@limits.test', 'parallel guess', '203.0.113.40')));
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    let checked = codes.filter((s) => s === 401).length;
    for (let i = 0; i < 20; i++) {
      const res = await signIn(c, 'cat@limits.test', 'one more guess', '203.0.113.40');
      if (res.statusCode === 429) break;
      expect(res.statusCode).toBe(401);
      checked++;
    }
    expect(checked).toBe(10);
    expect((await signIn(c, 'cat@limits.test', TEST_PASSWORD, '203.0.113.40')).statusCode).toBe(429);
  });

  it('forgets failures older than 15 minutes, and counts the wait from the oldest recent one', async () => {
    const app = await appWith({ CAIRN_TRUST_PROXY: '127.0.0.1' });
    const c = new Client(app);
    const row = (minutesAgo: number) => ({
      emailHash: hashToken('dan@limits.test'),
      address: '203.0.113.50',
      attemptedAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    await t.database.db.insert(signInAttempts).values(Array.from({ length: 10 }, () => row(16)));
    expect((await signIn(c, 'dan@limits.test', 'wrong again', '203.0.113.50')).statusCode).toBe(401);
    await t.database.db.insert(signInAttempts).values([row(5), ...Array.from({ length: 8 }, () => row(1))]);
    const refused = await signIn(c, 'dan@limits.test', TEST_PASSWORD, '203.0.113.50');
    expect(refused.statusCode).toBe(429);
    // The oldest of the last 15 minutes' failures leaves the window in 10 minutes.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(9 * 60);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(10 * 60);
    expect(refused.json().detail).toBe('Too many failed sign-ins for this email from your address. Wait and try again in 10 minutes.');
  });
});
