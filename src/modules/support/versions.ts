/**
 * Support's editable records and their versions (decision 012): what `guardWrite` locks and compares
 * for every PATCH and PUT in support. A provider's version covers the partnerships it covers (the
 * named contact at each); an event's covers its attendance; an allowance is its own row (keyed by its
 * partnership); the settings are the programme's row (none until a manager first changes them, when
 * any If-Match is accepted, as for a record not yet written).
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.js';
import { type RecordVersion, partsOf, versionOf } from '../../http/versions.js';
import { supportAttendance, supportEvents } from './log/schema.js';
import { supportAllowances, supportAssignments, supportProviders, supportSettings } from './providers/schema.js';

export const providerRecord = (id: string): RecordVersion => ({
  key: supportProviders.id,
  id,
  entityType: 'support-provider',
  parts: partsOf(
    sql`select ${supportAssignments}.xmin::text || ${supportAssignments.partnershipId}::text from ${supportAssignments} where ${supportAssignments.providerId} = ${id}`,
  ),
});

export const eventRecord = (id: string): RecordVersion => ({
  key: supportEvents.id,
  id,
  entityType: 'support-event',
  parts: partsOf(
    sql`select ${supportAttendance}.xmin::text || ${supportAttendance.id}::text from ${supportAttendance} where ${supportAttendance.eventId} = ${id}`,
  ),
});

/** Audited on the partnership ("partnership-support"), so its history answers what changed since. */
export const allowanceRecord = (partnershipId: string): RecordVersion => ({
  key: supportAllowances.partnershipId,
  id: partnershipId,
  entityType: 'partnership-support',
});

export const settingsRecord = (programmeId: string): RecordVersion => ({
  key: supportSettings.programmeId,
  id: programmeId,
  entityType: 'support-settings',
});

/** The versions of several records of one kind, by id (a list's items carry theirs, for the web's If-Match). */
export async function versionsOf(db: Queryable, ids: string[], record: (id: string) => RecordVersion): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of ids) {
    const v = await versionOf(db, record(id));
    if (v) out.set(id, v);
  }
  return out;
}
