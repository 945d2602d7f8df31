import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { programmes } from '../programmes/schema.js';

export const CONSENT_STATUSES = ['given', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export const CODING_SOURCES = ['tick', 'import', 'passage'] as const;
export type CodingSource = (typeof CODING_SOURCES)[number];

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
    // No per-row foreign keys (decision 011): an import writes a million respondents, and four key
    // checks a row cost more than the rest of the COPY. Statement triggers (migration 0011) check the
    // evaluation, project, place and phase once per statement, require the last three to be of the
    // evaluation's programme, and follow their deletion (respondents go with their evaluation; a
    // deleted project, place or phase is cleared).
    evaluationId: uuid('evaluation_id').notNull(),
    ref: text('ref').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id'),
    placeId: uuid('place_id'),
    phaseId: uuid('phase_id'),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    consent: text('consent', { enum: CONSENT_STATUSES }).notNull(),
    /**
     * The codes an evidence import says this respondent identified (no coder), as `codes.number`s,
     * distinct, in the respondent's own row (decision 011): an import of a million respondents writes
     * a million rows, not twelve million. Statement triggers (migration 0010) check that each is a
     * code of the respondent's evaluation, take a deleted code out, and count them for the cross-tab
     * with the respondent's `codings`; `codings.ts` is where Cairn reads and writes them.
     */
    importedCodeNumbers: integer('imported_code_numbers').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('respondents_ref_key').on(t.evaluationId, t.ref), index('respondents_project_idx').on(t.projectId)],
);

/** Every consent given or withdrawn, kept for audit; the latest decides. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Checked per statement, and deleted with the respondent, by triggers (migration 0011), as above.
    respondentId: uuid('respondent_id').notNull(),
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

export const TRANSCRIPT_FORMATS = ['text', 'docx'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/**
 * The text of an interview or workshop, uploaded as plain text or .docx (only the text is kept, not
 * the file). It belongs to an evaluation and may name the respondents who took part; a passage of it
 * is coded for one respondent.
 */
export const transcripts = pgTable(
  'transcripts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    heldOn: date('held_on'),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: TRANSCRIPT_FORMATS }).notNull(),
    body: text('body').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('transcripts_evaluation_idx').on(t.evaluationId, t.createdAt)],
);

/** The respondents a transcript names (who took part in that interview or workshop). */
export const transcriptRespondents = pgTable(
  'transcript_respondents',
  {
    transcriptId: uuid('transcript_id')
      .notNull()
      .references(() => transcripts.id, { onDelete: 'cascade' }),
    respondentId: uuid('respondent_id')
      .notNull()
      .references(() => respondents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.transcriptId, t.respondentId] }), index('transcript_respondents_respondent_idx').on(t.respondentId)],
);

/**
 * A stretch of a transcript coded for one respondent. Offsets count UTF-16 code units of the body
 * (as the browser does), end exclusive; `text` keeps the words themselves. Each passage also stands
 * behind a `codings` row (source `passage`) for the same respondent, code and coder.
 */
export const passages = pgTable(
  'passages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    transcriptId: uuid('transcript_id')
      .notNull()
      .references(() => transcripts.id, { onDelete: 'cascade' }),
    respondentId: uuid('respondent_id')
      .notNull()
      .references(() => respondents.id, { onDelete: 'cascade' }),
    codeId: uuid('code_id')
      .notNull()
      .references(() => codes.id, { onDelete: 'cascade' }),
    coderId: uuid('coder_id').references(() => users.id, { onDelete: 'set null' }),
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('passages_offsets_check', sql`${t.startOffset} >= 0 and ${t.endOffset} > ${t.startOffset}`),
    index('passages_transcript_idx').on(t.transcriptId, t.startOffset),
    index('passages_respondent_code_idx').on(t.respondentId, t.codeId),
    index('passages_code_idx').on(t.codeId),
  ],
);

/**
 * Something a respondent said, with how it may be attributed ("A beneficiary") and whether it may be
 * published (not unless an evaluator says so). A quote saved from a passage keeps a link to it.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    respondentId: uuid('respondent_id')
      .notNull()
      .references(() => respondents.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    attribution: text('attribution').notNull(),
    publishable: boolean('publishable').notNull().default(false),
    passageId: uuid('passage_id').references(() => passages.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quotes_respondent_idx').on(t.respondentId, t.createdAt), index('quotes_passage_idx').on(t.passageId)],
);

/**
 * What the cross-tab counts, kept as it changes (decision 009): respondents with consent given per
 * cell — participant type, project, own place and own phase, the respondent's columns from which
 * every built-in grouping follows — and, per code, how many of them identified it (each respondent
 * once, whatever the number of coders). Statement-level triggers on respondents and codings keep
 * both exact (migration 0005); a cross-tab groups these few thousand rows instead of counting
 * millions of codings. Themes, model and place names are looked up when asked, so editing a project
 * needs no recount. Nobody writes here but the triggers and the evidence import.
 */
export const crosstabRespondentCounts = pgTable(
  'crosstab_respondent_counts',
  {
    evaluationId: uuid('evaluation_id').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id'),
    placeId: uuid('place_id'),
    phaseId: uuid('phase_id'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('crosstab_respondent_counts_key').on(t.evaluationId, t.participantType, t.projectId, t.placeId, t.phaseId).nullsNotDistinct(),
  ],
);

export const crosstabCodeCounts = pgTable(
  'crosstab_code_counts',
  {
    codeId: uuid('code_id').notNull(),
    participantType: text('participant_type'),
    projectId: uuid('project_id'),
    placeId: uuid('place_id'),
    phaseId: uuid('phase_id'),
    n: integer('n').notNull(),
  },
  (t) => [unique('crosstab_code_counts_key').on(t.codeId, t.participantType, t.projectId, t.placeId, t.phaseId).nullsNotDistinct()],
);
