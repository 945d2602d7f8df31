import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from './database.js';

/**
 * `COPY … FROM STDIN` inside a Drizzle transaction, on either engine: the way to write hundreds of
 * thousands of rows at the speed PostgreSQL can take them (decision 008).
 *
 * Drizzle has no COPY, so this reaches the connection under the transaction. On a server that is the
 * pg client, and the rows stream through pg-copy-streams with back-pressure, so memory stays flat
 * however many rows come. PGlite has no COPY FROM STDIN; it reads COPY input from a Blob at
 * `/dev/blob`, so there the lines are gathered first (the embedded engine holds the data in this
 * process's memory anyway).
 */

export type CopyCell = string | number | boolean | null | undefined;

/** One value in PostgreSQL's COPY text format: tabs, newlines and backslashes escaped; null as \N. */
export function copyCell(v: CopyCell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  // Most cells need no escaping: skip the replace when there is nothing to replace.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One row as a COPY text line, newline included. */
export const copyLine = (cells: readonly CopyCell[]): string => `${cells.map(copyCell).join('\t')}\n`;

interface PgLikeClient {
  query: (q: unknown) => unknown;
}

interface PgliteLikeClient {
  query: (sql: string, params: unknown[], options: { blob: Blob }) => Promise<{ affectedRows?: number }>;
}

function connectionOf(tx: Queryable): PgLikeClient | PgliteLikeClient {
  // Drizzle keeps the transaction's connection on its session; neither driver exposes it otherwise.
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof (client as PgLikeClient).query !== 'function') {
    throw new Error('copyRows needs a Drizzle transaction over node-postgres or PGlite');
  }
  return client as PgLikeClient | PgliteLikeClient;
}

// A pg Client (or pool client) has a `connection` to the server; PGlite's transaction object has none.
const isServerClient = (c: unknown): c is PgLikeClient => typeof c === 'object' && c !== null && 'connection' in c;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Batches lines into chunks of about 64 KB: one write per line would cost more than the COPY. Bytes pass as they are. */
async function* chunked(lines: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  let buf = '';
  for await (const line of lines) {
    if (typeof line !== 'string') {
      if (buf) yield buf;
      buf = '';
      yield line;
      continue;
    }
    buf += line;
    if (buf.length >= 65_536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

const BLOCK = 1 << 16;

/**
 * COPY lines kept for a later COPY, as UTF-8 bytes in 64 KB blocks. Twenty thousand lines held as
 * strings are twenty thousand objects for the garbage collector to trace and move while the rest of
 * an import runs; as bytes they are a few hundred blocks it never looks inside.
 */
export class CopySpool {
  private readonly blocks: Uint8Array[] = [];
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  lines = 0;

  /** Adds a line, or a piece of one: a line may be added in pieces, its last ending in a newline. */
  add(line: string): void {
    if (line.endsWith('\n')) this.lines++;
    // A UTF-16 unit is at most 3 bytes of UTF-8: make sure the line fits before writing it.
    if (this.used + line.length * 3 > BLOCK) {
      this.seal();
      if (line.length * 3 > BLOCK) {
        this.blocks.push(Buffer.from(line, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(line, this.used, 'utf8');
  }

  clear(): void {
    this.blocks.length = 0;
    this.used = 0;
    this.lines = 0;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.blocks.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
  }

  /** The lines so far, in blocks, for copyRows. */
  contents(): Uint8Array[] {
    this.seal();
    return this.blocks;
  }
}

/**
 * Streams `lines` into `table (columns)` inside the transaction `tx`: each item is one or more whole
 * COPY text lines (from `copyLine`, or several joined when a caller hands over a batch). Call it only
 * with a transaction: a failure part-way must roll back with everything else. Resolves to the number
 * of items handed over.
 */
export async function copyRows(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<number> {
  const client = connectionOf(tx);
  const target = `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
  let count = 0;
  async function* counted() {
    for await (const line of lines) {
      count++;
      yield line;
    }
  }
  if (isServerClient(client)) {
    const stream = client.query(copyFrom(`copy ${target} from stdin`)) as NodeJS.WritableStream;
    await pipeline(Readable.from(chunked(counted())), stream);
    return count;
  }
  const parts: (string | Uint8Array)[] = [];
  for await (const chunk of chunked(counted())) parts.push(chunk);
  if (count === 0) return 0;
  await (client as PgliteLikeClient).query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob(parts as BlobPart[]) });
  return count;
}
