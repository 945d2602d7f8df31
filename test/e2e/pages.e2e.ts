// What a person meets when something is missing or wrong, and what a slow phone has to download.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  ROOT,
  type RunningCairn,
  checkPage,
  createProgramme,
  gzippedAssetBytes,
  launchBrowser,
  startCairn,
  unique,
} from './support.js';

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

async function signedIn(viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${cairn.url}/sign-in`);
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => heading(page).textContent()).toBe('What to do next');
  return page;
}

describe('forms with mistakes', () => {
  test('a required field left empty: the error summary takes focus and links to the field', async () => {
    const page = await signedIn(PHONE);
    await page.goto(`${cairn.url}/programmes/new`);
    await expect.poll(() => heading(page).textContent()).toBe('Create a programme');
    const slug = `empty-name-${unique()}`;
    await page.getByLabel('Short name for web addresses').fill(slug);
    await page.getByRole('button', { name: 'Create programme' }).click();

    const summary = page.getByRole('alert');
    await expect.poll(() => summary.getByRole('heading').textContent()).toBe('There is a problem');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    const link = summary.getByRole('link', { name: 'Enter the programme name' });
    expect(await link.getAttribute('href')).toBe('#f-name');
    // The same message sits beside the field, tied to it for screen readers.
    const field = page.getByLabel('Programme name');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await field.getAttribute('aria-describedby')}`).textContent()).toContain('Enter the programme name');
    await checkPage(page, 'programme form with an error');

    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    // Nothing was created.
    expect((await page.request.get(`${cairn.url}/api/v1/programmes/${slug}`)).status()).toBe(404);
    await page.context().close();
  });

  test('signing in with the wrong password says so plainly, without saying which part was wrong', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${cairn.url}/sign-in`);
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').getByRole('link').textContent()).toBe('The email address or password is not right');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await checkPage(page, 'sign in with an error');
    await context.close();
  });
});

describe('a spreadsheet with mistakes', () => {
  test('the preview lists every bad row and column, and nothing is imported', async () => {
    const page = await signedIn(PHONE);
    const slug = await createProgramme(page, cairn.url, 'Import mistakes');
    await page.goto(`${cairn.url}/programmes/${slug}/import`);
    await page.getByLabel('Spreadsheet').setInputFiles(join(ROOT, 'test/fixtures/registry-import/bad-rows.csv'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.getByRole('link').first().textContent()).toMatch(/^Nothing was imported: \d+ problems? in \d+ rows?/);
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#f-file');
    const problems = page.getByRole('table', { name: 'Problems, by row' });
    const rows = await problems.getByRole('row').allTextContents();
    // Row 3 has no partnership name, row 4 a misspelt nation, row 6 no place (the heading row is row 1).
    expect(rows.some((r) => r.startsWith('3partnership'))).toBe(true);
    expect(rows.some((r) => r.startsWith('4nation'))).toBe(true);
    expect(rows.some((r) => r.startsWith('6place'))).toBe(true);
    await checkPage(page, 'import with bad rows');
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    const list = await (await page.request.get(`${cairn.url}/api/v1/programmes/${slug}/partnerships`)).json();
    expect(list.page.total).toBe(0);
    await page.context().close();
  });
});

describe('people', () => {
  test('an administrator gives someone a role in a programme from their page', async () => {
    const page = await signedIn();
    const slug = await createProgramme(page, cairn.url, 'Roles check');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('table').getByRole('link', { name: ADMIN.name }).click();
    await expect.poll(() => heading(page).textContent()).toContain(ADMIN.name);
    await checkPage(page, 'user page');
    await page.getByLabel('Programme', { exact: true }).first().selectOption(slug);
    await page.getByLabel('Role', { exact: true }).selectOption('evaluator');
    await page.getByRole('button', { name: 'Save role' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /roles in programmes/ })
          .getByRole('row')
          .allTextContents(),
      )
      .toEqual(['ProgrammeRoleRemove', expect.stringMatching(/^Roles checkEvaluatorRemove/)]);
    await checkPage(page, 'user page with a role');
    await page.context().close();
  });
});

describe('pages that are not there', () => {
  test('an unknown address and an unknown programme get a plain "not found" page', async () => {
    const page = await signedIn();
    await page.goto(`${cairn.url}/no/such/page`);
    await expect.poll(() => heading(page).textContent()).toBe('Page not found');
    await checkPage(page, 'unknown address');
    await page.goto(`${cairn.url}/programmes/no-such-programme/places`);
    await expect.poll(() => heading(page).textContent()).toBe('Page not found');
    expect(await page.locator('main').textContent()).toContain('That programme was not found, or you do not have access to it.');
    await checkPage(page, 'unknown programme');
    await page.context().close();
  });

  test('someone signed out who opens a page is asked to sign in, then taken to it', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${cairn.url}/admin/users`);
    await expect.poll(() => page.url()).toBe(`${cairn.url}/sign-in?next=${encodeURIComponent('/admin/users')}`);
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('People');
    await context.close();
  });
});

describe('download size', () => {
  test('the sign-in page and the partnerships list need at most 150 KB of JavaScript and CSS, gzipped, and the list asks for its data all at once', async () => {
    const page = await signedIn();
    const slug = `size-${unique()}`;
    await page.goto(`${cairn.url}/programmes/new`);
    await page.getByLabel('Programme name').fill('Download size check');
    await page.getByLabel('Short name for web addresses').fill(slug);
    await page.getByRole('button', { name: 'Create programme' }).click();
    await expect.poll(() => page.url()).toBe(`${cairn.url}/programmes/${slug}`);

    // A fresh context each time: nothing cached, as on a first visit.
    const signInContext = await browser.newContext({ viewport: PHONE });
    const signInBytes = await gzippedAssetBytes(await signInContext.newPage(), `${cairn.url}/sign-in`);
    await signInContext.close();
    const listContext = await browser.newContext({ viewport: PHONE, storageState: await page.context().storageState() });
    const listPage = await listContext.newPage();
    // Which API answers the list asked for, in order, and which had come back when each was asked.
    const asked: { path: string; answered: string[] }[] = [];
    const answered: string[] = [];
    const apiPath = (url: string) => new URL(url).pathname.replace('/api/v1', '') + new URL(url).search;
    listPage.on('request', (r) => {
      if (r.url().includes('/api/v1/') && !r.url().includes('/auth/session'))
        asked.push({ path: apiPath(r.url()), answered: [...answered] });
    });
    listPage.on('requestfinished', (r) => {
      if (r.url().includes('/api/v1/') && !r.url().includes('/auth/session')) answered.push(apiPath(r.url()));
    });
    const listBytes = await gzippedAssetBytes(listPage, `${cairn.url}/programmes/${slug}/partnerships`);
    expect(await heading(listPage).textContent()).toContain('Partnerships');
    await expect.poll(() => listPage.getByText('There are no partnerships yet.').count()).toBe(1);
    // The programme, the places and the first page of partnerships are asked for at once, each once, as
    // the address opens: none waits for another's answer (a round trip each on a slow phone connection).
    expect(asked.map((a) => a.path).sort()).toEqual(
      [`/programmes/${slug}`, `/programmes/${slug}/partnerships?page=1&pageSize=25`, `/programmes/${slug}/places?pageSize=200`].sort(),
    );
    expect(asked.filter((a) => a.answered.length > 0)).toEqual([]);
    await listContext.close();

    expect(signInBytes).toBeGreaterThan(0);
    expect(signInBytes).toBeLessThanOrEqual(150 * 1024);
    expect(listBytes).toBeLessThanOrEqual(150 * 1024);
    await page.context().close();
  });
});
