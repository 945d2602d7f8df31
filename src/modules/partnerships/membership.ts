import type { FieldError } from '../../errors.js';

/**
 * One spell of an organisation's membership of a partnership. Dates are 'YYYY-MM-DD'.
 * A null `joinedOn` means "a member from the beginning" (the date was never recorded);
 * a null `leftOn` means "still a member". An organisation is a member from the day it joins
 * up to, but not including, the day it leaves.
 */
export interface Spell {
  organisationId: string;
  joinedOn: string | null;
  leftOn: string | null;
}

export interface YearGrowth {
  atStart: number;
  atEnd: number;
  joined: number;
  left: number;
  grew: boolean;
}

/** Is this spell a membership at the end of the given day? */
export function isMemberOn(spell: Spell, day: string): boolean {
  return (spell.joinedOn === null || spell.joinedOn <= day) && (spell.leftOn === null || spell.leftOn > day);
}

const inRange = (d: string | null, from: string, to: string) => d !== null && d >= from && d <= to;

/**
 * Membership of one partnership over a calendar year. "At the start" is the membership as the year
 * opens (the end of 31 December before it), so someone joining on 1 January counts as joining in the
 * year. Members are counted once each, even if their spells were recorded twice; joins and leavings
 * are counted per spell, so an organisation that joined and left inside the year appears in both but
 * at neither end.
 */
export function growthInYear(spells: Spell[], year: number): YearGrowth {
  const y = String(year).padStart(4, '0');
  const first = `${y}-01-01`;
  const last = `${y}-12-31`;
  const before = `${String(year - 1).padStart(4, '0')}-12-31`;
  const members = (day: string) => new Set(spells.filter((s) => isMemberOn(s, day)).map((s) => s.organisationId)).size;
  const atStart = members(before);
  const atEnd = members(last);
  return {
    atStart,
    atEnd,
    joined: spells.filter((s) => inRange(s.joinedOn, first, last)).length,
    left: spells.filter((s) => inRange(s.leftOn, first, last)).length,
    grew: atEnd > atStart,
  };
}

/** Do two spells share at least one day? Unknown ends stretch out for ever. */
export function spellsOverlap(a: Pick<Spell, 'joinedOn' | 'leftOn'>, b: Pick<Spell, 'joinedOn' | 'leftOn'>): boolean {
  const startsBeforeEnd = (s: Pick<Spell, 'joinedOn'>, e: Pick<Spell, 'leftOn'>) =>
    s.joinedOn === null || e.leftOn === null || s.joinedOn < e.leftOn;
  return startsBeforeEnd(a, b) && startsBeforeEnd(b, a);
}

/** A spell cannot end before it begins. */
export function spellDateErrors(spell: Pick<Spell, 'joinedOn' | 'leftOn'>): FieldError[] {
  if (spell.joinedOn && spell.leftOn && spell.leftOn < spell.joinedOn) {
    return [{ path: ['leftOn'], message: 'The date it left must be on or after the date it joined' }];
  }
  return [];
}

/** Today's date where the server runs, as 'YYYY-MM-DD'. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
