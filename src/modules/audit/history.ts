import { type AnyColumn, and, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { namesFor } from './names.js';
import { auditEvents } from './schema.js';
import { changesInWords, subjectName, wordsFromKey } from './wording.js';
import { NAME_LOOKUPS, wordingOf } from './wordings.js';

export const AuditEventView = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    summary: z.string(),
    changes: z
      .record(z.string(), z.tuple([z.unknown(), z.unknown()]))
      .describe('Each changed field as [old, new], keyed and valued as stored (ids, codes): for scripts. People read `changed`.'),
    kind: z.string().describe('The kind of record in words: "Reporting period"'),
    subject: z.string().describe('The record’s name as it is now, or "(deleted)" when it no longer exists'),
    changed: z
      .array(z.object({ field: z.string(), before: z.string(), after: z.string() }))
      .describe('Each changed field in words: its label, and the values as a person reads them (names for ids, Yes/No, 27 March 2026)'),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventView = z.infer<typeof AuditEventView>;

/** An audit row as read from the table (or by a query of its own, as the codebook history's). */
export interface StoredEvent {
  id: number;
  at: Date | string;
  actorLabel: string;
  programmeId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  summary: string;
  changes: Record<string, [unknown, unknown]>;
}

/**
 * Audit rows as people read them: the record named, each field labelled, each value in words, ids
 * resolved to the names their records have now (one look-up per kind of record for the whole page).
 */
export async function inWords(db: Queryable, rows: StoredEvent[]): Promise<AuditEventView[]> {
  const names = await namesFor(db, NAME_LOOKUPS, wordingOf, rows);
  return rows.map((e) => {
    const wording = wordingOf(e.entityType);
    return {
      id: Number(e.id),
      at: new Date(e.at).toISOString(),
      actor: e.actorLabel,
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      summary: e.summary,
      changes: e.changes,
      kind: wording?.noun ?? wordsFromKey(e.entityType),
      subject: subjectName(wording, e.entityId, names),
      changed: changesInWords(wording, e, names),
    };
  });
}

/** A record's own history, newest first. The caller has already been allowed to read the record. */
export async function historyOf(db: Queryable, entityType: string, entityId: string, limit = 100): Promise<AuditEventView[]> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return inWords(db, rows);
}

export interface AuditQuery {
  programmeId: string | null;
  entityType?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/** The audit log, newest first, for one programme or (programmeId null) the whole platform. */
export async function auditLog(db: Queryable, q: AuditQuery): Promise<AuditEventView[]> {
  const conds = [];
  if (q.programmeId) conds.push(eq(auditEvents.programmeId, q.programmeId));
  if (q.entityType) conds.push(eq(auditEvents.entityType, q.entityType));
  if (q.before) conds.push(lt(auditEvents.id, q.before));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(conds.length ? and(...conds) : sql`true`)
    .orderBy(desc(auditEvents.id))
    .limit(q.limit);
  return inWords(db, rows);
}

/**
 * A record's history for its page. History is part of the audit log, which the issue opens to
 * programme managers and administrators only; everyone else gets an empty list (the UI says why).
 */
export function recordHistory(
  db: Queryable,
  access: { canSeeAudit: boolean },
  entityType: string,
  entityId: string,
): Promise<AuditEventView[]> {
  return access.canSeeAudit ? historyOf(db, entityType, entityId) : Promise.resolve([]);
}

/**
 * SQL for the action of a record's latest audit event among `actions` (say, which of "submit" and
 * "import" last sent a return in), or null when it has none: for a module's own query over its records,
 * so the audit log is read here and nowhere else. Uses the (entity_type, entity_id, id) index.
 */
export function latestActionSql(entityType: string, entityId: AnyColumn, actions: string[]) {
  return sql<string | null>`(select a.action from ${auditEvents} a
    where a.entity_type = ${entityType} and a.entity_id = ${entityId}::text
      and a.action in (${sql.join(
        actions.map((x) => sql`${x}`),
        sql`, `,
      )})
    order by a.id desc limit 1)`;
}
