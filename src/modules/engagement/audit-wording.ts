// What the audit rows of engagements, their settings, feedback and "you said, we did" say, in words
// (see audit/wording.ts).
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { engagements } from './register/schema.js';
import { youSaidWeDid } from './you-said-we-did/schema.js';

export const LEVEL_WORDS = {
  inform: 'Inform',
  consult: 'Consult',
  involve: 'Involve',
  collaborate: 'Collaborate',
  empower: 'Empower',
} as const;

export const engagementWording: EntityWording = {
  entityType: 'engagement',
  noun: 'Engagement',
  self: 'engagement',
  fields: {
    title: 'Title',
    topics: 'Topics',
    locality: 'Locality',
    startsOn: 'Starts on',
    endsOn: 'Ends on',
    targetGroups: 'Target groups',
    methods: 'Methods',
    level: { label: 'Level of participation', values: LEVEL_WORDS },
    leadPartner: 'Lead partner',
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    costGbp: { label: 'Cost', as: 'money' },
    reach: 'Reach (people)',
    published: 'Shown on the public page',
    selfAssessment: 'Self-assessment against the National Standards',
  },
};

const settingsWording: EntityWording = {
  entityType: 'engagement-settings',
  noun: 'Engagement settings',
  self: 'programme',
  fields: { overlapWindowDays: 'Overlap window (days)' },
};

const feedbackWording: EntityWording = {
  entityType: 'engagement-feedback',
  noun: 'Participants’ feedback',
  self: 'engagement',
  fields: {},
};

const youSaidWeDidWording: EntityWording = {
  entityType: 'you-said-we-did',
  noun: '“You said, we did” entry',
  self: 'you-said-we-did',
  fields: {
    said: 'You said',
    did: 'We did',
    status: 'Where it stands',
    progress: 'Progress (per cent)',
    published: 'Shown on the public page',
  },
};

export const engagementWordings = [engagementWording, settingsWording, feedbackWording, youSaidWeDidWording];
export const engagementNames = {
  engagement: lookupNames(engagements, engagements.id, engagements.title),
  'you-said-we-did': lookupNames(youSaidWeDid, youSaidWeDid.id, youSaidWeDid.said),
};
