/**
 * The fixed lists case studies and action-learning sets use (issue 17): the five action-learning themes,
 * the five questions, the seven National Standards for Community Engagement and the three levels of an
 * action, all from `src/reference/frameworks.json` (the CPP action learning report). Pure: no database.
 */
import { readFileSync } from 'node:fs';

interface Frameworks {
  cpp_action_learning: { themes: string[]; case_study_template: string[]; action_levels: string[] };
  national_standards_for_community_engagement: { standards: string[] };
}

const frameworks = JSON.parse(readFileSync(new URL('../../../reference/frameworks.json', import.meta.url), 'utf8')) as Frameworks;

/** The five action-learning themes, in the report's order. A programme adds its own (its `theme` vocabulary). */
export const ACTION_LEARNING_THEMES: readonly string[] = frameworks.cpp_action_learning.themes;

/** The seven National Standards for Community Engagement (Scotland, 2015). */
export const NATIONAL_STANDARDS = ['Inclusion', 'Support', 'Planning', 'Working Together', 'Methods', 'Communication', 'Impact'] as const;
export type NationalStandard = (typeof NATIONAL_STANDARDS)[number];
if (frameworks.national_standards_for_community_engagement.standards.join('|') !== NATIONAL_STANDARDS.join('|')) {
  throw new Error('frameworks.json lists different National Standards from learning/domain/vocab.ts');
}

/** The five questions, as the template asks them, keyed by the field that holds the answer. */
export const CASE_STUDY_QUESTIONS = [
  { field: 'problem', question: frameworks.cpp_action_learning.case_study_template[0]! },
  { field: 'whatWeDid', question: frameworks.cpp_action_learning.case_study_template[1]! },
  { field: 'whatHelped', question: frameworks.cpp_action_learning.case_study_template[2]! },
  { field: 'barriers', question: frameworks.cpp_action_learning.case_study_template[3]! },
  { field: 'learning', question: frameworks.cpp_action_learning.case_study_template[4]! },
] as const;
export type AnswerField = (typeof CASE_STUDY_QUESTIONS)[number]['field'];

export const CASE_STUDY_STATUSES = ['draft', 'published'] as const;
export type CaseStudyStatus = (typeof CASE_STUDY_STATUSES)[number];
/** Who a published case study is for: the programme's exchange (its signed-in users) or anyone. */
export const AUDIENCES = ['programme', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** By us (the partnership itself), with us (locally or regionally, with others), for us (national bodies). */
export const ACTION_LEVELS = ['by_us', 'with_us', 'for_us'] as const;
export type ActionLevel = (typeof ACTION_LEVELS)[number];
export const ACTION_LEVEL_WORDS: Record<ActionLevel, string> = {
  by_us: frameworks.cpp_action_learning.action_levels[0]!,
  with_us: frameworks.cpp_action_learning.action_levels[1]!,
  for_us: frameworks.cpp_action_learning.action_levels[2]!,
};
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The report names theme 5 two ways ("Changing and Sharing Power" in its list, "Changing Culture and Sharing Power" as its heading). */
const THEME_ALIASES: Record<string, string> = { 'changing and sharing power': 'Changing Culture and Sharing Power' };

/**
 * A theme as stored: the label of the matching action-learning theme or programme theme, compared
 * case-insensitively and ignoring extra spaces; null when it is neither.
 */
export function canonicalTheme(given: string, programmeThemes: readonly string[]): string | null {
  const key = given.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!key) return null;
  const alias = THEME_ALIASES[key];
  if (alias) return alias;
  return [...ACTION_LEARNING_THEMES, ...programmeThemes].find((t) => t.toLowerCase() === key) ?? null;
}

/** A National Standard by name, case-insensitively; null when it is not one of the seven. */
export function canonicalStandard(given: string): NationalStandard | null {
  const key = given.trim().replace(/\s+/g, ' ').toLowerCase();
  return NATIONAL_STANDARDS.find((s) => s.toLowerCase() === key) ?? null;
}

/** `a; b ;; c` → ['a', 'b', 'c'] (the CSV's list separator), first spelling of each kept, case-insensitively. */
export function splitList(cell: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of cell.split(';')) {
    const v = part.trim().replace(/\s+/g, ' ');
    if (v && !seen.has(v.toLowerCase())) {
      seen.add(v.toLowerCase());
      out.push(v);
    }
  }
  return out;
}
