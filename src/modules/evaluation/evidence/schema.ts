import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { evaluations } from '../evaluations/schema.js';
import { codes } from '../codebook/schema.js';
import { respondents } from '../respondents/schema.js';

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
    // The last passage number given out in this transcript: a new passage takes the next, so numbers
    // never shift or come back when passages are added or removed (NVivo's and MAXQDA's references keep theirs).
    passagesNumbered: integer('passages_numbered').notNull().default(0),
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
    /** Its number in the transcript, given once (from `transcripts.passages_numbered`) and kept. */
    number: integer('number').notNull(),
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
    uniqueIndex('passages_number_key').on(t.transcriptId, t.number),
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

export const MEMO_SUBJECTS = ['code', 'passage', 'respondent'] as const;
export type MemoSubject = (typeof MEMO_SUBJECTS)[number];

/**
 * An evaluator's memo on a code, a coded passage or a respondent (as NVivo, MAXQDA and ATLAS.ti keep
 * them): one per subject, edited in place, every change audited. Exactly one of the three subjects is
 * set; deleting it (a merge deleting a code, a transcript taking its passages) deletes its memo.
 */
export const memos = pgTable(
  'memos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    codeId: uuid('code_id').references(() => codes.id, { onDelete: 'cascade' }),
    passageId: uuid('passage_id').references(() => passages.id, { onDelete: 'cascade' }),
    respondentId: uuid('respondent_id').references(() => respondents.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('memos_one_subject_check', sql`num_nonnulls(${t.codeId}, ${t.passageId}, ${t.respondentId}) = 1`),
    uniqueIndex('memos_code_key').on(t.codeId),
    uniqueIndex('memos_passage_key').on(t.passageId),
    uniqueIndex('memos_respondent_key').on(t.respondentId),
    index('memos_evaluation_idx').on(t.evaluationId),
  ],
);
