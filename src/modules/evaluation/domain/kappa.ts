/**
 * Coding quality: two coders code the same respondents blind, and Cohen's kappa says how far they agree
 * beyond what chance would give. Each code is a yes/no question per respondent (identified or not), so
 * there is a 2×2 table and a kappa per code, and one overall figure for the family.
 */
import { inAnalysis, resolveCodes, type CodeRef, type Coding, type Respondent } from './respondents.js';

/** The 2×2 table for one code: how many respondents fall in each cell. */
export interface AgreementTable {
  /** Both coders identified the code. */
  both: number;
  /** Only coder A did. */
  onlyA: number;
  /** Only coder B did. */
  onlyB: number;
  /** Neither did. */
  neither: number;
}

export interface Kappa {
  /** Respondents both coders coded. */
  items: number;
  /** Share of respondents the coders agree on, 0–1; null with no respondents. */
  observed: number | null;
  /** Share they would agree on by chance, from each coder's own rate, 0–1; null with no respondents. */
  expected: number | null;
  /** (observed − expected) / (1 − expected); null when undefined, with the reason. */
  kappa: number | null;
  reason?: string;
}

export const NO_RESPONDENTS = 'No respondents were coded by both coders, so there is nothing to compare.';
export const NO_VARIATION =
  'Both coders gave every respondent the same answer for this code, so chance alone would agree perfectly and kappa cannot be worked out. Agreement is complete.';

/** Cohen's (1960) kappa for one 2×2 table. */
export function cohensKappa(table: AgreementTable): Kappa {
  const { both, onlyA, onlyB, neither } = table;
  for (const n of [both, onlyA, onlyB, neither]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Agreement counts must be whole numbers, 0 or more: got ${n}`);
  }
  const items = both + onlyA + onlyB + neither;
  if (items === 0) return { items, observed: null, expected: null, kappa: null, reason: NO_RESPONDENTS };
  const observed = (both + neither) / items;
  const aYes = (both + onlyA) / items;
  const bYes = (both + onlyB) / items;
  const expected = aYes * bYes + (1 - aYes) * (1 - bYes);
  // Chance agreement is 1 only when both coders said the same thing every time.
  if (onlyA + onlyB === 0 && (both === 0 || neither === 0)) return { items, observed, expected: 1, kappa: null, reason: NO_VARIATION };
  return { items, observed, expected, kappa: (observed - expected) / (1 - expected) };
}

export interface CodeKappa extends Kappa {
  code: string;
  codeId: string;
  table: AgreementTable;
}

export interface OverallKappa extends Kappa {
  /** Codes compared. */
  codes: number;
  /** Codes neither coder varied on (their own kappa is undefined); they still count in the pooled figure. */
  codesWithoutVariation: number;
  method: 'pooled';
}

export interface KappaResult {
  perCode: CodeKappa[];
  overall: OverallKappa;
}

export interface KappaInput {
  /** The respondents both coders were given. Withdrawn respondents are left out, as everywhere. */
  respondents: readonly Pick<Respondent, 'id' | 'consent'>[];
  coderA: readonly Coding[];
  coderB: readonly Coding[];
  /** The codes compared, in codebook order (usually one family's). */
  codes: readonly CodeRef[];
}

/**
 * Kappa per code, and overall as the pooled kappa of De Vries, Elliott, Kanouse & Teleki (2008, "Using
 * pooled kappa to summarize interrater agreement across many items", Field Methods 20(3), 272–282):
 * average the observed agreement over codes, average the chance agreement over codes, then
 * (P̄o − P̄e) / (1 − P̄e).
 *
 * Why this one: each code keeps its own chance agreement (a rare code and a common code have very
 * different chance rates; one big table pooling every respondent × code decision would mix them), and
 * unlike the mean of per-code kappas it is defined even when some codes had no variation, and is not
 * thrown about by a rare code whose kappa rests on one or two respondents. With one code it is that
 * code's kappa.
 */
export function coderAgreement(input: KappaInput): KappaResult {
  const items = inAnalysis(input.respondents);
  const { list, positionOf } = resolveCodes(input.codes);
  const indexOf = new Map(items.map((r, i) => [r.id, i] as const));
  const k = list.length;

  const mark = (codings: readonly Coding[]) => {
    const marks = new Uint8Array(items.length * k);
    for (const coding of codings) {
      const i = indexOf.get(coding.respondentId);
      const c = positionOf(coding.code);
      if (i !== undefined && c !== undefined) marks[i * k + c] = 1;
    }
    return marks;
  };
  const a = mark(input.coderA);
  const b = mark(input.coderB);

  const perCode: CodeKappa[] = list.map((code, c) => {
    const table: AgreementTable = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
    for (let i = 0; i < items.length; i++) {
      const x = a[i * k + c]!;
      const y = b[i * k + c]!;
      if (x && y) table.both++;
      else if (x) table.onlyA++;
      else if (y) table.onlyB++;
      else table.neither++;
    }
    return { code: code.code, codeId: code.codeId, table, ...cohensKappa(table) };
  });

  const codesWithoutVariation = perCode.filter((p) => p.reason === NO_VARIATION).length;
  const base = { items: items.length, codes: k, codesWithoutVariation, method: 'pooled' as const };
  if (items.length === 0) return { perCode, overall: { ...base, observed: null, expected: null, kappa: null, reason: NO_RESPONDENTS } };
  if (k === 0) return { perCode, overall: { ...base, observed: null, expected: null, kappa: null, reason: 'No codes to compare.' } };
  const observed = perCode.reduce((s, p) => s + p.observed!, 0) / k;
  const expected = perCode.reduce((s, p) => s + p.expected!, 0) / k;
  if (codesWithoutVariation === k) {
    return {
      perCode,
      overall: {
        ...base,
        observed,
        expected: 1,
        kappa: null,
        reason: 'Both coders gave every respondent the same answer for every code, so kappa cannot be worked out. Agreement is complete.',
      },
    };
  }
  return { perCode, overall: { ...base, observed, expected, kappa: (observed - expected) / (1 - expected) } };
}
