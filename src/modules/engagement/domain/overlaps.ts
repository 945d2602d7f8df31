/**
 * Engagements that risk consulting the same people on the same thing (issue 17, point 5). The rule:
 *
 * Two engagements **overlap** when
 * 1. they are in the same locality (names compared case-insensitively, spacing aside),
 * 2. their date ranges overlap, or the gap between them — the later one's start minus the earlier
 *    one's end, in days — is at most the programme's window (default 28 days), and
 * 3. they share a topic once each word is lower-cased and stemmed the English way (PostgreSQL's
 *    `english` configuration: "parks" is "park", "housing" is "hous"). The stemming is done by the
 *    database; this function takes each topic's stemmed key.
 *
 * A **cluster** is a connected group of overlapping engagements (A overlaps B and B overlaps C puts all
 * three together). It is **flagged** when it has two or more different lead partners: one partner's own
 * follow-up is not duplication.
 *
 * Per (locality, topic) the engagements are swept in order of start, so 50,000 engagements take a sort
 * and a pass, not a comparison of every pair.
 */

export const DEFAULT_WINDOW_DAYS = 28;

export interface EngagementForOverlap {
  id: string;
  title: string;
  leadPartner: string;
  locality: string;
  /** ISO dates, both days included; end ≥ start. */
  start: string;
  end: string;
  /** Each topic as written, and its stemmed key (same order). */
  topics: readonly { label: string; key: string }[];
}

export interface OverlapCluster {
  /** 1, 2, … in order of the cluster's earliest start, then locality. */
  number: number;
  engagements: EngagementForOverlap[];
  partners: string[];
  locality: string;
  /** The topics shared within the cluster, as first written, most shared first. */
  sharedTopics: string[];
  start: string;
  end: string;
  /** In plain words: "Three partners plan consultations on housing in Whitburn in March 2026". */
  message: string;
}

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const place = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
const partnerKey = place;

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const inWords = (n: number) => NUMBER_WORDS[n] ?? String(n);
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function monthSpan(start: string, end: string): string {
  const month = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const a = month(start);
  const b = month(end);
  return a === b ? `in ${a}` : `between ${a} and ${b}`;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Every flagged cluster, each with its engagements in order of start. */
export function overlapClusters(engagements: readonly EngagementForOverlap[], windowDays = DEFAULT_WINDOW_DAYS): OverlapCluster[] {
  const parent = engagements.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const starts = engagements.map((e) => dayNumber(e.start));
  const ends = engagements.map((e) => dayNumber(e.end));
  const buckets = new Map<string, number[]>();
  engagements.forEach((e, i) => {
    for (const key of new Set(e.topics.map((t) => t.key).filter(Boolean))) {
      const bucket = `${place(e.locality)}\u0000${key}`;
      const list = buckets.get(bucket);
      if (list) list.push(i);
      else buckets.set(bucket, [i]);
    }
  });
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => starts[a]! - starts[b]! || a - b);
    // The engagement reaching furthest so far: the next one overlaps it when it starts within the
    // window of its end, and then overlaps something in the run; otherwise it starts a new run.
    let furthest = list[0]!;
    for (let j = 1; j < list.length; j++) {
      const i = list[j]!;
      if (starts[i]! - ends[furthest]! <= windowDays) {
        union(furthest, i);
        if (ends[i]! > ends[furthest]!) furthest = i;
      } else furthest = i;
    }
  }

  const groups = new Map<number, number[]>();
  engagements.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const clusters: Omit<OverlapCluster, 'number'>[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const list = members
      .map((i) => engagements[i]!)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.title.localeCompare(b.title)));
    const partners: string[] = [];
    const seen = new Set<string>();
    for (const e of list)
      if (!seen.has(partnerKey(e.leadPartner))) {
        seen.add(partnerKey(e.leadPartner));
        partners.push(e.leadPartner.trim());
      }
    if (partners.length < 2) continue;
    const topicCount = new Map<string, { label: string; count: number }>();
    for (const e of list)
      for (const key of new Set(e.topics.map((t) => t.key))) {
        const label = e.topics.find((t) => t.key === key)!.label.trim();
        const t = topicCount.get(key);
        if (t) t.count++;
        else topicCount.set(key, { label, count: 1 });
      }
    const sharedTopics = [...topicCount.values()]
      .filter((t) => t.count >= 2)
      .sort((a, b) => b.count - a.count)
      .map((t) => t.label);
    const start = list[0]!.start;
    const end = list
      .map((x) => x.end)
      .sort()
      .at(-1)!;
    const locality = list[0]!.locality.trim();
    clusters.push({
      engagements: list,
      partners,
      locality,
      sharedTopics,
      start,
      end,
      message: `${capitalised(inWords(partners.length))} partners plan consultations on ${listInWords(sharedTopics.slice(0, 3).map((t) => t.toLocaleLowerCase('en-GB')))} in ${locality} ${monthSpan(start, end)}`,
    });
  }
  clusters.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.locality.localeCompare(b.locality)));
  return clusters.map((c, i) => ({ number: i + 1, ...c }));
}
