import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database.js';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated, conflictFromDb } from '../../errors.js';
import type { Caller } from '../access/access.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { partnerships } from '../partnerships/schema.js';
import { programmes } from '../programmes/schema.js';
import { decoyHash, hashPassword, newPasswordProblem, verifyPassword } from './passwords.js';
import { type ProgrammeRole, invitations, partnershipMembers, programmeRoles, users } from './schema.js';
import { issueOneTimeLink, linkState } from './one-time-links.js';
import { hashToken } from './tokens.js';

export const INVITATION_DAYS = 14;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  hasPassword: boolean;
  disabled: boolean;
}

const present = (u: typeof users.$inferSelect): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  hasPassword: u.passwordHash !== null,
  disabled: u.disabledAt !== null,
});

export function requireAdmin(caller: Caller): void {
  if (!caller.isAdmin) throw new Forbidden('Only a platform administrator can manage accounts.');
}

export async function findUserByEmail(db: Queryable, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email.trim()})`);
  return u;
}

/** Checks an email and password. One message for both kinds of mistake, so emails cannot be probed. */
export async function signIn(db: Db, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash || user.disabledAt) {
    await verifyPassword(await decoyHash(), password);
    throw new Unauthenticated('The email address or password is not right.');
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new Unauthenticated('The email address or password is not right.');
  }
  return present(user);
}

export interface NewUser {
  email: string;
  name: string;
  password?: string | undefined;
  isAdmin?: boolean;
  isDemo?: boolean;
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<PublicUser> {
  if (input.password) {
    const problem = await newPasswordProblem(input.password, input);
    if (problem) throw new Invalid(problem, [{ path: ['password'], message: problem }]);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new Conflict('An account with that email address already exists.', [
        { path: ['email'], message: 'An account with that email address already exists' },
      ]);
    }
    const [u] = await tx
      .insert(users)
      .values({
        email: input.email.trim(),
        name: input.name.trim(),
        passwordHash,
        isAdmin: input.isAdmin ?? false,
        isDemo: input.isDemo ?? false,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: null,
      entityType: 'user',
      entityId: u!.id,
      action: 'create',
      summary: `Created account ${u!.email}`,
      after: { email: u!.email, name: u!.name, isAdmin: u!.isAdmin },
    });
    return present(u!);
  });
}

export interface InvitationInput {
  email: string;
  name: string;
  isAdmin?: boolean | undefined;
  programme?: string | undefined;
  role?: ProgrammeRole | undefined;
  partnershipId?: string | undefined;
}

/** Resolves an invitation's programme (by slug) and partnership, checking they belong together. */
async function resolveGrant(
  db: Queryable,
  input: { programme?: string | undefined; role?: ProgrammeRole | undefined; partnershipId?: string | undefined },
) {
  if (!input.programme) {
    if (input.role || input.partnershipId) {
      throw new Invalid('Choose a programme for that role.', [{ path: ['programme'], message: 'Choose a programme' }]);
    }
    return { programmeId: null, partnershipId: null };
  }
  const [p] = await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, input.programme));
  if (!p)
    throw new Invalid('There is no programme with that slug.', [{ path: ['programme'], message: 'There is no programme with that slug' }]);
  if (!input.role && !input.partnershipId) {
    throw new Invalid('Choose a role in the programme or a partnership.', [{ path: ['role'], message: 'Choose a role or a partnership' }]);
  }
  if (input.partnershipId) {
    const [ps] = await db
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, p.id)));
    if (!ps) {
      throw new Invalid('That partnership is not in this programme.', [
        { path: ['partnershipId'], message: 'That partnership is not in this programme' },
      ]);
    }
  }
  return { programmeId: p.id, partnershipId: input.partnershipId ?? null };
}

export async function inviteUser(db: Db, actor: Actor, input: InvitationInput, baseUrl: string) {
  const grant = await resolveGrant(db, input);
  const { hash, expiresAt, link } = issueOneTimeLink(baseUrl, 'invitations', INVITATION_DAYS * 86_400_000);
  const existing = await findUserByEmail(db, input.email);
  if (existing?.passwordHash) {
    throw new Conflict('That person already has an account: give them a role on their user page instead.', [
      { path: ['email'], message: 'That person already has an account' },
    ]);
  }
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .insert(invitations)
      .values({
        tokenHash: hash,
        email: input.email.trim(),
        name: input.name.trim(),
        isAdmin: input.isAdmin ?? false,
        programmeId: grant.programmeId,
        programmeRole: input.role ?? null,
        partnershipId: grant.partnershipId,
        invitedBy: actor.userId,
        expiresAt,
      })
      .returning();
    await recordAudit(tx, actor, {
      programmeId: grant.programmeId,
      entityType: 'invitation',
      entityId: inv!.id,
      action: 'create',
      summary: `Invited ${inv!.email}`,
      after: { email: inv!.email, role: inv!.programmeRole, partnershipId: inv!.partnershipId, isAdmin: inv!.isAdmin },
    });
    return {
      id: inv!.id,
      email: inv!.email,
      name: inv!.name,
      expiresAt: expiresAt.toISOString(),
      link,
    };
  });
}

async function openInvitation(db: Queryable, token: string) {
  const [inv] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!inv) throw new NotFound('That invitation');
  return inv;
}

export async function describeInvitation(db: Db, token: string) {
  const inv = await openInvitation(db, token);
  const state = linkState({ expiresAt: inv.expiresAt, usedAt: inv.acceptedAt });
  return { email: inv.email, name: inv.name, expired: state === 'expired', accepted: state === 'used' };
}

export async function acceptInvitation(db: Db, token: string, input: { name: string; password: string }) {
  const inv = await openInvitation(db, token);
  const state = linkState({ expiresAt: inv.expiresAt, usedAt: inv.acceptedAt });
  if (state === 'used') throw new Conflict('This invitation has already been used. Sign in instead.');
  if (state === 'expired') throw new Invalid('This invitation has expired. Ask your administrator for a new one.');
  const problem = await newPasswordProblem(input.password, { email: inv.email, name: input.name || inv.name });
  if (problem) throw new Invalid(problem, [{ path: ['password'], message: problem }]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    let user = await findUserByEmail(tx, inv.email);
    if (user?.passwordHash) throw new Conflict('That email address already has an account. Sign in instead.');
    if (user) {
      [user] = await tx
        .update(users)
        .set({ passwordHash, name: input.name.trim() || user.name })
        .where(eq(users.id, user.id))
        .returning();
    } else {
      [user] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name.trim() || inv.name, passwordHash, isAdmin: inv.isAdmin })
        .returning();
    }
    const actor = { userId: user!.id, label: user!.email };
    if (inv.isAdmin && !user!.isAdmin) await tx.update(users).set({ isAdmin: true }).where(eq(users.id, user!.id));
    if (inv.programmeId && inv.programmeRole) await upsertRole(tx, user!.id, inv.programmeId, inv.programmeRole);
    if (inv.partnershipId) {
      await tx.insert(partnershipMembers).values({ userId: user!.id, partnershipId: inv.partnershipId }).onConflictDoNothing();
    }
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    await recordAudit(tx, actor, {
      programmeId: inv.programmeId,
      entityType: 'invitation',
      entityId: inv.id,
      action: 'accept',
      summary: `${user!.email} accepted an invitation`,
      after: { userId: user!.id },
    });
    return present(user!);
  });
}

async function upsertRole(tx: Queryable, userId: string, programmeId: string, role: ProgrammeRole) {
  await tx
    .insert(programmeRoles)
    .values({ userId, programmeId, role })
    .onConflictDoUpdate({ target: [programmeRoles.userId, programmeRoles.programmeId], set: { role } });
}

export async function listUsers(db: Db, q: { search?: string | undefined }) {
  const where = q.search ? or(ilike(users.email, `%${q.search}%`), ilike(users.name, `%${q.search}%`)) : undefined;
  const rows = await db.select().from(users).where(where).orderBy(asc(users.name)).limit(500);
  if (!rows.length) return [];
  const ids = rows.map((u) => u.id);
  // Each person's roles and partnerships, for the whole page in two queries.
  const [roles, member] = await Promise.all([
    db
      .select({ userId: programmeRoles.userId, programme: programmes.slug, programmeName: programmes.name, role: programmeRoles.role })
      .from(programmeRoles)
      .innerJoin(programmes, eq(programmes.id, programmeRoles.programmeId))
      .where(inArray(programmeRoles.userId, ids))
      .orderBy(asc(programmes.name)),
    db
      .select({
        userId: partnershipMembers.userId,
        partnershipId: partnerships.id,
        partnershipName: partnerships.name,
        programme: programmes.slug,
        programmeName: programmes.name,
      })
      .from(partnershipMembers)
      .innerJoin(partnerships, eq(partnerships.id, partnershipMembers.partnershipId))
      .innerJoin(programmes, eq(programmes.id, partnerships.programmeId))
      .where(inArray(partnershipMembers.userId, ids))
      .orderBy(asc(programmes.name), asc(partnerships.name)),
  ]);
  return rows.map((u) => ({
    ...present(u),
    programmeRoles: roles.filter((r) => r.userId === u.id).map(({ userId: _, ...r }) => r),
    partnerships: member.filter((m) => m.userId === u.id).map(({ userId: _, ...m }) => m),
  }));
}

export async function listPendingInvitations(db: Db) {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      role: invitations.programmeRole,
      programme: programmes.slug,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .leftJoin(programmes, eq(programmes.id, invitations.programmeId))
    .where(isNull(invitations.acceptedAt))
    .orderBy(asc(invitations.createdAt));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), expired: r.expiresAt.getTime() < Date.now() }));
}

export async function userDetail(db: Db, userId: string) {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u) throw new NotFound('That account');
  const roles = await db
    .select({ programme: programmes.slug, programmeName: programmes.name, role: programmeRoles.role })
    .from(programmeRoles)
    .innerJoin(programmes, eq(programmes.id, programmeRoles.programmeId))
    .where(eq(programmeRoles.userId, userId));
  const member = await db
    .select({ partnershipId: partnerships.id, partnershipName: partnerships.name, programme: programmes.slug })
    .from(partnershipMembers)
    .innerJoin(partnerships, eq(partnerships.id, partnershipMembers.partnershipId))
    .innerJoin(programmes, eq(programmes.id, partnerships.programmeId))
    .where(eq(partnershipMembers.userId, userId));
  return { ...present(u), programmeRoles: roles, partnerships: member };
}

export async function setProgrammeRole(db: Db, actor: Actor, userId: string, programme: string, role: ProgrammeRole | null) {
  await userDetail(db, userId);
  const [p] = await db.select().from(programmes).where(eq(programmes.slug, programme));
  if (!p)
    throw new Invalid('There is no programme with that slug.', [{ path: ['programme'], message: 'There is no programme with that slug' }]);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: programmeRoles.role })
      .from(programmeRoles)
      .where(and(eq(programmeRoles.userId, userId), eq(programmeRoles.programmeId, p.id)));
    if (role) await upsertRole(tx, userId, p.id, role);
    else await tx.delete(programmeRoles).where(and(eq(programmeRoles.userId, userId), eq(programmeRoles.programmeId, p.id)));
    await recordAudit(tx, actor, {
      programmeId: p.id,
      entityType: 'user',
      entityId: userId,
      action: role ? 'grant-role' : 'revoke-role',
      summary: role ? `Gave role ${role} in ${p.name}` : `Removed role in ${p.name}`,
      before: { role: before?.role ?? null },
      after: { role },
    });
  });
  return userDetail(db, userId);
}

export async function setPartnershipMember(db: Db, actor: Actor, userId: string, partnershipId: string, member: boolean) {
  await userDetail(db, userId);
  const [ps] = await db.select().from(partnerships).where(eq(partnerships.id, partnershipId));
  if (!ps) throw new Invalid('There is no such partnership.', [{ path: ['partnershipId'], message: 'There is no such partnership' }]);
  await db.transaction(async (tx) => {
    if (member) await tx.insert(partnershipMembers).values({ userId, partnershipId }).onConflictDoNothing();
    else
      await tx
        .delete(partnershipMembers)
        .where(and(eq(partnershipMembers.userId, userId), eq(partnershipMembers.partnershipId, partnershipId)));
    await recordAudit(tx, actor, {
      programmeId: ps.programmeId,
      entityType: 'user',
      entityId: userId,
      action: member ? 'join-partnership' : 'leave-partnership',
      summary: `${member ? 'Added to' : 'Removed from'} partnership ${ps.name}`,
      after: { partnershipId, member },
    });
  });
  return userDetail(db, userId);
}

export { conflictFromDb };
