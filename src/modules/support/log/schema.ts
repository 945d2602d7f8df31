import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { organisations } from '../../organisations/schema.js';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';
import { supportProviders } from '../providers/schema.js';

/** The kinds of contact the log starts with (issue 16, point 3); the column is text, so a programme may add its own. */
export const CONTACT_TYPES = [
  'facilitation',
  'mentoring',
  'critical_friend',
  'action_planning',
  'mediation_brokerage',
  'signposting',
] as const;

/** One contact between a provider and a partnership: its time in whole minutes (a day is the programme's hours). */
export const supportContacts = pgTable(
  'support_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id').references(() => supportProviders.id, { onDelete: 'set null' }),
    contactOn: date('contact_on').notNull(),
    minutes: integer('minutes').notNull(),
    type: text('type').notNull(),
    topic: text('topic').notNull().default(''),
    notes: text('notes').notNull().default(''),
    loggedBy: uuid('logged_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('support_contacts_partnership_idx').on(t.partnershipId, t.contactOn),
    index('support_contacts_programme_idx').on(t.programmeId),
    check('support_contacts_minutes_check', sql`${t.minutes} >= 0`),
  ],
);

/**
 * The credit ledger. `spend`: credit spent. `commitment`: credit promised, not yet spent (a later spend
 * may settle it). `from_days`: facilitator days traded for credit at the day rate — counted as credit
 * spent and its days as days used (issue 16, point 9). `to_days`: credit traded for facilitator days —
 * moves the credit into the days allowance (see the module README for the reading).
 */
export const CREDIT_KINDS = ['spend', 'commitment', 'from_days', 'to_days'] as const;

export const supportCredit = pgTable(
  'support_credit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CREDIT_KINDS }).notNull(),
    entryOn: date('entry_on').notNull(),
    amountPence: integer('amount_pence').notNull(),
    /** For a transfer: the days traded, in hundredths of a day (the amount is these days at the day rate). */
    dayHundredths: integer('day_hundredths'),
    /** A spend that settles a commitment names it. */
    commitmentId: uuid('commitment_id'),
    purpose: text('purpose').notNull().default(''),
    approvedBy: text('approved_by').notNull().default(''),
    loggedBy: uuid('logged_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('support_credit_partnership_idx').on(t.partnershipId, t.entryOn),
    index('support_credit_programme_idx').on(t.programmeId),
    check('support_credit_amount_check', sql`${t.amountPence} >= 0`),
    check(
      'support_credit_transfer_check',
      sql`(${t.kind} in ('from_days', 'to_days')) = (${t.dayHundredths} is not null) and coalesce(${t.dayHundredths}, 0) >= 0`,
    ),
  ],
);

/** A networking or learning event. */
export const supportEvents = pgTable(
  'support_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    heldOn: date('held_on').notNull(),
    place: text('place').notNull().default(''),
    costPence: integer('cost_pence').notNull().default(0),
    notes: text('notes').notNull().default(''),
    agreedActions: text('agreed_actions').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('support_events_name_key').on(t.programmeId, sql`lower(${t.name})`),
    check('support_events_cost_check', sql`${t.costPence} >= 0`),
  ],
);

/** Who came to an event: a partnership or an organisation, with a head count. */
export const supportAttendance = pgTable(
  'support_attendance',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => supportEvents.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id').references(() => partnerships.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    people: integer('people').notNull(),
  },
  (t) => [
    uniqueIndex('support_attendance_partnership_key').on(t.eventId, t.partnershipId),
    uniqueIndex('support_attendance_organisation_key').on(t.eventId, t.organisationId),
    index('support_attendance_partnership_idx').on(t.partnershipId),
    check('support_attendance_who_check', sql`(${t.partnershipId} is null) <> (${t.organisationId} is null) and ${t.people} >= 0`),
  ],
);
