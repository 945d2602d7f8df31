import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programmes } from '../programmes/schema.js';

export const NATIONS = ['England', 'Scotland', 'Wales', 'Northern Ireland'] as const;
export const DEPRIVATION_INDICES = ['IMD', 'SIMD', 'WIMD', 'NIMDM'] as const;

export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    nation: text('nation', { enum: NATIONS }),
    region: text('region').notNull().default(''),
    localAuthority: text('local_authority').notNull().default(''),
    areaCode: text('area_code'),
    deprivationIndex: text('deprivation_index', { enum: DEPRIVATION_INDICES }),
    deprivationDecile: integer('deprivation_decile'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('places_name_key').on(t.programmeId, sql`lower(${t.name})`)],
);
