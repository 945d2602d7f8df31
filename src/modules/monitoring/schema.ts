import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { phases, programmes } from '../programmes/schema.js';

export const UNITS = ['count', 'gbp', 'percent', 'hours', 'text'] as const;
export type Unit = (typeof UNITS)[number];
export const AGGREGATIONS = ['sum', 'mean', 'latest'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const RETURN_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** What a programme asks every partnership to report, each with the definition shown beside the number. */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    definition: text('definition').notNull().default(''),
    unit: text('unit', { enum: UNITS }).notNull().default('count'),
    aggregation: text('aggregation', { enum: AGGREGATIONS }).notNull().default('sum'),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_key_key').on(t.programmeId, t.key)],
);

/** A window partnerships report on, and when their returns are due. */
export const reportingPeriods = pgTable(
  'reporting_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    phaseId: uuid('phase_id').references(() => phases.id, { onDelete: 'set null' }),
    label: text('label').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    dueOn: date('due_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_periods_label_key').on(t.programmeId, sql`lower(${t.label})`),
    check('reporting_periods_window_check', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** One partnership's return for one period, and where it is in review. */
export const monitoringReturns = pgTable(
  'monitoring_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The programme, partnership, period and people a return names are checked once per statement by
    // triggers, not by per-row foreign keys, and deleting any of them is followed the same way
    // (migrations/0009, decision 010): an import writes 20,000 returns at once.
    programmeId: uuid('programme_id').notNull(),
    partnershipId: uuid('partnership_id').notNull(),
    periodId: uuid('period_id').notNull(),
    status: text('status', { enum: RETURN_STATUSES }).notNull().default('draft'),
    comparabilityNote: text('comparability_note').notNull().default(''),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    reviewComment: text('review_comment').notNull().default(''),
    // The return's figures, as four parallel arrays in the return's own row (decision 010): element k of
    // each is about the indicator figureIndicators[k]. A figure is a number (figureValues), a text
    // (figureTexts), or not reported, when figureNotReported holds its reason; other elements are NULL.
    // figureTexts and figureNotReported may instead be empty, meaning all NULL (most returns have no
    // text and report everything; subscripts and unnest read an empty array as NULLs just the same).
    // Read and written only through figures.ts. Which indicators they name is checked by a trigger.
    figureIndicators: uuid('figure_indicators').array().notNull().default(sql`'{}'::uuid[]`),
    figureValues: numeric('figure_values').array().notNull().default(sql`'{}'::numeric[]`),
    figureTexts: text('figure_texts').array().notNull().default(sql`'{}'::text[]`),
    figureNotReported: text('figure_not_reported').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'monitoring_returns_figures_check',
      sql`cardinality(${t.figureValues}) = cardinality(${t.figureIndicators}) and cardinality(${t.figureTexts}) in (0, cardinality(${t.figureIndicators})) and cardinality(${t.figureNotReported}) in (0, cardinality(${t.figureIndicators}))`,
    ),
    uniqueIndex('monitoring_returns_partnership_period_key').on(t.partnershipId, t.periodId),
    index('monitoring_returns_period_idx').on(t.periodId),
    index('monitoring_returns_programme_idx').on(t.programmeId),
  ],
);

/**
 * A reviewer's comment, follow-up flag or comparability note on one figure of a return. Sparse: most
 * figures have none, so these sit beside the figures rather than in them (see `figures` below).
 */
export const figureNotes = pgTable(
  'figure_notes',
  {
    returnId: uuid('return_id')
      .notNull()
      .references(() => monitoringReturns.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    comparabilityNote: text('comparability_note').notNull().default(''),
    reviewerComment: text('reviewer_comment').notNull().default(''),
    followUp: boolean('follow_up').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'figure_notes_pkey', columns: [t.returnId, t.indicatorId] }),
    index('figure_notes_indicator_idx').on(t.indicatorId),
  ],
);
