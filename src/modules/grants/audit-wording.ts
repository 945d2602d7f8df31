// What a grant's audit rows say, in words (see audit/wording.ts).
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { grants } from './schema.js';

export const grantWording: EntityWording = {
  entityType: 'grant',
  noun: 'Grant',
  self: 'grant',
  fields: {
    title: 'Title',
    recipientOrganisationId: { label: 'Organisation that received the grant', ref: 'organisation' },
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    phaseId: { label: 'Phase', ref: 'phase' },
    amountGbp: { label: 'Amount', as: 'money' },
    awardedOn: 'Awarded on',
    startsOn: 'Starts on',
    endsOn: 'Ends on',
  },
};

export const grantWordings = [grantWording];
export const grantNames = { grant: lookupNames(grants, grants.id, grants.title) };
