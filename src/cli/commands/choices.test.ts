/**
 * A command definition may not import the module it lists choices from (that would load drizzle for
 * `cairn --help`: decision 014), so it repeats three lists; these keep them the same as the modules'.
 */
import { describe, expect, it } from 'vitest';
import { PROGRAMME_ROLES } from '../../modules/accounts/schema.js';
import { OUTCOME_FAMILIES } from '../../modules/evaluation/analysis/configurations.js';
import { defaultPrefix } from '../../modules/monitoring/exports/grants-export.js';
import { OUTCOME_FAMILY_CHOICES } from './analyse.js';
import { DEFAULT_PREFIX_SHOWN } from './grants.js';
import { ROLE_CHOICES } from './users.js';

describe('the choices command definitions repeat', () => {
  it('are the modules’ own', () => {
    expect(ROLE_CHOICES).toEqual(PROGRAMME_ROLES);
    expect(OUTCOME_FAMILY_CHOICES).toEqual(OUTCOME_FAMILIES);
    expect(DEFAULT_PREFIX_SHOWN).toBe(defaultPrefix('<programme>'));
  });
});
