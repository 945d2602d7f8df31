/**
 * Respondents and codings as plain data, and the one rule every analysis shares: who is in it.
 * A withdrawn respondent is in no analysis, chart or export; filters narrow by phase, place and
 * participant type. The crosstab, the respondent matrix, kappa and configurations all start here.
 */

export type Consent = 'given' | 'withdrawn';

/** What a group is called when a respondent has no value for the dimension (no theme, no place, …). */
export const NOT_RECORDED = 'Not recorded';

export interface Respondent {
  /** Pseudonymous id: never a name. */
  id: string;
  participantType: string | null;
  /** From the respondent's project; a project may carry several. */
  themes: readonly string[];
  coproductionModel: string | null;
  place: string | null;
  phase: string | null;
  /** The project they took part in, when known (shown in the respondent matrix). */
  project?: string | null;
  /** Optional attributes an evaluator records (age band, role, …), by attribute name. */
  attributes: Readonly<Record<string, string>>;
  consent: Consent;
}

/** One respondent identified one code. The code is a code id or a code name: whichever the caller uses. */
export interface Coding {
  respondentId: string;
  code: string;
}

/**
 * A code as the analysis sees it: either one string (used as both key and label), or an id that codings
 * refer to with the name to show. Codings may use either the id or the name.
 */
export type CodeRef = string | { id: string; name: string };

/**
 * Each filter keeps respondents whose value is one of those listed; `NOT_RECORDED` matches a missing
 * value. An absent filter or an empty list keeps everyone (no boxes ticked means no filter).
 */
export interface RespondentFilters {
  phase?: string | readonly string[];
  place?: string | readonly string[];
  participantType?: string | readonly string[];
}

/** A value that is null, undefined or only spaces counts as not recorded. */
export function recorded(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value;
}

function matches(value: string | null | undefined, wanted: string | readonly string[] | undefined): boolean {
  if (wanted === undefined) return true;
  const list = typeof wanted === 'string' ? [wanted] : wanted;
  if (list.length === 0) return true;
  return list.includes(recorded(value) ?? NOT_RECORDED);
}

/**
 * The respondents an analysis counts: consent given and every filter matched, in the order given.
 * Two respondents with one id is a bug upstream (counting both would inflate every figure), so it throws.
 */
export function inAnalysis<R extends Pick<Respondent, 'id' | 'consent'> & Partial<Pick<Respondent, 'phase' | 'place' | 'participantType'>>>(
  respondents: readonly R[],
  filters: RespondentFilters = {},
): R[] {
  const seen = new Set<string>();
  const kept: R[] = [];
  for (const r of respondents) {
    if (seen.has(r.id)) throw new Error(`Respondent ${r.id} is listed twice: each respondent must appear once`);
    seen.add(r.id);
    if (r.consent !== 'given') continue;
    if (!matches(r.phase, filters.phase) || !matches(r.place, filters.place) || !matches(r.participantType, filters.participantType))
      continue;
    kept.push(r);
  }
  return kept;
}

export interface ResolvedCode {
  /** What codings refer to (the id, or the name when the code is a plain string). */
  codeId: string;
  /** What people read. */
  code: string;
}

/**
 * Codes in codebook order, and a lookup from what a coding says (id or name) to the code's position.
 * An id wins over a name if a string is both. A code listed twice throws: its counts would be split.
 */
export function resolveCodes(codes: readonly CodeRef[]): { list: ResolvedCode[]; positionOf: (key: string) => number | undefined } {
  const list = codes.map((c) => (typeof c === 'string' ? { codeId: c, code: c } : { codeId: c.id, code: c.name }));
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  const sharedNames = new Set<string>();
  list.forEach((c, i) => {
    if (byId.has(c.codeId)) throw new Error(`The code ${c.code} is listed twice: each code must appear once`);
    byId.set(c.codeId, i);
    if (byName.has(c.code)) sharedNames.add(c.code);
    else byName.set(c.code, i);
  });
  const positionOf = (key: string) => {
    const byIdHit = byId.get(key);
    if (byIdHit !== undefined) return byIdHit;
    // Two codes may share a name (in different families); then only the id says which one was meant.
    if (sharedNames.has(key)) throw new Error(`More than one code is called ${key}: code by id, not by name`);
    return byName.get(key);
  };
  return { list, positionOf };
}
