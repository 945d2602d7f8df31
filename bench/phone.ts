/**
 * The pages on an old phone over a slow connection: Chromium (through playwright-core) emulating a
 * 360 px mobile screen with its CPU slowed 4× and Slow 3G (400 kbit/s each way, 400 ms round trip)
 * through the DevTools protocol, against `cairn serve` on a fresh data folder. Each run starts a fresh
 * browser context, so nothing is cached: a first visit. Three runs; the median of each figure is printed
 * beside the same page without throttling and one request's round trip over the emulated link, both
 * measured in the same run. What each figure starts and ends at is defined in bench/README.md.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { CHROMIUM, CHROMIUM_ARGS, buildWebIfStale } from '../test/support/e2e-setup.js';
import { BENCH_SLUG, type BenchLogin, seedBench } from './seed.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 3);
/** Slow 3G as the issue states it: 400 kbit/s each way, 400 ms added to every request. */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SIGN_IN_GOAL = 2500;
const PAGE_GOAL = 3000;
const LIST = `/programmes/${BENCH_SLUG}/partnerships`;

/**
 * Put into every document before its own scripts: the largest-contentful-paint entries (buffered), the
 * moment the "Sign in" button is pressed, and when each new h1 text is first on screen (the frame after
 * it entered the page: a requestAnimationFrame, then a task once that frame is drawn).
 */
const OBSERVER = `(() => {
  const b = (window.__bench = { lcp: [], headings: [], click: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      b.lcp.push({ t: e.startTime, what: e.element ? e.element.tagName.toLowerCase() + ': ' + (e.element.textContent || '').trim().slice(0, 40) : e.url });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  addEventListener('click', (e) => { if (e.target instanceof Element && e.target.closest('button[type=submit]')) b.click = e.timeStamp; }, true);
  let last = null;
  const look = () => {
    const h = document.querySelector('h1');
    const text = h && h.textContent ? h.textContent.trim() : null;
    if (!text || text === last) return;
    last = text;
    requestAnimationFrame(() => setTimeout(() => b.headings.push({ text, t: performance.now() }), 0));
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

interface Bench {
  lcp: { t: number; what: string }[];
  headings: { text: string; t: number }[];
  click: number | null;
}

interface RunFigures {
  signInLcp: number;
  signInLcpWhat: string;
  signInHeading: number;
  /** From pressing "Sign in" to the landing page's h1 on screen. */
  toHome: number;
  homeHeading: string;
  /** From pressing "Sign in" to the landing page with nothing left loading. */
  toHomeLoaded: number;
  listLcp: number;
  listLcpWhat: string;
  /** From the navigation to the list's h1 on screen, and to the list with nothing left loading (its rows shown). */
  listHeading: number;
  listLoaded: number;
  /** One request (GET /api/health, not cached) over the same link, from the page. */
  roundTrip: number;
  waterfall: string[];
  listWaterfall: string[];
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/** A fresh data folder with the bench programme (240 partnerships) and its manager, then `cairn serve` on it. */
async function startCairn(): Promise<{ url: string; login: BenchLogin; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-phone-'));
  const database = await openDatabase({ dataDir, holder: 'cairn bench' });
  await migrate(database);
  const login = await seedBench(database, Number(process.env.BENCH_PARTNERSHIPS ?? 240));
  await database.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/cairn.js', 'serve', '--no-demo', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        CAIRN_PUBLIC_URL: '',
        DATABASE_URL: '',
        NO_COLOR: '1',
        CAIRN_LOGIN_ATTEMPTS_PER_15_MIN: '1000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`cairn serve stopped before it was ready:\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`cairn serve was not ready within 120 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, login, stop };
}

async function newPhone(browser: Browser, throttled: boolean, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const context = await browser.newContext({ ...PHONE, ...(storageState ? { storageState } : {}) });
  await context.addInitScript(OBSERVER);
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  return { context, page };
}

const bench = (page: Page) => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);

/** Waits for an h1 (other than `not`) and nothing left loading, then for the network to go quiet. */
async function settled(page: Page, not?: string): Promise<string> {
  await page.waitForFunction(
    (skip) => {
      const h = document.querySelector('h1')?.textContent?.trim();
      return !!h && h !== skip && document.querySelectorAll('.loading').length === 0;
    },
    not ?? null,
    { timeout: 120_000, polling: 50 },
  );
  await page.waitForLoadState('networkidle');
  return (await page.locator('h1').first().textContent())!.trim();
}

const lastLcp = (b: Bench) => {
  const e = b.lcp.at(-1);
  if (!e) throw new Error('the page reported no largest contentful paint');
  return e;
};

/** Each request of the page so far, from the Resource Timing entries: when it started and ended, and its bytes. */
const waterfall = (page: Page) =>
  page.evaluate(() => {
    const rows = [
      performance.getEntriesByType('navigation')[0],
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    return rows.map(
      (r) =>
        `${String(Math.round(r.startTime)).padStart(6)} → ${String(Math.round(r.responseEnd)).padStart(6)} ms ${String(r.encodedBodySize).padStart(8)} B  ${r.name.replace(location.origin, '')}`,
    );
  });

async function run(browser: Browser, url: string, login: BenchLogin, throttled: boolean): Promise<RunFigures> {
  const { context, page } = await newPhone(browser, throttled);
  try {
    await page.goto(`${url}/sign-in`);
    await settled(page);
    const signIn = await bench(page);
    const lcp = lastLcp(signIn);
    const heading = signIn.headings.find((h) => h.text === 'Sign in');
    const requests = await waterfall(page);

    await page.getByLabel('Email address').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const landing = await settled(page, 'Sign in');
    const loadedAt = await page.evaluate(() => performance.now());
    const after = await bench(page);
    const home = after.headings.find((h) => h.text === landing);
    if (after.click === null || !home) throw new Error('the sign-in press or the landing heading was not seen');
    const roundTrip = await page.evaluate(async () => {
      const started = performance.now();
      await (await fetch('/api/health', { cache: 'no-store' })).text();
      return performance.now() - started;
    });

    // The list on a phone that has never loaded Cairn but holds the session: a fresh context again.
    const list = await newPhone(browser, throttled, await context.storageState());
    try {
      await list.page.goto(`${url}${LIST}`);
      const listTitle = await settled(list.page);
      const listLoaded = await list.page.evaluate(() => performance.now());
      const listBench = await bench(list.page);
      const listLcp = lastLcp(listBench);
      const listRequests = await waterfall(list.page);
      return {
        signInLcp: lcp.t,
        signInLcpWhat: signIn.lcp.map((e) => `${Math.round(e.t)} ms ${e.what}`).join('; then '),
        signInHeading: heading?.t ?? Number.NaN,
        toHome: home.t - after.click,
        homeHeading: landing,
        toHomeLoaded: loadedAt - after.click,
        listLcp: listLcp.t,
        listHeading: listBench.headings.find((h) => h.text === listTitle)?.t ?? Number.NaN,
        listLoaded,
        listLcpWhat: listBench.lcp.map((e) => `${Math.round(e.t)} ms ${e.what}`).join('; then '),
        roundTrip,
        waterfall: requests,
        listWaterfall: listRequests,
      };
    } finally {
      await list.context.close();
    }
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function phoneBench(): Promise<void> {
  console.log('\nThe pages on an old phone over Slow 3G (Chromium through the DevTools protocol)');
  console.log(
    `  ${CPU_SLOWDOWN}× CPU slowdown; 400 kbit/s down and up, 400 ms round trip; 360 × 740 px, mobile; a fresh browser context each run (cold cache: a first visit)`,
  );
  console.log(
    `  Load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  // What is measured is what `cairn serve` runs: the compiled server and the built web UI.
  execFileSync(process.execPath, ['bin/build.js', '--quiet'], { cwd: root, stdio: 'inherit' });
  buildWebIfStale();
  const cairn = await startCairn();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const slow: RunFigures[] = [];
    const fast: RunFigures[] = [];
    for (let i = 0; i < RUNS; i++) {
      process.stdout.write(`  run ${i + 1} of ${RUNS} …\n`);
      // Alternating, so other work on the machine weighs on both alike.
      slow.push(await run(browser, cairn.url, cairn.login, true));
      fast.push(await run(browser, cairn.url, cairn.login, false));
    }
    const m = (
      rs: RunFigures[],
      k: 'signInLcp' | 'signInHeading' | 'toHome' | 'toHomeLoaded' | 'listLcp' | 'listHeading' | 'listLoaded' | 'roundTrip',
    ) => median(rs.map((r) => r[k]));
    const line = (label: string, k: Parameters<typeof m>[1], goal?: number) => {
      const v = m(slow, k);
      const runs = slow.map((r) => sec(r[k])).join(', ');
      const verdict = goal === undefined ? '' : `  goal ≤ ${sec(goal)}: ${v <= goal ? 'MET' : 'NOT MET'}`;
      console.log(`  ${label.padEnd(46)}${sec(v).padStart(9)}${sec(m(fast, k)).padStart(14)}   (${runs})${verdict}`);
    };
    console.log(`\n  ${'median of the runs'.padEnd(46)}${'phone'.padStart(9)}${'unthrottled'.padStart(14)}   (each phone run)`);
    line('sign-in page: largest contentful paint', 'signInLcp', SIGN_IN_GOAL);
    line('sign-in page: its h1 on screen', 'signInHeading');
    line(`sign-in to "${slow[0]!.homeHeading}": its h1 on screen`, 'toHome', PAGE_GOAL);
    line(`sign-in to "${slow[0]!.homeHeading}": nothing loading`, 'toHomeLoaded');
    line('partnerships list: largest contentful paint', 'listLcp', PAGE_GOAL);
    line('partnerships list: its h1 on screen', 'listHeading');
    line('partnerships list: nothing loading (rows shown)', 'listLoaded');
    line('one request over the link (GET /api/health)', 'roundTrip');
    console.log(`  Largest contentful paint candidates, first phone run: sign-in page ${slow[0]!.signInLcpWhat}`);
    console.log(`    partnerships list ${slow[0]!.listLcpWhat}`);
    console.log('  The sign-in page of the first phone run, request by request (from the navigation; bytes as sent):');
    for (const r of slow[0]!.waterfall) console.log(`    ${r}`);
    console.log('  The partnerships list of the first phone run:');
    for (const r of slow[0]!.listWaterfall) console.log(`    ${r}`);
    console.log(
      `  Load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser?.close();
    await cairn.stop();
  }
}
