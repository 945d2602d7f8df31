import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Forbidden, Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import type { Caller } from '../../access/access.js';
import { users } from '../../accounts/schema.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { programmeRoles } from '../../accounts/schema.js';
import { providerRecord, versionsOf } from '../versions.js';
import { supportAssignments, supportProviders } from './schema.js';

export type SupportProvider = typeof supportProviders.$inferSelect;

export interface ProviderInput {
  role: string;
  name: string;
  organisationId?: string | null | undefined;
  email?: string | undefined;
  userId?: string | null | undefined;
  regions?: string | undefined;
  notes?: string | undefined;
}

export interface AssignmentInput {
  partnershipId: string;
  contactName?: string | undefined;
  contactEmail?: string | undefined;
}

const nameConflict = {
  support_providers_name_key: { path: 'name', message: 'This programme already has a support provider with that name in that role' },
};
const assignmentConflict = {
  support_assignments_key: { path: 'partnershipId', message: 'That provider already covers that partnership' },
};

// ---- who may do what: the functions other parts of Cairn call ----------------------------------

/**
 * The partnerships of this programme that a signed-in person covers as a support provider (any role
 * they hold in `support_providers` linked to their account). Empty for someone who covers none.
 */
export async function assignedPartnershipIds(db: Queryable, programmeId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: supportAssignments.partnershipId })
    .from(supportAssignments)
    .innerJoin(supportProviders, eq(supportProviders.id, supportAssignments.providerId))
    .where(and(eq(supportProviders.programmeId, programmeId), eq(supportProviders.userId, userId)));
  return rows.map((r) => r.id);
}

/**
 * Is this person a facilitator assigned to this partnership? True only when they hold the programme's
 * facilitator role AND a support provider linked to their account covers the partnership. Programme
 * managers are not facilitators by this test (ask `ctx.access.canManage` for them).
 */
export async function isAssignedFacilitator(
  db: Queryable,
  caller: Pick<Caller, 'userId' | 'programmeRoles'>,
  programmeId: string,
  partnershipId: string,
): Promise<boolean> {
  if (caller.programmeRoles.get(programmeId) !== 'facilitator') return false;
  const [hit] = await db
    .select({ id: supportAssignments.id })
    .from(supportAssignments)
    .innerJoin(supportProviders, eq(supportProviders.id, supportAssignments.providerId))
    .where(
      and(
        eq(supportProviders.programmeId, programmeId),
        eq(supportProviders.userId, caller.userId),
        eq(supportAssignments.partnershipId, partnershipId),
      ),
    )
    .limit(1);
  return hit !== undefined;
}

/**
 * May this caller log support (contacts, credit) for this partnership? Programme managers and
 * administrators for any partnership; a facilitator for the partnerships they are assigned to.
 */
export async function canLogSupport(db: Queryable, ctx: ProgrammeContext, caller: Caller, partnershipId: string): Promise<boolean> {
  if (ctx.access.canManage) return true;
  return isAssignedFacilitator(db, caller, ctx.programme.id, partnershipId);
}

/** As `canLogSupport`, refusing with a sentence that says why. */
export async function requireCanLogSupport(db: Queryable, ctx: ProgrammeContext, caller: Caller, partnershipId: string) {
  if (!(await canLogSupport(db, ctx, caller, partnershipId)))
    throw new Forbidden('Only a programme manager, or a facilitator assigned to this partnership, can log its support.');
}

// ---- providers ------------------------------------------------------------------------------------

export async function listProviders(db: Queryable, ctx: ProgrammeContext) {
  const rows = await db
    .select({
      id: supportProviders.id,
      role: supportProviders.role,
      name: supportProviders.name,
      organisationId: supportProviders.organisationId,
      organisationName: organisations.name,
      email: supportProviders.email,
      userId: supportProviders.userId,
      userName: users.name,
      regions: supportProviders.regions,
      notes: supportProviders.notes,
    })
    .from(supportProviders)
    .leftJoin(organisations, eq(organisations.id, supportProviders.organisationId))
    .leftJoin(users, eq(users.id, supportProviders.userId))
    .where(eq(supportProviders.programmeId, ctx.programme.id))
    .orderBy(asc(supportProviders.role), asc(supportProviders.name));
  const covers = rows.length
    ? await db
        .select({
          id: supportAssignments.id,
          providerId: supportAssignments.providerId,
          partnershipId: supportAssignments.partnershipId,
          partnershipName: partnerships.name,
          contactName: supportAssignments.contactName,
          contactEmail: supportAssignments.contactEmail,
        })
        .from(supportAssignments)
        .innerJoin(partnerships, eq(partnerships.id, supportAssignments.partnershipId))
        .where(
          inArray(
            supportAssignments.providerId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(partnerships.name))
    : [];
  // A partnership member sees the providers who cover their partnerships, and no contact e-mails.
  const mine = ctx.access.scope === 'partnership' ? new Set(ctx.access.partnershipIds) : null;
  // Each provider's version (with whom it covers), for If-Match on its PATCH and PUTs; managers only write.
  const versions = ctx.access.canManage
    ? await versionsOf(
        db,
        rows.map((r) => r.id),
        providerRecord,
      )
    : new Map<string, string>();
  return rows
    .map((r) => ({
      id: r.id,
      role: r.role,
      name: r.name,
      organisation: r.organisationId && r.organisationName !== null ? { id: r.organisationId, name: r.organisationName } : null,
      email: mine ? '' : r.email,
      person: r.userId && r.userName !== null ? { id: r.userId, name: r.userName } : null,
      regions: r.regions,
      notes: mine ? '' : r.notes,
      ...(versions.has(r.id) && { version: versions.get(r.id)! }),
      covers: covers
        .filter((c) => c.providerId === r.id && (!mine || mine.has(c.partnershipId)))
        .map(({ providerId: _, ...c }) => (mine ? { ...c, contactEmail: '' } : c)),
    }))
    .filter((p) => !mine || p.covers.length > 0);
}

/** The people with a role in the programme (for a manager linking a provider to a Cairn account). */
export async function programmePeople(db: Queryable, ctx: ProgrammeContext) {
  if (!ctx.access.canManage) return [];
  return db
    .select({ id: users.id, name: users.name, role: programmeRoles.role })
    .from(programmeRoles)
    .innerJoin(users, eq(users.id, programmeRoles.userId))
    .where(eq(programmeRoles.programmeId, ctx.programme.id))
    .orderBy(asc(users.name));
}

async function loadProvider(db: Queryable, ctx: ProgrammeContext, providerId: string) {
  const [p] = await db
    .select()
    .from(supportProviders)
    .where(and(eq(supportProviders.id, providerId), eq(supportProviders.programmeId, ctx.programme.id)));
  if (!p) throw new NotFound('That support provider');
  return p;
}

async function checkProviderRefs(db: Queryable, ctx: ProgrammeContext, input: Partial<ProviderInput>) {
  const errors: FieldError[] = [];
  if (input.organisationId) {
    const [o] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, input.organisationId), eq(organisations.programmeId, ctx.programme.id)));
    if (!o) errors.push({ path: ['organisationId'], message: 'That organisation is not in this programme' });
  }
  if (input.userId) {
    const [u] = await db
      .select({ id: programmeRoles.userId })
      .from(programmeRoles)
      .where(and(eq(programmeRoles.userId, input.userId), eq(programmeRoles.programmeId, ctx.programme.id)));
    if (!u) errors.push({ path: ['userId'], message: 'That person has no role in this programme' });
  }
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
}

const providerAudit = (p: SupportProvider) => ({
  role: p.role,
  name: p.name,
  organisationId: p.organisationId,
  email: p.email,
  userId: p.userId,
  regions: p.regions,
  notes: p.notes,
});

export async function createProvider(db: Db, ctx: ProgrammeContext, actor: Actor, input: ProviderInput, tx?: Queryable) {
  requireManager(ctx);
  await checkProviderRefs(tx ?? db, ctx, input);
  const write = async (t: Queryable) => {
    const [p] = await t
      .insert(supportProviders)
      .values({
        programmeId: ctx.programme.id,
        role: input.role.trim(),
        name: input.name.trim(),
        organisationId: input.organisationId ?? null,
        email: input.email?.trim() ?? '',
        userId: input.userId ?? null,
        regions: input.regions ?? '',
        notes: input.notes ?? '',
      })
      .returning();
    await recordAudit(t, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-provider',
      entityId: p!.id,
      action: 'create',
      summary: `Added ${p!.name} as a support provider`,
      after: providerAudit(p!),
    });
    return p!;
  };
  try {
    return tx ? await write(tx) : await db.transaction(write);
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function updateProvider(db: Db, ctx: ProgrammeContext, actor: Actor, providerId: string, input: Partial<ProviderInput>) {
  requireManager(ctx);
  const before = await loadProvider(db, ctx, providerId);
  await checkProviderRefs(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .update(supportProviders)
        .set({
          ...(input.role !== undefined && { role: input.role.trim() }),
          ...(input.name !== undefined && { name: input.name.trim() }),
          ...(input.organisationId !== undefined && { organisationId: input.organisationId }),
          ...(input.email !== undefined && { email: input.email.trim() }),
          ...(input.userId !== undefined && { userId: input.userId }),
          ...(input.regions !== undefined && { regions: input.regions }),
          ...(input.notes !== undefined && { notes: input.notes }),
        })
        .where(eq(supportProviders.id, before.id))
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'support-provider',
        entityId: p!.id,
        action: 'update',
        summary: `Updated support provider ${p!.name}`,
        before: providerAudit(before),
        after: providerAudit(p!),
      });
      return p!;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

export async function assignProvider(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  providerId: string,
  input: AssignmentInput,
  tx?: Queryable,
) {
  requireManager(ctx);
  const q = tx ?? db;
  const provider = await loadProvider(q, ctx, providerId);
  const [p] = await q
    .select({ id: partnerships.id, name: partnerships.name })
    .from(partnerships)
    .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
  if (!p)
    throw new Invalid('That partnership is not in this programme.', [
      { path: ['partnershipId'], message: 'That partnership is not in this programme' },
    ]);
  // PUT: covering a partnership already covered changes its named contact.
  const write = async (t: Queryable) => {
    const [before] = await t
      .select()
      .from(supportAssignments)
      .where(and(eq(supportAssignments.providerId, provider.id), eq(supportAssignments.partnershipId, p.id)));
    const contact = { contactName: input.contactName?.trim() ?? '', contactEmail: input.contactEmail?.trim() ?? '' };
    const [a] = before
      ? await t.update(supportAssignments).set(contact).where(eq(supportAssignments.id, before.id)).returning()
      : await t
          .insert(supportAssignments)
          .values({ providerId: provider.id, partnershipId: p.id, ...contact })
          .returning();
    await recordAudit(t, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-provider',
      entityId: provider.id,
      action: before ? 'update' : 'assign',
      summary: before ? `Changed ${provider.name}’s contact at ${p.name}` : `${provider.name} now covers ${p.name}`,
      ...(before && { before: { partnershipId: p.id, contactName: before.contactName, contactEmail: before.contactEmail } }),
      after: { partnershipId: p.id, contactName: a!.contactName, contactEmail: a!.contactEmail },
    });
    return { id: a!.id, partnershipId: p.id, partnershipName: p.name, contactName: a!.contactName, contactEmail: a!.contactEmail };
  };
  try {
    return tx ? await write(tx) : await db.transaction(write);
  } catch (err) {
    conflictFromDb(err, assignmentConflict);
  }
}

export async function unassignProvider(db: Db, ctx: ProgrammeContext, actor: Actor, providerId: string, partnershipId: string) {
  requireManager(ctx);
  const provider = await loadProvider(db, ctx, providerId);
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(supportAssignments)
      .where(and(eq(supportAssignments.providerId, provider.id), eq(supportAssignments.partnershipId, partnershipId)))
      .returning();
    if (!gone) throw new NotFound('That assignment');
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-provider',
      entityId: provider.id,
      action: 'unassign',
      summary: `${provider.name} no longer covers a partnership`,
      before: { partnershipId, contactName: gone.contactName, contactEmail: gone.contactEmail },
    });
  });
}

/** Providers matched by name or e-mail (any case) in one role — the import's look-up. */
export async function providersByNameOrEmail(db: Queryable, programmeId: string) {
  return db
    .select({ id: supportProviders.id, role: supportProviders.role, name: supportProviders.name, email: supportProviders.email })
    .from(supportProviders)
    .where(eq(supportProviders.programmeId, programmeId))
    .orderBy(sql`${supportProviders.role} = 'facilitator' desc`, asc(supportProviders.createdAt));
}
