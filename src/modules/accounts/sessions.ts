import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Caller } from '../access/access.js';
import { loadCaller } from '../access/load-caller.js';
import { sessions } from './schema.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'cairn_session';
export const SESSION_DAYS = 14;
// A caller's memberships are cached briefly: a registry page makes several calls in a row, and a role
// change made in this process clears the cache at once (see `forgetUser`).
const CACHE_MS = 5_000;

export class SessionStore {
  private cache = new Map<string, { caller: Caller | null; expires: number }>();

  constructor(private readonly db: Db) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await this.db.insert(sessions).values({ tokenHash: hash, userId, expiresAt });
    // Housekeeping on sign-in keeps the table small without a scheduler.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    return { token, expiresAt };
  }

  async callerFor(token: string): Promise<Caller | null> {
    const hash = hashToken(token);
    const hit = this.cache.get(hash);
    if (hit && hit.expires > Date.now()) return hit.caller;
    const [row] = await this.db
      .select({ userId: sessions.userId })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, new Date())));
    const caller = row ? await loadCaller(this.db, row.userId) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { caller, expires: Date.now() + CACHE_MS });
    return caller;
  }

  async destroy(token: string): Promise<void> {
    const hash = hashToken(token);
    this.cache.delete(hash);
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hash));
  }

  /** Drop cached callers so a changed role or membership applies to the very next request. */
  forgetAll(): void {
    this.cache.clear();
  }
}
