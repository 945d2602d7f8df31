import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { eventRecord, versionsOf } from '../versions.js';
import { supportAttendance, supportEvents } from './schema.js';

export interface EventInput {
  name: string;
  heldOn: string;
  place?: string | undefined;
  costPence?: number | undefined;
  notes?: string | undefined;
  agreedActions?: string | undefined;
}

export interface AttendanceInput {
  partnershipId?: string | null | undefined;
  organisationId?: string | null | undefined;
  people: number;
}

const nameConflict = { support_events_name_key: { path: 'name', message: 'This programme already has an event with that name' } };

const eventAudit = (e: typeof supportEvents.$inferSelect) => ({
  name: e.name,
  heldOn: e.heldOn,
  place: e.place,
  cost: e.costPence / 100,
  notes: e.notes,
  agreedActions: e.agreedActions,
});

export async function createEvent(db: Db, ctx: ProgrammeContext, actor: Actor, input: EventInput, tx?: Queryable) {
  requireManager(ctx);
  const write = async (t: Queryable) => {
    const [e] = await t
      .insert(supportEvents)
      .values({
        programmeId: ctx.programme.id,
        name: input.name.trim(),
        heldOn: input.heldOn,
        place: input.place ?? '',
        costPence: input.costPence ?? 0,
        notes: input.notes ?? '',
        agreedActions: input.agreedActions ?? '',
      })
      .returning();
    await recordAudit(t, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-event',
      entityId: e!.id,
      action: 'create',
      summary: `Added the event ${e!.name}`,
      after: eventAudit(e!),
    });
    return e!;
  };
  try {
    return tx ? await write(tx) : await db.transaction(write);
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

async function loadEvent(db: Queryable, ctx: ProgrammeContext, eventId: string) {
  const [e] = await db
    .select()
    .from(supportEvents)
    .where(and(eq(supportEvents.id, eventId), eq(supportEvents.programmeId, ctx.programme.id)));
  if (!e) throw new NotFound('That event');
  return e;
}

export async function updateEvent(db: Db, ctx: ProgrammeContext, actor: Actor, eventId: string, input: Partial<EventInput>) {
  requireManager(ctx);
  const before = await loadEvent(db, ctx, eventId);
  try {
    return await db.transaction(async (tx) => {
      const [e] = await tx
        .update(supportEvents)
        .set({
          ...(input.name !== undefined && { name: input.name.trim() }),
          ...(input.heldOn !== undefined && { heldOn: input.heldOn }),
          ...(input.place !== undefined && { place: input.place }),
          ...(input.costPence !== undefined && { costPence: input.costPence }),
          ...(input.notes !== undefined && { notes: input.notes }),
          ...(input.agreedActions !== undefined && { agreedActions: input.agreedActions }),
        })
        .where(eq(supportEvents.id, before.id))
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'support-event',
        entityId: e!.id,
        action: 'update',
        summary: `Updated the event ${e!.name}`,
        before: eventAudit(before),
        after: eventAudit(e!),
      });
      return e!;
    });
  } catch (err) {
    conflictFromDb(err, nameConflict);
  }
}

/** Records who came from a partnership or organisation (0 people: nobody came; the row is removed). */
export async function setAttendance(db: Db, ctx: ProgrammeContext, actor: Actor, eventId: string, input: AttendanceInput, tx?: Queryable) {
  requireManager(ctx);
  if (Boolean(input.partnershipId) === Boolean(input.organisationId))
    throw new Invalid('Choose a partnership or an organisation.', [
      { path: ['partnershipId'], message: 'Choose a partnership or an organisation' },
    ]);
  const write = async (t: Queryable) => {
    const event = await loadEvent(t, ctx, eventId);
    let who: string | undefined;
    if (input.partnershipId) {
      [{ name: who } = { name: undefined }] = await t
        .select({ name: partnerships.name })
        .from(partnerships)
        .where(and(eq(partnerships.id, input.partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
    } else {
      [{ name: who } = { name: undefined }] = await t
        .select({ name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.id, input.organisationId!), eq(organisations.programmeId, ctx.programme.id)));
    }
    if (who === undefined)
      throw new Invalid('That partnership or organisation is not in this programme.', [
        { path: [input.partnershipId ? 'partnershipId' : 'organisationId'], message: 'Choose one in this programme' },
      ]);
    const match = input.partnershipId
      ? eq(supportAttendance.partnershipId, input.partnershipId)
      : eq(supportAttendance.organisationId, input.organisationId!);
    const [before] = await t
      .select()
      .from(supportAttendance)
      .where(and(eq(supportAttendance.eventId, event.id), match));
    if (before) await t.delete(supportAttendance).where(eq(supportAttendance.id, before.id));
    if (input.people > 0)
      await t.insert(supportAttendance).values({
        eventId: event.id,
        partnershipId: input.partnershipId ?? null,
        organisationId: input.organisationId ?? null,
        people: input.people,
      });
    const ref = input.partnershipId ? { partnershipId: input.partnershipId } : { organisationId: input.organisationId! };
    await recordAudit(t, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-event',
      entityId: event.id,
      action: 'attendance',
      summary: `${who} at ${event.name}: ${input.people} ${input.people === 1 ? 'person' : 'people'}`,
      before: before ? { ...ref, people: before.people } : null,
      after: { ...ref, people: input.people },
    });
  };
  return tx ? write(tx) : db.transaction(write);
}

/** Every event with who came; a partnership member sees the events and only their partnerships' attendance. */
export async function listEvents(db: Queryable, ctx: ProgrammeContext) {
  const events = await db
    .select()
    .from(supportEvents)
    .where(eq(supportEvents.programmeId, ctx.programme.id))
    .orderBy(asc(supportEvents.heldOn), asc(supportEvents.name));
  const rows = events.length
    ? await db
        .select({
          eventId: supportAttendance.eventId,
          partnershipId: supportAttendance.partnershipId,
          partnershipName: partnerships.name,
          organisationId: supportAttendance.organisationId,
          organisationName: organisations.name,
          people: supportAttendance.people,
        })
        .from(supportAttendance)
        .leftJoin(partnerships, eq(partnerships.id, supportAttendance.partnershipId))
        .leftJoin(organisations, eq(organisations.id, supportAttendance.organisationId))
        .where(
          inArray(
            supportAttendance.eventId,
            events.map((e) => e.id),
          ),
        )
    : [];
  const mine = ctx.access.scope === 'partnership' ? new Set(ctx.access.partnershipIds) : null;
  // Each event's version (with its attendance), for If-Match on its PATCH and PUTs; managers only write.
  const versions = ctx.access.canManage
    ? await versionsOf(
        db,
        events.map((e) => e.id),
        eventRecord,
      )
    : new Map<string, string>();
  return events.map((e) => ({
    id: e.id,
    name: e.name,
    heldOn: e.heldOn,
    place: e.place,
    costPence: e.costPence,
    notes: e.notes,
    agreedActions: e.agreedActions,
    ...(versions.has(e.id) && { version: versions.get(e.id)! }),
    attendance: rows
      .filter((r) => r.eventId === e.id && (!mine || (r.partnershipId !== null && mine.has(r.partnershipId))))
      .map((r) => ({
        name: r.partnershipName ?? r.organisationName ?? '',
        partnershipId: r.partnershipId,
        organisationId: r.organisationId,
        people: r.people,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}
