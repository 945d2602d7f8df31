import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailable } from '../errors.js';
import { openDatabase } from './database.js';

// A "server" that takes the connection and never says a word: what a failover in progress can look like.
let silent: Server;
const sockets: Socket[] = [];
let url: string;
beforeAll(async () => {
  silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `postgres://cairn:secret@127.0.0.1:${(silent.address() as AddressInfo).port}/cairn`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('a PostgreSQL server that never answers', () => {
  it('is given up on after 5 s with one plain reason, not waited on for ever', async () => {
    const started = Date.now();
    const err = await openDatabase({ databaseUrl: url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseUnavailable);
    expect((err as Error).message).toBe(`Cannot connect to postgres://cairn:***@${url.split('@')[1]}: timeout expired`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);
});
