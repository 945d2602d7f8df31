// The Place Standard in a real browser: a resident answers the survey on a 360 px phone without an account
// (a theme a page, then check your answers, then sent), and an organiser sees the compass with its table
// at 1280 px. Every page is checked with axe-core at its width.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, apiSession, checkPage, DESKTOP, launchBrowser, PHONE, type RunningCairn, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `place-${unique()}`;
const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Inverclyde Together' });
  await admin.send('POST', `/programmes/${slug}/place-surveys`, {
    slug: 'our-place',
    title: 'Our Place, Our Future',
    localities: ['Greenock', 'Port Glasgow'],
    threshold: 2,
    status: 'open',
  });
  // Two groups' agreed scores from community sessions, so the compass has something before the resident answers.
  for (const size of [6, 8])
    await admin.send('POST', `/programmes/${slug}/place-surveys/our-place/responses`, {
      kind: 'group',
      groupSize: size,
      locality: 'Greenock',
      scores: Array.from({ length: 14 }, (_, i) => ((i + size) % 7) + 1),
    });
  await admin.ctx.dispose();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

test('a resident answers on a phone without an account: one theme a page, check, send', { timeout: 300_000 }, async () => {
  // The pages carry no script of their own (axe-core, injected by the check, needs the browser's JavaScript on).
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${cairn.url}/place-standard/${slug}/our-place`);
  expect(await h1(page)).toBe('Our Place, Our Future');
  // Served as plain HTML: no script of its own, so it works with JavaScript off.
  expect(await page.locator('script').count()).toBe(0);
  await checkPage(page, 'place standard: start (phone)');
  await page.getByRole('button', { name: 'Start now' }).click();

  await waitFor(() => h1(page)).toBe('Which area do you live in?');
  await page.getByRole('radio', { name: 'Greenock' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await waitFor(() => h1(page)).toBe('Moving around');
  expect(await page.getByText('Question 1 of 14').count()).toBeGreaterThan(0);
  await checkPage(page, 'place standard: a theme (phone)');
  await page.getByRole('radio', { name: '2', exact: true }).check();
  await page.getByLabel('What is good here? (optional)').fill('The Esplanade is lovely to walk along');
  await page.getByLabel('What could be better? (optional)').fill('Broken pavements up the hill');
  await page.getByRole('button', { name: 'Continue' }).click();
  // Question 2 skipped: a blank score is not answered.
  await waitFor(() => h1(page)).toBe('Public transport');
  await page.getByRole('button', { name: 'Continue' }).click();
  for (let i = 3; i <= 14; i++) {
    await waitFor(() => page.getByText(`Question ${i} of 14`).count()).toBeGreaterThan(0);
    await page.locator(`input[name=score][value="${(i % 7) + 1}"]`).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  await waitFor(() => h1(page)).toBe('Check your answers');
  expect(await page.getByText('Not answered').count()).toBe(1);
  await checkPage(page, 'place standard: check your answers (phone)');
  await page.getByRole('button', { name: 'Send your answers' }).click();
  await waitFor(() => h1(page)).toBe('Thank you');
  expect(await page.getByText('Your answers have been sent').count()).toBe(1);
  await checkPage(page, 'place standard: sent (phone)');
  await context.close();
});

test('an organiser sees the compass, its table and comments, and can download it', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  await page.goto(`${cairn.url}/programmes/${slug}`);
  await page.getByRole('link', { name: 'Place Standard', exact: true }).first().click();
  await waitFor(() => h1(page)).toContain('Place Standard');
  await page.getByRole('link', { name: 'Our Place, Our Future' }).click();
  await waitFor(() => h1(page)).toContain('Our Place, Our Future');
  await page.getByRole('link', { name: 'See the compass' }).click();
  await waitFor(() => h1(page)).toContain('Place Standard compass');
  const img = page.locator('figure.chart img');
  // The server draws the first chart after loading vega on a worker thread: on a busy machine that takes a while.
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 30_000 }).toBe(true);
  expect(await img.getAttribute('alt')).toMatch(
    /^Place Standard compass: the mean score of each of the 14 themes.*Greenock, wave 1 \(3 responses\)/,
  );
  const table = page.getByRole('table', { name: /The compass’s figures/ });
  expect(await table.getByRole('row', { name: /Moving around 3/ }).count()).toBe(1);
  await page.getByText('Moving around (2 comments)').click();
  expect(await page.getByText('The Esplanade is lovely to walk along').count()).toBe(1);
  await checkPage(page, 'place standard: compass (desktop)');
  const png = await context.request.get(
    new URL((await page.getByRole('link', { name: 'Download PNG of the compass' }).getAttribute('href'))!, cairn.url).href,
  );
  expect([...(await png.body()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await page.setViewportSize(PHONE);
  await checkPage(page, 'place standard: compass (phone)');
  await context.close();
});
