// Theory of change tables (issue 15). A version's model (stages, steps, links) is one jsonb value in the
// domain's shape (domain/model.ts): the editor saves it whole, the diff and the exports read it whole.
// A published version is immutable: the service refuses, and a trigger refuses too
// (src/db/sql/theory-of-change-versions.sql).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { codes } from '../evaluation/codebook/schema.js';
import { evaluations } from '../evaluation/evaluations/schema.js';
import { indicators } from '../monitoring/schema.js';
import { places } from '../places/schema.js';
import { programmes } from '../programmes/schema.js';
import type { Stage, TheoryModel } from './domain/model.js';

export const THEORY_LEVELS = ['programme', 'place'] as const;
export type TheoryLevel = (typeof THEORY_LEVELS)[number];
export const VERSION_STATUSES = ['draft', 'published'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const COMMENT_TARGETS = ['node', 'link'] as const;
export type CommentTarget = (typeof COMMENT_TARGETS)[number];

/** The stages a programme's new theories start with (absent: the five default stages). */
export const tocStageSets = pgTable('toc_stage_sets', {
  programmeId: uuid('programme_id')
    .primaryKey()
    .references(() => programmes.id, { onDelete: 'cascade' }),
  stages: jsonb('stages').$type<Stage[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const theoriesOfChange = pgTable(
  'theories_of_change',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    level: text('level', { enum: THEORY_LEVELS }).notNull().default('programme'),
    /** A place-level theory's place (one of the programme's); null for a programme-level one. */
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'restrict' }),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('theories_of_change_name_key').on(t.programmeId, sql`lower(${t.name})`),
    check('theories_of_change_place_level', sql`(${t.level} = 'place') = (${t.placeId} is not null)`),
  ],
);

export const tocVersions = pgTable(
  'toc_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    theoryId: uuid('theory_id')
      .notNull()
      .references(() => theoriesOfChange.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… in the order made. */
    number: integer('number').notNull(),
    /** What people call it ("original", "refined"): how the CLI's --version finds it. */
    name: text('name').notNull(),
    status: text('status', { enum: VERSION_STATUSES }).notNull().default('draft'),
    changeNote: text('change_note').notNull().default(''),
    model: jsonb('model').$type<TheoryModel>().notNull(),
    /** The version this draft was copied from. */
    basedOnId: uuid('based_on_id').references((): AnyPgColumn => tocVersions.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
  },
  (t) => [
    uniqueIndex('toc_versions_name_key').on(t.theoryId, sql`lower(${t.name})`),
    uniqueIndex('toc_versions_number_key').on(t.theoryId, t.number),
    check('toc_versions_published_at', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
  ],
);

/**
 * Evidence mapped to a version's step (by the step's key): a code of one of the programme's evaluations
 * (its sub-codes count too) or a monitoring indicator. Mappings say how a version is tested, not what it
 * claims, so they may change after publication (each change audited).
 */
export const tocMappings = pgTable(
  'toc_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => tocVersions.id, { onDelete: 'cascade' }),
    nodeKey: text('node_key').notNull(),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id, { onDelete: 'cascade' }),
    codeId: uuid('code_id').references(() => codes.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id').references(() => indicators.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('toc_mappings_version').on(t.versionId),
    uniqueIndex('toc_mappings_code_key').on(t.versionId, t.nodeKey, t.codeId),
    uniqueIndex('toc_mappings_indicator_key').on(t.versionId, t.nodeKey, t.indicatorId),
    check(
      'toc_mappings_one_kind',
      sql`(${t.codeId} is not null and ${t.evaluationId} is not null and ${t.indicatorId} is null) or (${t.indicatorId} is not null and ${t.codeId} is null and ${t.evaluationId} is null)`,
    ),
  ],
);

/** A reviewer's comment on a step or a link of a version (by its key). */
export const tocComments = pgTable(
  'toc_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => tocVersions.id, { onDelete: 'cascade' }),
    target: text('target', { enum: COMMENT_TARGETS }).notNull(),
    targetKey: text('target_key').notNull(),
    body: text('body').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('toc_comments_version').on(t.versionId)],
);

/** The evaluator's thresholds for classing a theory's links against one evaluation. */
export const tocThresholds = pgTable(
  'toc_thresholds',
  {
    theoryId: uuid('theory_id')
      .notNull()
      .references(() => theoriesOfChange.id, { onDelete: 'cascade' }),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    minBoth: integer('min_both').notNull(),
    supportLift: doublePrecision('support_lift').notNull(),
    contradictLift: doublePrecision('contradict_lift').notNull(),
  },
  (t) => [primaryKey({ columns: [t.theoryId, t.evaluationId] })],
);
