import { describe, expect, it } from 'vitest';
import { type Spell, growthInYear, isMemberOn, spellDateErrors, spellsOverlap, todayIso } from './membership.js';

const spell = (organisationId: string, joinedOn: string | null, leftOn: string | null = null): Spell => ({
  organisationId,
  joinedOn,
  leftOn,
});

describe('growthInYear', () => {
  it('counts a member with no joining date as present from the beginning', () => {
    expect(growthInYear([spell('a', null)], 2020)).toEqual({ atStart: 1, atEnd: 1, joined: 0, left: 0, grew: false });
  });

  it('counts a member with no leaving date as still a member', () => {
    expect(growthInYear([spell('a', '2015-06-01')], 2020)).toMatchObject({ atStart: 1, atEnd: 1 });
  });

  it('counts someone who joined and left inside the year in joined and left, but at neither end', () => {
    expect(growthInYear([spell('a', '2020-03-01', '2020-09-30')], 2020)).toEqual({ atStart: 0, atEnd: 0, joined: 1, left: 1, grew: false });
  });

  it('treats a partnership that ends the year with more members than it started as grown', () => {
    const spells = [spell('a', null), spell('b', '2019-05-01'), spell('c', '2020-02-01'), spell('d', '2020-11-30')];
    expect(growthInYear(spells, 2020)).toEqual({ atStart: 2, atEnd: 4, joined: 2, left: 0, grew: true });
  });

  it('does not call a partnership grown when joiners only replaced leavers', () => {
    const spells = [spell('a', '2018-01-01', '2020-04-01'), spell('b', '2020-05-01')];
    expect(growthInYear(spells, 2020)).toEqual({ atStart: 1, atEnd: 1, joined: 1, left: 1, grew: false });
  });

  it('puts a 1 January joiner in the year, and a 1 January leaver at the start but not the end', () => {
    expect(growthInYear([spell('a', '2020-01-01')], 2020)).toMatchObject({ atStart: 0, atEnd: 1, joined: 1 });
    expect(growthInYear([spell('a', '2010-01-01', '2020-01-01')], 2020)).toMatchObject({ atStart: 1, atEnd: 0, left: 1 });
  });

  it('counts a leaver on 31 December as left in the year and gone at the end', () => {
    expect(growthInYear([spell('a', null, '2020-12-31')], 2020)).toMatchObject({ atStart: 1, atEnd: 0, left: 1 });
  });

  it('ignores spells wholly before or after the year', () => {
    expect(growthInYear([spell('a', '2015-01-01', '2016-01-01'), spell('b', '2021-01-01')], 2020)).toEqual({
      atStart: 0,
      atEnd: 0,
      joined: 0,
      left: 0,
      grew: false,
    });
  });

  it('counts an organisation once even if two of its spells cover the same day', () => {
    expect(growthInYear([spell('a', null), spell('a', '2019-01-01')], 2020)).toMatchObject({ atStart: 1, atEnd: 1 });
  });

  it('answers zeros for a partnership with no members', () => {
    expect(growthInYear([], 2020)).toEqual({ atStart: 0, atEnd: 0, joined: 0, left: 0, grew: false });
  });
});

describe('isMemberOn', () => {
  it('is a member from the day it joins until the day before it leaves', () => {
    const s = spell('a', '2020-03-01', '2020-06-01');
    expect(isMemberOn(s, '2020-02-29')).toBe(false);
    expect(isMemberOn(s, '2020-03-01')).toBe(true);
    expect(isMemberOn(s, '2020-05-31')).toBe(true);
    expect(isMemberOn(s, '2020-06-01')).toBe(false);
  });
});

describe('spellsOverlap', () => {
  it('sees overlap when either spell is open-ended on the side that meets the other', () => {
    expect(spellsOverlap({ joinedOn: null, leftOn: null }, { joinedOn: '2020-01-01', leftOn: '2020-02-01' })).toBe(true);
    expect(spellsOverlap({ joinedOn: '2019-01-01', leftOn: null }, { joinedOn: '2020-01-01', leftOn: null })).toBe(true);
  });

  it('lets an organisation rejoin on the day it left', () => {
    expect(spellsOverlap({ joinedOn: '2018-01-01', leftOn: '2020-01-01' }, { joinedOn: '2020-01-01', leftOn: null })).toBe(false);
    expect(spellsOverlap({ joinedOn: '2021-01-01', leftOn: null }, { joinedOn: null, leftOn: '2020-06-01' })).toBe(false);
  });
});

describe('spellDateErrors', () => {
  it('refuses a leaving date before the joining date, naming leftOn', () => {
    expect(spellDateErrors({ joinedOn: '2020-05-01', leftOn: '2020-04-30' })).toEqual([{ path: ['leftOn'], message: expect.any(String) }]);
  });
  it('accepts the same day, or either date missing', () => {
    expect(spellDateErrors({ joinedOn: '2020-05-01', leftOn: '2020-05-01' })).toEqual([]);
    expect(spellDateErrors({ joinedOn: null, leftOn: '2020-05-01' })).toEqual([]);
  });
});

describe('todayIso', () => {
  it('formats the local date with zero padding', () => {
    expect(todayIso(new Date(2021, 0, 5, 12))).toBe('2021-01-05');
  });
});
