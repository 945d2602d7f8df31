import type { Queryable } from '../../db/database.js';
import { type Actor, recordAudit } from '../audit/audit.js';
import { organisations } from '../organisations/schema.js';
import { partnershipOrganisations, partnerships } from '../partnerships/schema.js';
import { places } from '../places/schema.js';

// Small writers shared by the registry import and the demo data: each inserts one record and its
// audit row, inside the caller's transaction.

export type PlaceValues = Omit<typeof places.$inferInsert, 'id' | 'programmeId' | 'createdAt'>;
export type OrganisationValues = Omit<typeof organisations.$inferInsert, 'id' | 'programmeId' | 'createdAt'>;
export interface PartnershipValues {
  name: string;
  placeId?: string | null;
  leadOrganisationId?: string | null;
  description?: string;
  /** When the lead joined, if known. */
  leadJoinedOn?: string | null;
  /** The first day in the programme; today when not given. */
  inProgrammeFrom?: string | null;
}

export async function insertPlace(tx: Queryable, actor: Actor, programmeId: string, values: PlaceValues) {
  const [p] = await tx
    .insert(places)
    .values({ ...values, programmeId })
    .returning();
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'place',
    entityId: p!.id,
    action: 'create',
    summary: `Added place ${p!.name}`,
    after: { name: p!.name, nation: p!.nation, region: p!.region, localAuthority: p!.localAuthority },
  });
  return p!;
}

export async function insertOrganisation(tx: Queryable, actor: Actor, programmeId: string, values: OrganisationValues) {
  const [o] = await tx
    .insert(organisations)
    .values({ ...values, programmeId })
    .returning();
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'organisation',
    entityId: o!.id,
    action: 'create',
    summary: `Added organisation ${o!.name}`,
    after: { name: o!.name, type: o!.type, identifiers: o!.identifiers, size: o!.size },
  });
  return o!;
}

/** A partnership; its lead organisation also becomes a member with role `lead`, as the API does. */
export async function insertPartnership(tx: Queryable, actor: Actor, programmeId: string, values: PartnershipValues) {
  const [p] = await tx
    .insert(partnerships)
    .values({
      programmeId,
      name: values.name,
      placeId: values.placeId ?? null,
      leadOrganisationId: values.leadOrganisationId ?? null,
      description: values.description ?? '',
      ...(values.inProgrammeFrom ? { inProgrammeFrom: values.inProgrammeFrom } : {}),
    })
    .returning();
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'partnership',
    entityId: p!.id,
    action: 'create',
    summary: `Added partnership ${p!.name}`,
    after: {
      name: p!.name,
      placeId: p!.placeId,
      leadOrganisationId: p!.leadOrganisationId,
      description: p!.description,
      inProgrammeFrom: p!.inProgrammeFrom,
    },
  });
  if (p!.leadOrganisationId) await addMember(tx, actor, programmeId, p!.id, p!.leadOrganisationId, 'lead', values.leadJoinedOn ?? null);
  return p!;
}

export async function addMember(
  tx: Queryable,
  actor: Actor,
  programmeId: string,
  partnershipId: string,
  organisationId: string,
  role: string,
  joinedOn: string | null,
) {
  const [m] = await tx.insert(partnershipOrganisations).values({ partnershipId, organisationId, role, joinedOn }).returning();
  await recordAudit(tx, actor, {
    programmeId,
    entityType: 'partnership',
    entityId: partnershipId,
    action: 'add-member',
    summary: `Added a member organisation (${role})`,
    after: { organisationId, role, joinedOn },
  });
  return m!;
}
