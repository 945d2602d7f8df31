import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programmes } from '../../programmes/schema.js';
import { PLACE_VERSIONS } from '../domain/place-wording.js';

export const PLACE_SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export const PLACE_RESPONSE_KINDS = ['individual', 'group'] as const;
export const PLACE_RESPONSE_SOURCES = ['online', 'import', 'organiser'] as const;

/** A theme's two comments; empty strings where nothing was written. */
export interface PlaceComment {
  good: string;
  better: string;
}

/**
 * A Place Standard survey of a programme: one version (adult, young people's or children's, each its
 * own scale), asked in one wording of the tool, by locality and wave.
 */
export const placeSurveys = pgTable(
  'place_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    version: text('version', { enum: PLACE_VERSIONS }).notNull().default('adult'),
    /** The wording key (domain/place-wording.ts): theme labels by code. */
    wording: text('wording').notNull().default('2017'),
    /** 7, or 3 for the children's version. */
    scale: integer('scale').notNull().default(7),
    threshold: integer('threshold').notNull().default(5),
    status: text('status', { enum: PLACE_SURVEY_STATUSES }).notNull().default('draft'),
    /** The wave online answers are filed under. */
    currentWave: text('current_wave').notNull().default('1'),
    /** Localities residents may choose from online (they may also choose none). */
    localities: jsonb('localities').$type<string[]>().notNull().default([]),
    /** Demo data: made up to show how the tool works, never real answers. */
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('place_surveys_slug_key').on(t.programmeId, sql`lower(${t.slug})`)],
);

/** One respondent's (or one group's agreed) scores: 1..scale or null per theme, in theme order. */
export const placeResponses = pgTable(
  'place_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => placeSurveys.id, { onDelete: 'cascade' }),
    respondent: text('respondent').notNull(),
    locality: text('locality').notNull().default(''),
    wave: text('wave').notNull(),
    kind: text('kind', { enum: PLACE_RESPONSE_KINDS }).notNull().default('individual'),
    /** How many people agreed a group's scores. */
    groupSize: integer('group_size'),
    source: text('source', { enum: PLACE_RESPONSE_SOURCES }).notNull(),
    scores: jsonb('scores').$type<(number | null)[]>().notNull(),
    comments: jsonb('comments').$type<PlaceComment[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('place_responses_respondent_key').on(t.surveyId, sql`lower(${t.respondent})`, sql`lower(${t.wave})`),
    index('place_responses_survey_idx').on(t.surveyId, t.locality, t.wave),
  ],
);

/**
 * A resident's answers between pages, before they send them: found by the hash of the unguessable
 * token in the page's address (the token itself is never stored). Removed when sent, or a week after
 * it was last touched.
 */
export const placeDrafts = pgTable(
  'place_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => placeSurveys.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    locality: text('locality').notNull().default(''),
    scores: jsonb('scores').$type<(number | null)[]>().notNull(),
    comments: jsonb('comments').$type<PlaceComment[]>().notNull(),
    /** The address (an IPv6 /64) that started it: how many drafts one address may start an hour. */
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('place_drafts_token_key').on(t.tokenHash), index('place_drafts_address_idx').on(t.address, t.createdAt)],
);
