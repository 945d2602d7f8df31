// The support answers as the pages use them (the API's own types are in ../api/schema.generated.ts).
import type { Crumb } from '../ui/index.js';

export interface SupportRow {
  partnershipId: string;
  name: string;
  startOn: string | null;
  endOn: string | null;
  daysAllowed: number | null;
  daysUsed: number;
  daysLeft: number | null;
  creditAllowedPence: number | null;
  creditSpentPence: number;
  creditLeftPence: number | null;
  committedPence: number;
  eventsAttended: number;
  attendanceRate: number | null;
  costTotal: number;
  costPerYear: number | null;
  lastContact: string | null;
}
export interface Overview {
  data: {
    settings: { minutesPerDay: number; contactWeeks: number; recommendedDaysPerYear: number; creditTimeSharePercent: number };
    events: number;
    rows: SupportRow[];
    totals: {
      partnerships: number;
      daysAllowed: number;
      daysUsed: number;
      creditAllowedPence: number;
      creditSpentPence: number;
      costTotal: number;
      costPerYearMean: number | null;
    };
  };
  abilities: { manage: boolean; logFor: string[] };
}
export interface Warning {
  partnership: string;
  warning: string;
  detail: string;
}
export interface BurnDownPoint {
  date: string;
  daysLeft: number | null;
  creditLeft: number | null;
  daysPlanned: number;
  creditPlanned: number;
}

export const pounds = (pence: number | null) =>
  pence === null ? '–' : `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const wholePounds = (n: number | null) => (n === null ? '–' : `£${n.toLocaleString('en-GB')}`);
export const days = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: 2 }));

export const supportCrumbs = (crumbs: (...more: Crumb[]) => Crumb[], base: string, ...more: Crumb[]) =>
  crumbs({ href: `${base}/support`, label: 'Support' }, ...more);

export const CONTACT_TYPES: [string, string][] = [
  ['facilitation', 'Facilitation'],
  ['mentoring', 'Mentoring'],
  ['critical_friend', 'Critical friend'],
  ['action_planning', 'Action planning'],
  ['mediation_brokerage', 'Mediation or brokerage'],
  ['signposting', 'Signposting'],
];
export const typeWords = (t: string) => CONTACT_TYPES.find(([v]) => v === t)?.[1] ?? t.replace(/_/g, ' ');
export const ROLE_WORDS: Record<string, string> = {
  facilitator: 'Facilitator',
  learning_partner: 'Learning partner',
  support_contractor: 'Support contractor',
  relationship_manager: 'Relationship manager',
  mentor: 'Mentor',
};
export const KIND_WORDS: Record<string, string> = {
  spend: 'Spend',
  commitment: 'Commitment',
  from_days: 'Days traded for credit',
  to_days: 'Credit traded for days',
};
/** "2 h 30 min" from minutes. */
export function timeWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

export const FIGURE = { margin: '0 0 20px', maxWidth: '100%' } as const;
/** Drawn as vectors, so scaled to the column: larger on a desktop, whole on a phone. */
export const IMG = { width: '100%', maxWidth: '60rem', height: 'auto', display: 'block' } as const;
