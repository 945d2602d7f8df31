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

/** Memoised over distinct inputs: 50,000 engagements hold a few hundred places, partners and dates. */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) {
      v = f(s);
      seen.set(s, v);
    }
    return v;
  };
}
const dayNumberOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const placeOf = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
// One collator and one date format for the whole call: String#localeCompare and toLocaleDateString
// build them anew on every call, which cost more than the clustering itself. Same answers.
const collator = new Intl.Collator();
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const inWords = (n: number) => NUMBER_WORDS[n] ?? String(n);
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function monthSpan(start: string, end: string): string {
  const month = (iso: string) => monthFormat.format(new Date(`${iso}T00:00:00Z`));
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

  const dayNumber = memo(dayNumberOf);
  const place = memo(placeOf);
  const partnerKey = place;
  const starts = engagements.map((e) => dayNumber(e.start));
  const ends = engagements.map((e) => dayNumber(e.end));
  // A bucket per (locality, topic key), each numbered: no string is built per topic.
  const placeNumbers = new Map<string, number>();
  const keyNumbers = new Map<string, number>();
  const numberOf = (map: Map<string, number>, k: string) => {
    let v = map.get(k);
    if (v === undefined) {
      v = map.size;
      map.set(k, v);
    }
    return v;
  };
  const stride = engagements.reduce((n, e) => n + e.topics.length, 1); // more than there can be keys
  const buckets = new Map<number, number[]>();
  const seenKeys: number[] = [];
  engagements.forEach((e, i) => {
    const where = numberOf(placeNumbers, place(e.locality)) * stride;
    seenKeys.length = 0;
    for (const t of e.topics) {
      if (!t.key) continue;
      const key = numberOf(keyNumbers, t.key);
      if (seenKeys.includes(key)) continue;
      seenKeys.push(key);
      const bucket = where + key;
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

  // Groups of two or more only; a group with one lead partner is let go before anything else is built.
  const roots = new Int32Array(engagements.length);
  const size = new Int32Array(engagements.length);
  for (let i = 0; i < engagements.length; i++) {
    roots[i] = find(i);
    size[roots[i]!]!++;
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < engagements.length; i++) {
    const r = roots[i]!;
    if (size[r]! < 2) continue;
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const clusters: Omit<OverlapCluster, 'number'>[] = [];
  for (const members of groups.values()) {
    const first = partnerKey(engagements[members[0]!]!.leadPartner);
    if (members.every((i) => partnerKey(engagements[i]!.leadPartner) === first)) continue;
    const list = members
      .map((i) => engagements[i]!)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : collator.compare(a.title, b.title)));
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
  clusters.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : collator.compare(a.locality, b.locality)));
  return clusters.map((c, i) => ({ number: i + 1, ...c }));
}
