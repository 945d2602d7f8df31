// Each role signs in and lands on its own home page (what to do next), on a desktop and on a 360 px
// phone, and follows a task from it. On the demo data (src/modules/demo/), which gives each role work.
// CAIRN_E2E_SHOTS=docs/screenshots keeps each home page as home-<role>-<width>.png (docs/screenshots/).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DESKTOP, PHONE, type RunningCairn, checkPage, launchBrowser, signIn, startCairn } from './support.js';

const PASSWORD = 'cairn-demo-2026';
let cairn: RunningCairn;
let browser: Browser;

beforeAll(async () => {
  cairn = await startCairn({ demo: true });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Signs in as a demo account; signIn waits for the home page's heading. */
async function home(who: string, viewport: typeof DESKTOP, label: string): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, cairn.url, `${who}@cairn-demo.example`, PASSWORD);
  expect(new URL(page.url()).pathname).toBe('/');
  await checkPage(page, `home-${who}-${label}`);
  return page;
}

async function follow(page: Page, name: string | RegExp, path: RegExp) {
  await page.getByRole('link', { name }).first().click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(path);
  await expect.poll(() => heading(page).count()).toBe(1);
  await page.context().close();
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('on a %s screen', (label, viewport) => {
  test('a partnership member sees the return sent back and the one due, and opens the first', { timeout: 120_000 }, async () => {
    const page = await home('inverness', viewport, label);
    const returns = page.getByRole('region', { name: 'Your returns' });
    await expect.poll(() => returns.getByText('Sent back').count()).toBe(1);
    expect(await returns.getByText('Overdue').count()).toBe(1);
    expect(await returns.getByText(/540 volunteers/).count()).toBe(1);
    expect(await returns.getByRole('button', { name: /Start the return/ }).count()).toBe(1);
    await follow(page, /^Inverness community anchor partnership: return for/, /\/programmes\/pcf\/monitoring\/returns\/[^/]+\/edit$/);
  });

  test('a manager sees returns waiting for review, partnerships overdue and an import to accept', { timeout: 120_000 }, async () => {
    const page = await home('manager', viewport, label);
    await expect.poll(() => page.getByRole('heading', { name: /1 return waiting for review/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /3 partnerships overdue/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /1 imported return to accept/ }).count()).toBe(1);
    await follow(page, /^Dundee community anchor partnership: return for/, /\/programmes\/pcf\/monitoring\/returns\/[^/]+$/);
  });

  test('an evaluator sees their evaluations and opens one', { timeout: 120_000 }, async () => {
    const page = await home('evaluator', viewport, label);
    await expect.poll(() => page.getByRole('link', { name: 'PCF review (synthetic)' }).count()).toBe(1);
    await follow(page, 'PCF review (synthetic)', /\/programmes\/pcf\/evaluations\/pcf-review-synthetic$/);
  });

  test('an administrator sees the invitations outstanding and can invite someone', { timeout: 120_000 }, async () => {
    const page = await home('admin', viewport, label);
    await expect.poll(() => page.getByRole('heading', { name: 'Invitations outstanding' }).count()).toBe(1);
    await follow(page, 'Invite someone', /^\/admin\/invite$/);
  });

  test('a facilitator with nothing to do is told so, and where to go', { timeout: 120_000 }, async () => {
    const page = await home('facilitator', viewport, label);
    await expect.poll(() => page.getByText('You have nothing to do just now.').count()).toBe(1);
    await follow(page, 'JRF Neighbourhood Programme', /^\/programmes\/jrf-neighbourhood$/);
  });
});
