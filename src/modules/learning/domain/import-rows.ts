/**
 * Checking a case-study file (issue 17, point 8): columns
 * `title,themes,place,organisation,problem,what_we_did,what_helped,barriers,learning,status`, themes
 * separated by `;`, status draft or published; optionally `standards` (`;`), `audience` (programme or
 * public), `contact` and `partnership` (its name). Pure: every row is checked against what the programme
 * holds, and every problem named by row and column, so the import writes all rows or none.
 */
import type { FieldError } from '../../../errors.js';
import {
  AUDIENCES,
  type Audience,
  CASE_STUDY_STATUSES,
  type CaseStudyStatus,
  canonicalStandard,
  canonicalTheme,
  splitList,
} from './vocab.js';

export const IMPORT_COLUMNS = [
  'title',
  'themes',
  'place',
  'organisation',
  'problem',
  'what_we_did',
  'what_helped',
  'barriers',
  'learning',
  'status',
] as const;
export const OPTIONAL_IMPORT_COLUMNS = ['standards', 'audience', 'contact', 'partnership'] as const;
type Column = (typeof IMPORT_COLUMNS)[number] | (typeof OPTIONAL_IMPORT_COLUMNS)[number];

export interface PlannedCaseStudy {
  row: number;
  title: string;
  themes: string[];
  standards: string[];
  place: string;
  organisation: string;
  partnership: string;
  problem: string;
  whatWeDid: string;
  whatHelped: string;
  barriers: string;
  learning: string;
  contact: string;
  status: CaseStudyStatus;
  audience: Audience;
}

export interface ImportPlan {
  rows: PlannedCaseStudy[];
  errors: FieldError[];
  /** Themes neither action-learning nor the programme's: added to the programme's own themes. */
  newThemes: string[];
}

export interface KnownToProgramme {
  themes: readonly string[];
  partnerships: readonly string[];
  titles: readonly string[];
}

const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** `grid[0]` is the heading row (already normalised: lower case, underscores), row numbers as a spreadsheet shows them. */
export function planCaseStudyImport(
  headings: readonly string[],
  rows: readonly { row: number; cells: readonly string[] }[],
  known: KnownToProgramme,
): ImportPlan {
  const errors: FieldError[] = [];
  const index = new Map<Column, number>();
  headings.forEach((h, i) => {
    if ((IMPORT_COLUMNS as readonly string[]).includes(h) || (OPTIONAL_IMPORT_COLUMNS as readonly string[]).includes(h)) {
      if (index.has(h as Column)) errors.push({ path: ['columns', h], message: `the column ${h} is there twice` });
      else index.set(h as Column, i);
    } else if (h !== '') {
      errors.push({ path: ['columns', h], message: `Cairn does not know the column ${h}: the columns are ${IMPORT_COLUMNS.join(',')}` });
    }
  });
  for (const c of IMPORT_COLUMNS) if (!index.has(c)) errors.push({ path: ['columns', c], message: `the column ${c} is missing` });
  if (errors.length) return { rows: [], errors, newThemes: [] };

  const partnerships = new Map(known.partnerships.map((p) => [key(p), p]));
  const taken = new Map(known.titles.map((t) => [key(t), 'already in this programme']));
  const programmeThemes = [...known.themes];
  const newThemes: string[] = [];
  const planned: PlannedCaseStudy[] = [];
  for (const { row, cells } of rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const problem = (column: Column, message: string) => errors.push({ path: ['rows', row, column], message });
    const title = cell('title').replace(/\s+/g, ' ');
    if (!title) problem('title', 'give the case study a title');
    else if (title.length > 200) problem('title', 'the title must be 200 characters or fewer');
    else if (taken.has(key(title))) problem('title', `a case study called “${title}” is ${taken.get(key(title))}`);
    else taken.set(key(title), `on an earlier row of this file`);
    const themes: string[] = [];
    for (const t of splitList(cell('themes'))) {
      let theme = canonicalTheme(t, programmeThemes);
      if (!theme) {
        if (t.length > 120) {
          problem('themes', `the theme “${t.slice(0, 40)}…” is longer than 120 characters`);
          continue;
        }
        programmeThemes.push(t);
        newThemes.push(t);
        theme = t;
      }
      if (!themes.includes(theme)) themes.push(theme);
    }
    const standards: string[] = [];
    for (const s of splitList(cell('standards'))) {
      const standard = canonicalStandard(s);
      if (!standard) problem('standards', `“${s}” is not one of the seven National Standards`);
      else if (!standards.includes(standard)) standards.push(standard);
    }
    const statusCell = cell('status').toLowerCase();
    const status = (statusCell || 'draft') as CaseStudyStatus;
    if (!CASE_STUDY_STATUSES.includes(status)) problem('status', `the status must be draft or published, not “${cell('status')}”`);
    const audienceCell = cell('audience').toLowerCase();
    const audience = (audienceCell || 'programme') as Audience;
    if (!AUDIENCES.includes(audience)) problem('audience', `the audience must be programme or public, not “${cell('audience')}”`);
    const partnershipCell = cell('partnership');
    const partnership = partnershipCell ? partnerships.get(key(partnershipCell)) : '';
    if (partnership === undefined) problem('partnership', `there is no partnership called “${partnershipCell}” in this programme`);
    const answers = {
      problem: cell('problem'),
      whatWeDid: cell('what_we_did'),
      whatHelped: cell('what_helped'),
      barriers: cell('barriers'),
      learning: cell('learning'),
    };
    if (status === 'published' && !answers.problem && !answers.whatWeDid)
      problem('problem', 'a published case study needs at least the problem or what_we_did');
    for (const [column, value] of [
      ['place', cell('place')],
      ['organisation', cell('organisation')],
      ['contact', cell('contact')],
    ] as const)
      if (value.length > 200 + (column === 'contact' ? 100 : 0)) problem(column, `the ${column} is too long`);
    planned.push({
      row,
      title,
      themes,
      standards,
      place: cell('place').replace(/\s+/g, ' '),
      organisation: cell('organisation').replace(/\s+/g, ' '),
      partnership: partnership ?? '',
      ...answers,
      contact: cell('contact'),
      status,
      audience,
    });
  }
  if (!planned.length && !errors.length)
    errors.push({ path: ['rows'], message: 'the file has a heading row but no case studies under it' });
  return { rows: errors.length ? [] : planned, errors, newThemes: errors.length ? [] : newThemes };
}
