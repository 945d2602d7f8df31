import { sql } from 'drizzle-orm';
import { type Database, type DatabaseLog, type Db, type Queryable, silentLog } from './database.js';

/**
 * Tells every Cairn process when a programme's records change, so each can keep answers in memory
 * and still never serve one older than the last committed write.
 *
 * Every write records an audit event (src/modules/audit/audit.ts), and that same call sends
 * `pg_notify('cairn_changes', '<programmeId or *>|<entity type>')`. PostgreSQL delivers a notification
 * only when its transaction commits, to every process listening — the server next door included — so
 * the revision counters below move only once the change is visible to a new query. While the
 * listening connection is down nothing is cached, since a missed notification would go unnoticed; it
 * reconnects by itself, and everything cached before the loss is forgotten when it is back.
 */
export const CHANGES_CHANNEL = 'cairn_changes';

export class ChangeFeed {
  private programmeRevisions = new Map<string, number>();
  /** Bumped by changes outside any programme (accounts) and whenever the feed (re)starts. */
  private everything = 0;
  private accountListeners = new Set<() => void>();
  live = false;
  /** How many notifications have arrived: a reader that saw none arrive while it read can trust it. */
  received = 0;

  /** An opaque token: equal tokens mean nothing in this programme changed in between. */
  revision(programmeId: string): string {
    return `${this.everything}.${this.programmeRevisions.get(programmeId) ?? 0}`;
  }

  /** Applies one notification payload. Plain data in, counters out: tested without a database. */
  receive(payload: string): void {
    this.received++;
    const [programmeId = '*', entityType = ''] = payload.split('|');
    if (programmeId === '*') this.everything++;
    else this.programmeRevisions.set(programmeId, (this.programmeRevisions.get(programmeId) ?? 0) + 1);
    if (entityType === 'user' || entityType === 'invitation') for (const l of this.accountListeners) l();
  }

  /** Someone's roles or memberships may have changed: drop whatever was cached about callers. */
  onAccountChange(listener: () => void): void {
    this.accountListeners.add(listener);
  }

  lost(): void {
    this.received++;
    this.live = false;
    this.everything++;
    for (const l of this.accountListeners) l();
  }

  /** Listening again: notifications may have been missed meanwhile, so nothing cached before counts. */
  resumed(): void {
    this.received++;
    this.everything++;
    this.live = true;
    for (const l of this.accountListeners) l();
  }
}

const feeds = new WeakMap<Db, ChangeFeed>();

/** The feed of the process for this database, if one has been started; otherwise nothing is cached. */
export function changeFeedOf(db: Db): ChangeFeed | undefined {
  const feed = feeds.get(db);
  return feed?.live ? feed : undefined;
}

/** How long to wait before reconnecting attempt `n` (0, 1, …): soon at first, then every 5 s at most. */
export function reconnectDelay(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** attempt);
}

/**
 * Starts listening (once per database per process) and keeps listening through dropped connections:
 * a lost connection is retried with backoff (reconnectDelay) for as long as the process runs, and both
 * the loss and the return are logged.
 */
export async function startChangeFeed(database: Database, log: DatabaseLog = silentLog): Promise<ChangeFeed> {
  const existing = feeds.get(database.db);
  if (existing) return existing;
  const feed = new ChangeFeed();
  feeds.set(database.db, feed);
  announceOwnCommits(database.db, feed);
  let stopped = false;
  let stopListening: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let lostAt: number | undefined;
  const retry = () => {
    if (stopped) return;
    timer = setTimeout(() => void connect(), reconnectDelay(failures++));
    timer.unref();
  };
  const onLost = (err: Error) => {
    stopListening = undefined;
    feed.lost();
    lostAt = Date.now();
    if (!stopped) log.warn(`change feed lost (${err.message}); nothing is cached until it is back; reconnecting`);
    retry();
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      const stop = await database.listen(CHANGES_CHANNEL, (p) => feed.receive(p), onLost);
      if (stopped) return void (await stop());
      stopListening = stop;
      feed.resumed();
      if (lostAt !== undefined) {
        log.info(`change feed back after ${((Date.now() - lostAt) / 1000).toFixed(1)} s; answers cached before were forgotten`);
      }
      lostAt = undefined;
      failures = 0;
    } catch (err) {
      feed.lost();
      if (lostAt === undefined) {
        lostAt = Date.now();
        log.warn(`change feed could not listen (${(err as Error).message}); nothing is cached until it does; reconnecting`);
      }
      retry();
    }
  };
  await connect();
  const close = database.close;
  database.close = async () => {
    stopped = true;
    feed.live = false;
    clearTimeout(timer);
    await stopListening?.();
    await close();
  };
  return feed;
}

/** Payloads announced inside each open transaction of this process, applied here once it commits. */
const announcedIn = new WeakMap<object, string[]>();
/**
 * A transaction and every savepoint inside it (a service's own transaction run within a guarded write,
 * src/http/versions.ts) share one session: what any of them announces is counted when the outermost
 * one commits.
 */
const sessionOf = (q: Queryable): object => (q as unknown as { session: object }).session;

/**
 * The notification reaches this process a moment after commit; a person who saved and at once reloads
 * must see their change, so this process also applies its own announcements as soon as its
 * transaction has committed.
 */
function announceOwnCommits(db: Db, feed: ChangeFeed): void {
  const transaction = db.transaction.bind(db);
  db.transaction = (async (run: (tx: never) => Promise<unknown>, config?: unknown) => {
    const announced: string[] = [];
    let session: object | undefined;
    try {
      const result = await transaction(async (tx) => {
        session = sessionOf(tx as unknown as Queryable);
        announcedIn.set(session, announced);
        return run(tx as never);
      }, config as never);
      for (const payload of announced) feed.receive(payload);
      return result;
    } finally {
      if (session) announcedIn.delete(session);
    }
  }) as Db['transaction'];
}

/** Called by recordAudit with the write's transaction (or the database itself); delivered at commit. */
export async function announceChange(tx: Queryable, programmeId: string | null, entityType: string): Promise<void> {
  const payload = `${programmeId ?? '*'}|${entityType}`;
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${payload})`);
  const inTransaction = announcedIn.get(sessionOf(tx));
  if (inTransaction) inTransaction.push(payload);
  // Outside a transaction the statement has already committed.
  else feeds.get(tx as Db)?.receive(payload);
}
