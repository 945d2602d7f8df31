import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { loadConfig } from '../../config.js';
import type { App } from '../../http/app-type.js';
import { buildApp } from '../../http/app.js';
import { Client, TEST_PASSWORD, type TestContext, startTestApp } from '../../../test/support/http.js';
import { passwordResets } from './schema.js';

let t: TestContext;
let admin: Client;
let rosaId: string;
const apps: App[] = [];
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@resets.test', { isAdmin: true });
  rosaId = (await t.makeUser('rosa@resets.test', { name: 'Rosa Parkway' })).id;
  await t.makeUser('sam@resets.test');
  admin = await t.as('admin@resets.test');
});
afterAll(async () => {
  for (const app of apps) await app.close();
});

const tokenOf = (link: string) => link.split('/password-reset/')[1]!;
const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe('password reset links', () => {
  it('lets an administrator make a link that works once, sets the new password and ends every other session', async () => {
    const phone = await t.as('rosa@resets.test');
    const laptop = await t.as('rosa@resets.test');
    expect((await phone.get('/api/v1/auth/session')).json().user.email).toBe('rosa@resets.test');

    const made = await admin.request('POST', `/api/v1/users/${rosaId}/reset-link`, {}, forged);
    expect(made.statusCode).toBe(201);
    const { link, expiresAt, email } = made.json().data;
    expect(email).toBe('rosa@resets.test');
    // From CAIRN_PUBLIC_URL, whatever Host the request claimed.
    expect(link).toMatch(/^http:\/\/cairn\.test\/password-reset\/[\w-]{43}$/);
    const hours = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    const anon = t.anonymous();
    expect((await anon.get(`/api/v1/password-resets/${tokenOf(link)}`)).json()).toEqual({
      email: 'rosa@resets.test',
      expired: false,
      used: false,
    });

    const common = await anon.post(`/api/v1/password-resets/${tokenOf(link)}`, { password: 'password123' });
    expect(common.statusCode).toBe(422);
    expect(common.json().errors).toEqual([{ path: ['password'], message: expect.stringMatching(/most often used or leaked/) }]);
    const ownName = await anon.post(`/api/v1/password-resets/${tokenOf(link)}`, { password: 'Rosa Parkway' });
    expect(ownName.json().errors[0].message).toMatch(/your name/);

    const done = await anon.post(`/api/v1/password-resets/${tokenOf(link)}`, { password: 'a brand new long passphrase' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ email: 'rosa@resets.test' });

    // Both earlier sessions are over, at once.
    expect((await phone.get('/api/v1/programmes')).statusCode).toBe(401);
    expect((await laptop.get('/api/v1/auth/session')).json().user).toBeNull();
    expect((await t.anonymous().post('/api/v1/auth/login', { email: 'rosa@resets.test', password: TEST_PASSWORD })).statusCode).toBe(401);
    await new Client(t.app).login('rosa@resets.test', 'a brand new long passphrase');

    const again = await t.anonymous().post(`/api/v1/password-resets/${tokenOf(link)}`, { password: 'yet another long passphrase' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already been used/);
    expect((await anon.get(`/api/v1/password-resets/${tokenOf(link)}`)).json()).toMatchObject({ used: true });

    const audit = await rowsOf<{ action: string; actor_label: string; summary: string }>(
      t.database.db,
      sql`select action, actor_label, summary from audit_events where entity_type = 'user' and entity_id = ${rosaId} order by at`,
    );
    expect(audit.map((a) => [a.action, a.actor_label])).toEqual([
      ['create', 'test'],
      ['issue-reset-link', 'admin@resets.test'],
      ['reset-password', 'rosa@resets.test'],
    ]);
    expect(audit[2]!.summary).toMatch(/2 sessions ended/);
    // The token is in nobody's audit trail.
    expect(JSON.stringify(audit)).not.toContain(tokenOf(link));
  });

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const samId = (await admin.get('/api/v1/users?q=sam')).json().data[0].id as string;
    const first = (await admin.post(`/api/v1/users/${samId}/reset-link`)).json().data.link as string;
    const second = (await admin.post(`/api/v1/users/${samId}/reset-link`)).json().data.link as string;
    const anon = t.anonymous();
    expect((await anon.post(`/api/v1/password-resets/${tokenOf(first)}`, { password: 'sam’s long new password' })).statusCode).toBe(404);

    await t.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, samId));
    expect((await anon.get(`/api/v1/password-resets/${tokenOf(second)}`)).json()).toMatchObject({ expired: true, used: false });
    const late = await anon.post(`/api/v1/password-resets/${tokenOf(second)}`, { password: 'sam’s long new password' });
    expect(late.statusCode).toBe(422);
    expect(late.json().detail).toMatch(/has expired .*Ask your administrator for a new one/);
    await new Client(t.app).login('sam@resets.test');
  });

  it('lets a person whose guesses were refused back in once they reset', async () => {
    const app = await buildApp({
      database: t.database,
      config: loadConfig({}, { loginAttemptsPer15Min: 2, publicUrl: 'http://cairn.test' }),
    });
    apps.push(app);
    const c = new Client(app);
    for (let i = 0; i < 2; i++) await c.post('/api/v1/auth/login', { email: 'sam@resets.test', password: 'forgotten it' });
    expect((await c.post('/api/v1/auth/login', { email: 'sam@resets.test', password: 'forgotten it' })).statusCode).toBe(429);
    const samId = (await admin.get('/api/v1/users?q=sam')).json().data[0].id as string;
    const link = (await admin.post(`/api/v1/users/${samId}/reset-link`)).json().data.link as string;
    expect((await c.post(`/api/v1/password-resets/${tokenOf(link)}`, { password: 'remembered at last' })).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/login', { email: 'sam@resets.test', password: 'remembered at last' })).statusCode).toBe(200);
  });
});

describe('links Cairn hands out', () => {
  it('never come from the Host header, with or without CAIRN_PUBLIC_URL', async () => {
    const inv = await admin.request('POST', '/api/v1/invitations', { email: 'new@resets.test', name: 'New Person' }, forged);
    expect(inv.json().data.link).toMatch(/^http:\/\/cairn\.test\/invitations\//);

    // Without CAIRN_PUBLIC_URL: the address Cairn listens on (HOST 0.0.0.0 → localhost, PORT).
    const app = await buildApp({ database: t.database, config: loadConfig({ PORT: '4321' }) });
    apps.push(app);
    const other = await new Client(app).login('admin@resets.test');
    const bare = await other.request('POST', '/api/v1/invitations', { email: 'newer@resets.test', name: 'Newer Person' }, forged);
    expect(bare.statusCode).toBe(201);
    expect(bare.json().data.link).toMatch(/^http:\/\/localhost:4321\/invitations\//);
    const reset = await other.request('POST', `/api/v1/users/${rosaId}/reset-link`, {}, forged);
    expect(reset.json().data.link).toMatch(/^http:\/\/localhost:4321\/password-reset\//);
    expect(JSON.stringify([bare.json(), reset.json()])).not.toContain('evil.example');
  });

  it('refuse a commonly used password when an invitation is accepted', async () => {
    const inv = await admin.post('/api/v1/invitations', { email: 'invitee@resets.test', name: 'Invitee' });
    const token = (inv.json().data.link as string).split('/invitations/')[1]!;
    const res = await t.anonymous().post(`/api/v1/invitations/${token}/accept`, { password: 'password123' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toEqual({
      path: ['password'],
      message: expect.stringMatching(/^Password is one of the passwords most often used or leaked/),
    });
  });
});
