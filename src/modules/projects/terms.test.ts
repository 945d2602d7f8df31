import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../programmes/schema.js';
import { projectTermErrors, termIdsOf } from './terms.js';

const known = new Map<string, Vocabulary>([
  ['theme-1', 'theme'],
  ['theme-2', 'theme'],
  ['typo-1', 'typology'],
  ['model-1', 'coproduction_model'],
]);

describe('projectTermErrors', () => {
  it('accepts terms of the right vocabularies', () => {
    expect(projectTermErrors({ themeIds: ['theme-1', 'theme-2'], typologyIds: ['typo-1'], coproductionModelId: 'model-1' }, known)).toEqual(
      [],
    );
    expect(projectTermErrors({}, known)).toEqual([]);
    expect(projectTermErrors({ coproductionModelId: null, themeIds: [] }, known)).toEqual([]);
  });

  it('names the list and position of a term from the wrong vocabulary', () => {
    expect(projectTermErrors({ typologyIds: ['typo-1', 'theme-2'] }, known)).toEqual([
      { path: ['typologyIds', 1], message: 'That is a theme, not a typology tag' },
    ]);
  });

  it('names an id that is not a term of this programme at all', () => {
    expect(projectTermErrors({ themeIds: ['elsewhere'], coproductionModelId: 'typo-1' }, known)).toEqual([
      { path: ['themeIds', 0], message: 'That is not a theme in this programme' },
      { path: ['coproductionModelId'], message: 'That is a typology tag, not a co-production model' },
    ]);
  });

  it('refuses the same term twice in one list, at the second place it appears', () => {
    expect(projectTermErrors({ themeIds: ['theme-1', 'theme-2', 'theme-1'] }, known)).toEqual([
      { path: ['themeIds', 2], message: 'A theme is listed twice' },
    ]);
  });
});

describe('termIdsOf', () => {
  it('collects every id once', () => {
    expect(termIdsOf({ themeIds: ['a', 'b'], typologyIds: ['b', 'c'], coproductionModelId: 'd' }).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(termIdsOf({ coproductionModelId: null })).toEqual([]);
  });
});
