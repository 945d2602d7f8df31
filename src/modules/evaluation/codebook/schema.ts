import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { evaluations } from '../evaluations/schema.js';

/** Context, mechanism, outcomes… and any custom family an evaluator adds. */
export const codeFamilies = pgTable(
  'code_families',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('code_families_key_key').on(t.evaluationId, t.key)],
);

/**
 * A code in the tree. The id is the REFI-QDA guid when the code came from a .qdc file, so it
 * round-trips to NVivo, ATLAS.ti and the rest. A name is unique among its siblings.
 */
export const codes = pgTable(
  'codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id')
      .notNull()
      .references(() => codeFamilies.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => codes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    colour: text('colour'),
    position: integer('position').notNull().default(0),
    // A small number of the code's own, for respondents' `imported_code_numbers` (decision 011):
    // twelve million codes in respondents' rows are cheaper to write as integers than as uuids.
    number: integer('number').notNull().generatedAlwaysAsIdentity(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('codes_number_key').on(t.number),
    // Top-level codes have no parent; coalesce so two top-level codes of one name still clash.
    uniqueIndex('codes_name_key').on(
      t.familyId,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`lower(${t.name})`,
    ),
    index('codes_evaluation_idx').on(t.evaluationId),
    index('codes_parent_idx').on(t.parentId),
  ],
);
