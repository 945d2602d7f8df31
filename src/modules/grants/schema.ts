import { bigint, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { phases, programmes } from '../programmes/schema.js';

export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    recipientOrganisationId: uuid('recipient_organisation_id')
      .notNull()
      .references(() => organisations.id),
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    phaseId: uuid('phase_id').references(() => phases.id),
    // Whole pence: money is never a float.
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    awardedOn: date('awarded_on'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grants_programme_idx').on(t.programmeId), index('grants_partnership_idx').on(t.partnershipId)],
);
