import type { ORGANISATION_STATUSES } from './schema.js';

export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export interface StatusEvent {
  status: OrganisationStatus;
  /** YYYY-MM-DD: when the change took effect, which may be long before it was recorded. */
  effectiveOn: string;
  recordedAt: Date;
}

/**
 * An organisation's status now: the latest by the date it took effect; of two on the same date, the
 * one recorded last (a correction). With nothing recorded, an organisation is active.
 * The organisations list applies the same rule in SQL (`currentStatusSql` in service.ts).
 */
export function currentStatus(events: readonly StatusEvent[]): OrganisationStatus {
  let latest: StatusEvent | null = null;
  for (const e of events) {
    if (
      !latest ||
      e.effectiveOn > latest.effectiveOn ||
      (e.effectiveOn === latest.effectiveOn && e.recordedAt.getTime() >= latest.recordedAt.getTime())
    ) {
      latest = e;
    }
  }
  return latest?.status ?? 'active';
}

/** Merging and winding up end an organisation's part in the programme, so they need the reason. */
export const needsReason = (status: OrganisationStatus) => status === 'merged' || status === 'wound_up';
