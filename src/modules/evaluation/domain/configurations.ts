/**
 * Context–mechanism–outcome configurations: which contexts, mechanisms and outcomes the same respondents
 * identified together, how many respondents (support) and how much more often than if the codes were
 * unrelated (lift). Pairs too: context → mechanism and mechanism → outcome. Then the respondents behind
 * any cell, so an evaluator can read what they said.
 *
 * Each code keeps a bitset over the respondents counted (one bit per respondent), so "respondents with
 * C and M and O" is a word-by-word AND and a population count.
 */
import { inAnalysis, type Coding, type Respondent, type RespondentFilters } from './respondents.js';

/** Who identified what, as one bitset per code over the respondents counted. */
export interface CodeIndex {
  /** Respondents counted (consent given, filters matched), in the order given: bit i is respondentIds[i]. */
  respondentIds: readonly string[];
  /** 32-bit words per bitset. */
  words: number;
  /** By the code key the codings use (id or name). */
  bits: ReadonlyMap<string, Uint32Array>;
  /** Respondents who identified each code. */
  counts: ReadonlyMap<string, number>;
}

/** Set bits in a 32-bit word (the usual halving sums). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function countAll(bits: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!);
  return n;
}

/** Respondents in both sets: one pass over the words, no allocation. */
function countBoth(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(a[w]! & b[w]!);
  return n;
}

function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w]! & b[w]!;
  return out;
}

/**
 * Builds the index: O(respondents + codings) time, (codes × respondents / 8) bytes — 100,000 respondents
 * and 40 codes is 500 kB. Withdrawn respondents are left out; codings of anyone not counted are ignored;
 * a code identified twice by one respondent is one bit.
 */
export function buildCodeIndex(
  respondents: readonly Respondent[],
  codings: readonly Coding[],
  options: { filters?: RespondentFilters } = {},
): CodeIndex {
  const counted = inAnalysis(respondents, options.filters);
  const respondentIds = counted.map((r) => r.id);
  const indexOf = new Map(respondentIds.map((id, i) => [id, i] as const));
  const words = Math.ceil(respondentIds.length / 32);
  const bits = new Map<string, Uint32Array>();
  for (const coding of codings) {
    const i = indexOf.get(coding.respondentId);
    if (i === undefined) continue;
    let set = bits.get(coding.code);
    if (!set) bits.set(coding.code, (set = new Uint32Array(words)));
    set[i >>> 5]! |= 1 << (i & 31);
  }
  const counts = new Map([...bits].map(([code, set]) => [code, countAll(set)] as const));
  return { respondentIds, words, bits, counts };
}

export interface Configuration {
  context: string;
  mechanism: string;
  outcome: string;
  /** Respondents who identified all three. */
  support: number;
  /** support as a share of the respondents counted, 0–1. */
  share: number;
  /**
   * P(C∧M∧O) / (P(C)·P(M)·P(O)): 1 is what three unrelated codes would give; above 1, they go together
   * more often than chance.
   */
  lift: number;
}

export interface Pair {
  /** The context (context → mechanism) or the mechanism (mechanism → outcome). */
  from: string;
  /** The mechanism or the outcome. */
  to: string;
  support: number;
  share: number;
  /** P(from∧to) / (P(from)·P(to)). */
  lift: number;
  /** P(to | from): of those who identified `from`, the share who also identified `to`. */
  confidence: number;
}

export interface ConfigurationInput {
  /** Code keys as the codings use them, in codebook order (the order breaks ties). */
  contexts: readonly string[];
  mechanisms: readonly string[];
  /** Short-term and/or long-term outcomes, as the evaluator chooses. */
  outcomes: readonly string[];
  /** Leave out combinations fewer respondents than this share. Default 1. */
  minSupport?: number;
}

export interface Configurations {
  /** Respondents counted. */
  total: number;
  minSupport: number;
  /** Ranked by support, then lift (both highest first), then codebook order. */
  configurations: Configuration[];
  contextMechanism: Pair[];
  mechanismOutcome: Pair[];
}

function pairs(index: CodeIndex, from: readonly string[], to: readonly string[], minSupport: number): Pair[] {
  const n = index.respondentIds.length;
  const found: (Pair & { order: number })[] = [];
  from.forEach((f, i) => {
    const a = index.bits.get(f);
    if (!a) return;
    to.forEach((t, j) => {
      const b = index.bits.get(t);
      if (!b) return;
      const support = countBoth(a, b);
      if (support < minSupport) return;
      const nf = index.counts.get(f)!;
      const nt = index.counts.get(t)!;
      found.push({
        from: f,
        to: t,
        support,
        share: support / n,
        lift: (support * n) / (nf * nt),
        confidence: support / nf,
        order: i * to.length + j,
      });
    });
  });
  found.sort((x, y) => y.support - x.support || y.lift - x.lift || x.order - y.order);
  return found.map(({ order: _order, ...pair }) => pair);
}

/**
 * Every context × mechanism × outcome that at least `minSupport` respondents identified together, and
 * the context → mechanism and mechanism → outcome pairs likewise.
 *
 * Cost, with W = respondents / 32 words per bitset: pairs O((|C|·|M| + |M|·|O|) · W); triples are only
 * tried for context–mechanism pairs that already reach minSupport (a triple can have no more support
 * than its pair), O(pairs kept · |O| · W). For 100,000 respondents and 12 codes per family that is at
 * most 1,728 × 3,125 word operations: a few milliseconds.
 */
export function findConfigurations(index: CodeIndex, input: ConfigurationInput): Configurations {
  const minSupport = input.minSupport ?? 1;
  if (!Number.isSafeInteger(minSupport) || minSupport < 1) {
    throw new Error(`The minimum support is a number of respondents, 1 or more: got ${minSupport}`);
  }
  const n = index.respondentIds.length;
  const contextMechanism = pairs(index, input.contexts, input.mechanisms, minSupport);
  const mechanismOutcome = pairs(index, input.mechanisms, input.outcomes, minSupport);

  const contextRank = new Map(input.contexts.map((c, i) => [c, i] as const));
  const mechanismRank = new Map(input.mechanisms.map((m, i) => [m, i] as const));
  const found: (Configuration & { order: number[] })[] = [];
  for (const pair of contextMechanism) {
    const both = and(index.bits.get(pair.from)!, index.bits.get(pair.to)!);
    const nc = index.counts.get(pair.from)!;
    const nm = index.counts.get(pair.to)!;
    input.outcomes.forEach((outcome, o) => {
      const bits = index.bits.get(outcome);
      if (!bits) return;
      const support = countBoth(both, bits);
      if (support < minSupport) return;
      const no = index.counts.get(outcome)!;
      found.push({
        context: pair.from,
        mechanism: pair.to,
        outcome,
        support,
        share: support / n,
        // P(CMO)/(P(C)P(M)P(O)) with each P a count over n: s·n² / (nC·nM·nO).
        lift: (support * n * n) / (nc * nm * no),
        order: [contextRank.get(pair.from)!, mechanismRank.get(pair.to)!, o],
      });
    });
  }
  found.sort(
    (x, y) =>
      y.support - x.support || y.lift - x.lift || x.order[0]! - y.order[0]! || x.order[1]! - y.order[1]! || x.order[2]! - y.order[2]!,
  );
  return { total: n, minSupport, configurations: found.map(({ order: _order, ...c }) => c), contextMechanism, mechanismOutcome };
}

/** A cell to drill into: any of a configuration's codes (a triple, a pair, or one code). */
export interface Cell {
  context?: string;
  mechanism?: string;
  outcome?: string;
}

/**
 * The respondents (ids, in the order given to the index) who identified every code of the cell. A code
 * nobody identified gives nobody. O(codes in cell · W + respondents found).
 */
export function respondentsFor(index: CodeIndex, cell: Cell): string[] {
  const codes = [cell.context, cell.mechanism, cell.outcome].filter((c): c is string => c !== undefined);
  if (codes.length === 0) throw new Error('Say which codes: a context, a mechanism, an outcome, or any of them together');
  let acc: Uint32Array | undefined;
  for (const code of codes) {
    const bits = index.bits.get(code);
    if (!bits) return [];
    acc = acc ? and(acc, bits) : bits;
  }
  const ids: string[] = [];
  for (let w = 0; w < acc!.length; w++) {
    let word = acc![w]!;
    while (word !== 0) {
      const low = word & -word;
      ids.push(index.respondentIds[w * 32 + (31 - Math.clz32(low))]!);
      word ^= low;
    }
  }
  return ids;
}
