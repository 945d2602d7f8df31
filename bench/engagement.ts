/**
 * The engagement overlaps of `npm run bench -- --only engagement` (issue 17): 50,000 engagements in 500
 * localities over three years, two topics each from thirty words in their variants ("parks", "park",
 * "housing", "houses"…), sixty lead partners. Cairn's overlap clusters of the whole programme
 * (`programmeOverlaps`, what the API and `cairn engagements overlaps` answer: the rows and their stemmed
 * topic keys from the database, then the sort-and-sweep and the clusters in Node), p50 and p95, beside a
 * hand-written SQL self-join of the same rule in the same run (every pair of engagements in the same
 * locality, sharing a topic key, no more than the window apart), alternating. The clusters from the
 * self-join's pairs (joined in the bench, untimed) are checked to be Cairn's before anything is timed.
 * On PGlite, and on PostgreSQL when the bench has one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { cliCaller } from '../src/cli/context.js';
import { type Database, openDatabase, rowsOf } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_WINDOW_DAYS } from '../src/modules/engagement/domain/overlaps.js';
import { programmeOverlaps } from '../src/modules/engagement/overlaps/service.js';
import { topicKeySql } from '../src/modules/engagement/register/topics.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { programmes } from '../src/modules/programmes/schema.js';

const ENGAGEMENTS = Number(process.env.BENCH_ENGAGEMENTS ?? 50_000);
const RUNS = Number(process.env.BENCH_ENGAGEMENT_RUNS ?? 11);
const RATIO_GOAL = 1.5;
const SLUG = 'bench-engagement';
const WORDS = [
  'housing',
  'houses',
  'parks',
  'park',
  'play',
  'playing',
  'transport',
  'buses',
  'bus',
  'health',
  'schools',
  'school',
  'safety',
  'youth',
  'young people',
  'food',
  'jobs',
  'job',
  'green spaces',
  'green space',
  'community centre',
  'community centres',
  'libraries',
  'library',
  'litter',
  'roads',
  'road',
  'shops',
  'shopping',
  'childcare',
];

export type EngagementTarget = { kind: 'pglite' } | { kind: 'postgres'; url: string; version: string };

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function seed(database: Database): Promise<string> {
  const { db } = database;
  const [p] = await db.insert(programmes).values({ slug: SLUG, name: 'Bench engagement programme' }).returning();
  const words = `{${WORDS.map((w) => `"${w}"`).join(',')}}`;
  await db.execute(sql`
    insert into engagements (programme_id, title, locality, starts_on, ends_on, level, lead_partner, feedback_code)
    select ${p!.id}, 'Engagement ' || g, 'Locality ' || (g % 500),
           date '2024-01-01' + ((g * 7919) % 1095), date '2024-01-01' + ((g * 7919) % 1095) + ((g * 31) % 10),
           'consult', 'Partner ' || ((g * 13) % 60), 'b' || lpad(g::text, 15, '0')
      from generate_series(1, ${ENGAGEMENTS}) g`);
  // Two different words each (the second offset from the first by 1–28 places of 30).
  await db.execute(sql`
    insert into engagement_topics (engagement_id, position, label, key)
    select t.id, t.pos, t.label, ${topicKeySql(sql`t.label`)}
      from (select e.id, x.pos,
                   (${words}::text[])[1 + ((g.n * 7 + x.pos * (1 + g.n % 28)) % 30)] as label
              from engagements e
              cross join lateral (select split_part(e.title, ' ', 2)::int as n) g
              cross join (values (0), (1)) x(pos)
             where e.programme_id = ${p!.id}) t`);
  await db.execute(sql`analyze engagements`);
  await db.execute(sql`analyze engagement_topics`);
  return p!.id;
}

/** The rule as one hand-written query: every overlapping pair, by the same three conditions. */
const selfJoin = (programmeId: string, windowDays: number) => sql`
  select distinct a.engagement_id as a, b.engagement_id as b
    from engagement_topics a
    join engagement_topics b on b.key = a.key and b.engagement_id > a.engagement_id
    join engagements ea on ea.id = a.engagement_id
    join engagements eb on eb.id = b.engagement_id
   where ea.programme_id = ${programmeId} and eb.programme_id = ${programmeId}
     and lower(ea.locality) = lower(eb.locality)
     and greatest(ea.starts_on, eb.starts_on) - least(ea.ends_on, eb.ends_on) <= ${windowDays}`;

/** Flagged clusters from the self-join's pairs, as sorted lists of ids (the check, not timed). */
async function clustersFromPairs(database: Database, programmeId: string, pairs: { a: string; b: string }[]): Promise<string[]> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const leads = new Map(
    (
      await rowsOf<{ id: string; lead: string }>(
        database.db,
        sql`select id, lower(lead_partner) as lead from engagements where programme_id = ${programmeId}`,
      )
    ).map((r) => [r.id, r.lead]),
  );
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) groups.set(find(id), [...(groups.get(find(id)) ?? []), id]);
  return [...groups.values()]
    .filter((g) => new Set(g.map((id) => leads.get(id))).size >= 2)
    .map((g) => g.sort().join(','))
    .sort();
}

async function one(target: EngagementTarget): Promise<void> {
  const label = target.kind === 'pglite' ? 'PGlite (in process)' : `PostgreSQL ${target.version}`;
  const dir = target.kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'cairn-bench-engagement-')) : '';
  const database = await openDatabase(target.kind === 'pglite' ? { dataDir: dir, holder: 'bench' } : { databaseUrl: target.url });
  try {
    await migrate(database);
    const started = performance.now();
    const programmeId = await seed(database);
    const topics = await rowsOf<{ n: number; keys: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct key)::int as keys from engagement_topics`,
    );
    console.log(
      `\n  ${label}: ${n(ENGAGEMENTS)} engagements, ${n(topics[0]!.n)} topics (${topics[0]!.keys} stemmed keys from ${WORDS.length} words), seeded in ${n((performance.now() - started) / 1000, 1)} s`,
    );
    const ctx = await openProgramme(database.db, cliCaller(), SLUG);
    const cairn = await programmeOverlaps(database.db, ctx);
    const pairs = await rowsOf<{ a: string; b: string }>(database.db, selfJoin(programmeId, DEFAULT_WINDOW_DAYS));
    const mine = cairn.clusters
      .map((c) =>
        c.engagements
          .map((e) => e.id)
          .sort()
          .join(','),
      )
      .sort();
    const theirs = await clustersFromPairs(database, programmeId, pairs);
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      throw new Error(`the clusters differ: Cairn ${mine.length}, the self-join's ${theirs.length}`);
    console.log(
      `  Both give ${n(cairn.clusters.length)} flagged clusters (${n(cairn.clusters.reduce((s, c) => s + c.engagements.length, 0))} engagements) from ${n(pairs.length)} overlapping pairs`,
    );
    const times = { cairn: [] as number[], join: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await programmeOverlaps(database.db, ctx);
      times.cairn.push(performance.now() - t);
      t = performance.now();
      await rowsOf(database.db, selfJoin(programmeId, DEFAULT_WINDOW_DAYS));
      times.join.push(performance.now() - t);
    }
    const c = times.cairn.sort((a, b) => a - b);
    const j = times.join.sort((a, b) => a - b);
    const ratio = percentile(c, 50) / percentile(j, 50);
    console.log(`  ${''.padEnd(44)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`);
    console.log(
      `  ${'Cairn overlap clusters (programmeOverlaps)'.padEnd(44)}${n(percentile(c, 50), 1).padStart(10)}${n(percentile(c, 95), 1).padStart(10)}`,
    );
    console.log(
      `  ${'hand-written SQL self-join (pairs only)'.padEnd(44)}${n(percentile(j, 50), 1).padStart(10)}${n(percentile(j, 95), 1).padStart(10)}`,
    );
    console.log(
      `  Goal: Cairn's p50 ≤ ${RATIO_GOAL}× the self-join's — ${ratio <= RATIO_GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 2)}×, ${RUNS} runs each, alternating)`,
    );
  } finally {
    await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export async function engagementBench(targets: EngagementTarget[]): Promise<void> {
  console.log(`\nEngagement overlaps: ${n(ENGAGEMENTS)} engagements, window ${DEFAULT_WINDOW_DAYS} days`);
  for (const t of targets) await one(t);
}
