// What a partnership's audit rows say, in words (see audit/wording.ts): the partnership itself, its
// member organisations (audited on the partnership) and its progression from one phase to the next.
import { eq, inArray, sql } from 'drizzle-orm';
import { type NameLookup, lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { organisations } from '../organisations/schema.js';
import { partnershipOrganisations, partnerships } from './schema.js';

export const partnershipWording: EntityWording = {
  entityType: 'partnership',
  noun: 'Partnership',
  self: 'partnership',
  fields: {
    name: 'Name',
    description: 'Description',
    place: 'Place',
    placeId: { label: 'Place', ref: 'place' },
    leadOrganisation: 'Lead organisation',
    leadOrganisationId: { label: 'Lead organisation', ref: 'organisation' },
    organisation: 'Member organisation',
    organisationId: { label: 'Member organisation', ref: 'organisation' },
    role: { label: 'Role in the partnership', values: { member: 'Member', lead: 'Lead' } },
    joinedOn: 'Joined on',
    leftOn: 'Left on',
    progressed: 'Went on to the next phase',
    reason: 'Reason when not',
    inProgrammeFrom: 'In the programme from',
    inProgrammeUntil: 'In the programme until',
  },
};

/** A member organisation of a partnership, named "<organisation> in <partnership>". */
const memberNames: NameLookup = async (db, ids) =>
  (await db
    .select({
      id: sql<string>`${partnershipOrganisations.id}::text`,
      name: sql<string>`${organisations.name} || ' in ' || ${partnerships.name}`,
    })
    .from(partnershipOrganisations)
    .innerJoin(organisations, eq(organisations.id, partnershipOrganisations.organisationId))
    .innerJoin(partnerships, eq(partnerships.id, partnershipOrganisations.partnershipId))
    .where(inArray(partnershipOrganisations.id, ids))) as { id: string; name: string }[];

export const partnershipWordings = [partnershipWording];
export const partnershipNames = {
  partnership: lookupNames(partnerships, partnerships.id, partnerships.name),
  'partnership-member': memberNames,
};
