import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { codeFamilies } from '../codebook/schema.js';
import { evaluations } from '../evaluations/schema.js';

export const CONSENT_STATUSES = ['given', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export const CODING_SOURCES = ['tick', 'import', 'passage'] as const;
export type CodingSource = (typeof CODING_SOURCES)[number];

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

/**
 * A code family's base: the respondents who were asked its question (the PCF review asked about
 * self-identified outcomes of 109 people, about contexts and mechanisms of 120). No row for a family:
 * everyone in the evaluation was asked. A row with no members: nobody was. Every analysis of the
 * family counts only its base (with consent given), so a person not asked is never a "did not mention".
 */
export const familyBases = pgTable('family_bases', {
  familyId: uuid('family_id')
    .primaryKey()
    .references(() => codeFamilies.id, { onDelete: 'cascade' }),
  evaluationId: uuid('evaluation_id')
    .notNull()
    .references(() => evaluations.id, { onDelete: 'cascade' }),
  recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The respondents in a family's base. Deleting a respondent or the base deletes the membership. */
export const familyBaseRespondents = pgTable(
  'family_base_respondents',
  {
    familyId: uuid('family_id')
      .notNull()
      .references(() => familyBases.familyId, { onDelete: 'cascade' }),
    respondentId: uuid('respondent_id')
      .notNull()
      .references(() => respondents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.familyId, t.respondentId] }), index('family_base_respondents_respondent_idx').on(t.respondentId)],
);
