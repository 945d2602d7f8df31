import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { issueOneTimeLink, linkState } from './one-time-links.js';
import { hashPassword, newPasswordProblem } from './passwords.js';
import { passwordResets, sessions, users } from './schema.js';
import { hashToken } from './tokens.js';

/** Long enough to reach someone by phone or message the same day; short enough that a lost link dies. */
export const RESET_HOURS = 24;

/**
 * An administrator's answer to "I have forgotten my password": a link the person opens to choose a new
 * one. Cairn sends no email, so the administrator passes it on. A new link replaces any earlier one.
 */
export async function issueResetLink(db: Db, actor: Actor, userId: string, baseUrl: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFound('That account');
  if (user.disabledAt) throw new Conflict('This account is disabled: it cannot be given a new password.');
  const { hash, expiresAt, link } = issueOneTimeLink(baseUrl, 'password-reset', RESET_HOURS * 3_600_000);
  return db.transaction(async (tx) => {
    await tx.delete(passwordResets).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    const [reset] = await tx.insert(passwordResets).values({ tokenHash: hash, userId, issuedBy: actor.userId, expiresAt }).returning();
    // The token itself never goes in the audit trail: the log would then hold a working link.
    await recordAudit(tx, actor, {
      programmeId: null,
      entityType: 'user',
      entityId: userId,
      action: 'issue-reset-link',
      summary: `Made a password reset link for ${user.email}`,
      after: { resetId: reset!.id, expiresAt: expiresAt.toISOString() },
    });
    return { userId, email: user.email, name: user.name, expiresAt: expiresAt.toISOString(), link };
  });
}

async function openReset(db: Db, token: string) {
  const [row] = await db
    .select({ reset: passwordResets, email: users.email, name: users.name, disabledAt: users.disabledAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)));
  if (!row) throw new NotFound('That password reset link');
  return row;
}

export async function describeReset(db: Db, token: string) {
  const row = await openReset(db, token);
  const state = linkState(row.reset);
  return { email: row.email, expired: state === 'expired', used: state === 'used' };
}

/**
 * Sets the new password and ends every session the person had: whoever else was signed in as them (the
 * reason for a reset may be a shared or stolen device) has to sign in again. Works once.
 */
export async function useReset(db: Db, token: string, password: string) {
  const row = await openReset(db, token);
  const state = linkState(row.reset);
  if (state === 'used')
    throw new Conflict('This password reset link has already been used. Sign in, or ask your administrator for a new link.');
  if (state === 'expired')
    throw new Invalid(`This password reset link has expired (they last ${RESET_HOURS} hours). Ask your administrator for a new one.`);
  if (row.disabledAt) throw new Conflict('This account is disabled. Ask your administrator.');
  const problem = await newPasswordProblem(password, { email: row.email, name: row.name });
  if (problem) throw new Invalid(problem, [{ path: ['password'], message: problem }]);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Marked used only if still unused: of two tabs sending the same link at once, one wins.
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.id, row.reset.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (!claimed) throw new Conflict('This password reset link has already been used. Sign in, or ask your administrator for a new link.');
    await tx.update(users).set({ passwordHash }).where(eq(users.id, row.reset.userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, row.reset.userId)).returning({ userId: sessions.userId });
    await recordAudit(
      tx,
      { userId: row.reset.userId, label: row.email },
      {
        programmeId: null,
        entityType: 'user',
        entityId: row.reset.userId,
        action: 'reset-password',
        summary: `${row.email} chose a new password with a reset link; ${ended.length} session${ended.length === 1 ? '' : 's'} ended`,
        after: { resetId: row.reset.id, sessionsEnded: ended.length },
      },
    );
    return { email: row.email };
  });
}
