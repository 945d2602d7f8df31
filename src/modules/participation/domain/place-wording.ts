/**
 * What a Place Standard survey asks, by version and wording (issue 18, point 6). Scores are stored by
 * theme number (1–14) beside the survey's wording key, so a later wording of the tool is one more entry
 * in PLACE_WORDINGS: what was scored keeps its numbers, and its labels come from the wording it was
 * asked in.
 *
 * Versions are kept apart: the adult tool, the young people's version (same 1–7 scale, simpler
 * questions) and the children's version (a 3-point scale). A survey is one version, so its summary and
 * compass never mix scales or audiences; an area running all three runs three surveys.
 */
import { PLACE_STANDARD_THEMES_2017 } from './place-standard.js';

export const PLACE_VERSIONS = ['adult', 'young_people', 'children'] as const;
export type PlaceVersion = (typeof PLACE_VERSIONS)[number];

export const VERSION_NAMES: Record<PlaceVersion, string> = {
  adult: 'Adults',
  young_people: 'Young people',
  children: 'Children',
};

/** The adult and young people's tools score 1–7; the children's version 1–3. */
export const VERSION_SCALE: Record<PlaceVersion, number> = { adult: 7, young_people: 7, children: 3 };

export interface PlaceTheme {
  /** Stored code: the theme's number, 1–14. */
  code: number;
  name: string;
  /** The question as a resident reads it. */
  question: string;
}

export interface PlaceWording {
  key: string;
  label: string;
  /** Questions by version; every version has the same 14 theme names and codes. */
  themes: Record<PlaceVersion, readonly PlaceTheme[]>;
}

const ADULT_2017 = [
  'Can I easily walk and cycle around using good-quality routes?',
  'Does public transport meet my needs?',
  'Do traffic and parking arrangements allow people to move around safely and meet the community’s needs?',
  'Do buildings, streets and public spaces create an attractive place that is easy to get around?',
  'Can I regularly experience good-quality natural space?',
  'Can I access a range of spaces with opportunities for play and recreation?',
  'Do facilities and amenities meet my needs?',
  'Is there an active local economy and the opportunity to access good-quality work?',
  'Do the homes in my area support the needs of the community?',
  'Is there a range of spaces and opportunities to meet people?',
  'Does this place have a positive identity and do I feel I belong?',
  'Do I feel safe here?',
  'Are buildings and spaces well cared for?',
  'Do I feel able to take part in decisions and help change things for the better?',
];

// Cairn's plain-language questions for younger people, on the same themes (not the tool's published
// children and young people's wording, which organisers can add as a wording of its own).
const YOUNGER_2017 = [
  'Is it easy to walk, cycle or scoot around here?',
  'Can you get where you need to go by bus or train?',
  'Is traffic safe here, and are cars parked where they should be?',
  'Are the streets and spaces nice to be in and easy to get around?',
  'Can you get to parks, woods, beaches or other green places?',
  'Are there good places to play, do sport or hang out?',
  'Are there the shops, clubs and services you need?',
  'Are there jobs and places to learn skills here?',
  'Are the homes here good for the people who live in them?',
  'Are there places where you can meet and spend time with people?',
  'Do you feel you belong here, and is this a place to be proud of?',
  'Do you feel safe here?',
  'Are buildings and spaces looked after?',
  'Do people listen to you about what happens here?',
];

const themesOf = (questions: readonly string[]): PlaceTheme[] =>
  PLACE_STANDARD_THEMES_2017.map((name, i) => ({ code: i + 1, name, question: questions[i]! }));

export const PLACE_WORDINGS: Record<string, PlaceWording> = {
  '2017': {
    key: '2017',
    label: 'Place Standard tool, 2017 wording',
    themes: { adult: themesOf(ADULT_2017), young_people: themesOf(YOUNGER_2017), children: themesOf(YOUNGER_2017) },
  },
};
export const DEFAULT_WORDING = '2017';

export function placeThemes(wording: string, version: PlaceVersion): readonly PlaceTheme[] {
  const w = PLACE_WORDINGS[wording] ?? PLACE_WORDINGS[DEFAULT_WORDING]!;
  return w.themes[version];
}

/** What each point of a version's scale means, lowest first. */
export function scaleWords(version: PlaceVersion): { value: number; words: string }[] {
  if (VERSION_SCALE[version] === 3) {
    return [
      { value: 1, words: '1 – needs a lot of improvement' },
      { value: 2, words: '2 – needs some improvement' },
      { value: 3, words: '3 – good as it is' },
    ];
  }
  return Array.from({ length: 7 }, (_, i) => ({
    value: i + 1,
    words: i === 0 ? '1 – a lot of room for improvement' : i === 6 ? '7 – very little room for improvement' : String(i + 1),
  }));
}
