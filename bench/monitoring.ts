/**
 * The monitoring figures of `npm run bench` (issue 4):
 * - importing a generated returns file of 20,000 partnerships × 20 indicators (400,000 figures) for one
 *   period, with full validation and the audit trail, in a process of its own: figures/s and peak RSS,
 *   beside PostgreSQL's own COPY of the same file into a bare table, on PostgreSQL and on PGlite;
 * - the portfolio table of 5,000 partnerships × 20 indicators: p50 and p95 of Cairn building it, beside
 *   one hand-written SQL aggregate of the same table, measured alternately in the same run.
 */
import { fork } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { cliActor, cliCaller } from '../src/cli/context.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { importReturns } from '../src/modules/monitoring/import/service.js';
import { portfolioFor } from '../src/modules/monitoring/portfolio/service.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { seedMonitoringProgramme, writeReturnsCsv } from './monitoring-seed.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const IMPORT_PARTNERSHIPS = Number(process.env.BENCH_IMPORT_PARTNERSHIPS ?? 20_000);
const TABLE_PARTNERSHIPS = Number(process.env.BENCH_TABLE_PARTNERSHIPS ?? 5_000);
const INDICATORS = 20;
const TABLE_RUNS = Number(process.env.BENCH_TABLE_RUNS ?? 30);
const IMPORT_GOAL = 200_000;
const RSS_GOAL_MB = 250;
const TABLE_GOAL = 1.5;

export type Engine = { kind: 'postgres'; url: string; version: string } | { kind: 'pglite' };

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface ChildFigures {
  ok: boolean;
  ms: number;
  rows: number;
  rssBeforeMb: number;
  peakRssMb: number;
  error?: string;
}

function importInChild(env: Record<string, string>): Promise<ChildFigures> {
  const child = fork(join(root, 'bench', 'returns-import-child.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      const f = m as ChildFigures;
      if (f.ok) resolve(f);
      else reject(new Error(f.error));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the import process exited with ${code}`));
    });
  });
}

/** PostgreSQL's own COPY of the file into a bare table of the same shape: the floor to compare with. */
async function copyReference(engine: Engine, database: Database, file: string, keys: string[]): Promise<number> {
  const table = `bench_copy_reference_${Date.now()}`;
  const columns = ['partnership text', ...keys.map((k) => `${k} numeric`), 'note text'].join(', ');
  await database.exec(`create table ${table} (${columns})`);
  try {
    const started = performance.now();
    if (engine.kind === 'postgres') {
      const client = new pg.Client({ connectionString: engine.url });
      await client.connect();
      try {
        await pipeline(createReadStream(file), client.query(copyFrom(`copy ${table} from stdin with (format csv, header true)`)));
      } finally {
        await client.end();
      }
    } else {
      // PGlite reads COPY input only from a Blob; reading the file is part of what it costs.
      const client = (
        database.db as unknown as { session: { client: { query: (s: string, p: unknown[], o: { blob: Blob }) => Promise<unknown> } } }
      ).session.client;
      await client.query(`copy ${table} from '/dev/blob' with (format csv, header true)`, [], { blob: new Blob([readFileSync(file)]) });
    }
    return performance.now() - started;
  } finally {
    await database.exec(`drop table ${table}`);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * The same table as one SQL statement: a row per partnership, a column per indicator (picked out of
 * each return's figure arrays), how many reported it, and the totals row.
 */
function handWrittenTable(keys: string[]): string {
  const perIndicator = keys.map((k) => {
    const at = `array_position(r.figure_indicators, (select id from indicators where programme_id = $2 and key = '${k}'))`;
    return `sum(r.figure_values[${at}]) as "${k}",
    count(r.figure_values[${at}]) as "${k}_reported"`;
  });
  return `
    select p.name, ${perIndicator.join(',\n    ')}
      from partnerships p
      left join monitoring_returns r on r.partnership_id = p.id and r.period_id = $1 and r.status in ('submitted', 'accepted')
     where p.programme_id = $2
     group by grouping sets ((p.name, p.id), ())
     order by p.name nulls last`;
}

interface EngineFigures {
  label: string;
  copyMs: number;
  figures: number;
  imports: ChildFigures[];
  table?: { cairn: number[]; sql: number[] };
}

async function onEngine(engine: Engine): Promise<EngineFigures> {
  const label = engine.kind === 'postgres' ? `PostgreSQL ${engine.version}` : 'PGlite (embedded)';
  const dataDir = engine.kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'cairn-bench-monitoring-')) : '';
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-returns-'));
  const target: Record<string, string> = engine.kind === 'postgres' ? { BENCH_DATABASE_URL: engine.url } : { BENCH_DATA_DIR: dataDir };
  try {
    process.stdout.write(`  ${label}: seeding ${n(IMPORT_PARTNERSHIPS)} partnerships and writing the returns file …\n`);
    let database = await openDatabase({
      databaseUrl: engine.kind === 'postgres' ? engine.url : undefined,
      dataDir: dataDir || undefined,
      holder: 'cairn bench',
    });
    let keys: string[];
    const file = join(work, 'returns.csv');
    let figures: number;
    let copyMs: number;
    try {
      await migrate(database);
      const seeded = await seedMonitoringProgramme(database, 'bench-import', IMPORT_PARTNERSHIPS, INDICATORS);
      keys = seeded.keys;
      figures = await writeReturnsCsv(file, seeded.names, keys);
      process.stdout.write(`  ${label}: COPY of the same file into a bare table …\n`);
      await copyReference(engine, database, file, keys); // warm the file cache and the server
      copyMs = await copyReference(engine, database, file, keys);
    } finally {
      // PGlite's folder can have one process at a time: the import child opens it next.
      await database.close();
    }
    const imports: ChildFigures[] = [];
    for (const period of ['Bench period 1', 'Bench period 2']) {
      process.stdout.write(`  ${label}: importing ${n(figures)} figures (${period}) …\n`);
      imports.push(await importInChild({ ...target, BENCH_PROGRAMME: 'bench-import', BENCH_FILE: file, BENCH_PERIOD: period }));
    }

    let table: EngineFigures['table'];
    if (engine.kind === 'postgres') {
      process.stdout.write(`  ${label}: the portfolio table of ${n(TABLE_PARTNERSHIPS)} partnerships …\n`);
      database = await openDatabase({ databaseUrl: engine.url, holder: 'cairn bench' });
      try {
        table = await portfolioTiming(database, join(work, 'table.csv'));
      } finally {
        await database.close();
      }
    }
    return { label, copyMs, figures, imports, ...(table ? { table } : {}) };
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function portfolioTiming(database: Database, file: string) {
  const seeded = await seedMonitoringProgramme(database, 'bench-table', TABLE_PARTNERSHIPS, INDICATORS);
  await writeReturnsCsv(file, seeded.names, seeded.keys);
  const ctx = await openProgramme(database.db, cliCaller(), 'bench-table');
  const imported = await importReturns(database.db, ctx, cliActor(), { source: { path: file }, period: 'Table period' });
  const periodId = imported.period.id!;
  const query = handWrittenTable(seeded.keys);
  await database.exec('analyze');
  const check = await portfolioFor(database.db, ctx, periodId);
  const rows = await database.query(query, [periodId, seeded.programmeId]);
  if (check.table.rows.length !== TABLE_PARTNERSHIPS || rows.length !== TABLE_PARTNERSHIPS + 1) {
    throw new Error(`the two tables disagree on their size: ${check.table.rows.length} and ${rows.length - 1} partnerships`);
  }
  const cairn: number[] = [];
  const sql: number[] = [];
  // Alternate the two, after a warm-up of each, so a noisy neighbour slows both alike.
  for (let i = 0; i < TABLE_RUNS + 3; i++) {
    let t = performance.now();
    await portfolioFor(database.db, ctx, periodId);
    const a = performance.now() - t;
    t = performance.now();
    await database.query(query, [periodId, seeded.programmeId]);
    const b = performance.now() - t;
    if (i >= 3) {
      cairn.push(a);
      sql.push(b);
    }
  }
  return { cairn: cairn.sort((x, y) => x - y), sql: sql.sort((x, y) => x - y) };
}

export async function monitoringBench(engines: Engine[]): Promise<void> {
  console.log(
    `\nMonitoring: importing ${n(IMPORT_PARTNERSHIPS)} partnerships × ${INDICATORS} indicators for one period (each engine in turn)`,
  );
  const results: EngineFigures[] = [];
  for (const e of engines) results.push(await onEngine(e));

  console.log(
    `\n  ${''.padEnd(34)}${'figures/s'.padStart(12)}${'seconds'.padStart(10)}${'peak RSS'.padStart(11)}${'vs COPY'.padStart(10)}`,
  );
  for (const r of results) {
    const copyRate = r.figures / (r.copyMs / 1000);
    console.log(
      `  ${`COPY into a bare table, ${r.label}`.padEnd(34).slice(0, 34)}${n(copyRate).padStart(12)}${n(r.copyMs / 1000, 2).padStart(10)}${''.padStart(11)}${'1.000'.padStart(10)}`,
    );
    for (const [i, imp] of r.imports.entries()) {
      const rate = r.figures / (imp.ms / 1000);
      console.log(
        `  ${`Cairn import ${i + 1}, ${r.label}`.padEnd(34).slice(0, 34)}${n(rate).padStart(12)}${n(imp.ms / 1000, 2).padStart(10)}${`${n(imp.peakRssMb)} MB`.padStart(11)}${n(rate / copyRate, 3).padStart(10)}`,
      );
    }
  }
  const pgResult = results.find((r) => r.label.startsWith('PostgreSQL'));
  if (pgResult) {
    const best = Math.min(...pgResult.imports.map((i) => i.ms));
    const rate = pgResult.figures / (best / 1000);
    const peak = Math.max(...pgResult.imports.map((i) => i.peakRssMb));
    console.log(
      `\n  Goal on PostgreSQL: ≥ ${n(IMPORT_GOAL)} figures/s with validation and the audit trail — ${rate >= IMPORT_GOAL ? 'MET' : 'NOT MET'} (${n(rate)} at best)`,
    );
    console.log(
      `  Goal: the importing Node process under ${RSS_GOAL_MB} MB peak RSS — ${peak < RSS_GOAL_MB ? 'MET' : 'NOT MET'} (${n(peak)} MB; it started at ${n(pgResult.imports[0]!.rssBeforeMb)} MB)`,
    );
  } else {
    console.log('\n  Goal on PostgreSQL: not measured in this run (no PostgreSQL server).');
  }
  const pglite = results.find((r) => r.label.startsWith('PGlite'));
  if (pglite) console.log('  (PGlite runs PostgreSQL inside the Node process, so its RSS includes the database itself.)');

  if (pgResult?.table) {
    const { cairn, sql } = pgResult.table;
    const ratio = percentile(cairn, 50) / percentile(sql, 50);
    console.log(
      `\nMonitoring: the portfolio table, ${n(TABLE_PARTNERSHIPS)} partnerships × ${INDICATORS} indicators on ${pgResult.label} (${TABLE_RUNS} runs each, alternating)`,
    );
    console.log(`  ${''.padEnd(44)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`);
    console.log(
      `  ${'one hand-written SQL aggregate'.padEnd(44)}${n(percentile(sql, 50), 1).padStart(10)}${n(percentile(sql, 95), 1).padStart(10)}`,
    );
    console.log(
      `  ${'Cairn portfolioFor (uncached: first read)'.padEnd(44)}${n(percentile(cairn, 50), 1).padStart(10)}${n(percentile(cairn, 95), 1).padStart(10)}`,
    );
    console.log(`  Goal: p50 ≤ ${TABLE_GOAL}× the hand-written query — ${ratio <= TABLE_GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 2)}×)`);
  }
}
