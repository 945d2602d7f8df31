import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';

/**
 * The roles a support provider holds (issue 16, point 1). The list is where the pages start; a
 * programme may name others (the column is text), as PBSA's "learning partner" shows it needs to.
 */
export const SUPPORT_ROLES = ['facilitator', 'learning_partner', 'support_contractor', 'relationship_manager', 'mentor'] as const;

/**
 * Who supports partnerships in a programme: an organisation and/or a person, in one role. A person may
 * have a Cairn account (`userId`): with the programme's facilitator role, they log support for the
 * partnerships they are assigned to.
 */
export const supportProviders = pgTable(
  'support_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** The name shown: the person's, or the organisation's when no person is named. */
    name: text('name').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    email: text('email').notNull().default(''),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Regions covered, in words, beside the partnerships named by assignment ("North West"). */
    regions: text('regions').notNull().default(''),
    notes: text('notes').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('support_providers_name_key').on(t.programmeId, t.role, sql`lower(${t.name})`),
    index('support_providers_user_idx').on(t.userId),
  ],
);

/** Which partnerships a provider covers, with the named contact at the partnership. */
export const supportAssignments = pgTable(
  'support_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => supportProviders.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    /** The partnership's named contact for this provider. */
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('support_assignments_key').on(t.providerId, t.partnershipId),
    index('support_assignments_partnership_idx').on(t.partnershipId),
  ],
);

/** A programme's support settings: hours in a facilitator day and the warnings' thresholds. */
export const supportSettings = pgTable(
  'support_settings',
  {
    programmeId: uuid('programme_id')
      .primaryKey()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    minutesPerDay: integer('minutes_per_day').notNull().default(420),
    contactWeeks: integer('contact_weeks').notNull().default(8),
    recommendedDaysPerYear: integer('recommended_days_per_year').notNull().default(8),
    /** Warn of unspent credit when less than this share (per cent) of the support period is left. */
    creditTimeSharePercent: integer('credit_time_share_percent').notNull().default(25),
  },
  (t) => [
    check('support_settings_minutes_check', sql`${t.minutesPerDay} between 60 and 1440`),
    check(
      'support_settings_thresholds_check',
      sql`${t.contactWeeks} > 0 and ${t.recommendedDaysPerYear} >= 0 and ${t.creditTimeSharePercent} between 0 and 100`,
    ),
  ],
);

/** A partnership's support allowance: its period, facilitator days and credit, and the day rate. */
export const supportAllowances = pgTable(
  'support_allowances',
  {
    partnershipId: uuid('partnership_id')
      .primaryKey()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    startOn: date('start_on').notNull(),
    endOn: date('end_on').notNull(),
    daysAllowed: numeric('days_allowed', { precision: 8, scale: 2 }).notNull(),
    creditAllowedPence: integer('credit_allowed_pence').notNull(),
    dayRatePence: integer('day_rate_pence').notNull(),
  },
  (t) => [
    index('support_allowances_programme_idx').on(t.programmeId),
    check('support_allowances_period_check', sql`${t.endOn} >= ${t.startOn}`),
    check('support_allowances_amounts_check', sql`${t.daysAllowed} >= 0 and ${t.creditAllowedPence} >= 0 and ${t.dayRatePence} >= 0`),
  ],
);
