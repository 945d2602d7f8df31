import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database.js';
import { programmeRoles } from '../src/modules/accounts/schema.js';
import { createUser } from '../src/modules/accounts/service.js';
import { systemActor } from '../src/modules/audit/audit.js';
import { organisations } from '../src/modules/organisations/schema.js';
import { partnershipOrganisations, partnerships } from '../src/modules/partnerships/schema.js';
import { places } from '../src/modules/places/schema.js';
import { programmes } from '../src/modules/programmes/schema.js';

export const BENCH_SLUG = 'bench-load';

export interface BenchLogin {
  email: string;
  password: string;
}

/**
 * A programme shaped like a large real one, so the list really returns 50 rows with their joins:
 * `count` partnerships, each in one of 60 places with a lead and two member organisations. Signed in
 * as its programme manager (not an administrator), the usual caller of a registry list.
 */
export async function seedBench(database: Database, count: number): Promise<BenchLogin> {
  const { db } = database;
  const login = { email: 'manager@bench.cairn.test', password: `bench-${randomBytes(12).toString('hex')}` };
  const user = await createUser(db, systemActor('bench'), { email: login.email, name: 'Bench Manager', password: login.password });
  const [programme] = await db
    .insert(programmes)
    .values({ slug: BENCH_SLUG, name: 'Load benchmark programme', funder: 'Benchmark' })
    .returning();
  await db.insert(programmeRoles).values({ userId: user.id, programmeId: programme!.id, role: 'programme_manager' });

  const placeRows = await db
    .insert(places)
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        programmeId: programme!.id,
        name: `Bench place ${i + 1}`,
        nation: 'England' as const,
        region: 'North West',
      })),
    )
    .returning({ id: places.id });
  const orgRows = await db
    .insert(organisations)
    .values(
      Array.from({ length: count * 3 }, (_, i) => ({
        programmeId: programme!.id,
        name: `Bench organisation ${i + 1}`,
        type: 'Registered charity',
      })),
    )
    .returning({ id: organisations.id });
  const partnershipRows = await db
    .insert(partnerships)
    .values(
      Array.from({ length: count }, (_, i) => ({
        programmeId: programme!.id,
        name: `Bench partnership ${String(i + 1).padStart(4, '0')}`,
        placeId: placeRows[i % placeRows.length]!.id,
        leadOrganisationId: orgRows[i * 3]!.id,
      })),
    )
    .returning({ id: partnerships.id });
  await db.insert(partnershipOrganisations).values(
    partnershipRows.flatMap((p, i) =>
      [0, 1, 2].map((k) => ({
        partnershipId: p.id,
        organisationId: orgRows[i * 3 + k]!.id,
        role: k === 0 ? 'lead' : 'member',
        joinedOn: `20${18 + k}-04-01`,
      })),
    ),
  );
  return login;
}
