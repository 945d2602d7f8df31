/**
 * The theory-of-change figures of `npm run bench -- --only toc` (issue 15), on PostgreSQL: a 40-link
 * theory (the synthetic codebook's contexts, mechanisms and outcomes as steps, each step mapped to one
 * code) validated against the 1,000,000-respondent evaluation bench/evaluation.ts builds (the same
 * folder, written and imported the same way), through `validateVersion` (what the API answers), beside
 * DuckDB computing the same counts (respondents per step, per link from/to/both, consent given) over
 * the same files loaded into it, alternating. Both answers are checked to be the same numbers first.
 *
 * Two Cairn figures: cold (no change feed, so the respondent sets are read from the database on every
 * run, as the CLI does) and warm (the server's way: the sets kept until the programme next changes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cliActor, cliCaller } from '../src/cli/context.js';
import { startChangeFeed } from '../src/db/changes.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { loadEvaluation } from '../src/modules/evaluation/evaluations/service.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { programmes } from '../src/modules/programmes/schema.js';
import type { TheoryModel } from '../src/modules/theory-of-change/domain/model.js';
import { mappingCatalogue, setMappings } from '../src/modules/theory-of-change/evidence/mappings.js';
import { validateVersion } from '../src/modules/theory-of-change/evidence/validation.js';
import { createTheory } from '../src/modules/theory-of-change/theories/service.js';
import { RESPONDENTS, importInChild, writeFolder } from './evaluation.js';

const RUNS = Number(process.env.BENCH_TOC_RUNS ?? 20);
const RATIO_GOAL = 1.0;
const PROGRAMME = 'bench-toc';
const LINKS = 40;
const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface StepCode {
  key: string;
  family: string;
  code: string;
  stage: string;
}

/** Steps from the codebook (context → activities, mechanism → learning, outcomes), and 40 links forward between them. */
function theoryOf(codes: { family: string; name: string }[]): { model: TheoryModel; steps: StepCode[] } {
  const stageOf: Record<string, string> = {
    context: 'activities',
    mechanism: 'learning',
    short_term_outcome: 'short',
    long_term_outcome: 'long',
  };
  const steps = codes
    .filter((c) => stageOf[c.family])
    .map((c, i) => ({ key: `s${i}`, family: c.family, code: c.name, stage: stageOf[c.family]! }));
  const order = ['activities', 'learning', 'short', 'long'];
  // Every forward pair (next stage first, then further), 40 of them taken evenly through the list.
  const pairs: [StepCode, StepCode][] = [];
  for (let gap = 1; gap < 4; gap++)
    for (const a of steps) for (const b of steps) if (order.indexOf(b.stage) - order.indexOf(a.stage) === gap) pairs.push([a, b]);
  const every = Math.max(1, Math.floor(pairs.length / LINKS));
  const links: TheoryModel['links'] = pairs
    .filter((_, i) => i % every === 0)
    .slice(0, LINKS)
    .map(([a, b], i) => ({ key: `l${i}`, from: a.key, to: b.key, rationale: '', interventions: [], assumptions: [] }));
  return {
    model: {
      stages: order.map((key) => ({ key, label: key })),
      nodes: steps.map((s) => ({
        key: s.key,
        label: `${s.family}: ${s.code}`,
        stage: s.stage,
        description: '',
        questions: [],
        position: null,
      })),
      links,
    },
    steps,
  };
}

export async function theoryOfChangeBench(url: string, version: string): Promise<void> {
  const label = `PostgreSQL ${version}`;
  console.log(`\nTheory of change: a ${LINKS}-link theory validated against ${n(RESPONDENTS)} synthetic respondents, on ${label}`);
  const folder = mkdtempSync(join(tmpdir(), 'cairn-bench-toc-'));
  let duck: DuckDBInstance | undefined;
  try {
    process.stdout.write('  writing and importing the evaluation bench’s evidence folder …\n');
    await writeFolder(folder);
    const setup = await openDatabase({ databaseUrl: url, holder: 'cairn bench' });
    try {
      await migrate(setup);
      await setup.db.insert(programmes).values({ slug: PROGRAMME, name: 'Theory of change benchmark (synthetic)', funder: 'Benchmark' });
    } finally {
      await setup.close();
    }
    await importInChild({ BENCH_DATABASE_URL: url, BENCH_PROGRAMME: PROGRAMME, BENCH_FOLDER: folder, BENCH_EVALUATION: 'bench' });

    const database = await openDatabase({ databaseUrl: url, holder: 'cairn bench' });
    try {
      await database.exec('analyze');
      const { db } = database;
      const ctx = await openProgramme(db, cliCaller(), PROGRAMME);
      const evaluation = await loadEvaluation(db, ctx, 'bench');
      const cat = await mappingCatalogue(db, ctx);
      const codes = cat.evaluations.find((e) => e.evaluation.id === evaluation.id)!.codes.filter((c) => !c.path.includes('›'));
      const { model, steps } = theoryOf(codes.map((c) => ({ family: c.family, name: c.name })));
      if (model.links.length !== LINKS) throw new Error(`the bench theory has ${model.links.length} links, not ${LINKS}`);
      const made = await createTheory(db, ctx, cliActor(), { name: 'Bench theory', level: 'programme', model });
      const theory = made!.theory;
      const v = made!.version;
      await setMappings(
        db,
        ctx,
        cliActor(),
        theory,
        v,
        steps.map((s) => ({ nodeKey: s.key, codeId: codes.find((c) => c.family === s.family && c.name === s.code)!.id })),
      );

      process.stdout.write('  loading the same files into DuckDB …\n');
      duck = await DuckDBInstance.create(':memory:');
      const dc = await duck.connect();
      const file = (f: string) => join(folder, f).replace(/'/g, "''");
      await dc.run(`create table respondents as select * from read_csv('${file('respondents.csv')}', header = true, all_varchar = true)`);
      await dc.run(`create table codings as select * from read_csv('${file('codings.csv')}', header = true, all_varchar = true)`);
      const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
      await dc.run(
        `create table mapping as select * from (values ${steps.map((s) => `(${q(s.key)}, ${q(s.family)}, ${q(s.code)})`).join(', ')}) t(node, family, code)`,
      );
      await dc.run(
        `create table links as select * from (values ${model.links.map((l) => `(${q(l.key)}, ${q(l.from)}, ${q(l.to)})`).join(', ')}) t(link, f, t)`,
      );
      const duckSql = `
        with steps as (
          select distinct c.respondent_id, m.node from codings c
            join mapping m on m.family = c.family and m.code = c.code
            join respondents r on r.respondent_id = c.respondent_id and r.consent = 'given'
        ), counts as (select node, count(*) as n from steps group by node),
        both_ends as (
          select l.link, count(*) as n from links l
            join steps a on a.node = l.f join steps b on b.respondent_id = a.respondent_id and b.node = l.t
           group by l.link
        )
        select l.link, cf.n as n_from, ct.n as n_to, coalesce(b.n, 0) as n_both
          from links l left join counts cf on cf.node = l.f left join counts ct on ct.node = l.t
          left join both_ends b on b.link = l.link
         order by l.link`;
      const ducked = async () =>
        (await dc.runAndReadAll(duckSql)).getRowObjects() as { link: string; n_from: bigint; n_to: bigint; n_both: bigint }[];
      const cairn = async () => validateVersion(db, ctx, theory, v, await loadEvaluation(db, ctx, 'bench'));

      const mine = await cairn();
      const theirs = new Map((await ducked()).map((r) => [r.link, [Number(r.n_from), Number(r.n_to), Number(r.n_both)]]));
      const differ = mine.links.filter((l) => {
        const d = theirs.get(l.key)!;
        return d[0] !== l.respondentsFrom || d[1] !== l.respondentsTo || d[2] !== l.respondentsBoth;
      });
      if (differ.length)
        throw new Error(
          `Cairn and DuckDB disagree on ${differ.length} links, e.g. ${differ[0]!.key}: ${JSON.stringify(differ[0])} vs ${theirs.get(differ[0]!.key)}`,
        );
      const classes: Record<string, number> = {};
      for (const l of mine.links) classes[l.status] = (classes[l.status] ?? 0) + 1;

      const time = async (fn: () => Promise<unknown>) => {
        const t = performance.now();
        await fn();
        return performance.now() - t;
      };
      const cold: number[] = [];
      const warm: number[] = [];
      const duckMs: number[] = [];
      process.stdout.write(`  cold (no change feed): ${RUNS} runs, alternating with DuckDB …\n`);
      for (let i = 0; i < RUNS + 2; i++) {
        const a = await time(cairn);
        const b = await time(ducked);
        if (i >= 2) {
          cold.push(a);
          duckMs.push(b);
        }
      }
      process.stdout.write(`  warm (the server's change feed): ${RUNS} runs, alternating with DuckDB …\n`);
      const feed = await startChangeFeed(database);
      void feed;
      await cairn();
      for (let i = 0; i < RUNS + 2; i++) {
        const a = await time(cairn);
        const b = await time(ducked);
        if (i >= 2) {
          warm.push(a);
          duckMs.push(b);
        }
      }
      for (const list of [cold, warm, duckMs]) list.sort((x, y) => x - y);
      const d50 = percentile(duckMs, 50);
      console.log(
        `\n  The same counts checked first (${Object.entries(classes)
          .map(([k, c]) => `${c} ${k}`)
          .join(', ')}); p50 and p95 in ms`,
      );
      console.log(`  ${''.padEnd(42)}${'p50'.padStart(11)}${'p95'.padStart(11)}${'vs DuckDB'.padStart(11)}`);
      const row = (name: string, xs: number[]) =>
        console.log(
          `  ${name.padEnd(42)}${n(percentile(xs, 50), 1).padStart(11)}${n(percentile(xs, 95), 1).padStart(11)}${n(percentile(xs, 50) / d50, 3).padStart(11)}`,
        );
      row('DuckDB, the same counts over the files', duckMs);
      row('Cairn validateVersion, cold (CLI)', cold);
      row('Cairn validateVersion, warm (server)', warm);
      const ratio = percentile(warm, 50) / d50;
      console.log(
        `  Goal: Cairn's p50 ≤ ${RATIO_GOAL.toFixed(1)}× DuckDB's — warm ${ratio <= RATIO_GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 3)}); cold ${n(percentile(cold, 50) / d50, 3)}×`,
      );
    } finally {
      await database.close();
    }
  } finally {
    duck?.closeSync?.();
    rmSync(folder, { recursive: true, force: true });
  }
}
