/**
 * Record versions: no lost updates (decision 012). A record's version is the PostgreSQL `xmin` of
 * its row (the transaction that last wrote it), plus, for a composite record, a fingerprint of its
 * parts kept in other tables. GET answers it as a strong `ETag` and as `version` in the data; a
 * write honours `If-Match` by locking the row, comparing, writing and reading the new version in one
 * transaction, so of N simultaneous writes with the same If-Match exactly one lands.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Db, type Queryable, rowsOf } from '../db/database.js';
import { AppError } from '../errors.js';

/** Which row carries a record's version, and what else the version covers. */
export interface RecordVersion {
  /** The row's key column, e.g. places.id. */
  key: PgColumn;
  id: string;
  /** The audit log's entity type, for "what changed since" from the record's history. */
  entityType: string;
  /**
   * A composite record's other parts: SQL giving one text value that changes whenever a part does
   * (e.g. a fingerprint of a respondent's codings). Read in its own statement after the row lock.
   */
  parts?: SQL;
}

export const EDIT_CONFLICT = 'urn:cairn:problem:edit-conflict';

/** One field's change since the writer's version: the value then and the value now. */
export interface ChangeSince {
  at: string;
  summary: string;
  changes: Record<string, [unknown, unknown]>;
}

export class EditConflict extends AppError {
  constructor(
    readonly current: Record<string, unknown>,
    readonly changes: ChangeSince[] | null,
  ) {
    super(
      409,
      'Edit conflict',
      'Someone else changed this record since you opened it. Review what changed, then save again if you still want your version.',
    );
  }
}

/** Thrown inside the write's transaction so it rolls back; turned into EditConflict outside it. */
class Stale extends Error {
  constructor(readonly version: string) {
    super('stale version');
  }
}

export class BadIfMatch extends AppError {
  constructor() {
    super(
      400,
      'Bad request',
      'The If-Match header must be the ETag Cairn sent for this record, in double quotes, such as "1234" (or * for any version).',
      [{ path: ['headers', 'if-match'], message: 'Must be a quoted ETag from Cairn, such as "1234"' }],
    );
  }
}

const VERSION = /^[0-9]+(\.[0-9a-f]{12})?$/;
const TAG = /^"([\x21\x23-\x7e]*)"$/;

/**
 * The versions an If-Match header accepts: null when there is none (write as before), '*' for any
 * version. Weak tags (W/"…") are refused: a write needs the exact version, not a similar one.
 */
export function parseIfMatch(header: string | string[] | undefined): null | '*' | string[] {
  if (header === undefined) return null;
  const text = (Array.isArray(header) ? header.join(',') : header).trim();
  if (text === '*') return '*';
  if (!text || text.length > 1000) throw new BadIfMatch();
  const tags = text.split(',').map((t) => t.trim());
  return tags.map((t) => {
    const m = TAG.exec(t);
    if (!m) throw new BadIfMatch();
    return m[1]!;
  });
}

export const etagOf = (version: string) => `"${version}"`;
export const isVersion = (v: string) => VERSION.test(v);

/** The record's version now, or null when the row does not exist. */
export async function versionOf(db: Queryable, rec: RecordVersion): Promise<string | null> {
  const [row] = await rowsOf<{ v: string; parts: string | null }>(
    db,
    sql`
    select ${rec.key.table}.xmin::text as v, ${rec.parts ?? sql`null::text`} as parts
    from ${rec.key.table} where ${rec.key} = ${rec.id}`,
  );
  if (!row) return null;
  // Twelve hex digits of md5 are plenty to tell one state of a record's parts from the next.
  return row.parts === null ? row.v : `${row.v}.${row.parts.slice(0, 12)}`;
}

/** SQL for a composite record's parts: md5 over the rows' own versions and keys, '0' when none. */
export const partsOf = (rows: SQL) =>
  sql`(select coalesce(md5(string_agg(p.part, ',' order by p.part)), '000000000000') from (${rows}) as p(part))`;

/** Reads a record's version for a GET and answers it as the ETag. Read it before the record, so a write in between only makes it older (a needless 409, never a lost update). */
export async function answerVersion(db: Queryable, reply: FastifyReply, rec: RecordVersion): Promise<string | null> {
  const version = await versionOf(db, rec);
  if (version) reply.header('ETag', etagOf(version));
  return version;
}

export interface GuardedWrite<T> {
  result: T;
  /** The record's version after the write; null once deleted. */
  version: string | null;
}

/**
 * Runs a write to one record, honouring If-Match. The row is locked (FOR UPDATE) before the
 * comparison, so simultaneous writers queue and each compares against the version the previous one
 * left. Without If-Match the write goes ahead as it always did. `current` gives the record as its
 * GET would (with the caller's access checks), for the 409; `history` says whether the caller may
 * see the record's audit history, from which "what changed since" is read.
 */
export async function guardWrite<T>(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  rec: RecordVersion,
  write: (tx: Db) => Promise<T>,
  conflict: { current: () => Promise<Record<string, unknown>>; history: boolean },
): Promise<GuardedWrite<T>> {
  const expected = parseIfMatch(req.headers['if-match']);
  let out: GuardedWrite<T>;
  try {
    out = await db.transaction(async (tx) => {
      const locked = await rowsOf(tx, sql`select 1 from ${rec.key.table} where ${rec.key} = ${rec.id} for update`);
      if (locked.length && expected && expected !== '*') {
        // Its own statement after the lock, so it sees what the writer before us committed.
        const now = await versionOf(tx, rec);
        if (now && !expected.includes(now)) throw new Stale(now);
      }
      const result = await write(tx as unknown as Db);
      return { result, version: await versionOf(tx, rec) };
    });
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
    const current = await conflict.current();
    const since = conflict.history && expected !== '*' && expected ? await changesSince(db, rec, expected) : null;
    throw new EditConflict({ ...current, version: err.version }, since);
  }
  if (out.version) reply.header('ETag', etagOf(out.version));
  return out;
}

/**
 * What the record's history says changed after the writer's version: the audit rows written by the
 * transactions after the one that made it (an audit row shares its write's transaction, so its
 * `xmin` names that version). Null when the history cannot say (the version came from an unaudited
 * write, or the record's parts changed elsewhere).
 */
export async function changesSince(db: Queryable, rec: RecordVersion, expected: string[]): Promise<ChangeSince[] | null> {
  // A composite version's parts cannot be traced back to a write; the current record says it all.
  const xmins = expected.filter((v) => isVersion(v) && !v.includes('.'));
  if (!xmins.length) return null;
  const rows = await rowsOf<{ at: Date | string; summary: string; changes: Record<string, [unknown, unknown]> }>(
    db,
    sql`
    with anchor as (
      select max(id) as id from audit_events
      where entity_type = ${rec.entityType} and entity_id = ${rec.id} and xmin::text in (${sql.join(
        xmins.map((x) => sql`${x}`),
        sql`, `,
      )})
    )
    select a.at, a.summary, a.changes from audit_events a, anchor
    where anchor.id is not null and a.entity_type = ${rec.entityType} and a.entity_id = ${rec.id} and a.id > anchor.id
    order by a.id limit 50`,
  );
  if (!rows.length) return null;
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), summary: r.summary, changes: r.changes }));
}

/** The If-Match header in a route's schema, so the OpenAPI document shows it. Other headers pass through. */
export const IfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe(
      'The ETag from this record’s GET (or the last write), quoted. A stale one gets 409 with type urn:cairn:problem:edit-conflict, the current record and what changed; without it the write goes ahead as before.',
    ),
});

/** `version` in a record's data: the same value as its ETag, without the quotes. */
export const Version = z
  .string()
  .describe('The record’s version, as in its ETag; send it back in If-Match (quoted) to write only if nobody else has since');

/** A record answer with its version in the data, as its GET and writes give it. */
export const withVersion = <A extends { data: object }>(answer: A, version: string | null) => ({
  ...answer,
  data: { ...answer.data, ...(version ? { version } : {}) },
});
