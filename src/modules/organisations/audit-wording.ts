// What an organisation's audit rows say, in words (see audit/wording.ts).
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { organisations } from './schema.js';

/** The organisation statuses as the registry pages say them. */
export const ORGANISATION_STATUS_WORDS = {
  active: 'Active',
  struggling: 'Struggling',
  merged: 'Merged',
  wound_up: 'Wound up',
} as const;

export const organisationWording: EntityWording = {
  entityType: 'organisation',
  noun: 'Organisation',
  self: 'organisation',
  fields: {
    id: { label: 'Organisation', ref: 'organisation' },
    name: 'Name',
    type: 'Type of organisation',
    identifiers: 'Identifiers (charity or company numbers)',
    size: { label: 'Size', values: { micro: 'Micro', small: 'Small', medium: 'Medium', large: 'Large', major: 'Major' } },
    status: { label: 'Status', values: ORGANISATION_STATUS_WORDS },
    createdAt: 'Added on',
  },
};

export const organisationWordings = [organisationWording];
export const organisationNames = { organisation: lookupNames(organisations, organisations.id, organisations.name) };
