// What case studies' and action-learning sets' audit rows say, in words (see audit/wording.ts).
import { sql } from 'drizzle-orm';
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { ACTION_LEVEL_WORDS } from './domain/vocab.js';
import { caseStudies, learningActions, learningSessions, learningSets } from './schema.js';

export const caseStudyWording: EntityWording = {
  entityType: 'case_study',
  noun: 'Case study',
  self: 'case-study',
  fields: {
    title: 'Title',
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    learningSetId: { label: 'Action-learning set', ref: 'learning-set' },
    themes: 'Themes',
    standards: 'National Standards',
    placeId: { label: 'Place', ref: 'place' },
    organisationId: { label: 'Organisation', ref: 'organisation' },
    organisationName: 'Organisation (as written)',
    problem: 'What was the problem or issue?',
    whatWeDid: 'What did we do?',
    whatHelped: 'What helped?',
    barriers: 'What were the barriers?',
    learning: 'What are we learning?',
    contact: 'Contact',
    status: { label: 'Status', values: { draft: 'Draft', published: 'Published' } },
    audience: { label: 'Published to', values: { programme: 'The programme’s exchange', public: 'The public' } },
  },
};

export const learningSetWording: EntityWording = {
  entityType: 'learning_set',
  noun: 'Action-learning set',
  self: 'learning-set',
  fields: {
    name: 'Name',
    description: 'Description',
    learning: 'What the set is learning',
    partnershipIds: { label: 'Partnerships', ref: 'partnership' },
    caseStudyIds: { label: 'Case studies it produced', ref: 'case-study' },
  },
};

export const learningSessionWording: EntityWording = {
  entityType: 'learning_session',
  noun: 'Action-learning session',
  self: 'learning-session',
  fields: {
    setId: { label: 'Set', ref: 'learning-set' },
    heldOn: 'Held on',
    title: 'Title',
    attendees: 'Who attended',
    notes: 'Notes',
  },
};

export const learningActionWording: EntityWording = {
  entityType: 'learning_action',
  noun: 'Action',
  self: 'learning-action',
  fields: {
    setId: { label: 'Set', ref: 'learning-set' },
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    sessionId: { label: 'Agreed at', ref: 'learning-session' },
    level: { label: 'Level', values: ACTION_LEVEL_WORDS },
    action: 'Action',
    priority: { label: 'Priority', values: { high: 'High', medium: 'Medium', low: 'Low' } },
    status: { label: 'Status', values: { open: 'Open', done: 'Done', dropped: 'Dropped' } },
    followUp: 'What came of it',
    followUpOn: 'Followed up on',
  },
};

export const learningWordings = [caseStudyWording, learningSetWording, learningSessionWording, learningActionWording];
export const learningNames = {
  'case-study': lookupNames(caseStudies, caseStudies.id, caseStudies.title),
  'learning-set': lookupNames(learningSets, learningSets.id, learningSets.name),
  'learning-session': lookupNames(
    learningSessions,
    learningSessions.id,
    sql`${learningSessions.title} || ' (' || ${learningSessions.heldOn}::text || ')'`,
  ),
  'learning-action': lookupNames(learningActions, learningActions.id, learningActions.action),
};
