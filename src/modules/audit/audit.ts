import { announceChange } from '../../db/changes.js';
import type { Queryable } from '../../db/database.js';
import { auditEvents } from './schema.js';

/** Who did something: a signed-in person, or the system (CLI, demo seed) named by label. */
export interface Actor {
  userId: string | null;
  label: string;
}

export const systemActor = (label: string): Actor => ({ userId: null, label });

/** Field-by-field difference, [old, new] for each field that changed. Plain data in, plain data out. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'createdAt' || key === 'updatedAt') continue;
    const a = normalise(before?.[key]);
    const b = normalise(after?.[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b];
  }
  return changes;
}

function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return v;
}

export interface AuditEntry {
  programmeId: string | null;
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | string;
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Records a write. Call it inside the same transaction as the write, so neither lands without the other. */
export async function recordAudit(tx: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorUserId: actor.userId,
    actorLabel: actor.label,
    programmeId: entry.programmeId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    summary: entry.summary,
    changes: diffRecords(entry.before ?? null, entry.after ?? null),
  });
  // Every process drops what it cached about this programme once the write commits.
  await announceChange(tx, entry.programmeId, entry.entityType);
}
