// Participatory budgeting in the organisers' words.
import type { Crumb } from '../../ui/index.js';

export const STAGE_WORDS = {
  ideas: 'Ideas',
  feasibility: 'Feasibility check',
  deliberation: 'Deliberation',
  vote: 'Vote',
  results: 'Results',
  delivery: 'Delivery',
} as const;
export const RULE_WORDS = { greedy: 'Greedy (most votes first)', 'equal-shares': 'Method of Equal Shares' } as const;
export const ELIGIBILITY_WORDS = { pending: 'Not checked yet', eligible: 'Eligible', ineligible: 'Not eligible' } as const;
export const DELIVERY_WORDS = { 'not-started': 'Not started', 'under-way': 'Under way', done: 'Done' } as const;

export const pbCrumbs = (crumbs: (...more: Crumb[]) => Crumb[], base: string, round?: { slug: string; name: string }) =>
  crumbs(
    { href: `${base}/pb`, label: 'Participatory budgeting' },
    ...(round ? [{ href: `${base}/pb/${encodeURIComponent(round.slug)}`, label: round.name }] : []),
  );

export const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;
/** Where residents vote and see the results (server pages, no account). */
export const publicLink = (programme: string, round: string, results = false) =>
  `/take-part/pb/${encodeURIComponent(programme)}/${encodeURIComponent(round)}${results ? '/results' : ''}`;
