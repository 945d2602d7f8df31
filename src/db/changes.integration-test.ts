import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { App } from '../http/app-type.js';
import { buildApp } from '../http/app.js';
import { Client, type TestContext, startTestApp } from '../../test/support/http.js';
import { freshServerDatabase, testEngine } from '../../test/support/database.js';
import { announceChange, startChangeFeed } from './changes.js';
import { openDatabase } from './database.js';

// Lists are answered from memory until the programme changes (src/db/changes.ts). These tests are
// what makes that safe: nobody ever reads an answer older than a write that has been confirmed to them.
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
  await t.makeUser('admin@cache.test', { isAdmin: true });
  const admin = await t.as('admin@cache.test');
  await admin.post('/api/v1/programmes', { slug: 'cache', name: 'Cache' });
});

const names = async (c: Client, path = '/api/v1/programmes/cache/places') =>
  ((await c.get(path)).json().data as { name: string }[]).map((p) => p.name);

describe('answers kept in memory', () => {
  it('show a person their own change on the very next read', async () => {
    const admin = await t.as('admin@cache.test');
    expect(await names(admin)).toEqual([]);
    for (const name of ['Bootle', 'Coventry', 'Hackney']) {
      expect((await admin.post('/api/v1/programmes/cache/places', { name })).statusCode).toBe(201);
      expect(await names(admin)).toContain(name);
    }
    const id = (await admin.get('/api/v1/programmes/cache/places?q=Hackney')).json().data[0].id;
    await admin.patch(`/api/v1/programmes/cache/places/${id}`, { name: 'Hackney Wick' });
    expect(await names(admin)).toEqual(['Bootle', 'Coventry', 'Hackney Wick']);
  });

  it('count a change written in a savepoint as soon as its transaction commits, as a guarded write makes it', async () => {
    // A write honouring If-Match runs the service's own transaction inside guardWrite's (src/http/versions.ts).
    const admin = await t.as('admin@cache.test');
    const created = (await admin.post('/api/v1/programmes/cache/places', { name: 'Toxteth' })).json().data;
    expect(await names(admin)).toContain('Toxteth');
    const etag = (await admin.get(`/api/v1/programmes/cache/places/${created.id}`)).headers.etag as string;
    const renamed = await admin.request(
      'PATCH',
      `/api/v1/programmes/cache/places/${created.id}`,
      { name: 'Toxteth Park' },
      { 'if-match': etag },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await names(admin)).toContain('Toxteth Park');
  });

  it('follow a renamed programme: the old address stops answering', async () => {
    const admin = await t.as('admin@cache.test');
    await admin.post('/api/v1/programmes', { slug: 'cache-old', name: 'Old' });
    expect((await admin.get('/api/v1/programmes/cache-old')).statusCode).toBe(200);
    expect((await admin.patch('/api/v1/programmes/cache-old', { slug: 'cache-new' })).statusCode).toBe(200);
    expect((await admin.get('/api/v1/programmes/cache-old')).statusCode).toBe(404);
    expect((await admin.get('/api/v1/programmes/cache-new')).statusCode).toBe(200);
  });

  it('never give one person’s view of a list to someone who may see less', async () => {
    const admin = await t.as('admin@cache.test');
    await t.makeUser('viewer@cache.test');
    const users = (await admin.get('/api/v1/users?q=viewer@cache')).json().data;
    await admin.put(`/api/v1/users/${users[0].id}/programme-roles/cache`, { role: 'viewer' });
    const viewer = await t.as('viewer@cache.test');
    const asAdmin = (await admin.get('/api/v1/programmes/cache/places')).json();
    const asViewer = (await viewer.get('/api/v1/programmes/cache/places')).json();
    expect(asAdmin.abilities.create).toBe(true);
    expect(asViewer.abilities.create).toBe(false);
    expect(asViewer.data).toEqual(asAdmin.data);
  });
});

// A second server on the same PostgreSQL database hears of the change through LISTEN/NOTIFY.
if (testEngine === 'postgres') {
  describe('across servers on one PostgreSQL database', () => {
    let appA: App;
    let appB: App;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      const { url, drop } = await freshServerDatabase();
      const a = await openDatabase({ databaseUrl: url });
      const b = await openDatabase({ databaseUrl: url });
      const { migrate } = await import('./migrate.js');
      await migrate(a);
      const config = loadConfig({}, { loginAttemptsPer15Min: 1000 });
      appA = await buildApp({ database: a, config });
      appB = await buildApp({ database: b, config });
      teardown = async () => {
        await appA.close();
        await appB.close();
        await a.close();
        await b.close();
        await drop();
      };
      const { createUser } = await import('../modules/accounts/service.js');
      const { systemActor } = await import('../modules/audit/audit.js');
      await createUser(a.db, systemActor('test'), {
        email: 'admin@two.test',
        name: 'Admin',
        password: 'correct horse battery',
        isAdmin: true,
      });
    });
    afterAll(async () => teardown());

    it('count its own change written in a savepoint at commit, without waiting for the notification', async () => {
      const { url, drop } = await freshServerDatabase();
      const quiet = await openDatabase({ databaseUrl: url });
      // This process hears nothing from PostgreSQL: the only count is the one it makes itself at commit.
      quiet.listen = async () => async () => undefined;
      try {
        const feed = await startChangeFeed(quiet);
        const before = feed.revision('savepoint-programme');
        await quiet.db.transaction((tx) => tx.transaction((inner) => announceChange(inner, 'savepoint-programme', 'place')));
        expect(feed.revision('savepoint-programme')).not.toBe(before);
      } finally {
        await quiet.close();
        await drop();
      }
    });

    it('see a change made through the other server', async () => {
      const onA = await new Client(appA).login('admin@two.test');
      const onB = await new Client(appB).login('admin@two.test');
      await onA.post('/api/v1/programmes', { slug: 'two', name: 'Two' });
      expect(await names(onB, '/api/v1/programmes/two/places')).toEqual([]);
      await onA.post('/api/v1/programmes/two/places', { name: 'Watchet' });
      let seen: string[] = [];
      for (let i = 0; i < 50 && !seen.includes('Watchet'); i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await names(onB, '/api/v1/programmes/two/places');
      }
      expect(seen).toEqual(['Watchet']);
    });
  });
}
