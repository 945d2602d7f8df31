import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { engagements } from '../register/schema.js';

/** Where a commitment stands. */
export const COMMITMENT_STATUSES = ['planned', 'in progress', 'done', 'not going ahead'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** "You said, we did": what people said in an engagement, what was done about it, and how far it has got. */
export const youSaidWeDid = pgTable(
  'you_said_we_did',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    said: text('said').notNull(),
    did: text('did').notNull().default(''),
    status: text('status', { enum: COMMITMENT_STATUSES }).notNull().default('planned'),
    /** Per cent done, 0–100. */
    progress: integer('progress').notNull().default(0),
    /** Shown on the locality's public page (only when its engagement is published too). */
    published: boolean('published').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('you_said_we_did_engagement_idx').on(t.engagementId),
    check('you_said_we_did_progress', sql`${t.progress} between 0 and 100`),
  ],
);
