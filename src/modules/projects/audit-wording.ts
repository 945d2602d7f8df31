// What a project's audit rows say, in words (see audit/wording.ts).
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { projects } from './schema.js';

/** Where a project's record comes from, as the project pages say it. */
export const PROVENANCE_WORDS = {
  real: 'Real',
  illustrative: 'Illustrative (drawn from a published document)',
  synthetic: 'Made-up demo (invented for training or demonstration)',
} as const;

export const projectWording: EntityWording = {
  entityType: 'project',
  noun: 'Project',
  self: 'project',
  fields: {
    name: 'Name',
    description: 'Description',
    partnership: 'Partnership',
    partnershipId: { label: 'Partnership', ref: 'partnership' },
    themes: 'Themes',
    typology: 'Social action typology',
    coproductionModel: 'Co-production model',
    provenance: { label: 'Where the record comes from', values: PROVENANCE_WORDS },
  },
};

export const projectWordings = [projectWording];
export const projectNames = { project: lookupNames(projects, projects.id, projects.name) };
