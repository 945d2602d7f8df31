// What support's audit rows say, in words (see audit/wording.ts): providers and whom they cover, a
// partnership's allowance, contacts and credit (audited on the partnership), events, and settings.
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { supportEvents } from './log/schema.js';
import { supportProviders } from './providers/schema.js';

export const SUPPORT_ROLE_WORDS: Readonly<Record<string, string>> = {
  facilitator: 'Facilitator',
  learning_partner: 'Learning partner',
  support_contractor: 'Support contractor',
  relationship_manager: 'Relationship manager',
  mentor: 'Mentor',
};

export const CONTACT_TYPE_WORDS: Readonly<Record<string, string>> = {
  facilitation: 'Facilitation',
  mentoring: 'Mentoring',
  critical_friend: 'Critical friend',
  action_planning: 'Action planning',
  mediation_brokerage: 'Mediation or brokerage',
  signposting: 'Signposting',
};

export const CREDIT_KIND_WORDS: Readonly<Record<string, string>> = {
  spend: 'Spend',
  commitment: 'Commitment',
  from_days: 'Days traded for credit',
  to_days: 'Credit traded for days',
};

export const supportProviderWording: EntityWording = {
  entityType: 'support-provider',
  noun: 'Support provider',
  self: 'support-provider',
  fields: {
    role: { label: 'Role', values: SUPPORT_ROLE_WORDS },
    name: 'Name',
    organisationId: { label: 'Organisation', ref: 'organisation' },
    email: 'Email address',
    userId: { label: 'Cairn account', ref: 'person' },
    regions: 'Regions covered',
    notes: 'Notes',
    partnershipId: { label: 'Partnership covered', ref: 'partnership' },
    contactName: 'Contact at the partnership',
    contactEmail: 'Contact’s email address',
  },
};

/** A partnership's support: its allowance, contacts and credit ledger, audited on the partnership. */
export const partnershipSupportWording: EntityWording = {
  entityType: 'partnership-support',
  noun: 'Partnership support',
  self: 'partnership',
  fields: {
    startOn: 'Support starts',
    endOn: 'Support ends',
    daysAllowed: 'Facilitator days allowed',
    creditAllowed: { label: 'Credit allowed', as: 'money' },
    dayRate: { label: 'Day rate', as: 'money' },
    contactOn: 'Date of contact',
    minutes: 'Time in minutes',
    type: { label: 'Type of support', values: CONTACT_TYPE_WORDS },
    topic: 'Topic',
    notes: 'Notes',
    providerId: { label: 'Provider', ref: 'support-provider' },
    kind: { label: 'Kind of entry', values: CREDIT_KIND_WORDS },
    entryOn: 'Date',
    amount: { label: 'Amount', as: 'money' },
    days: 'Days traded',
    purpose: 'Purpose',
    approvedBy: 'Approved by',
    contactsImported: 'Contacts imported',
    creditImported: 'Credit spends imported',
    attendanceImported: 'Attendances imported',
  },
};

export const supportEventWording: EntityWording = {
  entityType: 'support-event',
  noun: 'Networking or learning event',
  self: 'support-event',
  fields: {
    name: 'Name',
    heldOn: 'Date',
    place: 'Place',
    cost: { label: 'Cost', as: 'money' },
    notes: 'Notes',
    agreedActions: 'Agreed actions',
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    organisationId: { label: 'Organisation', ref: 'organisation' },
    people: 'People there',
  },
};

export const supportSettingsWording: EntityWording = {
  entityType: 'support-settings',
  noun: 'Support settings',
  self: 'programme',
  fields: {
    minutesPerDay: 'Minutes in a facilitator day',
    contactWeeks: 'Weeks without contact before a warning',
    recommendedDaysPerYear: 'Recommended days a year',
    creditTimeSharePercent: 'Warn of unspent credit with this share of time left (per cent)',
  },
};

export const supportWordings = [supportProviderWording, partnershipSupportWording, supportEventWording, supportSettingsWording];
export const supportNames = {
  'support-provider': lookupNames(supportProviders, supportProviders.id, supportProviders.name),
  'support-event': lookupNames(supportEvents, supportEvents.id, supportEvents.name),
};
