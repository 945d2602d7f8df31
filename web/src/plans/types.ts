// Plans as the API gives them (src/modules/support/plans/routes.ts), and their codes in words.
import type { components } from '../api/schema.generated.js';

export type Plan = components['schemas']['ActionPlan'];
export type PlanRow = components['schemas']['ActionPlanRow'];
export type PlanContent = components['schemas']['PlanContent'];
export type Priority = PlanContent['priorities'][number];
export type Review = Plan['reviews'][number];
export interface PlanAnswer {
  data: Plan;
  abilities: { update: boolean };
  history: components['schemas']['AuditEvent'][];
}

export const HORIZON_WORDS = { short: 'Short term (one year)', long: 'Longer term (three years)' } as const;
export const ACTION_STATUS_WORDS = { not_started: 'Not started', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' } as const;
export const JUDGEMENT_WORDS = {
  on_track: 'On track',
  some_progress: 'Some progress',
  not_started: 'Not started',
  dropped: 'Dropped',
} as const;
export const JUDGEMENT_HINTS = {
  on_track: 'Going as planned',
  some_progress: 'Moving, but slower or smaller than planned',
  not_started: 'Nothing has happened yet',
  dropped: 'No longer a priority',
} as const;
export type Judgement = keyof typeof JUDGEMENT_WORDS;

export const pounds = (pence: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 }).format(pence / 100);
