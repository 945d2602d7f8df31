/**
 * Brokerage cases (issue 16, point 5), as plain data: who the parties are, the words for statuses and
 * steps, and the checks across fields a case must pass.
 */

export const PARTY_KINDS = ['organisation', 'public_body', 'other'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_WORDS: Record<PartyKind, string> = {
  organisation: 'Community or voluntary organisation',
  public_body: 'Public body (council, police, health, housing)',
  other: 'Other',
};

export interface Party {
  name: string;
  kind: PartyKind;
  /** The registry organisation, when the party is one of the programme's organisations. */
  organisationId: string | null;
}

export const CASE_STATUSES = ['open', 'paused', 'resolved', 'closed_unresolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_WORDS: Record<CaseStatus, string> = {
  open: 'Open',
  paused: 'Paused',
  resolved: 'Resolved',
  closed_unresolved: 'Closed without agreement',
};
export const isClosed = (s: CaseStatus) => s === 'resolved' || s === 'closed_unresolved';

/** Kinds of step people record; others may be typed in. */
export const STEP_KINDS = ['Meeting', 'Mediation session', 'Soundings report', 'Letter or email', 'Phone call'] as const;

export interface CaseDates {
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
}

/** A closed case has a closing date on or after its opening; an open one has none. */
export function caseDateProblems(c: CaseDates): { path: string[]; message: string }[] {
  if (isClosed(c.status) && c.closedOn === null) return [{ path: ['closedOn'], message: 'Enter the date the case was closed' }];
  if (!isClosed(c.status) && c.closedOn !== null)
    return [{ path: ['closedOn'], message: 'Only a resolved or closed case has a closing date' }];
  if (c.closedOn !== null && c.closedOn < c.openedOn) return [{ path: ['closedOn'], message: 'The case cannot close before it opened' }];
  return [];
}

/** A step must fall within the case: not before it opened, nor after it closed. */
export function stepDateProblem(c: CaseDates, on: string): string | null {
  if (on < c.openedOn) return 'The step cannot come before the case opened';
  if (c.closedOn !== null && on > c.closedOn) return 'The step cannot come after the case closed';
  return null;
}
