// What participation's audit rows say, in words (see audit/wording.ts): each field's label, and how a record is named.
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { placeSurveys } from './place-standard/schema.js';

export const placeSurveyWording: EntityWording = {
  entityType: 'place-survey',
  noun: 'Place Standard survey',
  self: 'place-survey',
  fields: {
    id: { label: 'Survey', ref: 'place-survey' },
    slug: 'Short name',
    title: 'Title',
    version: { label: 'Version', values: { adult: 'Adults', young_people: 'Young people', children: 'Children' } },
    versionName: 'Version',
    wording: 'Wording of the tool',
    scale: 'Top of the scale',
    threshold: 'Smallest group shown',
    status: { label: 'Status', values: { draft: 'Not open yet', open: 'Open', closed: 'Closed' } },
    currentWave: 'Wave residents answer in',
    localities: 'Localities',
    illustrative: 'Illustrative (demo data)',
    createdAt: 'Set up on',
  },
};

export const participationWordings = [placeSurveyWording];
export const participationNames = { 'place-survey': lookupNames(placeSurveys, placeSurveys.id, placeSurveys.title) };
