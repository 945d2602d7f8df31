import { describe, expect, it } from 'vitest';
import { buildCodeIndex, findConfigurations, respondentsFor } from './configurations.js';
import type { Coding, Respondent } from './respondents.js';

const person = (id: string, over: Partial<Respondent> = {}): Respondent => ({
  id,
  participantType: 'Community Member',
  themes: [],
  coproductionModel: null,
  place: null,
  phase: null,
  attributes: {},
  consent: 'given',
  ...over,
});
const coded = (entries: Record<string, string[]>): Coding[] =>
  Object.entries(entries).flatMap(([respondentId, codes]) => codes.map((code) => ({ respondentId, code })));

describe('configurations, worked by hand', () => {
  // Ten respondents. Welcome (context) → Trust (mechanism) → Well-being (outcome) for r1–r4.
  const respondents = Array.from({ length: 10 }, (_, i) => person(`r${i + 1}`));
  const codings = coded({
    r1: ['Welcome', 'Trust', 'Well-being'],
    r2: ['Welcome', 'Trust', 'Well-being'],
    r3: ['Welcome', 'Trust', 'Well-being', 'Well-being'],
    r4: ['Welcome', 'Trust', 'Well-being', 'Employment'],
    r5: ['Welcome', 'Pride'],
    r6: ['Needs', 'Pride', 'Employment'],
    r7: ['Needs', 'Trust'],
    r8: ['Well-being'],
    r9: [],
    r10: ['Needs', 'Pride', 'Employment'],
  });
  const index = buildCodeIndex(respondents, codings);
  const result = findConfigurations(index, {
    contexts: ['Welcome', 'Needs'],
    mechanisms: ['Trust', 'Pride'],
    outcomes: ['Well-being', 'Employment'],
    minSupport: 2,
  });

  it('finds the triples at least minSupport respondents share, with support and lift', () => {
    // Welcome 5, Trust 5, Well-being 5 of 10: lift = (4/10) / (0.5·0.5·0.5) = 3.2.
    // Needs 3, Pride 3, Employment 3: r6 and r10 → (2/10) / (0.3·0.3·0.3) = 7.407…
    expect(result.total).toBe(10);
    expect(result.configurations).toHaveLength(2);
    expect(result.configurations[0]).toMatchObject({
      context: 'Welcome',
      mechanism: 'Trust',
      outcome: 'Well-being',
      support: 4,
      share: 0.4,
    });
    expect(result.configurations[0]!.lift).toBeCloseTo(3.2, 12);
    expect(result.configurations[1]).toMatchObject({ context: 'Needs', mechanism: 'Pride', outcome: 'Employment', support: 2 });
    expect(result.configurations[1]!.lift).toBeCloseTo(0.2 / 0.027, 12);
  });

  it('finds the pairs with support, lift and confidence', () => {
    expect(result.contextMechanism.map((p) => [p.from, p.to, p.support])).toEqual([
      ['Welcome', 'Trust', 4],
      ['Needs', 'Pride', 2],
    ]);
    // Welcome and Trust: (4/10) / (0.5·0.5) = 1.6; 4 of the 5 welcomed identified trust.
    expect(result.contextMechanism[0]!.lift).toBeCloseTo(1.6, 12);
    expect(result.contextMechanism[0]!.confidence).toBeCloseTo(0.8, 12);
    expect(result.mechanismOutcome.map((p) => [p.from, p.to, p.support])).toEqual([
      ['Trust', 'Well-being', 4],
      ['Pride', 'Employment', 2],
    ]);
  });

  it('ranks by support, then lift', () => {
    const all = findConfigurations(index, {
      contexts: ['Welcome', 'Needs'],
      mechanisms: ['Trust', 'Pride'],
      outcomes: ['Well-being', 'Employment'],
    });
    const supports = all.configurations.map((c) => c.support);
    expect(supports).toEqual([...supports].sort((a, b) => b - a));
    // Welcome–Trust–Employment (r4 only, lift 0.1/(0.5·0.5·0.3) = 1.33) comes after the support-2 triple.
    expect(all.configurations.map((c) => `${c.context}|${c.mechanism}|${c.outcome}|${c.support}`)).toEqual([
      'Welcome|Trust|Well-being|4',
      'Needs|Pride|Employment|2',
      'Welcome|Trust|Employment|1',
    ]);
  });

  it('drills from a cell to the respondents behind it', () => {
    expect(respondentsFor(index, { context: 'Welcome', mechanism: 'Trust', outcome: 'Well-being' })).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(respondentsFor(index, { mechanism: 'Pride', outcome: 'Employment' })).toEqual(['r6', 'r10']);
    expect(respondentsFor(index, { context: 'Needs' })).toEqual(['r6', 'r7', 'r10']);
    expect(respondentsFor(index, { context: 'Nobody used this' })).toEqual([]);
    expect(() => respondentsFor(index, {})).toThrow(/Say which codes/);
  });

  it('refuses a minimum support that is not a whole number of respondents', () => {
    expect(() => findConfigurations(index, { contexts: [], mechanisms: [], outcomes: [], minSupport: 0 })).toThrow(/1 or more/);
  });
});

describe('who is counted', () => {
  it('leaves withdrawn respondents out of support, lift and the drill-down', () => {
    const respondents = [person('a'), person('b', { consent: 'withdrawn' }), person('c')];
    const codings = coded({ a: ['C', 'M', 'O'], b: ['C', 'M', 'O'], c: ['C'] });
    const index = buildCodeIndex(respondents, codings);
    const result = findConfigurations(index, { contexts: ['C'], mechanisms: ['M'], outcomes: ['O'] });
    expect(result.total).toBe(2);
    expect(result.configurations).toEqual([
      { context: 'C', mechanism: 'M', outcome: 'O', support: 1, share: 0.5, lift: (1 * 2 * 2) / (2 * 1 * 1) },
    ]);
    expect(respondentsFor(index, { context: 'C' })).toEqual(['a', 'c']);
  });

  it('applies the same filters as the cross-tab', () => {
    const respondents = [person('a', { place: 'Ayr' }), person('b', { place: 'Dundee' })];
    const index = buildCodeIndex(respondents, coded({ a: ['C'], b: ['C'] }), { filters: { place: 'Ayr' } });
    expect(respondentsFor(index, { context: 'C' })).toEqual(['a']);
  });
});

/** A small seeded generator so the comparison below is the same every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('agrees with counting respondent by respondent', () => {
  it('on 1,000 random respondents across word boundaries', () => {
    const random = lcg(42);
    const contexts = ['c1', 'c2', 'c3', 'c4'];
    const mechanisms = ['m1', 'm2', 'm3', 'm4'];
    const outcomes = ['o1', 'o2', 'o3', 'o4'];
    const respondents = Array.from({ length: 1000 }, (_, i) => person(`r${i}`, { consent: random() < 0.05 ? 'withdrawn' : 'given' }));
    const codings: Coding[] = [];
    const sets = new Map<string, Set<string>>();
    for (const r of respondents) {
      const mine = new Set<string>();
      for (const code of [...contexts, ...mechanisms, ...outcomes]) if (random() < 0.35) mine.add(code);
      for (const code of mine) codings.push({ respondentId: r.id, code });
      if (r.consent === 'given') sets.set(r.id, mine);
    }
    const index = buildCodeIndex(respondents, codings);
    const result = findConfigurations(index, { contexts, mechanisms, outcomes, minSupport: 20 });
    const n = sets.size;
    const count = (...codes: string[]) => [...sets.values()].filter((s) => codes.every((c) => s.has(c))).length;

    let expectedTriples = 0;
    for (const c of contexts) for (const m of mechanisms) for (const o of outcomes) if (count(c, m, o) >= 20) expectedTriples++;
    expect(result.configurations).toHaveLength(expectedTriples);
    for (const cfg of result.configurations) {
      expect(cfg.support).toBe(count(cfg.context, cfg.mechanism, cfg.outcome));
      expect(cfg.lift).toBeCloseTo(
        cfg.support / n / ((count(cfg.context) / n) * (count(cfg.mechanism) / n) * (count(cfg.outcome) / n)),
        10,
      );
      expect(respondentsFor(index, cfg)).toEqual(
        [...sets].filter(([, s]) => s.has(cfg.context) && s.has(cfg.mechanism) && s.has(cfg.outcome)).map(([id]) => id),
      );
    }
    for (const p of result.mechanismOutcome) expect(p.support).toBe(count(p.from, p.to));
  });
});

describe('at scale', () => {
  it('indexes 100,000 respondents with 12 codings each and finds configurations in well under a few seconds', () => {
    const random = lcg(7);
    const codes = Array.from({ length: 36 }, (_, i) => `k${i}`);
    const respondents = Array.from({ length: 100_000 }, (_, i) => person(`r${i}`));
    const codings: Coding[] = [];
    for (const r of respondents) {
      for (let j = 0; j < 12; j++) codings.push({ respondentId: r.id, code: codes[Math.floor(random() * codes.length)]! });
    }
    const started = performance.now();
    const index = buildCodeIndex(respondents, codings);
    const result = findConfigurations(index, {
      contexts: codes.slice(0, 12),
      mechanisms: codes.slice(12, 24),
      outcomes: codes.slice(24),
      minSupport: 1,
    });
    const took = performance.now() - started;
    expect(result.total).toBe(100_000);
    expect(result.configurations).toHaveLength(12 * 12 * 12);
    // Generous for a shared two-core machine; it takes a fraction of this.
    expect(took).toBeLessThan(5_000);
  });
});
