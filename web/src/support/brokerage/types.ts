// Brokerage cases as the API gives them (src/modules/support/brokerage/routes.ts), and their codes in words.
import type { components } from '../../api/schema.generated.js';

export type Case = components['schemas']['BrokerageCase'];
export type CaseRow = components['schemas']['BrokerageCaseRow'];
export interface CaseAnswer {
  data: Case;
  abilities: { update: boolean };
  history: components['schemas']['AuditEvent'][];
}
export const STATUS_WORDS = {
  open: 'Open',
  paused: 'Paused',
  resolved: 'Resolved',
  closed_unresolved: 'Closed without agreement',
} as const;
export const PARTY_KIND_WORDS = {
  organisation: 'Community or voluntary organisation',
  public_body: 'Public body (council, police, health, housing)',
  other: 'Other',
} as const;
export const STEP_KINDS = ['Meeting', 'Mediation session', 'Soundings report', 'Letter or email', 'Phone call'] as const;
export const CONFIDENTIAL =
  'Brokerage cases are confidential: only programme managers and the facilitators assigned to the partnership can see them.';
