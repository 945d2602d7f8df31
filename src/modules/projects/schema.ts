import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships } from '../partnerships/schema.js';
import { programmes, vocabularyTerms } from '../programmes/schema.js';

export const PROVENANCE = ['real', 'illustrative', 'synthetic'] as const;

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    coproductionModelId: uuid('coproduction_model_id').references(() => vocabularyTerms.id),
    // Demo data says honestly where it came from: a seed document, or invented to illustrate.
    provenance: text('provenance', { enum: PROVENANCE }).notNull().default('real'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('projects_name_key').on(t.programmeId, sql`lower(${t.name})`), index('projects_partnership_idx').on(t.partnershipId)],
);

/** Themes and typology tags: a project may carry several of each. */
export const projectTerms = pgTable(
  'project_terms',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    termId: uuid('term_id')
      .notNull()
      .references(() => vocabularyTerms.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.termId] }), index('project_terms_term_idx').on(t.termId)],
);
