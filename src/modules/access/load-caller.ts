import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.js';
import { partnershipMembers, programmeRoles, users } from '../accounts/schema.js';
import { partnerships } from '../partnerships/schema.js';
import type { Caller } from './access.js';

/** Reads a user's memberships into a Caller; null when the account is missing or disabled. */
export async function loadCaller(db: Queryable, userId: string): Promise<Caller | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabledAt) return null;
  const roles = await db
    .select({ programmeId: programmeRoles.programmeId, role: programmeRoles.role })
    .from(programmeRoles)
    .where(eq(programmeRoles.userId, userId));
  const members = await db
    .select({ partnershipId: partnershipMembers.partnershipId, programmeId: partnerships.programmeId })
    .from(partnershipMembers)
    .innerJoin(partnerships, eq(partnerships.id, partnershipMembers.partnershipId))
    .where(eq(partnershipMembers.userId, userId));
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    programmeRoles: new Map(roles.map((r) => [r.programmeId, r.role])),
    partnerships: new Map(members.map((m) => [m.partnershipId, m.programmeId])),
  };
}
