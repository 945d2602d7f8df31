import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed, changeFeedOf, reconnectDelay, startChangeFeed } from './changes.js';
import type { Database, Db } from './database.js';

describe('ChangeFeed', () => {
  it('moves a programme’s revision only when that programme changes', () => {
    const feed = new ChangeFeed();
    const a0 = feed.revision('a');
    const b0 = feed.revision('b');
    feed.receive('a|partnership');
    expect(feed.revision('a')).not.toBe(a0);
    expect(feed.revision('b')).toBe(b0);
  });

  it('moves every revision on a change outside programmes, and tells account listeners about people', () => {
    const feed = new ChangeFeed();
    let told = 0;
    feed.onAccountChange(() => told++);
    const a0 = feed.revision('a');
    feed.receive('*|user');
    expect(feed.revision('a')).not.toBe(a0);
    expect(told).toBe(1);
    feed.receive('a|user');
    expect(told).toBe(2);
    feed.receive('a|place');
    expect(told).toBe(2);
  });

  it('forgets everything when the listening connection is lost, and never repeats a revision', () => {
    const feed = new ChangeFeed();
    feed.resumed();
    const before = feed.revision('a');
    feed.lost();
    expect(feed.live).toBe(false);
    feed.resumed();
    expect(feed.live).toBe(true);
    expect(feed.revision('a')).not.toBe(before);
  });
});

describe('reconnectDelay', () => {
  it('retries soon at first, then backs off to every 5 s at most', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelay)).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });
});

describe('startChangeFeed', () => {
  // A database whose listening connection the test drops and refuses at will.
  function flakyDatabase() {
    const state = { refuse: false, attempts: 0, onLost: undefined as ((err: Error) => void) | undefined, stopped: 0 };
    const database = {
      db: {} as Db,
      listen: async (_channel: string, _onMessage: (p: string) => void, onLost: (err: Error) => void) => {
        state.attempts++;
        if (state.refuse) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        state.onLost = onLost;
        return async () => void state.stopped++;
      },
      close: async () => undefined,
    } as unknown as Database;
    // announceOwnCommits wraps the transaction method; a stub is enough here.
    (database.db as unknown as { transaction: unknown }).transaction = async () => undefined;
    return { database, state };
  }

  afterEach(() => vi.useRealTimers());

  it('reconnects with backoff after the connection is lost, forgets what was cached, and says so', async () => {
    vi.useFakeTimers();
    const { database, state } = flakyDatabase();
    const lines: string[] = [];
    const feed = await startChangeFeed(database, { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) });
    let forgot = 0;
    feed.onAccountChange(() => forgot++);
    expect(changeFeedOf(database.db)).toBe(feed);
    const before = feed.revision('a');

    state.refuse = true;
    state.onLost!(new Error('Connection terminated unexpectedly'));
    expect(changeFeedOf(database.db)).toBeUndefined();
    expect(lines).toEqual([
      'warn: change feed lost (Connection terminated unexpectedly); nothing is cached until it is back; reconnecting',
    ]);

    // Refused three times: 250 ms, 500 ms, 1 s apart; logged once, not once per attempt.
    await vi.advanceTimersByTimeAsync(250 + 500 + 1_000);
    expect(state.attempts).toBe(4);
    expect(changeFeedOf(database.db)).toBeUndefined();
    expect(lines).toHaveLength(1);

    state.refuse = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.attempts).toBe(5);
    expect(changeFeedOf(database.db)).toBe(feed);
    expect(feed.revision('a')).not.toBe(before);
    expect(forgot).toBeGreaterThanOrEqual(2);
    expect(lines[1]).toMatch(/^info: change feed back after 3\.\d s; answers cached before were forgotten$/);

    // A later loss starts the backoff again from its shortest step.
    state.onLost!(new Error('terminating connection due to administrator command'));
    await vi.advanceTimersByTimeAsync(250);
    expect(state.attempts).toBe(6);
    expect(changeFeedOf(database.db)).toBe(feed);

    await database.close();
    expect(state.stopped).toBe(1);
    state.onLost!(new Error('closed'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.attempts).toBe(6);
  });

  it('keeps trying when it cannot listen at start, and serves uncached meanwhile', async () => {
    vi.useFakeTimers();
    const { database, state } = flakyDatabase();
    state.refuse = true;
    const lines: string[] = [];
    await startChangeFeed(database, { info: (m) => lines.push(m), warn: (m) => lines.push(m) });
    expect(changeFeedOf(database.db)).toBeUndefined();
    expect(lines).toEqual([
      'change feed could not listen (connect ECONNREFUSED 127.0.0.1:5432); nothing is cached until it does; reconnecting',
    ]);
    state.refuse = false;
    await vi.advanceTimersByTimeAsync(250);
    expect(changeFeedOf(database.db)).toBeDefined();
    expect(lines[1]).toMatch(/^change feed back after/);
    await database.close();
  });
});
