import { describe, expect, it } from 'vitest';
import { NO_RESPONDENTS, NO_VARIATION, coderAgreement, cohensKappa, type AgreementTable } from './kappa.js';
import type { Coding } from './respondents.js';

/** Respondents r1…rn and the two coders' codings for one code, built from a 2×2 table. */
function fromTable(code: string, t: AgreementTable, offset = 0): { a: Coding[]; b: Coding[]; ids: string[] } {
  const ids: string[] = [];
  const a: Coding[] = [];
  const b: Coding[] = [];
  let i = offset;
  const add = (n: number, byA: boolean, byB: boolean) => {
    for (let j = 0; j < n; j++) {
      const id = `r${++i}`;
      ids.push(id);
      if (byA) a.push({ respondentId: id, code });
      if (byB) b.push({ respondentId: id, code });
    }
  };
  add(t.both, true, true);
  add(t.onlyA, true, false);
  add(t.onlyB, false, true);
  add(t.neither, false, false);
  return { a, b, ids };
}
const given = (ids: string[]) => ids.map((id) => ({ id, consent: 'given' as const }));

describe("Cohen's kappa against published worked examples", () => {
  // Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals, two readers; both say yes
  // to 20, both no to 15, A yes and B no to 5, A no and B yes to 10. po = 0.7, pe = 0.5, κ = 0.4.
  it('gives 0.4 for the 20/5/10/15 grant-proposal table', () => {
    const k = cohensKappa({ both: 20, onlyA: 5, onlyB: 10, neither: 15 });
    expect(k.items).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  // Wikipedia, "Cohen's kappa", section "Same percentages but different numbers": two pairs of raters
  // agree on 60 of 100 items each, yet κ = 0.1304 for the first table and 0.2593 for the second,
  // because chance agreement differs with the raters' own yes rates.
  it('gives 0.1304 and 0.2593 for the two tables with the same 60% agreement', () => {
    const first = cohensKappa({ both: 45, onlyA: 15, onlyB: 25, neither: 15 });
    expect(first.observed).toBeCloseTo(0.6, 12);
    expect(first.expected).toBeCloseTo(0.54, 12);
    expect(first.kappa).toBeCloseTo(0.1304, 4);
    const second = cohensKappa({ both: 25, onlyA: 35, onlyB: 5, neither: 35 });
    expect(second.observed).toBeCloseTo(0.6, 12);
    expect(second.expected).toBeCloseTo(0.46, 12);
    expect(second.kappa).toBeCloseTo(0.2593, 4);
  });

  it('gives the same figure whichever coder is A', () => {
    expect(cohensKappa({ both: 20, onlyA: 10, onlyB: 5, neither: 15 }).kappa).toBeCloseTo(0.4, 12);
  });

  it('gives 1 for perfect agreement with variation, 0 for chance-level and negative for worse than chance', () => {
    expect(cohensKappa({ both: 3, onlyA: 0, onlyB: 0, neither: 7 }).kappa).toBe(1);
    // Coders whose answers are independent of each other: agreement equals chance.
    expect(cohensKappa({ both: 1, onlyA: 1, onlyB: 1, neither: 1 }).kappa).toBe(0);
    expect(cohensKappa({ both: 0, onlyA: 5, onlyB: 5, neither: 0 }).kappa).toBe(-1);
  });
});

describe('degenerate cases: null with a reason, never NaN', () => {
  it('has no kappa when both coders said no to everyone, or yes to everyone', () => {
    for (const table of [
      { both: 0, onlyA: 0, onlyB: 0, neither: 12 },
      { both: 12, onlyA: 0, onlyB: 0, neither: 0 },
    ]) {
      const k = cohensKappa(table);
      expect(k).toEqual({ items: 12, observed: 1, expected: 1, kappa: null, reason: NO_VARIATION });
    }
  });

  it('has a kappa of 0 when each coder was constant but they disagreed', () => {
    expect(cohensKappa({ both: 0, onlyA: 6, onlyB: 0, neither: 0 })).toMatchObject({ observed: 0, expected: 0, kappa: 0 });
  });

  it('has nothing to compare with no respondents', () => {
    expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toEqual({
      items: 0,
      observed: null,
      expected: null,
      kappa: null,
      reason: NO_RESPONDENTS,
    });
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => cohensKappa({ both: 1.5, onlyA: 0, onlyB: 0, neither: 1 })).toThrow(/whole numbers/);
  });
});

describe('coderAgreement: per code and pooled over the family', () => {
  it('rebuilds the 2×2 table per code from the two coders’ codings', () => {
    const { a, b, ids } = fromTable('Trust / relationship building', { both: 20, onlyA: 5, onlyB: 10, neither: 15 });
    const result = coderAgreement({ respondents: given(ids), coderA: a, coderB: b, codes: ['Trust / relationship building'] });
    expect(result.perCode[0]).toMatchObject({
      code: 'Trust / relationship building',
      items: 50,
      table: { both: 20, onlyA: 5, onlyB: 10, neither: 15 },
    });
    expect(result.perCode[0]!.kappa).toBeCloseTo(0.4, 12);
    // One code: the pooled kappa is that code's kappa.
    expect(result.overall.kappa).toBeCloseTo(0.4, 12);
    expect(result.overall).toMatchObject({ items: 50, codes: 1, method: 'pooled' });
  });

  it('pools observed and chance agreement over codes (De Vries et al. 2008), worked by hand', () => {
    // Ten respondents. Code X: 4 both, 1 only A, 1 only B, 4 neither → po 0.8, pe 0.5, κ 0.6.
    // Code Y: 1 both, 1 only A, 8 neither → po 0.9, pe 0.2·0.1 + 0.8·0.9 = 0.74, κ 0.16/0.26 ≈ 0.6154.
    // Pooled: P̄o = 0.85, P̄e = 0.62, κ = 0.23/0.38 ≈ 0.6053 (the mean of the two kappas, 0.6077, differs,
    // and so does one big 20-decision table, 0.659).
    const ids = Array.from({ length: 10 }, (_, i) => `r${i + 1}`);
    const coderA: Coding[] = [
      ...['r1', 'r2', 'r3', 'r4', 'r5'].map((respondentId) => ({ respondentId, code: 'X' })),
      ...['r1', 'r2'].map((respondentId) => ({ respondentId, code: 'Y' })),
    ];
    const coderB: Coding[] = [
      ...['r1', 'r2', 'r3', 'r4', 'r6'].map((respondentId) => ({ respondentId, code: 'X' })),
      { respondentId: 'r1', code: 'Y' },
    ];
    const result = coderAgreement({ respondents: given(ids), coderA, coderB, codes: ['X', 'Y'] });
    expect(result.perCode.map((p) => p.table)).toEqual([
      { both: 4, onlyA: 1, onlyB: 1, neither: 4 },
      { both: 1, onlyA: 1, onlyB: 0, neither: 8 },
    ]);
    expect(result.perCode[0]!.kappa).toBeCloseTo(0.6, 12);
    expect(result.perCode[1]!.kappa).toBeCloseTo(0.16 / 0.26, 12);
    expect(result.overall.observed).toBeCloseTo(0.85, 12);
    expect(result.overall.expected).toBeCloseTo(0.62, 12);
    expect(result.overall.kappa).toBeCloseTo(0.23 / 0.38, 12);
  });

  it('keeps a code nobody used in the pooled figure, and says so, instead of dropping it', () => {
    const { a, b, ids } = fromTable('X', { both: 4, onlyA: 1, onlyB: 1, neither: 4 });
    const result = coderAgreement({ respondents: given(ids), coderA: a, coderB: b, codes: ['X', 'Pride'] });
    expect(result.perCode[1]).toMatchObject({ code: 'Pride', kappa: null, reason: NO_VARIATION, observed: 1, expected: 1 });
    expect(result.overall.codesWithoutVariation).toBe(1);
    // P̄o = (0.8 + 1)/2 = 0.9, P̄e = (0.5 + 1)/2 = 0.75 → κ = 0.6.
    expect(result.overall.kappa).toBeCloseTo(0.6, 12);
  });

  it('has no overall kappa when nobody varied on any code, or with no respondents or no codes', () => {
    const ids = ['r1', 'r2', 'r3'];
    const none = coderAgreement({ respondents: given(ids), coderA: [], coderB: [], codes: ['X', 'Y'] });
    expect(none.overall).toMatchObject({ kappa: null, observed: 1, expected: 1, codesWithoutVariation: 2 });
    expect(none.overall.reason).toMatch(/every code/);
    expect(coderAgreement({ respondents: [], coderA: [], coderB: [], codes: ['X'] }).overall).toMatchObject({
      kappa: null,
      reason: NO_RESPONDENTS,
    });
    expect(coderAgreement({ respondents: given(ids), coderA: [], coderB: [], codes: [] }).overall).toMatchObject({
      kappa: null,
      reason: 'No codes to compare.',
    });
  });

  it('leaves out withdrawn respondents, counts a code coded twice once, and ignores other respondents', () => {
    const respondents = [
      { id: 'r1', consent: 'given' as const },
      { id: 'r2', consent: 'given' as const },
      { id: 'r3', consent: 'withdrawn' as const },
    ];
    const coderA = [
      { respondentId: 'r1', code: 'X' },
      { respondentId: 'r1', code: 'X' },
      { respondentId: 'r3', code: 'X' },
    ];
    const coderB = [
      { respondentId: 'r1', code: 'X' },
      { respondentId: 'r9', code: 'X' },
    ];
    const result = coderAgreement({ respondents, coderA, coderB, codes: ['X'] });
    expect(result.perCode[0]!.table).toEqual({ both: 1, onlyA: 0, onlyB: 0, neither: 1 });
    expect(result.perCode[0]!.kappa).toBe(1);
    expect(result.overall.items).toBe(2);
  });
});
