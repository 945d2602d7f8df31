// What the audit rows of people and invitations say, in words (see audit/wording.ts).
import { sql } from 'drizzle-orm';
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { invitations, passwordResets, users } from './schema.js';

/** A person's role in a programme, as the People pages say it. */
export const ROLE_WORDS = {
  programme_manager: 'Programme manager',
  evaluator: 'Evaluator',
  facilitator: 'Facilitator',
  viewer: 'Viewer',
} as const;

export const userWording: EntityWording = {
  entityType: 'user',
  noun: 'Person',
  self: 'person',
  fields: {
    email: 'Email address',
    name: 'Name',
    isAdmin: 'Platform administrator',
    role: { label: 'Role in the programme', values: ROLE_WORDS },
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    member: 'Member of the partnership',
    resetId: { label: 'Password reset link', ref: 'password-reset' },
    expiresAt: 'Link expires',
    sessionsEnded: 'Sessions ended (signed out everywhere)',
  },
};

export const invitationWording: EntityWording = {
  entityType: 'invitation',
  noun: 'Invitation',
  self: 'invitation',
  fields: {
    email: 'Email address',
    role: { label: 'Role in the programme', values: ROLE_WORDS },
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    isAdmin: 'Platform administrator',
    userId: { label: 'Person who accepted', ref: 'person' },
  },
};

export const accountWordings = [userWording, invitationWording];
export const accountNames = {
  person: lookupNames(users, users.id, users.name),
  invitation: lookupNames(invitations, invitations.id, sql`'Invitation to ' || ${invitations.email}`),
  'password-reset': lookupNames(
    passwordResets,
    passwordResets.id,
    sql`'Link made ' || to_char(${passwordResets.createdAt}, 'FMDD FMMonth YYYY')`,
  ),
};
