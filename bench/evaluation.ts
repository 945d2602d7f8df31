/**
 * The evaluation figures of `npm run bench` (issue 5), on PostgreSQL:
 * - an evidence folder of 1,000,000 synthetic respondents with about 12 codings each (`scale(n)` of
 *   src/modules/evaluation/domain/synthetic-pcf.ts), imported through the same `importEvidence` the
 *   CLI uses — every row checked, all or nothing — in a process of its own: codings/s, seconds and peak
 *   RSS, beside PostgreSQL's own COPY of the same three files into bare tables in the same run;
 * - the cross-tab of one family by participant type, theme, co-production model and place through
 *   `crosstabFor` (what the API answers), p50 and p95, beside DuckDB running the same cross-tab over
 *   the same files loaded into it, alternating, with Cairn's time as a ratio of DuckDB's. Both answers
 *   are checked to be the same numbers before anything is timed.
 * The folder lives in a temporary directory and is deleted afterwards.
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { cliActor, cliCaller } from '../src/cli/context.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { type CrosstabResult, crosstabFor } from '../src/modules/evaluation/analysis/crosstab.js';
import { loadEvaluation } from '../src/modules/evaluation/evaluations/service.js';
import { scale, scaleProjects } from '../src/modules/evaluation/domain/synthetic-pcf.js';
import { openProgramme } from '../src/modules/programmes/context.js';
import { programmes } from '../src/modules/programmes/schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const RESPONDENTS = Number(process.env.BENCH_EVAL_RESPONDENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_EVAL_RUNS ?? 20);
const FAMILY = 'mechanism';
const DIMENSIONS = ['participant_type', 'theme', 'coproduction_model', 'place'] as const;
type Dim = (typeof DIMENSIONS)[number];
const IMPORT_GOAL = 300_000;
const RATIO_GOAL = 1.0;
const PROGRAMME = 'bench-evaluation';

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A file written in chunks, waiting when the disk falls behind, so a 500 MB file needs no 500 MB string. */
function writer(path: string) {
  const out = createWriteStream(path);
  let buf = '';
  return {
    async line(cells: string[]) {
      buf += `${cells.map(csvField).join(',')}\n`;
      if (buf.length > 1 << 20) {
        const ok = out.write(buf);
        buf = '';
        if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
      }
    },
    end: () =>
      new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(buf, () => resolve());
      }),
  };
}

/** The evidence folder: projects.csv, respondents.csv (with an age_band attribute) and codings.csv. */
export async function writeFolder(folder: string): Promise<{ respondents: number; codings: number; withdrawn: number }> {
  const projects = writer(join(folder, 'projects.csv'));
  await projects.line(['project', 'place', 'themes', 'coproduction_model']);
  for (const p of scaleProjects(RESPONDENTS)) await projects.line([p.name, p.place, p.themes.join(';'), p.coproductionModel]);
  await projects.end();
  const people = writer(join(folder, 'respondents.csv'));
  const coded = writer(join(folder, 'codings.csv'));
  await people.line(['respondent_id', 'project', 'participant_type', 'consent', 'age_band']);
  await coded.line(['respondent_id', 'family', 'code']);
  let codings = 0;
  let withdrawn = 0;
  for (const { respondent: r, codings: cs } of scale(RESPONDENTS)) {
    await people.line([r.id, r.project, r.participantType ?? '', r.consent, r.attributes.age_band ?? '']);
    if (r.consent === 'withdrawn') withdrawn++;
    for (const c of cs) await coded.line([r.id, c.family, c.code]);
    codings += cs.length;
  }
  await Promise.all([people.end(), coded.end()]);
  return { respondents: RESPONDENTS, codings, withdrawn };
}

/** PostgreSQL's own COPY of the three files into bare tables (text columns, no keys): the floor. */
async function copyReference(url: string, folder: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const suffix = Date.now();
  const tables = {
    'projects.csv': `bench_copy_projects_${suffix} (project text, place text, themes text, coproduction_model text)`,
    'respondents.csv': `bench_copy_respondents_${suffix} (respondent_id text, project text, participant_type text, consent text, age_band text)`,
    'codings.csv': `bench_copy_codings_${suffix} (respondent_id text, family text, code text)`,
  };
  try {
    for (const t of Object.values(tables)) await client.query(`create table ${t}`);
    const started = performance.now();
    for (const [file, t] of Object.entries(tables)) {
      await pipeline(
        createReadStream(join(folder, file)),
        client.query(copyFrom(`copy ${t.split(' ')[0]} from stdin with (format csv, header true)`)),
      );
    }
    return performance.now() - started;
  } finally {
    for (const t of Object.values(tables)) await client.query(`drop table if exists ${t.split(' ')[0]}`);
    await client.end();
  }
}

interface ImportFigures {
  ok: boolean;
  ms: number;
  respondents: number;
  codings: number;
  rows: number;
  rssBeforeMb: number;
  peakRssMb: number;
  error?: string;
}

export function importInChild(env: Record<string, string>): Promise<ImportFigures> {
  const child = fork(join(root, 'bench', 'evidence-import-child.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      const f = m as ImportFigures;
      if (f.ok) resolve(f);
      else reject(new Error(f.error));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the import process exited with ${code}`));
    });
  });
}

/** The same cross-tab in DuckDB, over the files as they are: respondents with consent given, each code's respondents counted once. */
function duckQuery(by: Dim): string {
  const group =
    by === 'participant_type'
      ? 'r.participant_type'
      : by === 'place'
        ? 'p.place'
        : by === 'coproduction_model'
          ? 'p.coproduction_model'
          : 'trim(t.theme)';
  const themes = by === 'theme' ? `, unnest(string_split(p.themes, ';')) as t(theme)` : '';
  return `
    with counted as (
      select r.respondent_id, ${group} as grp
        from respondents r left join projects p on p.project = r.project${themes}
       where r.consent = 'given'
    )
    select grp, null as code, count(*) as n from counted group by grp
    union all
    select k.grp, c.code, count(distinct c.respondent_id) as n
      from codings c join counted k on k.respondent_id = c.respondent_id
     where c.family = '${FAMILY}'
     group by k.grp, c.code`;
}

/** Both answers as `group|code → n` (code empty for the group's size), to check they agree. */
const cairnCells = (r: CrosstabResult) => {
  const out = new Map<string, number>();
  // With the override every count is there; a null would be a suppressed cell, and disagree.
  for (const g of r.table.groups) out.set(`${g.group}|`, g.nGroup ?? -1);
  for (const row of r.table.rows) if (row.nCode !== 0) out.set(`${row.group}|${row.code}`, row.nCode ?? -1);
  return out;
};

export async function evaluationBench(url: string, version: string): Promise<void> {
  const label = `PostgreSQL ${version}`;
  console.log(`\nEvaluation: ${n(RESPONDENTS)} synthetic respondents with about 12 codings each, on ${label}`);
  const folder = mkdtempSync(join(tmpdir(), 'cairn-bench-evidence-'));
  let duck: DuckDBInstance | undefined;
  try {
    process.stdout.write('  writing the evidence folder …\n');
    const started = performance.now();
    const made = await writeFolder(folder);
    const mbOf = (f: string) => statSync(join(folder, f)).size / 1e6;
    process.stdout.write(
      `  wrote ${n(made.respondents)} respondents (${n(made.withdrawn)} withdrawn) and ${n(made.codings)} codings (${n(mbOf('codings.csv'))} MB) in ${n((performance.now() - started) / 1000, 1)} s\n`,
    );

    const database = await openDatabase({ databaseUrl: url, holder: 'cairn bench' });
    try {
      await migrate(database);
      await database.db.insert(programmes).values({ slug: PROGRAMME, name: 'Evaluation benchmark (synthetic)', funder: 'Benchmark' });
    } finally {
      await database.close();
    }

    process.stdout.write('  COPY of the same files into bare tables …\n');
    await copyReference(url, folder); // warm the file cache and the server
    const copyMs = await copyReference(url, folder);

    process.stdout.write(`  importing with cairn's evidence import (every row checked, all or nothing) …\n`);
    const imported = await importInChild({
      BENCH_DATABASE_URL: url,
      BENCH_PROGRAMME: PROGRAMME,
      BENCH_FOLDER: folder,
      BENCH_EVALUATION: 'bench',
    });

    process.stdout.write('  loading the same files into DuckDB …\n');
    duck = await DuckDBInstance.create(':memory:');
    const dc = await duck.connect();
    const file = (f: string) => join(folder, f).replace(/'/g, "''");
    await dc.run(`create table projects as select * from read_csv('${file('projects.csv')}', header = true, all_varchar = true)`);
    await dc.run(`create table respondents as select * from read_csv('${file('respondents.csv')}', header = true, all_varchar = true)`);
    await dc.run(`create table codings as select * from read_csv('${file('codings.csv')}', header = true, all_varchar = true)`);

    const db = await openDatabase({ databaseUrl: url, holder: 'cairn bench' });
    const timings: Record<Dim, { cairn: number[]; duck: number[] }> = Object.fromEntries(
      DIMENSIONS.map((d) => [d, { cairn: [], duck: [] }]),
    ) as never;
    try {
      await db.exec('analyze');
      const ctx = await openProgramme(db.db, cliCaller(), PROGRAMME);
      for (const by of DIMENSIONS) {
        process.stdout.write(`  the cross-tab of ${FAMILY} by ${by}: checking the two agree, then ${RUNS} runs each, alternating …\n`);
        // With the override, as the comparison needs every count (audited only when a group is under the threshold).
        // The evaluation loaded inside each run, as each API request loads it: the figure stays what the API answers.
        const cairn = async () =>
          crosstabFor(db.db, ctx, cliActor(), await loadEvaluation(db.db, ctx, 'bench'), { family: FAMILY, by, includeSmallGroups: true });
        const query = duckQuery(by);
        const ducked = async () =>
          (await dc.runAndReadAll(query)).getRowObjects() as { grp: string; code: string | null; n: bigint | number }[];
        const [mine, theirs] = [cairnCells(await cairn()), await ducked()];
        const other = new Map(theirs.map((r) => [`${r.grp}|${r.code ?? ''}`, Number(r.n)]));
        const differ = [...new Set([...mine.keys(), ...other.keys()])].filter((k) => mine.get(k) !== other.get(k));
        if (differ.length)
          throw new Error(
            `Cairn and DuckDB disagree by ${by} on ${differ.length} cells, e.g. ${differ
              .slice(0, 3)
              .map((k) => `${k}: ${mine.get(k)} vs ${other.get(k)}`)
              .join('; ')}`,
          );
        for (let i = 0; i < RUNS + 3; i++) {
          let t = performance.now();
          await cairn();
          const a = performance.now() - t;
          t = performance.now();
          await ducked();
          const b = performance.now() - t;
          if (i >= 3) {
            timings[by].cairn.push(a);
            timings[by].duck.push(b);
          }
        }
        timings[by].cairn.sort((x, y) => x - y);
        timings[by].duck.sort((x, y) => x - y);
      }
    } finally {
      await db.close();
    }

    const copyRate = made.codings / (copyMs / 1000);
    const rate = imported.rows / (imported.ms / 1000);
    console.log(
      `\n  ${''.padEnd(46)}${'codings/s'.padStart(12)}${'seconds'.padStart(10)}${'peak RSS'.padStart(11)}${'vs COPY'.padStart(10)}`,
    );
    console.log(
      `  ${`COPY into bare tables, ${label}`.padEnd(46).slice(0, 46)}${n(copyRate).padStart(12)}${n(copyMs / 1000, 1).padStart(10)}${''.padStart(11)}${'1.000'.padStart(10)}`,
    );
    console.log(
      `  ${`Cairn evidence import, ${label}`.padEnd(46).slice(0, 46)}${n(rate).padStart(12)}${n(imported.ms / 1000, 1).padStart(10)}${`${n(imported.peakRssMb)} MB`.padStart(11)}${n(rate / copyRate, 3).padStart(10)}`,
    );
    console.log(
      `  (${n(imported.respondents)} respondents and ${n(imported.codings)} distinct codings written; the process started at ${n(imported.rssBeforeMb)} MB)`,
    );
    console.log(`  Goal: ≥ ${n(IMPORT_GOAL)} codings/s, validated — ${rate >= IMPORT_GOAL ? 'MET' : 'NOT MET'} (${n(rate)})`);

    console.log(`\n  The cross-tab of ${FAMILY} (${RUNS} runs each, alternating; the same numbers checked first)`);
    console.log(
      `  ${'by'.padEnd(22)}${'Cairn p50'.padStart(11)}${'p95 ms'.padStart(9)}${'DuckDB p50'.padStart(12)}${'p95 ms'.padStart(9)}${'ratio'.padStart(8)}`,
    );
    let worst = 0;
    for (const by of DIMENSIONS) {
      const { cairn, duck: d } = timings[by];
      const ratio = percentile(cairn, 50) / percentile(d, 50);
      worst = Math.max(worst, ratio);
      console.log(
        `  ${by.padEnd(22)}${n(percentile(cairn, 50), 1).padStart(11)}${n(percentile(cairn, 95), 1).padStart(9)}${n(percentile(d, 50), 1).padStart(12)}${n(percentile(d, 95), 1).padStart(9)}${n(ratio, 3).padStart(8)}`,
      );
    }
    console.log(
      `  Goal: Cairn's p50 ≤ ${RATIO_GOAL.toFixed(1)}× DuckDB's by every dimension — ${worst <= RATIO_GOAL ? 'MET' : 'NOT MET'} (worst ${n(worst, 3)})`,
    );
  } finally {
    duck?.closeSync?.();
    rmSync(folder, { recursive: true, force: true });
  }
}
