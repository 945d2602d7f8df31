import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';
import type { Participant, PlanContent, ReviewJudgement } from './domain.js';

/**
 * An action plan or a phase plan, for a partnership or an organisation. `content` is the current
 * version (number `version`); every version, the first included, is kept whole in action_plan_versions.
 */
export const actionPlans = pgTable(
  'action_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['action', 'phase'] }).notNull(),
    partnershipId: uuid('partnership_id').references(() => partnerships.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    content: jsonb('content').$type<PlanContent>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('action_plans_programme_idx').on(t.programmeId),
    index('action_plans_partnership_idx').on(t.partnershipId),
    index('action_plans_organisation_idx').on(t.organisationId),
    check('action_plans_owner_check', sql`(${t.partnershipId} is null) <> (${t.organisationId} is null)`),
  ],
);

/** Every version of a plan, whole, as it was saved: the history people read. */
export const actionPlanVersions = pgTable(
  'action_plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    savedBy: text('saved_by').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('action_plan_versions_key').on(t.planId, t.version)],
);

/** An annual review: a judgement per priority of the version it reviewed, who took part, and a summary. */
export const actionPlanReviews = pgTable(
  'action_plan_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'cascade' }),
    planVersion: integer('plan_version').notNull(),
    reviewedOn: date('reviewed_on').notNull(),
    judgements: jsonb('judgements').$type<ReviewJudgement[]>().notNull(),
    participants: jsonb('participants').$type<Participant[]>().notNull(),
    summary: text('summary').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('action_plan_reviews_plan_idx').on(t.planId)],
);
