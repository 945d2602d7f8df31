import { readFileSync } from 'node:fs';
import type { Vocabulary } from './schema.js';

interface Frameworks {
  social_action_typology: { approaches: string[] };
  organisation_types_named: string[];
}

const frameworks = JSON.parse(readFileSync(new URL('../../reference/frameworks.json', import.meta.url), 'utf8')) as Frameworks;

/** What a new programme starts with; every list is the programme's own to edit afterwards. */
export function defaultVocabularies(): Record<Vocabulary, string[]> {
  return {
    organisation_type: frameworks.organisation_types_named,
    typology: frameworks.social_action_typology.approaches,
    theme: [],
    coproduction_model: [],
    participant_type: [],
  };
}

export const VOCABULARY_LABELS: Record<Vocabulary, string> = {
  theme: 'Themes',
  coproduction_model: 'Co-production models',
  typology: 'Social action typology',
  participant_type: 'Participant types',
  organisation_type: 'Organisation types',
};
