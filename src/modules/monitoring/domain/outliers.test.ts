import { describe, expect, it } from 'vitest';
import { median, outlierWarnings, quantile, summarisePeers } from './outliers.js';

const ORDINARY_PEERS = [100, 110, 120, 130, 140];

describe("against the partnership's own history", () => {
  it('warns, in plain words, when a figure is more than three times the usual one', () => {
    const result = outlierWarnings({ value: 400, history: [100, 120, 150], peers: [] });
    expect(result.warnings).toEqual([
      {
        code: 'much-higher-than-own-history',
        median: 120,
        message: 'This is much higher than your last returns (median 120). Check it is right, or add a note.',
      },
    ]);
    expect(result.ownHistory).toEqual({ checked: true });
  });

  it('warns when a figure is less than a third of the usual one, including a zero', () => {
    expect(outlierWarnings({ value: 39, history: [120, 120], peers: [] }).warnings.map((w) => w.code)).toEqual([
      'much-lower-than-own-history',
    ]);
    const zero = outlierWarnings({ value: 0, history: [100, 120], peers: [] });
    expect(zero.warnings).toEqual([
      {
        code: 'much-lower-than-own-history',
        median: 110,
        message: 'This is much lower than your last returns (median 110). Check it is right, or add a note.',
      },
    ]);
  });

  it('does not warn at exactly three times or exactly a third', () => {
    expect(outlierWarnings({ value: 360, history: [120, 120], peers: [] }).warnings).toEqual([]);
    expect(outlierWarnings({ value: 40, history: [120, 120], peers: [] }).warnings).toEqual([]);
  });

  it('uses the median, so one odd earlier return does not set the bar', () => {
    expect(outlierWarnings({ value: 100, history: [90, 110, 5000], peers: [] }).warnings).toEqual([]);
  });

  it('compares with last period’s figure when there is only one: 5,000 volunteers after 164 warns', () => {
    const one = outlierWarnings({ value: 5000, history: [164], peers: [] });
    expect(one.ownHistory).toEqual({ checked: true });
    expect(one.warnings).toEqual([
      {
        code: 'much-higher-than-own-history',
        median: 164,
        message: 'This is much higher than your last return (164). Check it is right, or add a note.',
      },
    ]);
    expect(outlierWarnings({ value: 170, history: [164], peers: [] }).warnings).toEqual([]);
  });

  it('says it did not compare when there is no earlier return', () => {
    const none = outlierWarnings({ value: 1000, history: [], peers: [] });
    expect(none.warnings).toEqual([]);
    expect(none.ownHistory).toEqual({
      checked: false,
      code: 'too-little-history',
      message: 'Not compared with your earlier returns: there are none yet with this figure.',
    });
  });

  it('says it did not compare when earlier returns were usually zero', () => {
    const result = outlierWarnings({ value: 50, history: [0, 0, 7], peers: [] });
    expect(result.warnings).toEqual([]);
    expect(result.ownHistory).toEqual({
      checked: false,
      code: 'history-median-not-positive',
      message: 'Not compared with your earlier returns: they were usually 0, so there is no size to compare with.',
    });
  });
});

describe('against the other partnerships', () => {
  it("flags SAFE Regeneration's 25,161 beneficiaries against the other PBSA partnerships", () => {
    const others = [828, 720, 125, 1143, 14319, 1013, 1500, 1477];
    const result = outlierWarnings({ value: 25161, history: [], peers: others });
    expect(result.warnings).toEqual([
      {
        code: 'much-higher-than-portfolio',
        median: 1078,
        message: 'This is much higher than other partnerships reported for this period (median 1,078). Check it is right, or add a note.',
      },
    ]);
    expect(result.portfolio).toEqual({ checked: true });
  });

  it('flags a figure far below the others, including a zero, and leaves an ordinary spread alone', () => {
    expect(outlierWarnings({ value: 60, history: [], peers: ORDINARY_PEERS }).warnings.map((w) => w.code)).toEqual([
      'much-lower-than-portfolio',
    ]);
    expect(outlierWarnings({ value: 0, history: [], peers: [10, 12, 14, 16, 18] }).warnings.map((w) => w.code)).toEqual([
      'much-lower-than-portfolio',
    ]);
    expect(outlierWarnings({ value: 75, history: [], peers: ORDINARY_PEERS }).warnings).toEqual([]);
    expect(outlierWarnings({ value: 160, history: [], peers: ORDINARY_PEERS }).warnings).toEqual([]);
  });

  it('says it did not compare with one peer, or four', () => {
    const message = (n: number, noun: string) =>
      `Not compared with other partnerships: ${n} ${noun} reported this for the period, and at least 5 are needed.`;
    expect(outlierWarnings({ value: 9999, history: [], peers: [10] })).toEqual({
      warnings: [],
      ownHistory: expect.objectContaining({ checked: false }),
      portfolio: { checked: false, code: 'too-few-peers', message: message(1, 'other partnership') },
    });
    expect(outlierWarnings({ value: 9999, history: [], peers: [10, 11, 12, 13] }).portfolio).toEqual({
      checked: false,
      code: 'too-few-peers',
      message: message(4, 'other partnerships'),
    });
  });

  it('says it did not compare when the others all gave the same figure, zeros included', () => {
    const expected = {
      checked: false,
      code: 'peers-too-alike',
      message: 'Not compared with other partnerships: nearly all of them gave the same figure, so there is no spread to compare with.',
    };
    const identical = outlierWarnings({ value: 500, history: [], peers: [10, 10, 10, 10, 10] });
    expect(identical.warnings).toEqual([]);
    expect(identical.portfolio).toEqual(expected);
    expect(outlierWarnings({ value: 3, history: [], peers: [0, 0, 0, 0, 1] }).portfolio).toEqual(expected);
  });

  it('falls back to the quartiles when most others gave the same figure but some did not', () => {
    // Median 5 and MAD 0, but the quartiles are 5 and 9: the fence is 9 + 3 × 4 = 21.
    expect(outlierWarnings({ value: 30, history: [], peers: [5, 5, 5, 9, 9] }).warnings.map((w) => w.code)).toEqual([
      'much-higher-than-portfolio',
    ]);
    expect(outlierWarnings({ value: 20, history: [], peers: [5, 5, 5, 9, 9] }).warnings).toEqual([]);
  });
});

describe('outlierWarnings', () => {
  it('gives both warnings when a figure stands out from both, own history first', () => {
    const result = outlierWarnings({ value: 100, history: [10, 12], peers: [10, 11, 12, 13, 14] });
    expect(result.warnings.map((w) => w.code)).toEqual(['much-higher-than-own-history', 'much-higher-than-portfolio']);
  });

  it('refuses numbers that are not finite, since a not-reported figure must be left out, not passed as NaN', () => {
    expect(() => outlierWarnings({ value: Number.NaN, history: [], peers: [] })).toThrow(/finite/);
    expect(() => outlierWarnings({ value: 1, history: [Infinity, 2], peers: [] })).toThrow(/finite/);
  });
});

describe('a summary of the other partnerships instead of their figures', () => {
  const cases: { value: number; peers: number[] }[] = [
    { value: 25161, peers: [828, 720, 125, 1143, 14319, 1013, 1500, 1477] },
    { value: 60, peers: ORDINARY_PEERS },
    { value: 75, peers: ORDINARY_PEERS },
    { value: 30, peers: [5, 5, 5, 9, 9] },
    { value: 500, peers: [10, 10, 10, 10, 10] },
    { value: 9999, peers: [10, 11, 12, 13] },
    { value: 1, peers: [] },
  ];
  it('gives exactly the answer the figures give', () => {
    for (const c of cases) {
      expect(outlierWarnings({ value: c.value, history: [], peers: summarisePeers(c.peers) })).toEqual(
        outlierWarnings({ value: c.value, history: [], peers: c.peers }),
      );
    }
  });

  it('summarises with the median, the median absolute deviation and the quartiles', () => {
    expect(summarisePeers([5, 5, 5, 9, 9])).toEqual({ count: 5, median: 5, mad: 0, q1: 5, q3: 9 });
    expect(summarisePeers([])).toEqual({ count: 0, median: 0, mad: 0, q1: 0, q3: 0 });
  });

  it('ignores the rest of a summary below five, and refuses a non-finite one above', () => {
    expect(
      outlierWarnings({ value: 1, history: [], peers: { count: 2, median: Number.NaN, mad: 0, q1: 0, q3: 0 } }).portfolio,
    ).toMatchObject({ code: 'too-few-peers' });
    expect(() => outlierWarnings({ value: 1, history: [], peers: { count: 6, median: Number.NaN, mad: 0, q1: 0, q3: 0 } })).toThrow(
      /finite/,
    );
  });
});

describe('words for a reviewer', () => {
  it('speak of the partnership, not "your" returns, and ask the reviewer to check with them', () => {
    const result = outlierWarnings({ value: 400, history: [100, 120, 150], peers: [10, 11, 12, 13, 14], voice: 'reviewer' });
    expect(result.warnings.map((w) => w.message)).toEqual([
      'This is much higher than the partnership’s last returns (median 120). Check it with the partnership, or look for their note.',
      'This is much higher than other partnerships reported for this period (median 12). Check it with the partnership, or look for their note.',
    ]);
    expect(outlierWarnings({ value: 1, history: [], peers: [], voice: 'reviewer' }).ownHistory).toMatchObject({
      message: 'Not compared with the partnership’s earlier returns: there are none yet with this figure.',
    });
    expect(outlierWarnings({ value: 5000, history: [164], peers: [], voice: 'reviewer' }).warnings[0]!.message).toBe(
      'This is much higher than the partnership’s last return (164). Check it with the partnership, or look for their note.',
    );
  });
});

describe('median and quantile', () => {
  it('work on unsorted values of odd and even length', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([9, 5, 5, 5, 9], 0.25)).toBe(5);
    expect(quantile([9, 5, 5, 5, 9], 0.75)).toBe(9);
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    expect(() => median([])).toThrow();
  });
});
