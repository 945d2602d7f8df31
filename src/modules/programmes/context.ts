import { asc, eq, inArray } from 'drizzle-orm';
import { changeFeedOf } from '../../db/changes.js';
import type { Db, Queryable } from '../../db/database.js';
import { Forbidden, NotFound } from '../../errors.js';
import { type Caller, type ProgrammeAccess, programmeAccess } from '../access/access.js';
import { programmes } from './schema.js';

export type Programme = typeof programmes.$inferSelect;

export interface ProgrammeContext {
  programme: Programme;
  access: ProgrammeAccess;
}

/**
 * Opens a programme by slug for a caller. A programme the caller cannot see answers exactly like one
 * that does not exist. Every programme-scoped route starts here.
 */
export async function openProgramme(db: Queryable, caller: Caller, slug: string): Promise<ProgrammeContext> {
  const programme = await programmeBySlug(db, slug);
  const access = programme ? programmeAccess(caller, programme.id) : null;
  if (!programme || !access) throw new NotFound('That programme');
  return { programme, access };
}

/**
 * Every programme the caller holds a role or a partnership in (an administrator's own roles only, not
 * every programme), each opened as `openProgramme` would, by name.
 */
export async function programmesOf(db: Queryable, caller: Caller): Promise<ProgrammeContext[]> {
  const ids = [...new Set([...caller.programmeRoles.keys(), ...caller.partnerships.values()])];
  if (ids.length === 0) return [];
  const rows = await db.select().from(programmes).where(inArray(programmes.id, ids)).orderBy(asc(programmes.name));
  return rows.flatMap((programme) => {
    const access = programmeAccess(caller, programme.id);
    return access ? [{ programme, access }] : [];
  });
}

export function requireManager(ctx: ProgrammeContext): void {
  if (!ctx.access.canManage) throw new Forbidden('Only a programme manager can change this programme’s registry.');
}

/** Paging in one place: page numbers start at 1. */
export const pageWindow = (q: { page: number; pageSize: number }) => ({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize });

const bySlug = new WeakMap<Db, Map<string, { programme: Programme; revision: string }>>();

/** Every programme-scoped request starts with this lookup, so it is kept until the programme changes. */
async function programmeBySlug(db: Queryable, slug: string): Promise<Programme | undefined> {
  const feed = changeFeedOf(db as Db);
  const cache = feed ? (bySlug.get(db as Db) ?? bySlug.set(db as Db, new Map()).get(db as Db)!) : undefined;
  const hit = cache?.get(slug);
  if (feed && hit && feed.revision(hit.programme.id) === hit.revision) return hit.programme;
  const seen = feed?.received;
  const [programme] = await db.select().from(programmes).where(eq(programmes.slug, slug));
  // Keep it only if no change at all arrived while reading: then its revision now is its revision then.
  if (feed && cache && programme && feed.received === seen) {
    if (cache.size > 1_000) cache.clear();
    cache.set(slug, { programme, revision: feed.revision(programme.id) });
  }
  return programme;
}
