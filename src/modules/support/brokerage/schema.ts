import { date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partnerships } from '../../partnerships/schema.js';
import { programmes } from '../../programmes/schema.js';
import type { Party } from './domain.js';

/**
 * A brokerage or mediation case: relations between a partnership and others (often its local
 * authority) broke down, and someone brokered a way on. Confidential: see ../access.ts.
 */
export const brokerageCases = pgTable(
  'brokerage_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** What brought it on. */
    trigger: text('trigger').notNull().default(''),
    parties: jsonb('parties').$type<Party[]>().notNull(),
    status: text('status', { enum: ['open', 'paused', 'resolved', 'closed_unresolved'] })
      .notNull()
      .default('open'),
    openedOn: date('opened_on').notNull(),
    closedOn: date('closed_on'),
    outcome: text('outcome').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('brokerage_cases_programme_idx').on(t.programmeId), index('brokerage_cases_partnership_idx').on(t.partnershipId)],
);

/** A dated step: a meeting, a soundings report, a mediation session, a letter. */
export const brokerageSteps = pgTable(
  'brokerage_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => brokerageCases.id, { onDelete: 'cascade' }),
    on: date('on').notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('brokerage_steps_case_idx').on(t.caseId)],
);

/** An agreement the case produced, e.g. a joint-working protocol. */
export const brokerageAgreements = pgTable(
  'brokerage_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => brokerageCases.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    agreedOn: date('agreed_on').notNull(),
    summary: text('summary').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('brokerage_agreements_case_idx').on(t.caseId)],
);
