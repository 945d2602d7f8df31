// Looking up the names of the records audit events mention, as they are now. Each module says how its
// records are named (<module>/audit-wording.ts, with `lookupNames` over its own table); history.ts asks
// every kind at once for the ids on one page of events.
import { type SQL, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/database.js';
import { type EntityWording, type Names, type RefKind, isUuid, nameKey, refsOf } from './wording.js';

/** The names of the records of one kind with these ids (those that still exist). */
export type NameLookup = (db: Queryable, ids: string[]) => Promise<{ id: string; name: string }[]>;

/** A lookup by id in one table: `name` is a column, or SQL over the table's columns. */
export function lookupNames(table: PgTable, id: PgColumn, name: PgColumn | SQL): NameLookup {
  return async (db, ids) =>
    (await db
      .select({ id: sql<string>`${id}::text`, name: sql<string>`${name}` })
      .from(table)
      .where(inArray(id, ids))) as { id: string; name: string }[];
}

/** Every name the events need, looked up once per kind of record. */
export async function namesFor(
  db: Queryable,
  lookups: Partial<Record<RefKind, NameLookup>>,
  wordingOf: (entityType: string) => EntityWording | undefined,
  events: { entityType: string; entityId: string; programmeId: string | null; changes: Record<string, [unknown, unknown]> }[],
): Promise<Names> {
  const wanted = new Map<RefKind, Set<string>>();
  for (const e of events) {
    for (const [kind, id] of refsOf(wordingOf(e.entityType), e)) {
      if (!wanted.has(kind)) wanted.set(kind, new Set());
      wanted.get(kind)!.add(id);
    }
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async ([kind, ids]) => {
      const lookup = lookups[kind];
      // Keys such as an indicator's "<programme id>:<key>" are the lookup's own business; plain ids must be uuids.
      const list = [...ids].filter((i) => kind === 'indicator-key' || isUuid(i));
      if (!lookup || !list.length) return;
      for (const r of await lookup(db, list)) names.set(nameKey(kind, r.id), r.name);
    }),
  );
  return names;
}
