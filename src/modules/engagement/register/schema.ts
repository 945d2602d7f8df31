import { sql } from 'drizzle-orm';
import { boolean, bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';

/** The level of participation an engagement offers, lowest first (the spectrum of participation). */
export const LEVELS = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export type Level = (typeof LEVELS)[number];

/** Per programme: how many days apart two engagements on the same thing in the same place still overlap. */
export const engagementSettings = pgTable('engagement_settings', {
  programmeId: uuid('programme_id')
    .primaryKey()
    .references(() => programmes.id, { onDelete: 'cascade' }),
  overlapWindowDays: integer('overlap_window_days').notNull().default(28),
});

export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    /** The partnership that recorded it (its members see and change it); none: recorded by the programme team. */
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    title: text('title').notNull(),
    locality: text('locality').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'::text[]`),
    methods: text('methods').array().notNull().default(sql`'{}'::text[]`),
    level: text('level', { enum: LEVELS }).notNull(),
    leadPartner: text('lead_partner').notNull(),
    costPence: bigint('cost_pence', { mode: 'number' }),
    reach: integer('reach'),
    /** Shown on the public page of its locality (with its published "you said, we did" entries). */
    published: boolean('published').notNull().default(false),
    /** The unguessable code in the address of its participants' feedback form. */
    feedbackCode: text('feedback_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('engagements_programme_idx').on(t.programmeId, t.startsOn),
    index('engagements_locality_idx').on(t.programmeId, sql`lower(${t.locality})`),
    uniqueIndex('engagements_feedback_code_key').on(t.feedbackCode),
    check('engagements_dates_forward', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * An engagement's topics, each as written and its key: the topic's words lower-cased and stemmed by
 * PostgreSQL's `english` configuration (distinct lexemes in order, space-separated), or the topic
 * lower-cased when every word is a stop word. Computed by the database as the row is written.
 */
export const engagementTopics = pgTable(
  'engagement_topics',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    key: text('key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.engagementId, t.position] }), index('engagement_topics_key_idx').on(t.key)],
);
