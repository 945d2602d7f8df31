/**
 * Testing a theory of change against what respondents said. A step is evidenced by the respondents
 * (consent given) who identified any code mapped to it, sub-codes included; a link A → B by how many
 * were at A, at B and at both, and by lift: both ÷ the number expected at both if A and B were unrelated
 * (at A × at B ÷ everyone counted). Lift 1 is what chance gives; above it the two go together more often.
 *
 * Each link is classed:
 * - **untested**: an end has no mapped code, so the evidence cannot speak to it;
 * - **supported**: at least `minBoth` respondents at both ends, and lift at least `supportLift`;
 * - **contradicted**: lift at most `contradictLift` although enough respondents were at each end to
 *   expect at least `minBoth` at both (so the absence is not just a small sample);
 * - **weak**: anything else: evidence at the ends, but too few at both or a lift near 1 — and also a
 *   link whose ends both have mapped codes but nobody (with consent) identified an end's codes: the
 *   theory was put to the evidence and the evidence did not show it, which is not "untested". Such a
 *   link has no lift (both ÷ expected is 0 ÷ 0), so its lift is null (a blank CSV cell) while its counts
 *   show the 0.
 * Defaults (DEFAULT_THRESHOLDS) are the evaluator's to change per evaluation of the theory.
 *
 * The lift is null (blank) in exactly three cases: the link is untested; an end has no respondent; or a
 * count is hidden by disclosure control (publishableCounts), which the JSON says with `suppressed`.
 *
 * Respondents are bitsets (one bit each, 32 to a word) so a link is one AND-and-count pass.
 */

export const LINK_CLASSES = ['supported', 'weak', 'contradicted', 'untested'] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];

export interface Thresholds {
  /** Respondents at both ends needed to call a link supported. */
  minBoth: number;
  /** Lift at or above which a link with enough respondents is supported. */
  supportLift: number;
  /** Lift at or below which a link with enough expected respondents is contradicted. */
  contradictLift: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minBoth: 5, supportLift: 1.2, contradictLift: 0.8 };

/** Problems with thresholds an evaluator typed, each naming the field. */
export function thresholdProblems(t: Thresholds): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!Number.isInteger(t.minBoth) || t.minBoth < 1)
    out.push({ path: 'minBoth', message: 'Respondents at both ends must be a whole number, 1 or more' });
  if (!(t.supportLift > 0)) out.push({ path: 'supportLift', message: 'The lift for “supported” must be more than 0' });
  if (!(t.contradictLift >= 0)) out.push({ path: 'contradictLift', message: 'The lift for “contradicted” must be 0 or more' });
  if (t.contradictLift >= t.supportLift)
    out.push({ path: 'contradictLift', message: 'The lift for “contradicted” must be below the lift for “supported”' });
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function countBits(bits: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!);
  return n;
}

function countBoth(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(a[w]! & b[w]!);
  return n;
}

/** Respondents in any of the sets (a step mapped to several codes): OR word by word. */
export function unionBits(sets: readonly Uint32Array[], words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (const s of sets) for (let w = 0; w < words; w++) out[w]! |= s[w]!;
  return out;
}

export interface LinkCounts {
  respondentsFrom: number;
  respondentsTo: number;
  respondentsBoth: number;
  /** Everyone counted in the evaluation (consent given). */
  total: number;
}

/** both ÷ (from × to ÷ total); null when an end has nobody (nothing to compare with). */
export function liftOf(c: LinkCounts): number | null {
  if (c.respondentsFrom === 0 || c.respondentsTo === 0 || c.total === 0) return null;
  return (c.respondentsBoth * c.total) / (c.respondentsFrom * c.respondentsTo);
}

export interface Classified {
  status: LinkClass;
  /** Why, in a sentence an evaluator can check against the counts. */
  reason: string;
}

/** The class of a link with both ends mapped (an unmapped end is untested before any count). */
export function classifyLink(c: LinkCounts, t: Thresholds = DEFAULT_THRESHOLDS): Classified {
  const lift = liftOf(c);
  if (lift === null) {
    const end =
      c.total === 0
        ? 'either end: nobody with consent given'
        : c.respondentsFrom === 0 && c.respondentsTo === 0
          ? 'either end'
          : c.respondentsFrom === 0
            ? 'its start'
            : 'where it leads';
    return { status: 'weak', reason: `No respondent identified a code mapped to ${end}` };
  }
  const expected = (c.respondentsFrom * c.respondentsTo) / c.total;
  if (c.respondentsBoth >= t.minBoth && lift >= t.supportLift)
    return {
      status: 'supported',
      reason: `${c.respondentsBoth} respondents at both ends, ${lift.toFixed(2)} times as many as chance would give`,
    };
  if (lift <= t.contradictLift && expected >= t.minBoth)
    return {
      status: 'contradicted',
      reason: `Chance alone would put ${expected.toFixed(1)} respondents at both ends; ${c.respondentsBoth} were`,
    };
  if (c.respondentsBoth < t.minBoth) return { status: 'weak', reason: `Fewer than ${t.minBoth} respondents at both ends` };
  return { status: 'weak', reason: `Lift ${lift.toFixed(2)}: not clearly more than chance` };
}

export interface NodeEvidence {
  key: string;
  /** null when no code is mapped to the step. */
  respondents: number | null;
}

export interface LinkEvidence extends Classified {
  key: string;
  from: string;
  to: string;
  /** null for an untested link. */
  counts: LinkCounts | null;
  lift: number | null;
}

export interface TheoryEvidence {
  total: number;
  nodes: NodeEvidence[];
  links: LinkEvidence[];
}

/**
 * Every step's and link's evidence. `stepRespondents` holds, for each step with at least one mapped
 * code, the respondents who identified any of them (see unionBits); a step missing from it has no
 * mapped code. All bitsets are over the same `total` respondents.
 */
export function validateTheory(
  model: { nodes: readonly { key: string }[]; links: readonly { key: string; from: string; to: string }[] },
  stepRespondents: ReadonlyMap<string, Uint32Array>,
  total: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): TheoryEvidence {
  const counts = new Map<string, number>();
  for (const [k, bits] of stepRespondents) counts.set(k, countBits(bits));
  const nodes = model.nodes.map((n) => ({ key: n.key, respondents: counts.get(n.key) ?? null }));
  const links = model.links.map((l): LinkEvidence => {
    const a = stepRespondents.get(l.from);
    const b = stepRespondents.get(l.to);
    if (!a || !b) {
      const missing = !a && !b ? 'neither end has' : !a ? 'its start has' : 'where it leads has';
      return {
        key: l.key,
        from: l.from,
        to: l.to,
        counts: null,
        lift: null,
        status: 'untested',
        reason: `Untested: ${missing} no mapped code`,
      };
    }
    const c: LinkCounts = {
      respondentsFrom: counts.get(l.from)!,
      respondentsTo: counts.get(l.to)!,
      respondentsBoth: countBoth(a, b),
      total,
    };
    return { key: l.key, from: l.from, to: l.to, counts: c, lift: liftOf(c), ...classifyLink(c, thresholds) };
  });
  return { total, nodes, links };
}

export interface Suggestion {
  from: string;
  to: string;
  counts: LinkCounts;
  lift: number;
}

/**
 * Links the evidence shows but the model lacks: steps in an earlier stage and a later one, both mapped,
 * not already joined, whose respondents go together as a supported link's would. Strongest first
 * (respondents at both, then lift), then model order.
 */
export function suggestLinks(
  model: {
    nodes: readonly { key: string; stage: string }[];
    links: readonly { from: string; to: string }[];
    stages: readonly { key: string }[];
  },
  stepRespondents: ReadonlyMap<string, Uint32Array>,
  total: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Suggestion[] {
  const stageAt = new Map(model.stages.map((s, i) => [s.key, i]));
  const joined = new Set(model.links.map((l) => `${l.from}\u0000${l.to}`));
  const counts = new Map<string, number>();
  for (const [k, bits] of stepRespondents) counts.set(k, countBits(bits));
  const found: (Suggestion & { order: number })[] = [];
  let order = 0;
  for (const a of model.nodes) {
    const bitsA = stepRespondents.get(a.key);
    if (!bitsA) continue;
    for (const b of model.nodes) {
      order++;
      const bitsB = stepRespondents.get(b.key);
      if (!bitsB || a.key === b.key) continue;
      if ((stageAt.get(a.stage) ?? 0) >= (stageAt.get(b.stage) ?? 0)) continue;
      if (joined.has(`${a.key}\u0000${b.key}`) || joined.has(`${b.key}\u0000${a.key}`)) continue;
      const c: LinkCounts = {
        respondentsFrom: counts.get(a.key)!,
        respondentsTo: counts.get(b.key)!,
        respondentsBoth: countBoth(bitsA, bitsB),
        total,
      };
      const cls = classifyLink(c, thresholds);
      if (cls.status === 'supported') found.push({ from: a.key, to: b.key, counts: c, lift: liftOf(c)!, order });
    }
  }
  found.sort((x, y) => y.counts.respondentsBoth - x.counts.respondentsBoth || y.lift - x.lift || x.order - y.order);
  return found.map(({ order: _, ...s }) => s);
}

/**
 * Counts as they may be published: a count of 1 to threshold − 1 respondents is hidden (null), as the
 * cross-tab hides a small group, and the lift with it (it would give the hidden count back).
 */
export function publishableCounts(
  c: LinkCounts,
  lift: number | null,
  threshold: number,
): {
  respondentsFrom: number | null;
  respondentsTo: number | null;
  respondentsBoth: number | null;
  lift: number | null;
  suppressed: boolean;
} {
  const hide = (n: number) => n > 0 && n < threshold;
  const suppressed = hide(c.respondentsFrom) || hide(c.respondentsTo) || hide(c.respondentsBoth);
  return {
    respondentsFrom: hide(c.respondentsFrom) ? null : c.respondentsFrom,
    respondentsTo: hide(c.respondentsTo) ? null : c.respondentsTo,
    respondentsBoth: hide(c.respondentsBoth) ? null : c.respondentsBoth,
    lift: suppressed ? null : lift,
    suppressed,
  };
}

/** The validation file's columns, exactly as the issue gives them. */
export const VALIDATION_COLUMNS = ['from', 'to', 'respondents_from', 'respondents_to', 'respondents_both', 'lift', 'status'];

/**
 * A link as a row of the validation file: step labels, the counts as published (null → blank: hidden,
 * or untested), the lift (blank when untested, when an end has nobody, or when a count is hidden), the class.
 */
export function validationRow(l: {
  fromLabel: string;
  toLabel: string;
  respondentsFrom: number | null;
  respondentsTo: number | null;
  respondentsBoth: number | null;
  lift: number | null;
  status: LinkClass;
}): string[] {
  const cell = (n: number | null) => (n === null ? '' : String(n));
  return [l.fromLabel, l.toLabel, cell(l.respondentsFrom), cell(l.respondentsTo), cell(l.respondentsBoth), cell(l.lift), l.status];
}
