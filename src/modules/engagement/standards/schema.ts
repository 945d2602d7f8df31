import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { NATIONAL_STANDARDS, RATINGS } from '../domain/standards.js';
import { engagements } from '../register/schema.js';

/** One engagement's rating on one National Standard in one cycle of self-assessment. */
export const standardRatings = pgTable(
  'engagement_standard_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    cycle: integer('cycle').notNull(),
    standard: text('standard', { enum: NATIONAL_STANDARDS }).notNull(),
    rating: text('rating', { enum: RATINGS }).notNull(),
    evidence: text('evidence').notNull().default(''),
    /** "How will we know": the indicators the partner will look for. */
    indicators: text('indicators').notNull().default(''),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('engagement_standard_ratings_key').on(t.engagementId, t.cycle, t.standard),
    check('engagement_standard_ratings_cycle', sql`${t.cycle} >= 1`),
  ],
);
