import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { places } from '../places/schema.js';
import { phases, programmes } from '../programmes/schema.js';
import { projects } from '../projects/schema.js';

export const CONSENT_STATUSES = ['given', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export const CODING_SOURCES = ['tick', 'import', 'passage'] as const;
export type CodingSource = (typeof CODING_SOURCES)[number];

/** One evaluation of a programme: its codebook, respondents and codings. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id').notNull().references(() => programmes.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    // Groups smaller than this are flagged on screen and suppressed in exports.
    disclosureThreshold: integer('disclosure_threshold').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evaluations_slug_key').on(t.programmeId, t.slug),
    check('evaluations_threshold_check', sql`${t.disclosureThreshold} >= 0`),
  ],
);

/** Context, mechanism, outcomes… and any custom family an evaluator adds. */
export const codeFamilies = pgTable(
  'code_families',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id').notNull().references(() => evaluations.id, { onDelete: 'cascade' }),
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
    evaluationId: uuid('evaluation_id').notNull().references(() => evaluations.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull().references(() => codeFamilies.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => codes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    colour: text('colour'),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Top-level codes have no parent; coalesce so two top-level codes of one name still clash.
    uniqueIndex('codes_name_key').on(t.familyId, sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.name})`),
    index('codes_evaluation_idx').on(t.evaluationId),
    index('codes_parent_idx').on(t.parentId),
  ],
);

/**
 * A person who took part, by a pseudonymous reference only (never a name). Theme(s) and co-production
 * model follow from the project; place is the respondent's own when recorded, else the project's
 * partnership's place; phase is recorded on the respondent (projects carry none).
 * `consent` is the status of the latest consent record, kept in the same transaction as that record
 * so every analysis can filter on one column.
 */
export const respondents = pgTable(
  'respondents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id').notNull().references(() => evaluations.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    phaseId: uuid('phase_id').references(() => phases.id, { onDelete: 'set null' }),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    consent: text('consent', { enum: CONSENT_STATUSES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('respondents_ref_key').on(t.evaluationId, t.ref), index('respondents_project_idx').on(t.projectId)],
);

/** Every consent given or withdrawn, kept for audit; the latest decides. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    respondentId: uuid('respondent_id').notNull().references(() => respondents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CONSENT_STATUSES }).notNull(),
    on: date('on').notNull(),
    scope: text('scope').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consent_records_respondent_idx').on(t.respondentId, t.recordedAt)],
);

/**
 * A respondent identified a code (per coder, so two coders can code blind). Narrow, ids only, and no
 * per-row foreign keys: an import writes millions of codings, so which respondent, code and coder a
 * coding names is checked once per statement by triggers (migrations/0003, as decision 008 does for
 * figures), which also require the code and the respondent to be of the same evaluation, and delete
 * a deleted respondent's or code's codings.
 */
export const codings = pgTable(
  'codings',
  {
    respondentId: uuid('respondent_id').notNull(),
    codeId: uuid('code_id').notNull(),
    coderId: uuid('coder_id'),
    source: text('source', { enum: CODING_SOURCES }).notNull().default('tick'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Nulls not distinct: an imported coding (no coder) counts once however often it is repeated.
    unique('codings_key').on(t.respondentId, t.codeId, t.coderId).nullsNotDistinct(),
    index('codings_code_idx').on(t.codeId),
  ],
);
