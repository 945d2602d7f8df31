// Importing returns from a spreadsheet in a real browser: a programme manager checks a file with one bad
// row (the row and column are named, nothing is written), fixes it, sees what the import would do,
// imports it, and finds the figures in the portfolio table; a new period is created by a second import.
// A viewer is told plainly that only managers import. axe-core checks each step at 1280 px and 360 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  axeViolations,
  type ApiSession,
  apiSession,
  checkPage,
  DESKTOP,
  launchBrowser,
  PHONE,
  type RunningCairn,
  signIn,
  startCairn,
  unique,
  downloadedText,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `returns-import-${unique()}`;
const MANAGER = { email: 'ifan.importer@example.org', name: 'Ifan Importer', password: 'an importer’s long password' };
const VIEWER = { email: 'vera.viewer@example.org', name: 'Vera Viewer', password: 'a viewer’s long password' };
let periodId = '';

type Api = ApiSession;

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

async function invite(admin: Api, person: typeof MANAGER, role: string) {
  const { data } = await admin.send('POST', '/invitations', { email: person.email, name: person.name, programme: slug, role });
  const token = String(data.link).split('/').pop()!;
  const anonymous = await apiAs('', '');
  await anonymous.send('POST', `/invitations/${token}/accept`, { password: person.password });
  await anonymous.ctx.dispose();
}

let admin: Api;
beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Coastal Communities', funder: 'Example Fund' });
  const { data: harbourside } = await admin.send('POST', `/programmes/${slug}/partnerships`, { name: 'Harbourside Together' });
  await admin.send('POST', `/programmes/${slug}/partnerships`, { name: 'Northgate Neighbours' });
  await admin.send('POST', `/programmes/${slug}/indicators`, {
    key: 'volunteers',
    label: 'Volunteers',
    definition: 'People who gave their time unpaid.',
    required: true,
    position: 1,
  });
  await admin.send('POST', `/programmes/${slug}/indicators`, {
    key: 'beneficiaries',
    label: 'Beneficiaries',
    definition: 'Residents who took part.',
    required: true,
    position: 2,
  });
  const { data: period } = await admin.send('POST', `/programmes/${slug}/reporting-periods`, {
    label: '2024–25',
    startsOn: '2024-04-01',
    endsOn: '2025-03-31',
    dueOn: '2099-04-30',
  });
  periodId = period.id;
  // Harbourside started a return online and left it as a draft: the import replaces it.
  await admin.send('POST', `/programmes/${slug}/returns`, { partnershipId: harbourside.id, periodId });
  await invite(admin, MANAGER, 'programme_manager');
  await invite(admin, VIEWER, 'viewer');
});
afterAll(async () => {
  await admin?.ctx.dispose();
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** The same page as a desktop and as a 360 px phone shows it. */
async function checkBoth(page: Page, label: string) {
  await checkPage(page, `${label} (desktop)`);
  await page.setViewportSize(PHONE);
  await checkPage(page, `${label} (phone)`);
  await page.setViewportSize(DESKTOP);
}

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
const BAD =
  'partnership,volunteers,beneficiaries,note\nHarbourside Together,48,"1,250",Reporting period Nov 2024 - Feb 2025\nNorthgate Neighbours,lots,300,\n';
const FIXED =
  'partnership,volunteers,beneficiaries,note\nHarbourside Together,48,"1,250",Reporting period Nov 2024 - Feb 2025\nNorthgate Neighbours,12,-,Our survey was not finished in time\n';

test('a viewer is told only programme managers import returns', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, VIEWER.email, VIEWER.password);
  await page.goto(`${cairn.url}/programmes/${slug}/monitoring`);
  await waitFor(() => heading(page).textContent()).toContain('Monitoring');
  expect(await page.getByRole('link', { name: 'Import returns from a spreadsheet' }).count()).toBe(0);
  await page.goto(`${cairn.url}/programmes/${slug}/monitoring/import`);
  await waitFor(() => page.getByText('Only programme managers can import returns.').count()).toBe(1);
  expect(await page.getByLabel('Spreadsheet of returns').count()).toBe(0);
  await checkBoth(page, 'returns import (viewer)');
  await context.close();
});

test('a manager checks a file with a bad row, fixes it, imports it, and sees it in the portfolio table', { timeout: 400_000 }, async () => {
  const base = `${cairn.url}/programmes/${slug}`;
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, MANAGER.email, MANAGER.password);
  await page.goto(`${base}/monitoring`);
  await page.getByRole('link', { name: 'Import returns from a spreadsheet' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Import returns from a spreadsheet');
  // The hint names the columns the programme's indicators call for.
  const fileHint = await page
    .locator(`#${(await page.getByLabel('Spreadsheet of returns').getAttribute('aria-describedby'))!.split(' ')[0]}`)
    .textContent();
  expect(fileHint).toContain('partnership, then one for each indicator (volunteers, beneficiaries), and optionally note');
  await checkBoth(page, 'returns import: the question');

  // ---- the template: the headings and a row per partnership, built in the browser
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download a template (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${slug}-returns-template.csv`);
  expect(await downloadedText(download)).toBe(
    '\uFEFFpartnership,volunteers,beneficiaries,note\r\nHarbourside Together,,,\r\nNorthgate Neighbours,,,\r\n',
  );

  // ---- nothing chosen: both questions are named in the error summary
  await page.getByRole('button', { name: 'Check the file' }).click();
  const summary = page.getByRole('alert');
  await waitFor(() => summary.getByRole('link', { name: 'Choose the reporting period these returns are for' }).count()).toBe(1);
  expect(await summary.getByRole('link', { name: 'Choose a spreadsheet of returns (.csv or .xlsx)' }).count()).toBe(1);
  await checkBoth(page, 'returns import: nothing chosen');

  // ---- a file with one bad row: its row and column are named, and nothing is written
  await page.getByRole('radio', { name: '2024–25' }).check();
  await page.getByLabel('Spreadsheet of returns').setInputFiles(csvFile('returns.csv', BAD));
  // Held back a moment, so the progress shown while the file is on its way can be seen and checked.
  let release = () => {};
  let passedOn = () => {};
  const held = new Promise<void>((ok) => (release = ok));
  const passed = new Promise<void>((ok) => (passedOn = ok));
  const isPreview = (url: URL) => url.pathname.endsWith('/monitoring/import/preview');
  await page.route(isPreview, async (route) => {
    await held;
    await route.continue();
    passedOn();
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await waitFor(() => page.getByRole('progressbar').count()).toBe(1);
  expect(await page.locator('[aria-live="polite"]').textContent()).toMatch(
    /^Sending returns\.csv: 0% sent\.|returns\.csv is sent\. Cairn is checking/,
  );
  const axe = await axeViolations(page);
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    'the page while the file is sent',
  ).toEqual([]);
  release();
  // Only once the held request has gone on: unrouting earlier would hand the same request on twice.
  await passed;
  await page.unroute(isPreview);

  const failed = summary.getByRole('link', { name: /^Nothing was imported/ });
  await waitFor(() => failed.count()).toBe(1);
  expect(await page.getByRole('progressbar').count()).toBe(0);
  const problems = page.getByRole('table', { name: /Problems in the rows/ });
  const problemRows = await problems.getByRole('row').allTextContents();
  expect(problemRows).toEqual([
    'RowColumnProblem',
    '3volunteers“lots” is not a number; leave the cell empty or put - if it was not reported',
  ]);
  expect(await page.getByRole('heading', { name: /What importing/ }).count()).toBe(0);
  const { data: returnsNow } = await admin.read(`/programmes/${slug}/returns?periodId=${periodId}`);
  expect(returnsNow.map((r: { partnership: { name: string }; status: string }) => `${r.partnership.name}: ${r.status}`)).toEqual([
    'Harbourside Together: draft',
  ]);
  await checkBoth(page, 'returns import: a bad row');
  // The summary takes the person to the file to choose again.
  await failed.click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-file');

  // ---- the fixed file: what the import would do, still writing nothing
  await page.getByLabel('Spreadsheet of returns').setInputFiles(csvFile('returns-fixed.csv', FIXED));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await waitFor(() => page.getByRole('heading', { name: 'What importing returns-fixed.csv will do' }).count()).toBe(1);
  // The form that had focus has gone: focus is on the preview's heading, not lost.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('What importing returns-fixed.csv will do');
  expect(await page.getByRole('table', { name: /Problems/ }).count()).toBe(0);
  expect(await page.locator('.summary-list').textContent()).toContain('2024–25: 1 April 2024 to 31 March 2025');
  expect(await page.locator('.summary-list').textContent()).toContain('1 return for this period will be replaced');
  const planned = page.getByRole('table', { name: /Returns to import/ });
  const plannedRow = (name: string) => planned.getByRole('row').filter({ hasText: name }).textContent();
  expect(await plannedRow('Harbourside Together')).toBe('2Harbourside Together20Draft replacedReporting period Nov 2024 - Feb 2025');
  expect(await plannedRow('Northgate Neighbours')).toBe('3Northgate Neighbours11None: a new returnNone');
  expect((await admin.read(`/programmes/${slug}/returns?periodId=${periodId}`)).data).toHaveLength(1);
  await checkBoth(page, 'returns import: preview');

  // ---- import: the confirmation, with the way to the returns and the table
  await page.getByRole('button', { name: 'Import 2 returns' }).click();
  const done = page.getByRole('status').filter({ has: page.getByRole('heading', { name: '2 returns imported' }) });
  await waitFor(() => done.count()).toBe(1);
  expect(await done.textContent()).toContain('1 return already in Cairn was replaced.');
  expect(await done.getByRole('link', { name: 'See the returns for 2024–25' }).getAttribute('href')).toBe(
    `/programmes/${slug}/monitoring/returns?periodId=${periodId}`,
  );
  const { data: imported } = await admin.read(`/programmes/${slug}/returns?periodId=${periodId}`);
  expect(imported.map((r: { partnership: { name: string }; status: string }) => `${r.partnership.name}: ${r.status}`).sort()).toEqual([
    'Harbourside Together: submitted',
    'Northgate Neighbours: submitted',
  ]);
  await checkBoth(page, 'returns import: done');

  await done.getByRole('link', { name: 'See the portfolio table for 2024–25' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Portfolio table');
  const table = page.getByRole('table', { name: /in numbers, 2024–25/ });
  const rowText = (name: string) =>
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name }) })
      .textContent();
  await waitFor(() => rowText('Harbourside Together')).toMatch(/^Harbourside Together\*.*481,250$/);
  expect(await rowText('Northgate Neighbours')).toMatch(/^Northgate Neighbours12-not reported/);
  expect(await rowText('Total')).toBe('Total601,250');
  const notes = await page.locator('.footnotes').textContent();
  expect(notes).toContain('Reporting period Nov 2024 - Feb 2025');
  expect(notes).toContain('Our survey was not finished in time');
  await checkBoth(page, 'portfolio table after the import');

  // ---- a period the programme lacks: the preview says it will be created, the import creates it
  await page.goto(`${base}/monitoring/import`);
  await page.getByRole('radio', { name: 'A new reporting period' }).check();
  await page.getByLabel('Spreadsheet of returns').setInputFiles(csvFile('next-year.csv', FIXED));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await waitFor(() =>
    page.getByRole('alert').getByRole('link', { name: 'Give the new reporting period a label, for example 2025–26' }).count(),
  ).toBe(1);
  await checkBoth(page, 'returns import: new period without a label');
  await page.getByLabel('Label of the new period').fill('2025–26');
  await page.getByLabel('Spreadsheet of returns').setInputFiles(csvFile('next-year.csv', FIXED));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await waitFor(() => page.getByRole('heading', { name: 'What importing next-year.csv will do' }).count()).toBe(1);
  expect(await page.locator('.summary-list').textContent()).toContain('2025–26: a new period. Cairn creates it when you import');
  expect(await page.locator('.summary-list').textContent()).toContain('None: every return is new');
  await page.getByRole('button', { name: 'Import 2 returns' }).click();
  const created = page.getByRole('status').filter({ has: page.getByRole('heading', { name: '2 returns imported' }) });
  await waitFor(() => created.textContent()).toContain('Cairn created the reporting period 2025–26.');
  const { data: periods } = await admin.read(`/programmes/${slug}/reporting-periods`);
  const next = periods.find((p: { label: string }) => p.label === '2025–26');
  expect(await created.getByRole('link', { name: 'set the dates of 2025–26' }).getAttribute('href')).toBe(
    `/programmes/${slug}/monitoring/periods/${next.id}/edit`,
  );
  // The new period is now one to choose from.
  await waitFor(() => page.getByRole('radio', { name: '2025–26' }).count()).toBe(1);
  await checkBoth(page, 'returns import: a period created');
  await context.close();
});
