import type { FieldError } from '../../errors.js';
import type { Vocabulary } from '../programmes/schema.js';

/** The tags a project carries, each list drawn from one of the programme's vocabularies. */
export interface ProjectTermInput {
  themeIds?: string[] | undefined;
  typologyIds?: string[] | undefined;
  coproductionModelId?: string | null | undefined;
}

const WORDS: Record<Vocabulary, string> = {
  theme: 'a theme',
  coproduction_model: 'a co-production model',
  typology: 'a typology tag',
  participant_type: 'a participant type',
  organisation_type: 'an organisation type',
};

/**
 * Every id must be a term of the right vocabulary in this programme. `known` holds the programme's
 * terms among the ids given (id → vocabulary); anything missing from it belongs elsewhere or nowhere.
 * Each wrong id is named by its field and, in a list, its position.
 */
export function projectTermErrors(input: ProjectTermInput, known: ReadonlyMap<string, Vocabulary>): FieldError[] {
  const errors: FieldError[] = [];
  const check = (id: string, want: Vocabulary, path: (string | number)[]) => {
    const got = known.get(id);
    if (got === want) return;
    const message = got ? `That is ${WORDS[got]}, not ${WORDS[want]}` : `That is not ${WORDS[want]} in this programme`;
    errors.push({ path, message });
  };
  const list = (ids: string[] | undefined, want: Vocabulary, field: string) => {
    const seen = new Set<string>();
    (ids ?? []).forEach((id, i) => {
      if (seen.has(id))
        errors.push({ path: [field, i], message: `${WORDS[want][0]!.toUpperCase()}${WORDS[want].slice(1)} is listed twice` });
      else check(id, want, [field, i]);
      seen.add(id);
    });
  };
  list(input.themeIds, 'theme', 'themeIds');
  if (input.coproductionModelId) check(input.coproductionModelId, 'coproduction_model', ['coproductionModelId']);
  list(input.typologyIds, 'typology', 'typologyIds');
  return errors;
}

/** Every term id the input names, to look up in one query. */
export const termIdsOf = (input: ProjectTermInput): string[] => [
  ...new Set([...(input.themeIds ?? []), ...(input.typologyIds ?? []), ...(input.coproductionModelId ? [input.coproductionModelId] : [])]),
];
