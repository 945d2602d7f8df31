/**
 * Shared set-up for the places, organisations and grants integration tests: a programme with two
 * partnerships, a second programme, and one person in each role that matters for access.
 * Partnerships are written straight to the database so these tests do not depend on the partnerships API.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Client, TestContext } from './http.js';
import { partnershipOrganisations, partnerships } from '../../src/modules/partnerships/schema.js';
import { programmes } from '../../src/modules/programmes/schema.js';

export interface RegistryWorld {
  base: string;
  otherBase: string;
  programmeId: string;
  partnershipA: string;
  partnershipB: string;
  otherPartnership: string;
  admin: Client;
  manager: Client;
  viewer: Client;
  memberA: Client;
  stranger: Client;
  linkPlace(partnershipId: string, placeId: string): Promise<void>;
  addMember(partnershipId: string, organisationId: string, role?: string, leftOn?: string): Promise<void>;
  makeLead(partnershipId: string, organisationId: string): Promise<void>;
}

export async function registryWorld(t: TestContext, slug: string): Promise<RegistryWorld> {
  const db = t.database.db;
  const email = (who: string) => `${who}.${slug}@cairn.test`;
  const users = Object.fromEntries(
    await Promise.all(
      ['admin', 'manager', 'viewer', 'member', 'stranger'].map(
        async (who) => [who, await t.makeUser(email(who), { isAdmin: who === 'admin' })] as const,
      ),
    ),
  );
  const admin = await t.as(email('admin'));
  for (const s of [slug, `${slug}-other`]) {
    expect((await admin.post('/api/v1/programmes', { slug: s, name: `Programme ${s}` })).statusCode).toBe(201);
  }
  const [p] = await db.select().from(programmes).where(eq(programmes.slug, slug));
  const [other] = await db
    .select()
    .from(programmes)
    .where(eq(programmes.slug, `${slug}-other`));
  const [a, b, o] = await db
    .insert(partnerships)
    .values([
      // In their programmes since 2019, so periods from then on expect their returns.
      { programmeId: p!.id, name: 'Partnership A', inProgrammeFrom: '2019-04-01' },
      { programmeId: p!.id, name: 'Partnership B', inProgrammeFrom: '2019-04-01' },
      { programmeId: other!.id, name: 'Elsewhere partnership', inProgrammeFrom: '2019-04-01' },
    ])
    .returning();
  const put = async (url: string, body?: unknown) => expect((await admin.put(url, body)).statusCode).toBe(200);
  await put(`/api/v1/users/${users.manager!.id}/programme-roles/${slug}`, { role: 'programme_manager' });
  await put(`/api/v1/users/${users.viewer!.id}/programme-roles/${slug}`, { role: 'viewer' });
  await put(`/api/v1/users/${users.member!.id}/partnerships/${a!.id}`);
  return {
    base: `/api/v1/programmes/${slug}`,
    otherBase: `/api/v1/programmes/${slug}-other`,
    programmeId: p!.id,
    partnershipA: a!.id,
    partnershipB: b!.id,
    otherPartnership: o!.id,
    admin,
    manager: await t.as(email('manager')),
    viewer: await t.as(email('viewer')),
    memberA: await t.as(email('member')),
    stranger: await t.as(email('stranger')),
    linkPlace: async (partnershipId, placeId) => {
      await db.update(partnerships).set({ placeId }).where(eq(partnerships.id, partnershipId));
    },
    addMember: async (partnershipId, organisationId, role = 'member', leftOn) => {
      await db
        .insert(partnershipOrganisations)
        .values({ partnershipId, organisationId, role, joinedOn: '2019-04-01', leftOn: leftOn ?? null });
    },
    makeLead: async (partnershipId, organisationId) => {
      await db.update(partnerships).set({ leadOrganisationId: organisationId }).where(eq(partnerships.id, partnershipId));
    },
  };
}
