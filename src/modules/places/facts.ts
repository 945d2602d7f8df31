import type { FieldError } from '../../errors.js';
import type { DEPRIVATION_INDICES, NATIONS } from './schema.js';

export type Nation = (typeof NATIONS)[number];
export type DeprivationIndex = (typeof DEPRIVATION_INDICES)[number];

/** The first letter of a GSS code says which nation's statistics office issued it. */
const NATION_OF_LETTER: Record<string, Nation> = { E: 'England', S: 'Scotland', W: 'Wales', N: 'Northern Ireland' };

/** Each nation publishes its own index of multiple deprivation; deciles are only comparable within one. */
export const INDEX_OF_NATION: Record<Nation, DeprivationIndex> = {
  England: 'IMD',
  Scotland: 'SIMD',
  Wales: 'WIMD',
  'Northern Ireland': 'NIMDM',
};

export type AreaCodeReading = { ok: true; code: string; nation: Nation } | { ok: false; message: string };

/** Reads a GSS area code such as E08000026: one letter and 8 digits, the letter giving the nation. */
export function readAreaCode(raw: string): AreaCodeReading {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]\d{8}$/.test(code)) {
    return { ok: false, message: 'Area code must be a GSS code: one letter then 8 digits, such as E08000026' };
  }
  const nation = NATION_OF_LETTER[code[0]!];
  if (!nation) {
    return {
      ok: false,
      message: `Area codes starting with ${code[0]} are not for one nation; use a code starting E (England), S (Scotland), W (Wales) or N (Northern Ireland)`,
    };
  }
  return { ok: true, code, nation };
}

export interface PlaceFacts {
  nation: Nation | null;
  areaCode: string | null;
  deprivationIndex: DeprivationIndex | null;
  deprivationDecile: number | null;
}

/**
 * Checks that a place's nation, area code and deprivation figures agree. The nation is filled in from
 * the area code when it was left out, so a person who knows the code need not type the nation too.
 */
export function checkPlaceFacts(input: PlaceFacts): { facts: PlaceFacts; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let { nation, areaCode } = input;
  const { deprivationIndex, deprivationDecile } = input;

  if (areaCode !== null && areaCode.trim() === '') areaCode = null;
  if (areaCode !== null) {
    const read = readAreaCode(areaCode);
    if (!read.ok) errors.push({ path: ['areaCode'], message: read.message });
    else {
      areaCode = read.code;
      if (nation === null) nation = read.nation;
      else if (nation !== read.nation) {
        errors.push({ path: ['areaCode'], message: `${read.code} is an area code in ${read.nation}, but this place is in ${nation}` });
      }
    }
  }

  if (deprivationDecile !== null) {
    if (!Number.isInteger(deprivationDecile) || deprivationDecile < 1 || deprivationDecile > 10) {
      errors.push({ path: ['deprivationDecile'], message: 'Deprivation decile must be a whole number from 1 (most deprived) to 10' });
    }
    if (deprivationIndex === null) {
      errors.push({ path: ['deprivationIndex'], message: 'Say which index the decile comes from: IMD, SIMD, WIMD or NIMDM' });
    }
  }
  if (deprivationIndex !== null && nation !== null && INDEX_OF_NATION[nation] !== deprivationIndex) {
    errors.push({
      path: ['deprivationIndex'],
      message: `${deprivationIndex} does not cover ${nation}; places in ${nation} use ${INDEX_OF_NATION[nation]}`,
    });
  }
  return { facts: { nation, areaCode, deprivationIndex, deprivationDecile }, errors };
}
