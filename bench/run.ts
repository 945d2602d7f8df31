/**
 * `npm run bench`: figures, not a test. Requests/s and p99 latency of a signed-in registry list of 50
 * rows on PGlite and on PostgreSQL, beside a bare Fastify route measured in the same run; then the bytes
 * a phone downloads to show the sign-in page and the partnerships list; the monitoring import and
 * portfolio table (bench/monitoring.ts); the session check while Word reports are made (bench/report.ts);
 * the pages on an emulated old phone over Slow 3G (bench/phone.ts); how fast `cairn` starts (bench/cli-start.ts). `npm run bench -- --only cli,web` runs some parts only.
 * See bench/README.md.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { cliStartBench } from './cli-start.js';
import { BENCH_SLUG, type BenchLogin } from './seed.js';
import { engagementBench } from './engagement.js';
import { evaluationBench } from './evaluation.js';
import { theoryOfChangeBench } from './theory-of-change.js';
import { exchangeBench } from './exchange.js';
import { monitoringBench } from './monitoring.js';
import { participationBench } from './participation.js';
import { phoneBench } from './phone.js';
import { reportBench } from './report.js';
import { supportBench } from './support.js';
import { FIRST_PAGES, firstPageDownload } from './web-size.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 240);
const RATIO_GOAL = 0.25;
const WEB_GOAL_BYTES = 150_000;
const LIST = `/api/v1/programmes/${BENCH_SLUG}/partnerships?pageSize=50`;

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

interface Ready {
  ready: boolean;
  port: number;
  login?: BenchLogin;
  setupMs?: number;
  error?: string;
}

async function startServer(env: Record<string, string>): Promise<{ ready: Ready; stop: () => Promise<void> }> {
  const child = fork(join(root, 'bench', 'server.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 3 minutes')), 180_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Ready);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
  if (!ready.ready) throw new Error(ready.error ?? 'the server failed to start');
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => {
        children.delete(child);
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { ready, stop };
}

interface Figures {
  rps: number;
  p99: number;
  requests: number;
  bad: number;
}

async function load(url: string, headers: Record<string, string> = {}, seconds = SECONDS): Promise<Figures> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { rps: r.requests.average, p99: r.latency.p99, requests: r.requests.total, bad: r.non2xx + r.errors + r.timeouts };
}

/** Warm up (JIT, caches, the database's buffers), then measure. */
async function measure(url: string, headers: Record<string, string> = {}): Promise<Figures> {
  await load(url, headers, 2);
  return load(url, headers);
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

/** Signs in as a browser does (CSRF token first) and checks the list really answers 50 rows. */
async function signIn(port: number, login: BenchLogin): Promise<Record<string, string>> {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const session = await fetch(`${base}/auth/session`);
  const csrf = cookieOf(session, 'cairn_csrf');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: csrf ?? '' },
    body: JSON.stringify(login),
  });
  const sessionCookie = cookieOf(res, 'cairn_session');
  if (res.status !== 200 || !sessionCookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const headers = { cookie: sessionCookie };
  const list = await fetch(`http://127.0.0.1:${port}${LIST}`, { headers });
  const body = (await list.json()) as { data?: unknown[]; page?: { total: number } };
  if (list.status !== 200 || body.data?.length !== 50)
    throw new Error(`the list did not answer 50 rows: ${list.status} ${JSON.stringify(body).slice(0, 200)}`);
  return headers;
}

interface CairnFigures {
  list: Figures;
  /** GET /auth/session signed in: Cairn's fixed cost per request (hooks, cookies, CSRF) with no query. */
  session?: Figures;
}

async function cairn(label: string, env: Record<string, string>, withSession: boolean): Promise<CairnFigures> {
  const { ready, stop } = await startServer({ BENCH_MODE: 'cairn', BENCH_PARTNERSHIPS: String(PARTNERSHIPS), ...env });
  try {
    const headers = await signIn(ready.port, ready.login!);
    process.stdout.write(`  measuring ${label} …\n`);
    const list = await measure(`http://127.0.0.1:${ready.port}${LIST}`, headers);
    if (!withSession) return { list };
    process.stdout.write(`  measuring ${label}, GET /api/v1/auth/session …\n`);
    return { list, session: await measure(`http://127.0.0.1:${ready.port}/api/v1/auth/session`, headers) };
  } finally {
    await stop();
  }
}

/** A PostgreSQL server to measure on: the one named in the environment, or the local cluster as .ci/run starts it. */
function postgresServer(): { url: string; source: string } | { skipped: string } {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, source: 'BENCH_DATABASE_URL' };
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL' };
  const r = spawnSync('bash', [join(root, '.ci', 'postgres'), 'cairn_bench'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status === 0 && r.stdout.trim()) return { url: r.stdout.trim(), source: 'the local cluster, started by .ci/postgres' };
  const why = (r.stderr || r.error?.message || 'no output').trim().split('\n').pop();
  return { skipped: `BENCH_DATABASE_URL and TEST_DATABASE_URL are not set, and the local cluster could not be started (${why})` };
}

/** A scratch database of its own on the server, dropped afterwards: nothing else there is touched. */
async function withScratchDatabase<T>(
  server: { url: string },
  run: (url: string, version: string) => Promise<T>,
): Promise<T | { skipped: string }> {
  const name = `cairn_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  try {
    await admin.connect();
  } catch (err) {
    return { skipped: `cannot connect to the PostgreSQL server: ${(err as Error).message}` };
  }
  const version = ((await admin.query('show server_version')).rows[0] as { server_version: string }).server_version.split(' ')[0]!;
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(server.url);
    u.pathname = `/${name}`;
    return await run(u.toString(), version);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function onPostgres(): Promise<{ figures: CairnFigures; version: string; source: string } | { skipped: string }> {
  const server = postgresServer();
  if ('skipped' in server) return server;
  return withScratchDatabase(server, async (url, version) => ({
    figures: await cairn(`Cairn on PostgreSQL ${version}`, { BENCH_DATABASE_URL: url }, true),
    version,
    source: server.source,
  }));
}

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const row = (label: string, f: Figures, bare: Figures) =>
  `  ${label.padEnd(40)}${n(f.rps).padStart(10)}${n(f.p99, 1).padStart(10)}${n(f.rps / bare.rps, 3).padStart(10)}${f.bad ? `   ${n(f.bad)} bad answers!` : ''}`;

const PARTS = [
  'list',
  'monitoring',
  'evaluation',
  'toc',
  'engagement',
  'support',
  'participation',
  'exchange',
  'report',
  'web',
  'phone',
  'cli',
];
/** `--only cli,web` (or `BENCH_ONLY=cli,web`) runs some parts; by default all of them. */
function onlyParts(): Set<string> {
  const at = process.argv.indexOf('--only');
  const asked = at >= 0 ? process.argv[at + 1] : process.env.BENCH_ONLY;
  const parts = (asked ?? PARTS.join(',')).split(',').map((s) => s.trim());
  const unknown = parts.filter((p) => !PARTS.includes(p));
  if (at >= 0 && !asked) throw new Error(`--only needs a list of parts: ${PARTS.join(',')}`);
  if (unknown.length) throw new Error(`no such part of the bench: ${unknown.join(', ')} (the parts: ${PARTS.join(', ')})`);
  return new Set(parts);
}
const ONLY = onlyParts();
/** Connections asking for their session while reports are made: people at their desks, not a load test. */
const REPORT_CONNECTIONS = Number(process.env.BENCH_REPORT_CONNECTIONS ?? 10);

async function main() {
  console.log(`Cairn benchmark: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), Node ${process.version}`);
  const busy = loadavg()[0]!;
  if (busy > cpus().length / 4) {
    console.log(
      `  Note: the machine was already busy (load average ${n(busy, 2)} on ${cpus().length} CPUs): every figure below is lower for it.`,
    );
  }
  if (ONLY.has('list')) await list();
  if (ONLY.has('monitoring')) await monitoring();
  if (ONLY.has('evaluation')) await evaluation();
  if (ONLY.has('engagement')) await engagement();
  if (ONLY.has('toc')) await theoryOfChange();
  if (ONLY.has('report')) await report();
  if (ONLY.has('web')) web();
  if (ONLY.has('phone')) await phoneBench();
  if (ONLY.has('cli')) cliStartBench();
  if (ONLY.has('support')) await supportBench();
  if (ONLY.has('participation')) participationBench();
  if (ONLY.has('exchange')) await exchange();
}

/** The exchange's search over 100,000 case studies beside the hand-written ts_rank query (bench/exchange.ts). */
async function exchange() {
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nThe exchange on PostgreSQL: SKIPPED — ${server.skipped}`);
    await exchangeBench([{ kind: 'pglite' }]);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) => exchangeBench([{ kind: 'postgres', url, version }, { kind: 'pglite' }]));
  if (done && typeof done === 'object' && 'skipped' in done) console.log(`\nThe exchange on PostgreSQL: SKIPPED — ${done.skipped}`);
}

/** The 1,000,000-respondent evidence import and cross-tab beside DuckDB (bench/evaluation.ts): PostgreSQL only. */
async function evaluation() {
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nEvaluation on PostgreSQL: SKIPPED — ${server.skipped}`);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) => evaluationBench(url, version));
  if (done && typeof done === 'object' && 'skipped' in done) console.log(`\nEvaluation on PostgreSQL: SKIPPED — ${done.skipped}`);
}

/** A 40-link theory of change validated against the 1,000,000 respondents, beside DuckDB (bench/theory-of-change.ts): PostgreSQL only. */
async function theoryOfChange() {
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nTheory of change on PostgreSQL: SKIPPED — ${server.skipped}`);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) => theoryOfChangeBench(url, version));
  if (done && typeof done === 'object' && 'skipped' in done) console.log(`\nTheory of change on PostgreSQL: SKIPPED — ${done.skipped}`);
}

/** The session check while Word reports are made (bench/report.ts), on PGlite and, when there is one, PostgreSQL. */
async function report() {
  const opts = { seconds: SECONDS, connections: REPORT_CONNECTIONS };
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-report-'));
  try {
    await reportBench(startServer, opts, { label: 'PGlite (the database in the same process)', env: { BENCH_DATA_DIR: dataDir } });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nHeavy work and everyone else on PostgreSQL: SKIPPED — ${server.skipped}`);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) =>
    reportBench(startServer, opts, { label: `PostgreSQL ${version}`, env: { BENCH_DATABASE_URL: url } }),
  );
  if (done && typeof done === 'object' && 'skipped' in done)
    console.log(`\nHeavy work and everyone else on PostgreSQL: SKIPPED — ${done.skipped}`);
}

/** The overlap clusters of 50,000 engagements beside a hand-written SQL self-join (bench/engagement.ts). */
async function engagement() {
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nEngagement overlaps on PostgreSQL: SKIPPED — ${server.skipped}`);
    await engagementBench([{ kind: 'pglite' }]);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) =>
    engagementBench([{ kind: 'postgres', url, version }, { kind: 'pglite' }]),
  );
  if (done && typeof done === 'object' && 'skipped' in done) {
    console.log(`\nEngagement overlaps on PostgreSQL: SKIPPED — ${done.skipped}`);
    await engagementBench([{ kind: 'pglite' }]);
  }
}

async function monitoring() {
  const server = postgresServer();
  if ('skipped' in server) {
    console.log(`\nMonitoring on PostgreSQL: SKIPPED — ${server.skipped}`);
    await monitoringBench([{ kind: 'pglite' }]);
    return;
  }
  const done = await withScratchDatabase(server, (url, version) =>
    monitoringBench([{ kind: 'postgres', url, version }, { kind: 'pglite' }]),
  );
  if (done && typeof done === 'object' && 'skipped' in done) {
    console.log(`\nMonitoring on PostgreSQL: SKIPPED — ${done.skipped}`);
    await monitoringBench([{ kind: 'pglite' }]);
  }
}

async function list() {
  console.log(`Load: autocannon, ${CONNECTIONS} connections for ${SECONDS} s per figure (after a 2 s warm-up), 127.0.0.1 only`);
  console.log(`Endpoint: GET ${LIST}`);
  console.log(`  (${PARTNERSHIPS} partnerships with place, lead and members; signed in as the programme's manager)`);
  console.log('');

  const bareServer = await startServer({ BENCH_MODE: 'bare' });
  process.stdout.write('  measuring the bare Fastify route …\n');
  const bare = await measure(`http://127.0.0.1:${bareServer.ready.port}/bare`);
  await bareServer.stop();

  const postgres = await onPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
  let pglite: CairnFigures;
  try {
    pglite = await cairn('Cairn on PGlite', { BENCH_DATA_DIR: dataDir }, 'skipped' in postgres);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(`\n  ${''.padEnd(40)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'vs bare'.padStart(10)}`);
  console.log(row('bare Fastify route', bare, bare));
  console.log(row('Cairn list on PGlite (embedded)', pglite.list, bare));
  if (pglite.session) console.log(row('  (GET /auth/session, no query)', pglite.session, bare));
  if ('skipped' in postgres) {
    console.log(`  Cairn list on PostgreSQL: SKIPPED — ${postgres.skipped}`);
    console.log(`\n  Goal on PostgreSQL: ≥ ${RATIO_GOAL} of the bare route's req/s — not measured in this run.`);
  } else {
    const ratio = postgres.figures.list.rps / bare.rps;
    console.log(row(`Cairn list on PostgreSQL ${postgres.version}`, postgres.figures.list, bare));
    if (postgres.figures.session) console.log(row('  (GET /auth/session, no query)', postgres.figures.session, bare));
    console.log(
      `\n  Goal on PostgreSQL: ≥ ${RATIO_GOAL} of the bare route's req/s — ${ratio >= RATIO_GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 3)}; server: ${postgres.source})`,
    );
  }
  const all = [
    bare,
    pglite.list,
    pglite.session,
    'skipped' in postgres ? undefined : postgres.figures.list,
    'skipped' in postgres ? undefined : postgres.figures.session,
  ];
  if (all.some((f) => f && f.bad > 0)) console.log('  Some answers were errors or not 2xx: those figures are not to be trusted.');
}

function web() {
  console.log('\nWeb UI: what a phone downloads to show the sign-in page and the partnerships list');
  // Built into a folder of its own, so a running Cairn (or a browser test) serving dist/web is not disturbed.
  const outDir = mkdtempSync(join(tmpdir(), 'cairn-bench-web-'));
  try {
    const build = spawnSync(
      join(root, 'node_modules', '.bin', 'vite'),
      ['build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
    if (build.status !== 0) {
      const why = `${build.stderr}\n${build.stdout}`
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colour codes from a child's output
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('npm warn'));
      console.log(
        `  SKIPPED: the web build (vite build) failed:\n${why
          .slice(0, 8)
          .map((l) => `    ${l}`)
          .join('\n')}`,
      );
      return;
    }
    const { files, html } = firstPageDownload(outDir);
    const line = (label: string, f: { raw: number; gzip: number; brotli: number }) =>
      console.log(`  ${label.padEnd(40)}${n(f.raw).padStart(10)} B${n(f.gzip).padStart(10)} B gzip${n(f.brotli).padStart(10)} B brotli`);
    for (const f of files) line(f.file, f);
    const raw = files.reduce((s, f) => s + f.raw, 0);
    const gz = files.reduce((s, f) => s + f.gzip, 0);
    line('JS + CSS', { raw, gzip: gz, brotli: files.reduce((s, f) => s + f.brotli, 0) });
    line('(index.html, besides)', html);
    console.log(
      `  Goal: ≤ 150 KB (${n(WEB_GOAL_BYTES)} B) gzipped JS + CSS — ${gz <= WEB_GOAL_BYTES ? 'MET' : 'NOT MET'} (${n(gz / 1000, 1)} KB)`,
    );
    console.log(`  Counted: the entry chunk, its static imports and CSS, plus lazy chunks for ${FIRST_PAGES.join(', ')} if split out.`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
