/**
 * The CLI figures of `npm run bench` (issue 13, decision 014): how long whole `cairn` processes take,
 * each beside a reference measured in the same run, the runs of all of them alternating so that the
 * machine's other work weighs on each alike; the median of each is compared.
 * - `cairn --help` (and `cairn programme --help`) beside `node -e 0`, a bare Node start. Goal ≤ 8×.
 * - `cairn programme list` on a PGlite data folder holding the demo data beside a bare Node process that
 *   only opens that same folder with PGlite and closes it again. Goal ≤ 1.5×.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const HELP_GOAL = 8;
const LIST_GOAL = 1.5;

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (i: number) => s[i] ?? Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/** The environment of every measured process: no database named by the caller's environment. */
const env = { ...process.env, DATABASE_URL: '', CAIRN_DATA_DIR: '', NODE_OPTIONS: '' };

/** One whole process, from spawn to exit, in ms; it must succeed, and print what `expect` says when given. */
function timed(args: string[], expect?: RegExp): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const ms = performance.now() - started;
  if (r.status !== 0 || (expect && !expect.test(r.stdout))) {
    throw new Error(
      `node ${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return ms;
}

export function cliStartBench(): void {
  console.log(`\nCLI start: whole processes, the median of ${RUNS} runs each, alternating`);
  // The build the measured `cairn` runs: made now, so a stale build (which bin/cairn.js would not run) is never measured.
  const build = spawnSync(process.execPath, [join(root, 'bin', 'build.js'), '--quiet'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log(`  SKIPPED: the build failed: ${(build.stderr || build.stdout).trim().split('\n').slice(-3).join(' ')}`);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-cli-'));
  try {
    process.stdout.write('  loading the demo data into a new PGlite data folder …\n');
    timed(['bin/cairn.js', 'seed', 'demo', '--data-dir', dataDir]);
    const pgdata = join(dataDir, 'pgdata');
    // PGlite alone: the package loaded, the folder opened, closed again; nothing else.
    const bareOpen = `const { PGlite } = await import('@electric-sql/pglite'); const c = await PGlite.create({ dataDir: ${JSON.stringify(pgdata)} }); await c.close();`;
    const runs = {
      node: [] as number[],
      help: [] as number[],
      commandHelp: [] as number[],
      pglite: [] as number[],
      list: [] as number[],
    };
    // One unmeasured round first: the files read into the page cache, as they are for anyone using Cairn.
    for (let i = 0; i <= RUNS; i++) {
      const round = {
        node: timed(['-e', '0']),
        help: timed(['bin/cairn.js', '--help'], /Usage: cairn/),
        commandHelp: timed(['bin/cairn.js', 'programme', '--help'], /Usage: cairn programme/),
        pglite: timed(['--input-type=module', '-e', bareOpen]),
        list: timed(['bin/cairn.js', 'programme', 'list', '--data-dir', dataDir], /pbsa/),
      };
      if (i === 0) continue;
      for (const k of Object.keys(runs) as (keyof typeof runs)[]) runs[k].push(round[k]);
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<keyof typeof runs, number>;
    const line = (label: string, ms: number, ratio = '') => console.log(`  ${label.padEnd(52)}${n(ms).padStart(7)} ms${ratio}`);
    const times = (x: number, of: string) => `${n(x, 2).padStart(8)}× ${of}`;
    line('node -e 0 (a bare Node start)', m.node);
    line('cairn --help', m.help, times(m.help / m.node, 'node -e 0'));
    line('cairn programme --help', m.commandHelp, times(m.commandHelp / m.node, 'node -e 0'));
    line('PGlite alone opens and closes the data folder', m.pglite);
    line('cairn programme list (the same folder, demo data)', m.list, times(m.list / m.pglite, 'PGlite alone'));
    const help = Math.max(m.help, m.commandHelp) / m.node;
    const list = m.list / m.pglite;
    console.log(
      `  Goal: cairn --help and cairn <command> --help ≤ ${HELP_GOAL}× node -e 0 — ${help <= HELP_GOAL ? 'MET' : 'NOT MET'} (${n(help, 2)}×)`,
    );
    console.log(`  Goal: cairn programme list ≤ ${LIST_GOAL}× PGlite alone — ${list <= LIST_GOAL ? 'MET' : 'NOT MET'} (${n(list, 2)}×)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
