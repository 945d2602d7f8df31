import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../accounts/schema.js';
import { programmes } from '../../programmes/schema.js';
import { projects } from '../../projects/schema.js';

export const PB_STAGES = ['ideas', 'feasibility', 'deliberation', 'vote', 'results', 'delivery'] as const;
export type PbStage = (typeof PB_STAGES)[number];
export const PB_RULES = ['greedy', 'equal-shares'] as const;
export type PbRule = (typeof PB_RULES)[number];
export const PB_BALLOTS = ['approval', 'knapsack'] as const;
export const PB_MODES = ['vote', 'panel'] as const;
export const PB_ELIGIBILITY = ['pending', 'eligible', 'ineligible'] as const;
export const PB_DELIVERY = ['not-started', 'under-way', 'done'] as const;

/** A locality with a budget of its own (Stirling's urban and rural). */
export interface PbLocality {
  name: string;
  budget: number;
}
/** Dates of each stage: when it starts and ends (ISO dates), either may be unset. */
export type PbPhaseDates = Partial<Record<PbStage, { startsOn: string | null; endsOn: string | null }>>;
/** Who sat on a resident panel and why. */
export interface PbPanelMember {
  name: string;
  why: string;
}
/** What a published count froze: every figure the results page shows. */
export interface PbFrozenResult {
  rule: PbRule;
  countedAt: string;
  ballots: number;
  localities: {
    name: string | null;
    budget: number;
    ballots: number;
    used: number;
    projects: { proposalId: string; votes: number; selected: boolean; cost: number }[];
  }[];
}

export const pbRounds = pgTable(
  'pb_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    currency: text('currency').notNull().default('GBP'),
    // Whole currency units (Pabulib counts in whole units too).
    budget: bigint('budget', { mode: 'number' }).notNull(),
    localities: jsonb('localities').$type<PbLocality[]>().notNull().default([]),
    stage: text('stage', { enum: PB_STAGES }).notNull().default('ideas'),
    phaseDates: jsonb('phase_dates').$type<PbPhaseDates>().notNull().default({}),
    mode: text('mode', { enum: PB_MODES }).notNull().default('vote'),
    rule: text('rule', { enum: PB_RULES }).notNull().default('equal-shares'),
    ballotKind: text('ballot_kind', { enum: PB_BALLOTS }).notNull().default('approval'),
    minProjects: integer('min_projects').notNull().default(1),
    maxProjects: integer('max_projects'),
    /** Knapsack: the least share of the budget a ballot must spend, in per cent. */
    minSpendPercent: integer('min_spend_percent').notNull().default(0),
    eligiblePopulation: integer('eligible_population'),
    /** The council's whole budget, for the round's share against the 1% aim. */
    councilBudget: bigint('council_budget', { mode: 'number' }),
    panelMembers: jsonb('panel_members').$type<PbPanelMember[]>().notNull().default([]),
    panelReasons: text('panel_reasons').notNull().default(''),
    /** META rows of an imported Pabulib file, kept so an export gives them back. */
    pabulibMeta: jsonb('pabulib_meta').$type<[string, string][]>().notNull().default([]),
    voterColumns: jsonb('voter_columns').$type<string[]>().notNull().default([]),
    provenance: text('provenance', { enum: ['real', 'illustrative'] })
      .notNull()
      .default('real'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    result: jsonb('result').$type<PbFrozenResult>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pb_rounds_slug_key').on(t.programmeId, t.slug)],
);

export const pbProposals = pgTable(
  'pb_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => pbRounds.id, { onDelete: 'cascade' }),
    /** Pabulib's project_id: the proposal's number in the round. */
    ref: text('ref').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    cost: bigint('cost', { mode: 'number' }).notNull(),
    locality: text('locality'),
    category: text('category').notNull().default(''),
    proposedBy: text('proposed_by').notNull().default(''),
    proposerKind: text('proposer_kind', { enum: ['group', 'resident'] })
      .notNull()
      .default('group'),
    evidenceOfNeed: text('evidence_of_need').notNull().default(''),
    deliveredBy: text('delivered_by').notNull().default(''),
    eligibility: text('eligibility', { enum: PB_ELIGIBILITY }).notNull().default('pending'),
    eligibilityReason: text('eligibility_reason').notNull().default(''),
    panelChosen: boolean('panel_chosen').notNull().default(false),
    /** Why the resident panel chose it (panel rounds). */
    panelReason: text('panel_reason').notNull().default(''),
    /** Other PROJECTS columns of an imported Pabulib file. */
    extra: jsonb('extra').$type<Record<string, string>>().notNull().default({}),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    delivery: text('delivery', { enum: PB_DELIVERY }).notNull().default('not-started'),
  },
  (t) => [uniqueIndex('pb_proposals_ref_key').on(t.roundId, t.ref), index('pb_proposals_round_idx').on(t.roundId, t.position)],
);

/** One-time voting codes: only a hash is kept; the code itself is shown once, when made. */
export const pbCodes = pgTable(
  'pb_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => pbRounds.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    locality: text('locality'),
    batch: integer('batch').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('pb_codes_hash_key').on(t.codeHash), index('pb_codes_round_idx').on(t.roundId)],
);

export const pbBallots = pgTable(
  'pb_ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => pbRounds.id, { onDelete: 'cascade' }),
    // One ballot a code, whatever races: the database holds the rule.
    codeId: uuid('code_id').references(() => pbCodes.id),
    source: text('source', { enum: ['online', 'paper', 'import'] }).notNull(),
    voterRef: text('voter_ref').notNull(),
    locality: text('locality'),
    /** Proposal refs chosen, in the order given. */
    choices: jsonb('choices').$type<string[]>().notNull(),
    extra: jsonb('extra').$type<Record<string, string>>().notNull().default({}),
    castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pb_ballots_code_key').on(t.codeId), index('pb_ballots_round_idx').on(t.roundId)],
);

/** Paper ballots as each officer keyed them in: two officers each, reconciled before they count. */
export const pbPaperEntries = pgTable(
  'pb_paper_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => pbRounds.id, { onDelete: 'cascade' }),
    paperRef: text('paper_ref').notNull(),
    locality: text('locality'),
    officerId: uuid('officer_id')
      .notNull()
      .references(() => users.id),
    choices: jsonb('choices').$type<string[]>().notNull(),
    ballotId: uuid('ballot_id').references(() => pbBallots.id, { onDelete: 'set null' }),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pb_paper_entries_key').on(t.roundId, t.paperRef, t.officerId)],
);

/** Refused code attempts (a used code, an unknown one): the log and the guessing limit's count. */
export const pbCodeAttempts = pgTable(
  'pb_code_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => pbRounds.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    outcome: text('outcome', { enum: ['unknown', 'used', 'limited'] }).notNull(),
    codeId: uuid('code_id').references(() => pbCodes.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pb_code_attempts_address_idx').on(t.address, t.attemptedAt)],
);

/** "You said, we did": what happened to a funded proposal, dated. */
export const pbUpdates = pgTable(
  'pb_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => pbProposals.id, { onDelete: 'cascade' }),
    on: date('on', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pb_updates_proposal_idx').on(t.proposalId)],
);
