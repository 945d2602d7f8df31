/**
 * Survival across a programme (issue 16, point 8): how many organisations are still in their original
 * form as of a date, and for the others what happened, when and why — from each organisation's
 * lifecycle statuses over time (the registry's, latest effective on or before the date wins).
 * "In their original form" is a status that is not an ending: still active, or struggling but going.
 */

export interface StatusChange {
  status: string;
  effectiveOn: string;
  reason: string;
}

export interface OrganisationHistory {
  organisation: string;
  statuses: readonly StatusChange[];
}

/** Statuses in which an organisation is still itself. */
export const SURVIVING_STATUSES: readonly string[] = ['active', 'struggling'];

export interface SurvivalRow {
  organisation: string;
  /** The status as of the date ("active" when none is recorded yet). */
  status: string;
  survived: boolean;
  /** When the status that ended its original form took effect; null while it survives. */
  since: string | null;
  reason: string;
}

export interface SurvivalTable {
  asOf: string;
  survived: number;
  total: number;
  /** "16 of 20 in their original form". */
  headline: string;
  rows: SurvivalRow[];
  /** How many ended each way, in the order first met. */
  endings: { status: string; count: number }[];
}

export function survivalTable(histories: readonly OrganisationHistory[], asOf: string): SurvivalTable {
  const rows = histories.map((h): SurvivalRow => {
    const known = [...h.statuses]
      .filter((s) => s.effectiveOn <= asOf)
      .sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0));
    const latest = known.at(-1);
    const status = latest?.status ?? 'active';
    const survived = SURVIVING_STATUSES.includes(status);
    return {
      organisation: h.organisation,
      status,
      survived,
      since: survived ? null : latest!.effectiveOn,
      reason: survived ? '' : latest!.reason,
    };
  });
  const survived = rows.filter((r) => r.survived).length;
  const endings: { status: string; count: number }[] = [];
  for (const r of rows) {
    if (r.survived) continue;
    const e = endings.find((x) => x.status === r.status);
    if (e) e.count++;
    else endings.push({ status: r.status, count: 1 });
  }
  return { asOf, survived, total: rows.length, headline: `${survived} of ${rows.length} in their original form`, rows, endings };
}
