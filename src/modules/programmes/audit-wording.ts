// What a programme's, its phases' and its vocabulary terms' audit rows say, in words (see audit/wording.ts).
import { sql } from 'drizzle-orm';
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { phases, programmes, vocabularyTerms } from './schema.js';
import { VOCABULARY_LABELS } from './vocabularies.js';

export const programmeWording: EntityWording = {
  entityType: 'programme',
  noun: 'Programme',
  self: 'programme',
  fields: {
    id: { label: 'Programme', ref: 'programme' },
    slug: 'Short name for web addresses',
    name: 'Name',
    description: 'Description',
    funder: 'Funder',
    createdAt: 'Created on',
  },
};

export const phaseWording: EntityWording = {
  entityType: 'phase',
  noun: 'Phase',
  self: 'phase',
  fields: {
    id: { label: 'Phase', ref: 'phase' },
    number: 'Phase number',
    name: 'Name',
    startsOn: 'Starts on',
    endsOn: 'Ends on',
    version: 'Record version',
  },
};

export const termWording: EntityWording = {
  entityType: 'vocabulary_term',
  noun: 'Vocabulary term',
  self: 'term',
  fields: {
    id: { label: 'Term', ref: 'term' },
    vocabulary: { label: 'Vocabulary', values: VOCABULARY_LABELS },
    label: 'Term',
    description: 'Description',
    position: 'Place in the list',
    version: 'Record version',
  },
};

export const programmeWordings = [programmeWording, phaseWording, termWording];
export const programmeNames = {
  programme: lookupNames(programmes, programmes.id, programmes.name),
  phase: lookupNames(phases, phases.id, sql`'Phase ' || ${phases.number} || ': ' || ${phases.name}`),
  term: lookupNames(vocabularyTerms, vocabularyTerms.id, vocabularyTerms.label),
};
