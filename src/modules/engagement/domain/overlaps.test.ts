import { describe, expect, it } from 'vitest';
import { type EngagementForOverlap, overlapClusters } from './overlaps.js';

let n = 0;
/** An engagement; topics given as "label=key" (the key as PostgreSQL's english stemmer gives it). */
function e(leadPartner: string, locality: string, start: string, end: string, ...topics: string[]): EngagementForOverlap {
  n++;
  return {
    id: `e${n}`,
    title: `${leadPartner} on ${topics.join(', ')}`,
    leadPartner,
    locality,
    start,
    end,
    topics: topics.map((t) => {
      const [label, key] = t.split('=');
      return { label: label!, key: key ?? label!.toLowerCase() };
    }),
  };
}

describe('overlapping engagements', () => {
  it('flags partners consulting on the same stemmed topic in the same locality within the window, and says so plainly', () => {
    const clusters = overlapClusters([
      e('Council', 'Whitburn', '2026-03-02', '2026-03-06', 'Housing=hous'),
      e('Health board', 'WHITBURN ', '2026-03-10', '2026-03-12', 'houses=hous', 'parks=park'),
      e('Housing association', 'Whitburn', '2026-03-20', '2026-03-20', 'housing=hous'),
      e('Council', 'Armadale', '2026-03-02', '2026-03-06', 'housing=hous'),
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.engagements.map((x) => x.leadPartner)).toEqual(['Council', 'Health board', 'Housing association']);
    expect(clusters[0]!.message).toBe('Three partners plan consultations on housing in Whitburn in March 2026');
  });

  it('counts the window from the earlier end to the later start: 28 days apart overlap, 29 do not', () => {
    const at28 = [e('A', 'Ayr', '2026-01-01', '2026-02-01', 'parks=park'), e('B', 'Ayr', '2026-03-01', '2026-03-02', 'park=park')];
    expect(overlapClusters(at28)).toHaveLength(1);
    expect(overlapClusters(at28)[0]!.message).toBe('Two partners plan consultations on parks in Ayr between January 2026 and March 2026');
    const at29 = [e('A', 'Ayr', '2026-01-01', '2026-02-01', 'parks=park'), e('B', 'Ayr', '2026-03-02', '2026-03-03', 'park=park')];
    expect(overlapClusters(at29)).toEqual([]);
    expect(overlapClusters(at29, 29)).toHaveLength(1);
  });

  it('joins a chain through a long engagement, not just neighbours in order of start', () => {
    const clusters = overlapClusters([
      e('A', 'Irvine', '2026-01-01', '2026-12-31', 'transport=transport'),
      e('B', 'Irvine', '2026-02-01', '2026-02-02', 'transport=transport'),
      e('C', 'Irvine', '2026-11-01', '2026-11-02', 'Transport=transport'),
    ]);
    expect(clusters.map((c) => c.partners)).toEqual([['A', 'B', 'C']]);
  });

  it('leaves one partner’s own follow-up alone, and different topics or places apart', () => {
    expect(
      overlapClusters([
        e('Council', 'Ayr', '2026-01-01', '2026-01-02', 'parks=park'),
        e('council ', 'Ayr', '2026-01-05', '2026-01-06', 'park=park'),
      ]),
    ).toEqual([]);
    expect(
      overlapClusters([
        e('A', 'Ayr', '2026-01-01', '2026-01-02', 'parks=park'),
        e('B', 'Ayr', '2026-01-01', '2026-01-02', 'schools=school'),
      ]),
    ).toEqual([]);
    expect(
      overlapClusters([e('A', 'Ayr', '2026-01-01', '2026-01-02', 'parks=park'), e('B', 'Troon', '2026-01-01', '2026-01-02', 'parks=park')]),
    ).toEqual([]);
  });

  it('numbers clusters by their earliest start', () => {
    const clusters = overlapClusters([
      e('A', 'Troon', '2026-06-01', '2026-06-02', 'play=play'),
      e('B', 'Troon', '2026-06-03', '2026-06-04', 'play=play'),
      e('A', 'Ayr', '2026-01-01', '2026-01-02', 'parks=park'),
      e('B', 'Ayr', '2026-01-03', '2026-01-04', 'parks=park'),
    ]);
    expect(clusters.map((c) => [c.number, c.locality])).toEqual([
      [1, 'Ayr'],
      [2, 'Troon'],
    ]);
  });
});

describe('the sweep against every pair', () => {
  it('finds the same flagged clusters as comparing every pair by the rule, on random registers', () => {
    let seed = 17;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
    for (let round = 0; round < 8; round++) {
      const list: EngagementForOverlap[] = Array.from({ length: 120 }, (_, i) => {
        const start = Math.floor(random() * 200);
        const keys = [...new Set([pick(['park', 'hous', 'school', 'bus']), pick(['park', 'hous', 'road'])])];
        return {
          id: `r${round}-${i}`,
          title: `Engagement ${i}`,
          leadPartner: pick(['Council', 'council ', 'Health board', 'Trust']),
          locality: pick(['Ayr', 'AYR ', 'Troon']),
          start: day(start),
          end: day(start + Math.floor(random() * 20)),
          topics: keys.map((key) => ({ label: key, key })),
        };
      });
      const window = pick([0, 7, 28]);
      const parent = list.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : find(parent[i]!));
      const days = (iso: string) => Date.parse(iso) / 86_400_000;
      const place = (s: string) => s.trim().toLowerCase();
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++) {
          const [a, b] = [list[i]!, list[j]!];
          const gap = Math.max(days(a.start), days(b.start)) - Math.min(days(a.end), days(b.end));
          const shared = a.topics.some((t) => b.topics.some((u) => u.key === t.key));
          if (place(a.locality) === place(b.locality) && gap <= window && shared) parent[find(j)] = find(i);
        }
      const groups = new Map<number, string[]>();
      for (const [i, e] of list.entries()) groups.set(find(i), [...(groups.get(find(i)) ?? []), e.id]);
      const expected = [...groups.values()]
        .filter((g) => new Set(g.map((id) => place(list.find((e) => e.id === id)!.leadPartner))).size >= 2)
        .map((g) => g.sort().join())
        .sort();
      const actual = overlapClusters(list, window)
        .map((c) =>
          c.engagements
            .map((e) => e.id)
            .sort()
            .join(),
        )
        .sort();
      expect(actual).toEqual(expected);
    }
  });
});
