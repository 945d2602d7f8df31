import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { engagements } from '../register/schema.js';

export const ANSWERS = ['yes', 'partly', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

/**
 * A participant's answers about one engagement, given without an account. Nothing identifies them:
 * `address` is a keyed hash of their network address, kept only to slow down repeated sending.
 */
export const engagementFeedback = pgTable(
  'engagement_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    /** Did you feel your input was valued? */
    valued: text('valued', { enum: ANSWERS }).notNull(),
    /** Did you understand what the engagement was for? */
    understood: text('understood', { enum: ANSWERS }).notNull(),
    /** Would you take part again? */
    again: text('again', { enum: ANSWERS }).notNull(),
    address: text('address').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('engagement_feedback_engagement_idx').on(t.engagementId),
    index('engagement_feedback_address_idx').on(t.address, t.givenAt),
  ],
);
