import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema.js';
import { places } from '../places/schema.js';
import { phases, programmes } from '../programmes/schema.js';

export const partnerships = pgTable(
  'partnerships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    placeId: uuid('place_id').references(() => places.id),
    leadOrganisationId: uuid('lead_organisation_id').references(() => organisations.id),
    description: text('description').notNull().default(''),
    // When the partnership is in the programme: from this day (today when not given) and, when it left,
    // up to and including `inProgrammeUntil`. A return is expected for a period only from a partnership
    // in the programme on the day the period is due (monitoring/domain/completeness.ts).
    inProgrammeFrom: date('in_programme_from').notNull().default(sql`current_date`),
    inProgrammeUntil: date('in_programme_until'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('partnerships_name_key').on(t.programmeId, sql`lower(${t.name})`),
    index('partnerships_place_idx').on(t.placeId),
    check('partnerships_in_programme_check', sql`${t.inProgrammeUntil} is null or ${t.inProgrammeUntil} >= ${t.inProgrammeFrom}`),
  ],
);

/** Membership over time, so growth in a year is a query: joined_on / left_on bound each spell. */
export const partnershipOrganisations = pgTable(
  'partnership_organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role').notNull().default('member'),
    joinedOn: date('joined_on'),
    leftOn: date('left_on'),
  },
  (t) => [index('partnership_organisations_idx').on(t.partnershipId), index('partnership_organisations_org_idx').on(t.organisationId)],
);

/** Whether a partnership went on from `phaseId` to the next phase, and why not when it did not. */
export const phaseProgressions = pgTable(
  'phase_progressions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phaseId: uuid('phase_id')
      .notNull()
      .references(() => phases.id, { onDelete: 'cascade' }),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    progressed: boolean('progressed').notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [uniqueIndex('phase_progressions_key').on(t.phaseId, t.partnershipId)],
);
