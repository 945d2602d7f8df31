import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programmes } from '../../programmes/schema.js';

/** One evaluation of a programme: its codebook, respondents and codings. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    // What the evaluation is; the demo's synthetic evaluation says there that nobody in it is real.
    description: text('description').notNull().default(''),
    // Groups smaller than this are flagged on screen and suppressed in exports.
    disclosureThreshold: integer('disclosure_threshold').notNull().default(5),
    // Blind coding: each coder sees only their own ticks on a respondent, so two can code independently (for kappa).
    blindCoding: boolean('blind_coding').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evaluations_slug_key').on(t.programmeId, t.slug),
    check('evaluations_threshold_check', sql`${t.disclosureThreshold} >= 0`),
  ],
);
