/**
 * Heavy work and everyone else: the p99 of a signed-in `GET /api/v1/auth/session` while Word reports of
 * figures C.1–C.19 are made one after another (the demo's PCF evaluation, 120 respondents), beside the
 * same with the server idle, measured in the same run on the same server. Goal: ≤ 2× the idle p99.
 */
import autocannon from 'autocannon';
import type { BenchLogin } from './seed.js';

const REPORT = '/api/v1/programmes/pcf/evaluations/pcf-review-synthetic/figures.docx';
const SESSION = '/api/v1/auth/session';
const GOAL = 2;

export type StartServer = (
  env: Record<string, string>,
) => Promise<{ ready: { port: number; login?: BenchLogin }; stop: () => Promise<void> }>;

interface Figures {
  p99: number;
  p50: number;
  requests: number;
  bad: number;
}

const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

async function signIn(base: string, login: BenchLogin): Promise<Record<string, string>> {
  const session = await fetch(`${base}${SESSION}`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookieOf(session, 'cairn_csrf') ?? '' },
    body: JSON.stringify(login),
  });
  const cookie = cookieOf(res, 'cairn_session');
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie };
}

async function sessions(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { p99: r.latency.p99, p50: r.latency.p50, requests: r.requests.total, bad: r.non2xx + r.errors + r.timeouts };
}

/** One report, checked to be a Word document (a zip), and how long it took. */
async function report(base: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}${REPORT}`, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new Error(`the report did not come: ${res.status} ${new TextDecoder().decode(bytes.subarray(0, 200))}`);
  return performance.now() - started;
}

/** `engine.env` names the database: BENCH_DATA_DIR (PGlite) or BENCH_DATABASE_URL (a scratch PostgreSQL database). */
export async function reportBench(
  startServer: StartServer,
  opts: { seconds: number; connections: number },
  engine: { label: string; env: Record<string, string> },
) {
  console.log(
    `\nHeavy work and everyone else, on ${engine.label}: GET /api/v1/auth/session while Word reports of figures C.1–C.19 are made`,
  );
  console.log(
    `  (the demo's PCF evaluation, 120 respondents; autocannon, ${opts.connections} connections for ${opts.seconds} s each, after a 2 s warm-up)`,
  );
  const { ready, stop } = await startServer({ BENCH_MODE: 'cairn', BENCH_SEED: 'demo', ...engine.env });
  try {
    const base = `http://127.0.0.1:${ready.port}`;
    const headers = await signIn(base, ready.login!);
    // The first report loads vega and docx and starts the worker threads: not part of either figure.
    process.stdout.write('  drawing a first report (loads the libraries) …\n');
    const firstMs = await report(base, headers);

    process.stdout.write('  measuring the session check, idle …\n');
    await sessions(`${base}${SESSION}`, headers, opts.connections, 2);
    const idle = await sessions(`${base}${SESSION}`, headers, opts.connections, opts.seconds);

    process.stdout.write('  measuring the session check while reports are made one after another …\n');
    let going = true;
    const times: number[] = [];
    const reports = (async () => {
      while (going) times.push(await report(base, headers));
    })();
    const busy = await sessions(`${base}${SESSION}`, headers, opts.connections, opts.seconds);
    going = false;
    await reports;

    const ratio = busy.p99 / Math.max(idle.p99, 1);
    console.log(`\n  ${''.padEnd(44)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'requests'.padStart(10)}`);
    const line = (label: string, f: Figures) =>
      `  ${label.padEnd(44)}${n(f.p50, 1).padStart(10)}${n(f.p99, 1).padStart(10)}${n(f.requests).padStart(10)}${f.bad ? `   ${n(f.bad)} bad answers!` : ''}`;
    console.log(line('session check, server idle', idle));
    console.log(line('session check, while reports are made', busy));
    const mean = times.reduce((s, t) => s + t, 0) / Math.max(times.length, 1);
    console.log(
      `  Reports made during the load: ${times.length}, ${n(mean / 1000, 1)} s each on average (the first, alone: ${n(firstMs / 1000, 1)} s)`,
    );
    console.log(`  Goal: session p99 while a report renders ≤ ${GOAL}× idle — ${ratio <= GOAL ? 'MET' : 'NOT MET'} (${n(ratio, 2)}×)`);
    if (idle.bad || busy.bad) console.log('  Some answers were errors or not 2xx: those figures are not to be trusted.');
  } finally {
    await stop();
  }
}
