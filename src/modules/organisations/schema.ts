import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programmes } from '../programmes/schema.js';

export const ORGANISATION_SIZES = ['micro', 'small', 'medium', 'large', 'major'] as const;
export const ORGANISATION_STATUSES = ['active', 'struggling', 'merged', 'wound_up'] as const;

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').notNull().default(''),
    // org-id.guide identifiers such as GB-CHC-1234567.
    identifiers: text('identifiers').array().notNull().default(sql`'{}'::text[]`),
    size: text('size', { enum: ORGANISATION_SIZES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_name_key').on(t.programmeId, sql`lower(${t.name})`)],
);

/** Lifecycle over time; the latest row by effective date is the current status. */
export const organisationStatuses = pgTable(
  'organisation_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ORGANISATION_STATUSES }).notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason').notNull().default(''),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisation_statuses_org_idx').on(t.organisationId, t.effectiveOn)],
);
