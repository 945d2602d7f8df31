// What a plan's audit rows say, in words (see audit/wording.ts). Each version of a plan is kept whole in
// action_plan_versions; the audit row says which version was saved and what changed, in its summary.
import { sql } from 'drizzle-orm';
import { lookupNames } from '../../audit/names.js';
import type { EntityWording } from '../../audit/wording.js';
import { actionPlans } from './schema.js';

export const planWording: EntityWording = {
  entityType: 'action_plan',
  noun: 'Plan',
  self: 'action-plan',
  fields: {
    title: 'Title',
    kind: { label: 'Kind of plan', values: { action: 'Action plan', phase: 'Phase plan' } },
    version: 'Version',
    priorities: 'Number of priorities',
    actions: 'Number of actions',
    people: 'People who took part',
    reviewedOn: 'Reviewed on',
  },
};

export const planWordings = [planWording];
export const planNames = { 'action-plan': lookupNames(actionPlans, actionPlans.id, sql`${actionPlans.content}->>'title'`) };
