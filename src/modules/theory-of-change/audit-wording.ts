// What the audit rows of theories of change say, in words (see audit/wording.ts).
import { sql } from 'drizzle-orm';
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { theoriesOfChange, tocComments, tocVersions } from './schema.js';

const LEVEL_WORDS = { programme: 'Programme-level', place: 'Place-level' } as const;
const STATUS_WORDS = { draft: 'Draft', published: 'Published' } as const;

export const theoryWording: EntityWording = {
  entityType: 'theory_of_change',
  noun: 'Theory of change',
  self: 'theory',
  fields: {
    name: 'Name',
    level: { label: 'Level', values: LEVEL_WORDS },
    placeId: { label: 'Place', ref: 'place' },
    description: 'Description',
  },
};

export const versionWording: EntityWording = {
  entityType: 'toc_version',
  noun: 'Version of a theory of change',
  self: 'theory-version',
  fields: {
    name: 'Name',
    status: { label: 'Status', values: STATUS_WORDS },
    changeNote: 'Change note',
    steps: 'Steps',
    links: 'Links',
    changes: 'What changed',
  },
};

export const stagesWording: EntityWording = {
  entityType: 'toc_stages',
  noun: 'Stages of new theories of change',
  self: 'programme',
  fields: { stages: 'Stages, in order' },
};

export const mappingsWording: EntityWording = {
  entityType: 'toc_mappings',
  noun: 'Evidence mapped to a theory of change',
  self: 'theory-version',
  fields: { mappings: 'Codes and indicators mapped to steps' },
};

export const thresholdsWording: EntityWording = {
  entityType: 'toc_thresholds',
  noun: 'Thresholds for testing a theory of change',
  self: 'theory',
  fields: {
    evaluationId: { label: 'Evaluation', ref: 'evaluation' },
    minBoth: 'Respondents at both ends to call a link supported',
    supportLift: 'Lift at or above which a link is supported',
    contradictLift: 'Lift at or below which a link is contradicted',
  },
};

export const commentWording: EntityWording = {
  entityType: 'toc_comment',
  noun: 'Comment on a theory of change',
  self: 'theory-comment',
  fields: {
    target: { label: 'On a', values: { node: 'Step', link: 'Link' } },
    targetKey: 'Step or link',
    body: 'Comment',
    resolved: 'Resolved',
  },
};

export const theoryOfChangeWordings = [theoryWording, versionWording, stagesWording, mappingsWording, thresholdsWording, commentWording];
export const theoryOfChangeNames = {
  theory: lookupNames(theoriesOfChange, theoriesOfChange.id, theoriesOfChange.name),
  'theory-version': lookupNames(
    tocVersions,
    tocVersions.id,
    sql`${tocVersions.name} || ' of ' || (select t.name from ${theoriesOfChange} t where t.id = ${tocVersions.theoryId})`,
  ),
  'theory-comment': lookupNames(tocComments, tocComments.id, sql`left(${tocComments.body}, 60)`),
};
