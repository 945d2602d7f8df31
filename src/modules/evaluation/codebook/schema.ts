import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { evaluations } from '../evaluations/schema.js';

/**
 * Context, mechanism, outcomes… and any custom family an evaluator adds. The `qda_*` columns keep how
 * the family stood in the last REFI-QDA codebook that put codes in it, so an export gives it back as
 * it came (see README.md, "The round trip").
 */
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
    /** The description and colour of the top-level code the family came from ('' and null when none). */
    description: text('description').notNull().default(''),
    colour: text('colour'),
    /** false: the family's codes sat at the top of the file (placed by sets or a chosen family) and go back there. */
    qdaTopLevel: boolean('qda_top_level').notNull().default(true),
    /** The top-level code the family came from: its guid as the file spelled it, its name, its codable flag. Null: Cairn's own. */
    qdaGuid: text('qda_guid'),
    qdaName: text('qda_name'),
    qdaCodable: boolean('qda_codable').notNull().default(false),
    /** Where that code stood among the file's top-level codes (in the codes' position numbering). */
    qdaPosition: integer('qda_position'),
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
    /** The REFI-QDA guid as the file spelled it (braces, capitals) when that is not the id as written; null otherwise. */
    qdaGuid: text('qda_guid'),
    /** false for a code that only grouped others in the program it came from (a QualCoder category); kept for the round trip. */
    codable: boolean('codable').notNull().default(true),
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

/**
 * A set of codes made in a QDA program (an ATLAS.ti code group, a MAXQDA code set), kept from an
 * imported codebook and given back on export exactly as made. Members are code ids, or a family's id
 * for the top-level code that stands for it; members no longer there are left out on export.
 */
export const codeSets = pgTable(
  'code_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    /** As the file spelled it. */
    guid: text('guid').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    memberIds: uuid('member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('code_sets_evaluation_idx').on(t.evaluationId)],
);
