import { changeFeedOf } from '../db/changes.js';
import type { Db } from '../db/database.js';
import type { ProgrammeContext } from '../modules/programmes/context.js';

/**
 * Registry lists are read far more often than written, so a list answer is kept in memory until the
 * programme next changes (see src/db/changes.ts). The key holds everything the answer depends on:
 * the programme, what the caller may see and do there, the question asked, and today's date (member
 * counts are "as of today").
 */
const MAX_ANSWERS = 2_000;
const stores = new WeakMap<Db, Map<string, { revision: string; value: unknown }>>();

export async function cachedAnswer<T>(db: Db, ctx: ProgrammeContext, question: string, compute: () => Promise<T>): Promise<T> {
  const feed = changeFeedOf(db);
  if (!feed) return compute();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new Map()));
  const scope = ctx.access.scope === 'programme' ? `all:${ctx.access.canManage}` : `own:${ctx.access.partnershipIds.join(',')}`;
  const key = `${ctx.programme.id}|${scope}|${new Date().toISOString().slice(0, 10)}|${question}`;
  // Read the revision before computing: an answer computed while a write commits is filed under the
  // older revision, so it is never served after the notification arrives.
  const revision = feed.revision(ctx.programme.id);
  const hit = store.get(key);
  if (hit && hit.revision === revision) return hit.value as T;
  const value = await compute();
  store.delete(key);
  store.set(key, { revision, value });
  if (store.size > MAX_ANSWERS) store.delete(store.keys().next().value!);
  return value;
}

/** The query string as a stable key: same question, same key, whatever the parameter order. */
export const questionOf = (resource: string, query: Record<string, unknown>) =>
  `${resource}?${JSON.stringify(
    Object.keys(query)
      .sort()
      .map((k) => [k, query[k]]),
  )}`;
