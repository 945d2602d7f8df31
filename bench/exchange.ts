/**
 * The exchange's search (issue 17): 100,000 published case studies, each query answered by
 * `searchExchange` (what the API and `cairn exchange search` run: drizzle's query with the visibility
 * rule, filters, ts_rank weighted title above answers, the first page of 20 with ts_headline snippets and
 * the count), p50 and p95 over alternating runs, beside the same ts_rank query written by hand in SQL
 * (the same rank, order, page, headline and count) measured in the same run. Goal: Cairn ≤ 1.5× the hand
 * query at p50. Both answers are checked to be the same titles in the same order before timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCaller } from '../src/cli/context.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { RANK_WEIGHTS, searchExchange } from '../src/modules/learning/exchange/service.js';
import { openProgramme } from '../src/modules/programmes/context.js';

const CASE_STUDIES = Number(process.env.BENCH_CASE_STUDIES ?? 100_000);
const RUNS = Number(process.env.BENCH_EXCHANGE_RUNS ?? 15);
const GOAL = 1.5;
const SLUG = 'bench-exchange';
const QUERIES = ['volunteer', 'food bank', 'participatory budgeting', 'young people housing'];

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export type ExchangeEngine = { kind: 'postgres'; url: string; version: string } | { kind: 'pglite' };

/** 100,000 case studies made by the database itself from a small vocabulary, each with a title and five answers. */
export async function seed(database: Database): Promise<void> {
  await database.query(`insert into programmes (slug, name) values ('${SLUG}', 'Bench exchange')`);
  await database.query(`
    insert into case_studies (programme_id, title, themes, problem, what_we_did, what_helped, barriers, learning, status, audience, published_at)
    select p.id,
      w[1 + (g * 7) % 40] || ' ' || w[1 + (g * 13) % 40] || ' in area ' || g,
      array[(array['Information and Knowledge','Participation Methods','Communication and Participation'])[1 + g % 3]],
      'People said ' || w[1 + (g * 3) % 40] || ' and ' || w[1 + (g * 11) % 40] || ' mattered most to them in the neighbourhood.',
      'We worked with ' || w[1 + (g * 5) % 40] || ' groups and ' || w[1 + (g * 17) % 40] || ' every week for a year.',
      'What helped: ' || w[1 + (g * 19) % 40] || ', trust and time.',
      'Barriers were ' || w[1 + (g * 23) % 40] || ' and money.',
      'We are learning about ' || w[1 + (g * 29) % 40] || ' and ' || w[1 + (g * 31) % 40] || '.',
      'published', 'programme', now() - (g || ' minutes')::interval
    from programmes p, generate_series(1, ${CASE_STUDIES}) g,
      (select array['volunteers','volunteered','volunteering','food bank','housing','young people','older people','parks','transport',
        'participatory budgeting','community council','locality plan','survey','drop-in days','social media','schools','GP surgeries',
        'supermarkets','asset transfer','regeneration','anti-poverty','representatives','induction','jargon','trust','power',
        'elected members','third sector','funding','evaluation','listening','feedback','action learning','mapping','duplication',
        'consultation','engagement','capacity','leadership','place standard'] as w) words
    where p.slug = '${SLUG}'`);
  await database.query('analyze case_studies');
}

/** The same search written by hand: ts_rank weighted, best first, 20 rows with headlines, and the count. */
export async function byHand(database: Database, programmeId: string, q: string) {
  const page = await database.query<{ title: string }>(
    `select c.title, ts_rank($3::float4[], c.search, q) as rank,
            ts_headline('english', c.problem || ' ' || c.what_we_did || ' ' || c.what_helped || ' ' || c.barriers || ' ' || c.learning, q,
              'StartSel="' || chr(2) || '", StopSel="' || chr(3) || '", MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "') as snippet
       from case_studies c, websearch_to_tsquery('english', $2) q
      where c.programme_id = $1 and c.status = 'published' and c.search @@ q
      order by rank desc, c.title, c.id limit 20`,
    [programmeId, q, RANK_WEIGHTS],
  );
  const [count] = await database.query<{ n: number }>(
    `select count(*)::int as n from case_studies c, websearch_to_tsquery('english', $2) q
      where c.programme_id = $1 and c.status = 'published' and c.search @@ q`,
    [programmeId, q],
  );
  return { titles: page.map((r) => r.title), total: count!.n };
}

export async function exchangeBench(engines: ExchangeEngine[]): Promise<void> {
  console.log(
    `\nThe exchange: full-text search over ${n(CASE_STUDIES)} published case studies, first page of 20 with snippets and the count`,
  );
  console.log(
    `  ${RUNS} runs of each of ${QUERIES.length} queries, Cairn and the hand-written query alternating; goal: Cairn ≤ ${GOAL}× the hand query at p50`,
  );
  for (const engine of engines) {
    const label = engine.kind === 'postgres' ? `PostgreSQL ${engine.version}` : 'PGlite';
    const dataDir = engine.kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'cairn-bench-exchange-')) : '';
    try {
      const database = await openDatabase({
        databaseUrl: engine.kind === 'postgres' ? engine.url : undefined,
        dataDir: dataDir || undefined,
        holder: 'cairn bench',
      });
      try {
        await migrate(database);
        const started = performance.now();
        await seed(database);
        process.stdout.write(`  ${label}: seeded in ${n((performance.now() - started) / 1000, 1)} s\n`);
        const ctx = await openProgramme(database.db, cliCaller(), SLUG);
        const cairn: number[] = [];
        const hand: number[] = [];
        for (const q of QUERIES) {
          const mine = await searchExchange(database.db, ctx, { q, page: 1, pageSize: 20 });
          const theirs = await byHand(database, ctx.programme.id, q);
          const same = mine.total === theirs.total && mine.rows.map((r) => r.caseStudy.title).join('|') === theirs.titles.join('|');
          if (!same) throw new Error(`the exchange and the hand-written query disagree for “${q}”`);
          for (let i = 0; i < RUNS; i++) {
            let t = performance.now();
            await searchExchange(database.db, ctx, { q, page: 1, pageSize: 20 });
            cairn.push(performance.now() - t);
            t = performance.now();
            await byHand(database, ctx.programme.id, q);
            hand.push(performance.now() - t);
          }
        }
        cairn.sort((a, b) => a - b);
        hand.sort((a, b) => a - b);
        const ratio = percentile(cairn, 50) / percentile(hand, 50);
        console.log(`  ${label.padEnd(22)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`);
        console.log(
          `  ${'Cairn (searchExchange)'.padEnd(22)}${n(percentile(cairn, 50), 1).padStart(10)}${n(percentile(cairn, 95), 1).padStart(10)}`,
        );
        console.log(
          `  ${'hand-written ts_rank'.padEnd(22)}${n(percentile(hand, 50), 1).padStart(10)}${n(percentile(hand, 95), 1).padStart(10)}`,
        );
        console.log(`  Goal: ≤ ${GOAL}× at p50 — ${ratio <= GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 2)}×)`);
      } finally {
        await database.close();
      }
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
