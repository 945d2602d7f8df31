// Forms that speak plainly and all at once, and downloads where people look (issue 14, points 4 and 11):
// a grant form sent with several mistakes lists them all in one error summary, in words, each link
// going to its field; a date is typed as day, month and year; the 360Giving and registry downloads are on
// the Grants, Partnerships and Import pages. At 360 px and 1280 px, each page checked with axe-core.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  type RunningCairn,
  apiSession,
  checkPage,
  fillDate,
  launchBrowser,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let slug: string;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const api = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  slug = `plain-${unique()}`;
  await api.send('POST', '/programmes', { slug, name: 'Plain Forms Programme' });
  await api.send('POST', `/programmes/${slug}/organisations`, { name: 'Harbour Food Co-op' });
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const summaryLinks = (page: Page) => page.locator('.error-summary a');

for (const [width, viewport] of [
  ['1280', DESKTOP],
  ['360', PHONE],
] as const) {
  test(`a grant form's mistakes all at once, a date in day, month and year, downloads found (${width} px)`, {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
    const base = `${cairn.url}/programmes/${slug}`;

    // ---- the Grants page offers the 360Giving downloads
    await page.goto(`${base}/grants`);
    await expect.poll(() => page.getByRole('heading', { name: 'Download the grants' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: '360Giving spreadsheet (.csv)' }).getAttribute('href')).toBe(
      `/api/v1/programmes/${slug}/grants/360giving.csv`,
    );
    expect(await page.getByRole('link', { name: '360Giving data package (.json)' }).count()).toBe(1);
    await checkPage(page, `grants (${width})`);

    // ---- several mistakes, one submission
    await page.goto(`${base}/grants/new`);
    await expect.poll(() => page.getByLabel('Organisation that received the grant').count()).toBe(1);
    await page.getByLabel('Amount').fill('lots');
    await fillDate(page, 'Starts on (optional)', '31', '2', '2026');
    await fillDate(page, 'Ends on (optional)', '1', '', '2026');
    await page.getByRole('button', { name: 'Record grant' }).click();
    await expect.poll(() => summaryLinks(page).count()).toBe(5);
    const messages = await summaryLinks(page).allTextContents();
    expect(messages).toEqual([
      'Enter the grant title',
      'Enter the amount in pounds, like 4500 or 4500.50',
      'Choose the organisation that received the grant',
      'Start date must be a real date',
      'End date must include a month',
    ]);
    for (const m of messages) expect(m).not.toMatch(/uuid|YYYY|\bid\b/i);
    expect(await page.title()).toMatch(/^Error: /);
    // Each link goes to a field that is on the page, and moves focus there.
    for (const [i, id] of ['f-title', 'f-amountGbp', 'f-recipientOrganisationId', 'f-startsOn', 'f-endsOn'].entries()) {
      expect(await summaryLinks(page).nth(i).getAttribute('href')).toBe(`#${id}`);
      await summaryLinks(page).nth(i).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
    }
    await checkPage(page, `grant form with errors (${width})`);

    // ---- put right, the grant is saved with its dates as typed
    await page.getByLabel('Grant title').fill(`Kitchen grant ${width}`);
    await page.getByLabel('Amount').fill('4500');
    await page.getByLabel('Organisation that received the grant').selectOption({ label: 'Harbour Food Co-op' });
    await fillDate(page, 'Starts on (optional)', '27', '3', '2026');
    await fillDate(page, 'Ends on (optional)', '', '', '');
    await page.getByRole('button', { name: 'Record grant' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(`Kitchen grant ${width}`);
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toMatch(/27 March 2026/);

    // ---- the registry's downloads: on the partnerships list and the import page
    await page.goto(`${base}/partnerships`);
    await expect.poll(() => page.getByRole('heading', { name: 'Download the registry' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Excel (.xlsx)' }).getAttribute('href')).toBe(
      `/api/v1/programmes/${slug}/registry-export.xlsx`,
    );
    expect(await page.getByRole('link', { name: 'organisations', exact: true }).getAttribute('href')).toBe(
      `/api/v1/programmes/${slug}/registry-export.csv?records=organisations`,
    );
    await page.goto(`${base}/import`);
    await expect.poll(() => page.getByRole('heading', { name: 'Start from a template' }).count()).toBe(1);
    const template = page.getByRole('link', { name: 'Excel (.xlsx, with notes on each column)' });
    const res = await page.request.get(`${cairn.url}${await template.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await checkPage(page, `import (${width})`);
    await context.close();
  });
}
