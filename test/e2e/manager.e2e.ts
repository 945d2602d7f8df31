// A programme manager's other pages: vocabularies, phases and progressions, an organisation's status,
// partnership members, grants and changing a record (its history shows old → new). Each page is
// checked with axe-core.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  ROOT,
  type RunningCairn,
  checkPage,
  createProgramme,
  fillDate,
  launchBrowser,
  signIn,
  startCairn,
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

test('a manager keeps a programme up to date', { timeout: 400_000 }, async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  const slug = await createProgramme(page, cairn.url, 'Upkeep');
  const base = `${cairn.url}/programmes/${slug}`;
  const sections = page.getByRole('navigation', { name: /sections/ });

  // Seed the registry from the journey's spreadsheet.
  await page.goto(`${base}/import`);
  await page.getByLabel('Spreadsheet').setInputFiles(join(ROOT, 'test/fixtures/registry-import/ui-journey.csv'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: /^Import: 3 new partnerships/ }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Import complete' }).count()).toBe(1);

  // ---- vocabularies: add a theme, then rename it
  await sections.getByRole('link', { name: 'Vocabularies', exact: true }).click();
  await checkPage(page, 'vocabularies');
  await page.getByLabel('Add to themes').fill('Food');
  await page.getByRole('button', { name: 'Add to themes' }).click();
  const themes = page.getByRole('table', { name: 'Themes' });
  await expect.poll(() => themes.getByRole('rowheader').allTextContents()).toEqual(['Food']);
  await themes.getByRole('link', { name: 'Rename Food' }).click();
  await expect.poll(() => heading(page).textContent()).toContain('Rename Food');
  await checkPage(page, 'rename a term');
  await page.getByLabel('Term', { exact: true }).fill('Food and growing');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect
    .poll(() => page.getByRole('table', { name: 'Themes' }).getByRole('rowheader').allTextContents())
    .toEqual(['Food and growing']);

  // ---- a phase, and a partnership that did not go on from it
  await sections.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('link', { name: 'Add a phase' }).click();
  await checkPage(page, 'add a phase');
  await page.getByLabel('Phase number').fill('1');
  await page.getByLabel('Phase name').fill('Development');
  await fillDate(page, 'Starts on (optional)', '1', '4', '2019');
  await page.getByRole('button', { name: 'Add phase' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Phase 1: Development' }).count()).toBe(1);
  await page.getByRole('link', { name: 'Record whether a partnership progressed from phase 1' }).click();
  await checkPage(page, 'record a progression');
  await page.getByLabel('Partnership', { exact: true }).selectOption({ label: 'Glen Valley Partnership' });
  await page.getByLabel('No', { exact: true }).check();
  await page.getByLabel('Reason').fill('The panel asked for a new lead organisation first.');
  await page.getByRole('button', { name: 'Save' }).click();
  const progression = page.getByRole('table', { name: 'Progression from phase 1' });
  await expect
    .poll(() => progression.getByRole('row').allTextContents())
    .toEqual([
      'PartnershipWent onReason when not',
      'Glen Valley PartnershipDid not progressThe panel asked for a new lead organisation first.',
    ]);
  await checkPage(page, 'overview with a phase');

  // ---- an organisation's change of status
  await sections.getByRole('link', { name: 'Organisations', exact: true }).click();
  await page.getByRole('link', { name: 'Glen Valley Development Trust' }).click();
  await page.getByRole('link', { name: 'Record a change of status' }).click();
  await checkPage(page, 'record a status');
  await page.getByLabel('Struggling').check();
  await fillDate(page, 'From when?', '1', '5', '2024');
  await page.getByRole('button', { name: 'Record status' }).click();
  await expect
    .poll(() =>
      page
        .getByRole('table', { name: /Status changes/ })
        .getByRole('row')
        .allTextContents(),
    )
    .toEqual(['FromStatusReason', '1 May 2024Struggling']);
  await checkPage(page, 'organisation with a status');

  // ---- a second member organisation in a partnership
  await sections.getByRole('link', { name: 'Partnerships', exact: true }).click();
  await page.getByRole('link', { name: 'Riverside Neighbours Network' }).click();
  await page.getByRole('link', { name: 'Add a member organisation' }).click();
  await checkPage(page, 'add a member');
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Glen Valley Development Trust' });
  await page.getByLabel('Role').fill('delivery partner');
  await fillDate(page, 'Joined on (optional)', '15', '1', '2020');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect
    .poll(() =>
      page
        .getByRole('table', { name: /Member organisations/ })
        .getByRole('rowheader')
        .allTextContents(),
    )
    .toEqual(['Riverside Community Trust', 'Glen Valley Development Trust']);
  await checkPage(page, 'partnership with two members');

  // ---- a grant in pounds and pence
  await sections.getByRole('link', { name: 'Grants', exact: true }).click();
  await checkPage(page, 'grants (empty)');
  await page.getByRole('link', { name: 'Record a grant' }).click();
  await checkPage(page, 'record a grant');
  await page.getByLabel('Grant title').fill('Development grant');
  await page.getByLabel('Amount').fill('4,500.50');
  await page.getByLabel('Organisation that received the grant').selectOption({ label: 'Riverside Community Trust' });
  await page.getByLabel('Partnership (optional)').selectOption({ label: 'Riverside Neighbours Network' });
  await page.getByLabel('Phase (optional)').selectOption({ label: '1. Development' });
  await fillDate(page, 'Awarded on (optional)', '20', '5', '2019');
  await page.getByRole('button', { name: 'Record grant' }).click();
  await expect.poll(() => heading(page).textContent()).toContain('Development grant');
  expect(await page.getByRole('definition').allTextContents()).toContain('£4,500.50');
  await checkPage(page, 'grant record');
  await sections.getByRole('link', { name: 'Grants', exact: true }).click();
  await expect.poll(() => page.getByText('Together these grants come to £4,500.50').count()).toBe(1);
  await checkPage(page, 'grants list');

  // ---- changing a place: its history says what it was and what it is now
  await sections.getByRole('link', { name: 'Places', exact: true }).click();
  await page.getByRole('link', { name: 'Riverside', exact: true }).click();
  await page.getByRole('link', { name: 'Change details' }).click();
  await checkPage(page, 'change a place');
  await page.getByLabel('Local authority (optional)').fill('Wirral');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => page.getByRole('definition').allTextContents()).toContain('Wirral');
  const change = page.getByRole('table', { name: /What changed/ }).first();
  expect(await change.getByRole('row').allTextContents()).toContain('Local authority(empty)Wirral');
  await checkPage(page, 'place with history');
  await context.close();
});
