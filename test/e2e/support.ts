// Browser tests drive the real thing: the built web UI served by `cairn serve` on its own data folder,
// in Debian's Chromium (never a downloaded browser), with axe-core checking every page.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type APIRequestContext, type Browser, type Download, type Page, chromium, request } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM, E2E_ADMIN, ROOT, buildWebIfStale, databaseUrl, e2eEnv, e2eServerUrl, onServer } from '../support/e2e-setup.js';

export { CHROMIUM, ROOT, buildWebIfStale };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
export const ADMIN = E2E_ADMIN;

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

export interface RunningCairn {
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * A fresh Cairn: a new database with its first administrator, then `cairn serve` on a free port. The
 * database is a copy of the one the tier's global set-up made once with the CLI (test/support/e2e-setup.ts):
 * a copied data folder on PGlite (a running server holds its folder's lock), a database cloned from the
 * template on the PostgreSQL server when there is one.
 */
export async function startCairn(opts: { demo?: boolean } = {}): Promise<RunningCairn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
  const server = e2eServerUrl();
  let database = '';
  if (server) {
    database = `${inject('e2eTemplateDatabase')}_f_${randomBytes(6).toString('hex')}`;
    await onServer(server, `create database ${database} template ${inject('e2eTemplateDatabase')}`);
  } else {
    cpSync(inject('e2eDataDir'), dataDir, { recursive: true });
  }
  const where = server ? ['--database-url', databaseUrl(server, database)] : ['--data-dir', dataDir];
  const env = e2eEnv();
  // `demo`: the demo programmes and accounts too (src/modules/demo/), loaded with `cairn seed demo` as a person would.
  if (opts.demo) execFileSync(process.execPath, ['bin/cairn.js', 'seed', 'demo', ...where], { cwd: ROOT, env, stdio: 'ignore' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['bin/cairn.js', 'serve', '--no-demo', '--port', String(port), ...where], {
    cwd: ROOT,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cairn serve stopped before it was ready:\n${stderr}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`cairn serve was not ready within 90 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
      if (server) await onServer(server, `drop database if exists ${database} with (force)`);
    },
  };
}

/**
 * The tier's Chromium (test/support/e2e-setup.ts launched it once), connected to afresh. Closing what this
 * returns closes the contexts the file made and disconnects; the browser goes on for the other files.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.connect(inject('e2eBrowserWs'));
}

/** What a download holds, as text. Read through its stream: the browser is remote, so there is no local path. */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// axe-core itself, put into a page once per document (a click within the app keeps it; a new page load
// needs it again). @axe-core/playwright put its 550 kB in afresh on every check and asked for every
// result type, about 1 s a check here against 0.1–0.3 s this way; the rules and tags run are the same.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's serious and lesser violations of the page as it stands (WCAG 2.0–2.2 A and AA rules). */
export async function axeViolations(page: Page): Promise<{ violations: AxeViolation[] }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    AXE_TAGS,
  );
}

/**
 * Checks the page as it stands: no serious or critical axe-core violation, and nothing wider than the
 * screen (tables scroll inside their own box instead). Returns the page's address for the record.
 */
export async function checkPage(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading').count(), { message: `${label}: still loading` }).toBe(0);
  const results = await axeViolations(page);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n  ')}`,
  );
  expect(report, `${label} at ${page.url()} has accessibility violations`).toEqual([]);
  // The page must not scroll sideways; whatever sticks out past the right edge is named, to say where to look.
  const { scrollWidth, innerWidth, overflowing } = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.table-wrap')) continue;
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5)
        out.push(
          `<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(r.right)}px: ${(el.textContent ?? '').slice(0, 40)}`,
        );
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, overflowing: out };
  });
  expect(scrollWidth, `${label} at ${page.url()} is wider than the screen:\n${overflowing.join('\n')}`).toBeLessThanOrEqual(innerWidth);
  expect(await page.locator('h1').count(), `${label}: one h1 per page`).toBe(1);
  expect(await page.title(), `${label}: a page title`).toMatch(/ – Cairn$/);
  // CAIRN_E2E_SHOTS=<folder> keeps a full-page picture of every page checked, to look over by eye.
  if (process.env.CAIRN_E2E_SHOTS) {
    await page.screenshot({ path: join(process.env.CAIRN_E2E_SHOTS, `${label.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
  }
}

/**
 * Gzipped bytes of the JS and CSS a page load fetched, as a slow phone connection would receive them, and
 * of the HTML page itself, which holds the main stylesheet (vite.config.ts puts it inside). Every body is
 * awaited before the sum: reading one can take longer than the network takes to go quiet.
 */
export async function gzippedAssetBytes(page: Page, url: string): Promise<number> {
  const sizes = new Map<string, Promise<number>>();
  const listener = (res: import('playwright-core').Response) => {
    const u = res.url();
    if (/\.(js|css)(\?|$)/.test(u) || res.request().resourceType() === 'document')
      sizes.set(
        u,
        res.body().then((b) => gzipSync(b, { level: 9 }).length),
      );
  };
  page.on('response', listener);
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  page.off('response', listener);
  let total = 0;
  for (const n of await Promise.all(sizes.values())) total += n;
  return total;
}

export const unique = () => Math.random().toString(36).slice(2, 8);

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('What to do next');
}

/** Creates a programme through the form; answers its slug. */
export async function createProgramme(page: Page, url: string, name: string): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${unique()}`;
  await page.goto(`${url}/programmes/new`);
  await page.getByLabel('Programme name').fill(name);
  await page.getByLabel('Short name for web addresses').fill(slug);
  await page.getByRole('button', { name: 'Create programme' }).click();
  await expect.poll(() => page.url()).toBe(`${url}/programmes/${slug}`);
  return slug;
}

/** A caller of the API as a script would be one: `send` writes with the CSRF token, `read` GETs. */
export interface ApiSession {
  send: (method: string, path: string, body?: unknown) => Promise<any>;
  read: (path: string) => Promise<any>;
  ctx: APIRequestContext;
}

/**
 * Signs in over the API (no email: stays anonymous), for a test's set-up and its checks behind the
 * pages. Any answer that is not 2xx throws with its status and body; 204 answers null.
 */
export async function apiSession(url: string, email: string, password: string): Promise<ApiSession> {
  const ctx = await request.newContext({ baseURL: url });
  let token = '';
  const refresh = async () => (token = ((await (await ctx.get('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken);
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await ctx.fetch(`/api/v1${path}`, { method, data: body ?? {}, headers: { 'X-CSRF-Token': token } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return res.status() === 204 ? null : res.json();
  };
  const read = async (path: string) => {
    const res = await ctx.get(`/api/v1${path}`);
    if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  await refresh();
  if (email) {
    await send('POST', '/auth/login', { email, password });
    await refresh();
  }
  return { send, read, ctx };
}

/** Invites someone to a programme role over the API and accepts the invitation as them, with their password. */
export async function invitePerson(
  url: string,
  admin: ApiSession,
  person: { email: string; name: string; password: string },
  programme: string,
  role: string,
): Promise<void> {
  const { data } = await admin.send('POST', '/invitations', { email: person.email, name: person.name, programme, role });
  const anonymous = await apiSession(url, '', '');
  await anonymous.send('POST', `/invitations/${String(data.link).split('/').pop()}/accept`, { password: person.password });
  await anonymous.ctx.dispose();
}

/** Types a date into a GOV.UK date input (day, month and year boxes in a fieldset named `legend`). */
export async function fillDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day', { exact: true }).fill(day);
  await group.getByLabel('Month', { exact: true }).fill(month);
  await group.getByLabel('Year', { exact: true }).fill(year);
}
