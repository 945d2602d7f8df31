// A first visit on a slow phone: what arrives before the script (the sign-in page prerendered, every other
// page's frame), how the script takes that markup over, and how the assets are sent. Timings are the bench's
// (bench/phone.ts); nothing here is timed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, DESKTOP, PHONE, type RunningCairn, checkPage, launchBrowser, startCairn } from './support.js';

let cairn: RunningCairn;
let browser: Browser;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Errors the page reports (a failed hydration is one: React reports it and draws the page again). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

describe('before the script arrives', () => {
  test('the sign-in page is in the HTML itself, and a press before the script only brings the page back', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${cairn.url}/sign-in?next=%2Fadmin%2Fusers`);
    expect(await heading(page).textContent()).toBe('Sign in');
    expect(await page.title()).toBe('Sign in – Cairn');
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    // Posted, answered with the same address: the password is in no address and in no page.
    expect(page.url()).toBe(`${cairn.url}/sign-in?next=%2Fadmin%2Fusers`);
    expect(await heading(page).textContent()).toBe('Sign in');
    expect(await page.content()).not.toContain(ADMIN.password);

    // Every other address: the frame the app starts with, "Loading the page…" in it.
    await page.goto(`${cairn.url}/programmes/anything/partnerships`);
    expect(await page.locator('.header-logo').textContent()).toBe('Cairn');
    expect(await page.getByRole('status').textContent()).toBe('Loading the page…');
    // After a password reset the sign-in page says so first: that page is drawn by the script, not sent ready.
    await page.goto(`${cairn.url}/sign-in?reset=done`);
    expect(await heading(page).count()).toBe(0);
    await context.close();
  });

  test('assets come compressed at build time, brotli or gzip as the browser accepts, cached for good', async () => {
    const html = await (await fetch(`${cairn.url}/sign-in`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const plain = await fetch(`${cairn.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    const raw = (await plain.arrayBuffer()).byteLength;
    for (const encoding of ['br', 'gzip']) {
      // Node's fetch would decode the body; the raw socket's length is what travels.
      const res = await fetch(`${cairn.url}${script}`, { headers: { 'accept-encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(Number(res.headers.get('content-length'))).toBeLessThan(raw / 3);
      expect((await res.arrayBuffer()).byteLength).toBe(raw);
    }
    expect(plain.headers.get('content-encoding')).toBeNull();
    // The pages themselves (the stylesheet inside): compressed once when Cairn starts, never cached.
    for (const [accepts, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const page = await fetch(`${cairn.url}/sign-in`, { headers: { 'accept-encoding': accepts } });
      expect(page.headers.get('content-encoding')).toBe(encoding);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<style>');
    }
  });
});

describe('the script takes over', () => {
  test('the sign-in page and a signed-in page are taken over without a hydration error, at both widths', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = errorsOf(page);
      // A page that needs someone signed in starts as the frame, then asks to sign in.
      await page.goto(`${cairn.url}/admin/users`);
      await expect.poll(() => page.url()).toBe(`${cairn.url}/sign-in?next=${encodeURIComponent('/admin/users')}`);
      await expect.poll(() => heading(page).textContent()).toBe('Sign in');
      // The prerendered sign-in page itself, loaded afresh: typing into it works once the script is there.
      await page.goto(`${cairn.url}/sign-in`);
      await page.waitForLoadState('networkidle');
      await checkPage(page, `sign-in page prerendered ${viewport.width}`);
      await page.getByLabel('Email address').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => heading(page).textContent()).not.toBe('Sign in');
      await expect.poll(() => page.url()).toBe(`${cairn.url}/`);
      // A signed-in page opened by its address: the frame, then the page.
      await page.goto(`${cairn.url}/admin/users`);
      await expect.poll(() => heading(page).textContent()).toBe('People');
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
