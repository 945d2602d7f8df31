import { describe, expect, it } from 'vitest';
import { checkPlaceFacts, readAreaCode } from './facts.js';

const none = { nation: null, areaCode: null, deprivationIndex: null, deprivationDecile: null } as const;

describe('readAreaCode', () => {
  it.each([
    ['E08000026', 'England'],
    ['S12000036', 'Scotland'],
    ['W06000016', 'Wales'],
    ['N09000003', 'Northern Ireland'],
  ])('reads %s as a code in %s', (code, nation) => {
    expect(readAreaCode(code)).toEqual({ ok: true, code, nation });
  });

  it('accepts lower case and spaces around the code, and stores it in capitals', () => {
    expect(readAreaCode(' e08000026 ')).toEqual({ ok: true, code: 'E08000026', nation: 'England' });
  });

  it.each(['E0800002', 'E080000261', '08000026', 'EE8000026', 'E08 00026', ''])('refuses %j as not a GSS code', (code) => {
    const read = readAreaCode(code);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/one letter then 8 digits/);
  });

  it('refuses a well-formed code whose letter is not one nation (K is UK-wide)', () => {
    const read = readAreaCode('K02000001');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/not for one nation/);
  });
});

describe('checkPlaceFacts', () => {
  it('fills in the nation from the area code', () => {
    const { facts, errors } = checkPlaceFacts({ ...none, areaCode: 'w06000016' });
    expect(errors).toEqual([]);
    expect(facts).toMatchObject({ nation: 'Wales', areaCode: 'W06000016' });
  });

  it('refuses an area code from another nation, on the areaCode field', () => {
    const { errors } = checkPlaceFacts({ ...none, nation: 'Scotland', areaCode: 'E08000026' });
    expect(errors).toEqual([{ path: ['areaCode'], message: 'E08000026 is an area code in England, but this place is in Scotland' }]);
  });

  it('treats a blank area code as none', () => {
    expect(checkPlaceFacts({ ...none, areaCode: '  ' })).toEqual({ facts: none, errors: [] });
  });

  it('needs the index a decile comes from', () => {
    const { errors } = checkPlaceFacts({ ...none, nation: 'England', deprivationDecile: 1 });
    expect(errors.map((e) => e.path)).toEqual([['deprivationIndex']]);
  });

  it('refuses a decile outside 1 to 10', () => {
    for (const decile of [0, 11, 2.5]) {
      const { errors } = checkPlaceFacts({ ...none, deprivationIndex: 'IMD', deprivationDecile: decile });
      expect(errors.map((e) => e.path)).toEqual([['deprivationDecile']]);
    }
  });

  it.each([
    ['England', 'IMD'],
    ['Scotland', 'SIMD'],
    ['Wales', 'WIMD'],
    ['Northern Ireland', 'NIMDM'],
  ] as const)('accepts %s with its own index %s', (nation, index) => {
    expect(checkPlaceFacts({ ...none, nation, deprivationIndex: index, deprivationDecile: 3 }).errors).toEqual([]);
  });

  it('refuses an index from another nation, saying which one fits', () => {
    const { errors } = checkPlaceFacts({ ...none, areaCode: 'S12000036', deprivationIndex: 'IMD', deprivationDecile: 2 });
    expect(errors).toEqual([{ path: ['deprivationIndex'], message: 'IMD does not cover Scotland; places in Scotland use SIMD' }]);
  });
});
