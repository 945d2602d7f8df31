import { isIPv6 } from 'node:net';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { TooManyRequests } from '../../errors.js';
import { signInAttempts } from './schema.js';
import { hashToken } from './tokens.js';

export const SIGN_IN_WINDOW_MINUTES = 15;

export interface SignInLimits {
  /** Failed sign-ins allowed for one email from one address in the window. */
  perEmail: number;
  /** Failed sign-ins allowed from one address, whatever the emails: the ceiling for spraying guesses. */
  perAddress: number;
}

/**
 * The part of a caller's address that identifies them. One IPv6 machine usually holds a whole /64 and
 * can pick a new address in it for every guess, so IPv6 counts by its /64; IPv4 as it is.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** "12 minutes", "1 minute": the wait rounded up, never "0 minutes". */
export function minutesToWait(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/**
 * Counts sign-in attempts so that guessing is slow and colleagues are not locked out. Each attempt is
 * written before its password is checked and counted after, so a burst of parallel guesses cannot all
 * slip under the limit; a refused attempt is taken out again (waiting out the limit works), a success
 * clears that email's count from that address, and a failure stays for the window. Nothing about other
 * people's emails moves when someone signs in.
 */
export class SignInLimiter {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly limits: SignInLimits,
  ) {}

  async begin(email: string, ip: string): Promise<{ succeeded(): Promise<void> }> {
    const emailHash = hashToken(email.trim().toLowerCase());
    const address = addressKey(ip);
    const since = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
    // Housekeeping keeps the table to the window without a scheduler; once a minute is plenty, and spares
    // each sign-in a statement. Old rows never count either way: every count looks at the window only.
    if (Date.now() - this.lastSweep > 60_000) await this.sweep();
    const [own] = await this.db.insert(signInAttempts).values({ emailHash, address }).returning({ id: signInAttempts.id });
    const ownId = own!.id;
    const [counts] = await this.db
      .select({
        forEmail: sql<number>`count(*) filter (where ${signInAttempts.emailHash} = ${emailHash})`.mapWith(Number),
        forAddress: sql<number>`count(*)`.mapWith(Number),
      })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.address, address), sql`${signInAttempts.attemptedAt} > ${since}`));
    const overEmail = counts!.forEmail - this.limits.perEmail;
    const overAddress = counts!.forAddress - this.limits.perAddress;
    if (overEmail > 0 || overAddress > 0) {
      const waits = await Promise.all([
        overEmail > 0 ? this.secondsUntilFree(address, emailHash, ownId, overEmail) : 0,
        overAddress > 0 ? this.secondsUntilFree(address, null, ownId, overAddress) : 0,
      ]);
      await this.db.delete(signInAttempts).where(eq(signInAttempts.id, ownId));
      const seconds = Math.max(...waits);
      const whose = overEmail > 0 && waits[0]! >= waits[1]! ? 'for this email from your address' : 'from your address';
      throw new TooManyRequests(
        `Too many failed sign-ins ${whose}. Wait and try again in ${minutesToWait(seconds)}.`,
        Math.max(1, Math.ceil(seconds)),
      );
    }
    return {
      succeeded: async () => {
        await this.db.delete(signInAttempts).where(and(eq(signInAttempts.emailHash, emailHash), eq(signInAttempts.address, address)));
      },
    };
  }

  /** When `over` of the earlier attempts will have left the window, so this one would be allowed. */
  private async secondsUntilFree(address: string, emailHash: string | null, ownId: string, over: number): Promise<number> {
    const [row] = await this.db
      .select({
        seconds:
          sql<number>`extract(epoch from (${signInAttempts.attemptedAt} + make_interval(mins => ${SIGN_IN_WINDOW_MINUTES}) - now()))`.mapWith(
            Number,
          ),
      })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.address, address),
          ne(signInAttempts.id, ownId),
          sql`${signInAttempts.attemptedAt} > now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`,
          emailHash ? eq(signInAttempts.emailHash, emailHash) : undefined,
        ),
      )
      .orderBy(signInAttempts.attemptedAt)
      .offset(over - 1)
      .limit(1);
    return Math.max(0, row?.seconds ?? 0);
  }

  /** Drops attempts older than the window. Also run at start-up, so the first sign-in is not the one to pay for a cold table. */
  async sweep(): Promise<void> {
    this.lastSweep = Date.now();
    await this.db
      .delete(signInAttempts)
      .where(lt(signInAttempts.attemptedAt, sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`));
  }

  /** A password reset lets the person straight back in, from wherever they were refused. */
  async forgetEmail(email: string): Promise<void> {
    await this.db.delete(signInAttempts).where(eq(signInAttempts.emailHash, hashToken(email.trim().toLowerCase())));
  }
}
