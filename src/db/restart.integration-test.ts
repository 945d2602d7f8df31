/**
 * A database restart is not an outage of Cairn (issue #12, point 2). On PostgreSQL only: PGlite runs
 * inside the process and cannot restart, so under the pglite project this file reports itself skipped.
 *
 * The shared test server must not be stopped, so a restart is played per database from a separate
 * admin connection: pg_terminate_backend ends every connection of this file's database (the pool's and
 * the change feed's LISTEN), and ALLOW_CONNECTIONS false keeps new ones out for as long as an outage lasts.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { App } from '../http/app-type.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../modules/audit/audit.js';
import { createUser } from '../modules/accounts/service.js';
import { Client, TEST_PASSWORD, startTestApp } from '../../test/support/http.js';
import { freshServerDatabase, testEngine } from '../../test/support/database.js';
import { sql } from 'drizzle-orm';
import { CHANGES_CHANNEL } from './changes.js';
import { type Database, openDatabase } from './database.js';
import { isDatabaseUnreachable } from './unavailable.js';

const UNAVAILABLE = 'Cairn cannot reach its database just now. Nothing was saved. Try again in a minute.';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds, for up to `ms`; returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
  return Date.now() - start;
}

// On both engines: what a load balancer or monitor sees while all is well.
describe(`GET /api/health on ${testEngine}`, () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp();
  });
  it('says the database answers, and is never cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ ok: true, engine: testEngine, database: 'available' });
  });
});

describe.skipIf(testEngine !== 'postgres')(
  'a database restart (PostgreSQL only: PGlite runs inside the process and cannot restart)',
  () => {
    let app: App;
    let database: Database;
    let name: string;
    let url: string;
    let serverAdmin: pg.Client;
    let drop: () => Promise<void>;
    const lines: string[] = [];
    const log = { info: (m: string) => void lines.push(`info: ${m}`), warn: (m: string) => void lines.push(`warn: ${m}`) };

    const terminateAll = async () => {
      await serverAdmin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
        name,
      ]);
    };
    const placeNames = async (c: Client) => {
      const res = await c.get('/api/v1/programmes/restart/places');
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { name: string }[]).map((p) => p.name);
    };
    const expectUnavailable = (res: Awaited<ReturnType<Client['get']>>) => {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.json()).toEqual({ type: 'about:blank', title: 'Database unavailable', status: 503, detail: UNAVAILABLE });
    };

    beforeAll(async () => {
      ({ url, drop } = await freshServerDatabase());
      name = new URL(url).pathname.slice(1);
      serverAdmin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await serverAdmin.connect();
      database = await openDatabase({ databaseUrl: url, log });
      app = await buildApp({ database, config: loadConfig({}, { loginAttemptsPer15Min: 1000 }), log });
      await app.ready();
      await createUser(database.db, systemActor('test'), {
        email: 'admin@restart.test',
        name: 'Admin',
        password: TEST_PASSWORD,
        isAdmin: true,
      });
      const admin = await new Client(app).login('admin@restart.test');
      expect((await admin.post('/api/v1/programmes', { slug: 'restart', name: 'Restart' })).statusCode).toBe(201);
      expect((await admin.post('/api/v1/programmes/restart/places', { name: 'Bootle' })).statusCode).toBe(201);
    });
    afterAll(async () => {
      await serverAdmin?.query(`alter database ${pg.escapeIdentifier(name)} allow_connections true`).catch(() => undefined);
      await app?.close();
      await database?.close();
      await serverAdmin?.end();
      await drop?.();
    });

    it('keeps serving when the server ends every connection, the LISTEN one included', async () => {
      const admin = await new Client(app).login('admin@restart.test');
      expect(await placeNames(admin)).toEqual(['Bootle']);
      await terminateAll();
      await within(5_000, 'the change feed to notice', () => lines.some((l) => l.startsWith('warn: change feed lost')));

      // The very next request may meet a connection not yet known dead: a 503, never a 500 or a crash.
      const next = await admin.get('/api/v1/programmes/restart/places');
      if (next.statusCode !== 200) expectUnavailable(next);
      await within(5_000, 'a list answered again', async () => (await admin.get('/api/v1/programmes/restart/places')).statusCode === 200);
      expect((await admin.post('/api/v1/programmes/restart/places', { name: 'Coventry' })).statusCode).toBe(201);
      expect(await placeNames(admin)).toEqual(['Bootle', 'Coventry']);

      await within(10_000, 'the change feed to say it is back', () => lines.some((l) => l.startsWith('info: change feed back')));
      expect(lines.find((l) => l.startsWith('warn: change feed lost'))).toMatch(
        /^warn: change feed lost \(.+\); nothing is cached until it is back; reconnecting$/,
      );
    });

    it('survives a connection ended in the middle of a transaction, between two of its queries', async () => {
      lines.length = 0;
      // The connection is checked out of the pool here, so the pool's own listener is not on it.
      const failed = await database.db
        .transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await terminateAll();
          await sleep(500);
          await tx.execute(sql`select 1`);
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(isDatabaseUnreachable(failed)).toBe(true);
      const admin = await new Client(app).login('admin@restart.test');
      expect(await placeNames(admin)).toEqual(['Bootle', 'Coventry']);
      await within(10_000, 'the change feed to say it is back', () => lines.some((l) => l.startsWith('info: change feed back')));
    });

    it('answers 503 while the database refuses connections, and normally again within seconds after', async () => {
      const admin = await new Client(app).login('admin@restart.test');
      lines.length = 0;
      await serverAdmin.query(`alter database ${pg.escapeIdentifier(name)} allow_connections false`);
      await terminateAll();
      await within(5_000, 'the change feed to notice', () => lines.some((l) => l.startsWith('warn: change feed lost')));

      // The caller is looked up afresh (losing the feed forgets cached sessions): that lookup fails too.
      expectUnavailable(await admin.get('/api/v1/programmes/restart/places'));
      expectUnavailable(await admin.post('/api/v1/programmes/restart/places', { name: 'Hackney' }));
      expectUnavailable(await new Client(app).post('/api/v1/auth/login', { email: 'admin@restart.test', password: TEST_PASSWORD }));
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.headers['retry-after']).toBe('10');
      expect(health.json()).toEqual({ ok: false, engine: 'postgres', database: 'unavailable' });
      // An outage of a few seconds: the feed keeps retrying meanwhile, and says so once.
      await sleep(3_000);
      expect(lines.filter((l) => l.startsWith('warn: change feed'))).toHaveLength(1);

      await serverAdmin.query(`alter database ${pg.escapeIdentifier(name)} allow_connections true`);
      const answered = await within(
        5_000,
        'a list answered again',
        async () => (await admin.get('/api/v1/programmes/restart/places')).statusCode === 200,
      );
      const fed = await within(10_000, 'the change feed to say it is back', () =>
        lines.some((l) => l.startsWith('info: change feed back')),
      );
      console.info(`after connections were allowed again: requests answered in ${answered} ms, change feed back ${answered + fed} ms`);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
        ok: true,
        engine: 'postgres',
        database: 'available',
      });
      expect(await placeNames(admin)).toEqual(['Bootle', 'Coventry']);
      // Nothing half-written: the refused write is not there.
      const [row] = await database.query<{ n: number }>(`select count(*)::int as n from places where name = 'Hackney'`);
      expect(row!.n).toBe(0);

      // The feed listens again: a change told by another connection reaches this process's cache. Written
      // without telling first, it is not seen — the list is answered from memory, so the feed is live.
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        const programmeId = (await admin.get('/api/v1/programmes/restart')).json().data.id as string;
        await other.query(`insert into places (programme_id, name) values ($1, 'Watchet')`, [programmeId]);
        expect(await placeNames(admin)).toEqual(['Bootle', 'Coventry']);
        await other.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, `${programmeId}|place`]);
        await within(2_000, 'the notified change to reach the list', async () => (await placeNames(admin)).includes('Watchet'));
      } finally {
        await other.end();
      }
    });
  },
);
