import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildApp } from '../../http/app.js';
import { Client, type TestContext, startTestApp } from '../../../test/support/http.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cairn.test', { isAdmin: true });
  const admin = await t.as('admin@cairn.test');
  await admin.post('/api/v1/programmes', { slug: 'pcf', name: 'People and Communities Fund' });
});

const tokenOf = (link: string) => link.split('/invitations/')[1]!;

describe('accounts', () => {
  it('signs in with an HttpOnly session cookie and signs out again', async () => {
    const c = t.anonymous();
    const res = await c.post('/api/v1/auth/login', { email: 'ADMIN@cairn.test', password: 'correct horse battery' });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/cairn_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await c.get('/api/v1/auth/session')).json().user.email).toBe('admin@cairn.test');
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/session')).json().user).toBeNull();
    expect((await c.get('/api/v1/programmes')).statusCode).toBe(401);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const c = t.anonymous();
    const a = await c.post('/api/v1/auth/login', { email: 'nobody@cairn.test', password: 'whatever123' });
    const b = await c.post('/api/v1/auth/login', { email: 'admin@cairn.test', password: 'wrong password' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().detail).toBe(b.json().detail);
  });

  it('invites a person into a programme role; they accept, choose a password, and see that programme', async () => {
    const admin = await t.as('admin@cairn.test');
    const inv = await admin.post('/api/v1/invitations', {
      email: 'eval@cairn.test',
      name: 'Eva Luator',
      programme: 'pcf',
      role: 'evaluator',
    });
    expect(inv.statusCode).toBe(201);
    const link = inv.json().data.link as string;
    expect(link).toMatch(/^http:\/\/cairn\.test\/invitations\//);

    const newcomer = t.anonymous();
    expect((await newcomer.get(`/api/v1/invitations/${tokenOf(link)}`)).json()).toMatchObject({
      email: 'eval@cairn.test',
      expired: false,
      accepted: false,
    });
    const weak = await newcomer.post(`/api/v1/invitations/${tokenOf(link)}/accept`, { password: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].path).toEqual(['password']);
    const ok = await newcomer.post(`/api/v1/invitations/${tokenOf(link)}/accept`, { name: 'Eva', password: 'a good long passphrase' });
    expect(ok.statusCode).toBe(200);
    await newcomer.refreshCsrf();
    const mine = await newcomer.get('/api/v1/programmes');
    expect(mine.json().data.map((p: { slug: string }) => p.slug)).toEqual(['pcf']);
    const detail = await newcomer.get('/api/v1/programmes/pcf');
    expect(detail.json().abilities).toMatchObject({ update: false, seeAudit: false });

    const again = await t.anonymous().post(`/api/v1/invitations/${tokenOf(link)}/accept`, { password: 'another long passphrase' });
    expect(again.statusCode).toBe(409);
  });

  it('lets only administrators invite people and change roles', async () => {
    const evaluator = await new Client(t.app).login('eval@cairn.test', 'a good long passphrase');
    expect((await evaluator.post('/api/v1/invitations', { email: 'x@cairn.test', name: 'X' })).statusCode).toBe(403);
    expect((await evaluator.get('/api/v1/users')).statusCode).toBe(403);
  });

  it('applies a role change to the very next request', async () => {
    const admin = await t.as('admin@cairn.test');
    const evaluator = await new Client(t.app).login('eval@cairn.test', 'a good long passphrase');
    const users = (await admin.get('/api/v1/users?q=eval')).json().data;
    const id = users[0].id as string;
    expect((await admin.put(`/api/v1/users/${id}/programme-roles/pcf`, { role: 'programme_manager' })).statusCode).toBe(200);
    expect((await evaluator.get('/api/v1/programmes/pcf')).json().abilities.update).toBe(true);
    expect((await admin.delete(`/api/v1/users/${id}/programme-roles/pcf`)).statusCode).toBe(200);
    expect((await evaluator.get('/api/v1/programmes/pcf')).statusCode).toBe(404);
    const audit = (await admin.get('/api/v1/programmes/pcf/audit?entityType=user')).json().data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['revoke-role', 'grant-role']);
    expect(audit[1].changes.role).toEqual(['evaluator', 'programme_manager']);
  });

  it('limits sign-in attempts and says to wait', async () => {
    const database = t.database;
    const app = await buildApp({ database, config: loadConfig({}, { loginAttemptsPer15Min: 3 }) });
    const c = new Client(app);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await c.post('/api/v1/auth/login', { email: 'admin@cairn.test', password: 'wrong guess' })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const last = await c.post('/api/v1/auth/login', { email: 'admin@cairn.test', password: 'correct horse battery' });
    expect(last.statusCode).toBe(429);
    expect(last.json().detail).toMatch(/wait/i);
    await app.close();
  });
});
