import { sql } from 'drizzle-orm';
import { date, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const programmes = pgTable('programmes', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  funder: text('funder').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const phases = pgTable(
  'phases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
  },
  (t) => [uniqueIndex('phases_programme_number_key').on(t.programmeId, t.number)],
);

export const VOCABULARIES = ['theme', 'coproduction_model', 'typology', 'participant_type', 'organisation_type'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

/** Each programme's own words: themes, co-production models, typology tags, participant and organisation types. */
export const vocabularyTerms = pgTable(
  'vocabulary_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    vocabulary: text('vocabulary', { enum: VOCABULARIES }).notNull(),
    label: text('label').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('vocabulary_terms_label_key').on(t.programmeId, t.vocabulary, sql`lower(${t.label})`)],
);
