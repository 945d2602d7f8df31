import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { DatabaseUnavailable } from '../errors.js';
import * as schema from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export type Schema = typeof schema;
/** The query builder, the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction inside it. */
export type Queryable = Db | Tx;

/** The rows of a raw SQL query: both drivers (node-postgres and PGlite) answer execute() with { rows }. */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export interface DatabaseTarget {
  /** postgres:// URL of a real server; wins over dataDir. */
  databaseUrl?: string | undefined;
  /** Folder for embedded PostgreSQL (PGlite). */
  dataDir?: string | undefined;
  /** Who holds the data-folder lock, for the message a second process sees. */
  holder?: string;
  /** Where connections lost and regained are told (the server's log); silent when absent. */
  log?: DatabaseLog | undefined;
}

/** The two levels database events are told at; Fastify's logger and a plain line writer both fit. */
export interface DatabaseLog {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLog: DatabaseLog = { info: () => undefined, warn: () => undefined };

/** How long a new connection to the server may take before the request is answered 503. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Where the data lives, for people: a folder or a server URL without its password. */
  where: string;
  /** Run plain SQL text (several statements allowed); used by migrations and benchmarks. */
  exec(sqlText: string): Promise<void>;
  /** Rows of a single parameterised query, bypassing the builder (analytical SQL). */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
  /**
   * Calls `onMessage` for each NOTIFY on `channel`, delivered after the notifying transaction commits;
   * `onLost` when the listening connection drops (the caller must stop trusting what it cached).
   * Resolves to a function that stops listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onLost: (err: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'a PostgreSQL server';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.databaseUrl) return openServer(target.databaseUrl, target.log ?? silentLog);
  return openEmbedded(resolve(target.dataDir ?? './.cairn'), target.holder ?? 'cairn');
}

async function openServer(url: string, log: DatabaseLog): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Dates stay as 'YYYY-MM-DD' strings, as PGlite gives them: no time-zone drift on a date.
  pg.default.types.setTypeParser(1082, (v: string) => v);
  // A server that does not answer at all (a failover under way) must not hold requests for ever: each
  // new connection gets CONNECT_TIMEOUT_MS. Set on the client, not the pool, where it would also cut
  // short a request merely waiting its turn for one of the pool's connections on a busy day.
  class TimedClient extends pg.default.Client {
    constructor(config?: ConstructorParameters<typeof pg.default.Client>[0]) {
      super({ ...(typeof config === 'object' ? config : { connectionString: config }), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    }
  }
  const pool = new pg.default.Pool({
    connectionString: url,
    max: Number(process.env.CAIRN_DB_POOL ?? 10),
    keepAlive: true,
    Client: TimedClient,
  });
  // When the server ends connections (restart, failover, pg_terminate_backend), pg reports it as an
  // 'error' event: on the pool for idle connections, on the client for one checked out between queries
  // (a transaction doing other work). Unheard, either ends the process. Heard, the dead connection is
  // dropped, the query on it fails (answered 503), and the next query opens a fresh one.
  let lost = false;
  pool.on('error', (err) => {
    if (lost) return;
    lost = true;
    log.warn(`database connection lost (${err.message}); new requests open fresh connections`);
  });
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    if (lost) {
      lost = false;
      log.info('database connection back');
    }
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end();
    throw new DatabaseUnavailable(`Cannot connect to ${describeUrl(url)}: ${(err as Error).message}`);
  }
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    where: describeUrl(url),
    exec: async (text) => {
      await pool.query(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    listen: async (channel, onMessage, onLost) => {
      // A connection of its own: LISTEN holds it for as long as the process wants notifications.
      const client = new pg.default.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
      // Told once, and only once listening: a connection that never got there is the caller's error to
      // retry, and pg reports one loss as both 'error' and 'end'.
      let listening = false;
      let over = false;
      const lost = (err: Error) => {
        if (!listening || over) return;
        over = true;
        void client.end().catch(() => undefined);
        onLost(err);
      };
      client.on('notification', (n) => {
        if (n.channel === channel) onMessage(n.payload ?? '');
      });
      client.on('error', lost);
      client.on('end', () => lost(new Error('the listening connection closed')));
      try {
        await client.connect();
        await client.query(`listen ${pg.default.escapeIdentifier(channel)}`);
      } catch (err) {
        over = true;
        await client.end().catch(() => undefined);
        throw err;
      }
      listening = true;
      return async () => {
        over = true;
        await client.end().catch(() => undefined);
      };
    },
    close: () => pool.end(),
  };
}

async function openEmbedded(dir: string, holder: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  // PGlite has no lock of its own and two writers corrupt it silently, so Cairn keeps one.
  const lock: DataDirLock = acquireDataDirLock(dir, holder);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PGlite.create({ dataDir: resolve(dir, 'pgdata') });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      engine: 'pglite',
      where: dir,
      exec: async (text) => {
        await client.exec(text);
      },
      query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
      // In-process: the embedded database cannot lose its "connection".
      listen: async (channel, onMessage) => client.listen(channel, onMessage),
      close: async () => {
        await client.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
