import { describe, expect, it } from 'vitest';
import { pcfSketch } from './fixtures.js';
import {
  DEFAULT_THRESHOLDS,
  classifyLink,
  countBits,
  liftOf,
  publishableCounts,
  suggestLinks,
  thresholdProblems,
  unionBits,
  validateTheory,
  validationRow,
} from './validation.js';

/** A bitset over `total` respondents with the given ones set. */
function bitsOf(total: number, who: Iterable<number>): Uint32Array {
  const out = new Uint32Array(Math.ceil(total / 32));
  for (const i of who) out[i >>> 5]! |= 1 << (i & 31);
  return out;
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('lift and link classes', () => {
  it('computes lift as both over what independence would give', () => {
    expect(liftOf({ respondentsFrom: 20, respondentsTo: 30, respondentsBoth: 12, total: 100 })).toBeCloseTo(2, 10);
    expect(liftOf({ respondentsFrom: 0, respondentsTo: 30, respondentsBoth: 0, total: 100 })).toBeNull();
  });

  it('classes supported, contradicted and weak by the documented defaults', () => {
    expect(classifyLink({ respondentsFrom: 20, respondentsTo: 30, respondentsBoth: 12, total: 100 })).toEqual({
      status: 'supported',
      reason: '12 respondents at both ends, 2.00 times as many as chance would give',
    });
    // Expected 50×40/100 = 20 at both; only 4: contradicted.
    expect(classifyLink({ respondentsFrom: 50, respondentsTo: 40, respondentsBoth: 4, total: 100 }).status).toBe('contradicted');
    // Lift 0.5 but only 2 expected: too small a sample to contradict.
    expect(classifyLink({ respondentsFrom: 10, respondentsTo: 20, respondentsBoth: 1, total: 100 })).toEqual({
      status: 'weak',
      reason: 'Fewer than 5 respondents at both ends',
    });
    // Enough at both, but no more than chance.
    expect(classifyLink({ respondentsFrom: 50, respondentsTo: 20, respondentsBoth: 10, total: 100 })).toEqual({
      status: 'weak',
      reason: 'Lift 1.00: not clearly more than chance',
    });
    expect(classifyLink({ respondentsFrom: 0, respondentsTo: 20, respondentsBoth: 0, total: 100 }).reason).toBe(
      'No respondent identified a code mapped to its start',
    );
    expect(classifyLink({ respondentsFrom: 0, respondentsTo: 0, respondentsBoth: 0, total: 100 }).reason).toBe(
      'No respondent identified a code mapped to either end',
    );
  });

  it('takes the evaluator’s thresholds, and says what is wrong with bad ones', () => {
    const c = { respondentsFrom: 20, respondentsTo: 30, respondentsBoth: 12, total: 100 };
    expect(classifyLink(c, { ...DEFAULT_THRESHOLDS, supportLift: 2.5 }).status).toBe('weak');
    expect(classifyLink(c, { ...DEFAULT_THRESHOLDS, minBoth: 13 }).status).toBe('weak');
    expect(thresholdProblems(DEFAULT_THRESHOLDS)).toEqual([]);
    expect(thresholdProblems({ minBoth: 0.5, supportLift: 1, contradictLift: 1.5 }).map((p) => p.path)).toEqual([
      'minBoth',
      'contradictLift',
    ]);
  });
});

describe('validating a theory against coded evidence', () => {
  const total = 100;
  // funding: unmapped. volunteering: 0–39. confidence: 20–59 (20 at both with volunteering).
  // employment: 60–99 (none with confidence).
  const steps = new Map([
    ['volunteering', bitsOf(total, range(0, 40))],
    ['confidence', unionBits([bitsOf(total, range(20, 50)), bitsOf(total, range(40, 60))], 4)],
    ['employment', bitsOf(total, range(60, 100))],
  ]);

  it('counts each step’s respondents once however many codes are mapped to it', () => {
    expect(countBits(steps.get('confidence')!)).toBe(40);
  });

  it('gives every step and link its counts and class', () => {
    const result = validateTheory(pcfSketch(), steps, total);
    expect(result.nodes).toEqual([
      { key: 'funding', respondents: null },
      { key: 'volunteering', respondents: 40 },
      { key: 'confidence', respondents: 40 },
      { key: 'employment', respondents: 40 },
    ]);
    expect(
      result.links.map((l) => [l.key, l.status, l.counts && [l.counts.respondentsFrom, l.counts.respondentsTo, l.counts.respondentsBoth]]),
    ).toEqual([
      ['l1', 'untested', null],
      ['l2', 'supported', [40, 40, 20]],
      ['l3', 'contradicted', [40, 40, 0]],
    ]);
    expect(result.links[0]!.reason).toBe('Untested: its start has no mapped code');
    expect(result.links[1]!.lift).toBeCloseTo(1.25, 10);
  });

  it('leaves out whoever is not in the bitsets (withdrawn consent is never a bit)', () => {
    // The same evidence without respondents 20–29 (withdrawn): fewer at both ends, fewer counted.
    const kept = range(0, 100).filter((i) => i < 20 || i >= 30);
    const at = (i: number) => kept.indexOf(i);
    const without = new Map(
      [...steps].map(([k, bits]) => [
        k,
        bitsOf(
          90,
          range(0, 100)
            .filter((i) => kept.includes(i) && (bits[i >>> 5]! & (1 << (i & 31))) !== 0)
            .map(at),
        ),
      ]),
    );
    const result = validateTheory(pcfSketch(), without, 90);
    expect(result.links[1]!.counts).toEqual({ respondentsFrom: 30, respondentsTo: 30, respondentsBoth: 10, total: 90 });
  });

  it('suggests forward links the evidence supports and the model lacks', () => {
    const model = pcfSketch();
    // volunteering → employment is not drawn; make employment overlap volunteering strongly.
    const withOverlap = new Map(steps);
    withOverlap.set('employment', bitsOf(total, range(0, 30)));
    const suggestions = suggestLinks(model, withOverlap, total);
    expect(suggestions.map((s) => [s.from, s.to, s.counts.respondentsBoth])).toEqual([['volunteering', 'employment', 30]]);
    expect(suggestions[0]!.lift).toBeCloseTo(2.5, 10);
  });
});

describe('a mapped end nobody identified (issue 15, point 5: untested only when an end has no mapped code)', () => {
  const model = {
    nodes: [{ key: 'a' }, { key: 'b' }, { key: 'c' }],
    links: [
      { key: 'ab', from: 'a', to: 'b' },
      { key: 'bc', from: 'b', to: 'c' },
    ],
  };
  // a: mapped, nobody identified its code; b: 40 respondents; c: no mapped code.
  const steps = new Map([
    ['a', bitsOf(100, [])],
    ['b', bitsOf(100, range(0, 40))],
  ]);
  const found = validateTheory(model, steps, 100);

  it('is weak, with its zero counts and no lift; only the unmapped end makes a link untested', () => {
    expect(found.nodes).toEqual([
      { key: 'a', respondents: 0 },
      { key: 'b', respondents: 40 },
      { key: 'c', respondents: null },
    ]);
    expect(found.links[0]).toEqual({
      key: 'ab',
      from: 'a',
      to: 'b',
      counts: { respondentsFrom: 0, respondentsTo: 40, respondentsBoth: 0, total: 100 },
      lift: null,
      status: 'weak',
      reason: 'No respondent identified a code mapped to its start',
    });
    expect(found.links[1]!).toMatchObject({ status: 'untested', counts: null, lift: null });
  });

  it('writes the CSV row with the zeros shown and the lift cell blank, and an untested row all blank', () => {
    const row = (i: number, label: [string, string]) => {
      const l = found.links[i]!;
      const shown = l.counts
        ? publishableCounts(l.counts, l.lift, 5)
        : { respondentsFrom: null, respondentsTo: null, respondentsBoth: null, lift: null };
      return validationRow({ fromLabel: label[0], toLabel: label[1], ...shown, status: l.status });
    };
    expect(row(0, ['A', 'B'])).toEqual(['A', 'B', '0', '40', '0', '', 'weak']);
    expect(row(1, ['B', 'C'])).toEqual(['B', 'C', '', '', '', '', 'untested']);
    // A hidden count blanks the lift too, though it has one.
    expect(
      validationRow({
        fromLabel: 'B',
        toLabel: 'D',
        ...publishableCounts({ respondentsFrom: 40, respondentsTo: 3, respondentsBoth: 3, total: 100 }, 2.5, 5),
        status: 'weak',
      }),
    ).toEqual(['B', 'D', '40', '', '', '', 'weak']);
  });
});

describe('publishing link counts', () => {
  it('hides counts of 1 to threshold − 1 and the lift with them', () => {
    expect(publishableCounts({ respondentsFrom: 40, respondentsTo: 30, respondentsBoth: 3, total: 100 }, 0.25, 5)).toEqual({
      respondentsFrom: 40,
      respondentsTo: 30,
      respondentsBoth: null,
      lift: null,
      suppressed: true,
    });
    expect(publishableCounts({ respondentsFrom: 40, respondentsTo: 30, respondentsBoth: 0, total: 100 }, 0, 5).suppressed).toBe(false);
  });
});
