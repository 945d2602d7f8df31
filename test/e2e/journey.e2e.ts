// The journey, in a real browser against a real server: an administrator invites a new
// administrator; they accept, sign in, build a programme's registry by hand and from a spreadsheet,
// and find each record again. Every page on the way is checked with axe-core, on a desktop screen and
// on a 360 px phone.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, DESKTOP, PHONE, ROOT, type RunningCairn, checkPage, launchBrowser, startCairn } from './support.js';

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

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Goes to one of the programme's sections: on a phone they are a menu, opened first. */
async function goToSection(page: Page, section: string) {
  const nav = page.getByRole('navigation', { name: /sections/ });
  const menu = nav.getByRole('button', { name: /^Section/ });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await nav.getByRole('link', { name: section, exact: true }).click();
}

/** Searches a list page and expects the one record it names among the results. */
async function findInList(page: Page, section: string, search: string, name: string, label: string) {
  await goToSection(page, section);
  await expect.poll(() => heading(page).textContent()).toContain(section);
  await page.getByRole('searchbox').fill(search);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^1 \w+ found/);
  await expect.poll(() => page.getByRole('table').getByRole('link', { name, exact: true }).count()).toBe(1);
  await checkPage(page, `${label}: ${section} search`);
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('on a %s screen', (label, viewport) => {
  // About 30 pages, each checked by axe-core: slower than the browser tier's default allowance.
  test('an invited administrator builds a programme registry, by hand and from a spreadsheet', { timeout: 400_000 }, async () => {
    // Each screen size gets its own person and programme on the shared server.
    const person = {
      email: `nia.newcomer.${label}@example.org`,
      name: label === 'desktop' ? 'Nia Newcomer' : 'Pat Phoneuser',
      password: 'my own long password',
    };
    const programme = { name: label === 'desktop' ? 'Harbour Lives' : 'Harbour Lives on the go', slug: `harbour-lives-${label}` };

    // ---- the first administrator invites a new administrator
    const adminContext = await browser.newContext({ viewport });
    const admin = await adminContext.newPage();
    await admin.goto(`${cairn.url}/`);
    await expect.poll(() => admin.url()).toContain('/sign-in');
    await checkPage(admin, `${label}: sign in`);
    await signIn(admin, ADMIN.email, ADMIN.password);
    await expect.poll(() => heading(admin).textContent()).toBe('What to do next');
    await checkPage(admin, `${label}: home (first administrator)`);
    await admin.getByRole('link', { name: 'People' }).click();
    await expect.poll(() => heading(admin).textContent()).toBe('People');
    await checkPage(admin, `${label}: people`);
    await admin.getByRole('link', { name: 'Invite someone' }).click();
    await expect.poll(() => heading(admin).textContent()).toBe('Invite someone');
    await checkPage(admin, `${label}: invite`);
    await admin.getByLabel('Their email address').fill(person.email);
    await admin.getByLabel('Their name').fill(person.name);
    await admin.getByLabel('Make them an administrator').check();
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    await expect.poll(() => heading(admin).textContent()).toBe('Invitation ready');
    const link = await admin.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(new RegExp(`^${cairn.url}/invitations/`));
    await checkPage(admin, `${label}: invitation link`);
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => heading(admin).textContent()).toBe('Sign in');
    await adminContext.close();

    // ---- the new person accepts the invitation, then signs in with their own password
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link);
    await expect.poll(() => heading(page).textContent()).toBe('Set up your Cairn account');
    await expect.poll(() => page.getByText(person.email).count()).toBeGreaterThan(0);
    await checkPage(page, `${label}: accept invitation`);
    await page.getByLabel('Choose a password').fill(person.password);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('What to do next');
    await expect.poll(() => page.getByRole('navigation', { name: 'Account' }).textContent()).toContain(person.name);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Sign in');
    await signIn(page, person.email, person.password);
    await expect.poll(() => heading(page).textContent()).toBe('What to do next');

    // ---- a programme
    await page.getByRole('link', { name: 'Create a programme' }).click();
    await checkPage(page, `${label}: create programme`);
    await page.getByLabel('Programme name').fill(programme.name);
    await page.getByLabel('Short name for web addresses').fill(programme.slug);
    await page.getByLabel('Funder').fill('The Harbour Fund');
    await page.getByLabel('Description').fill('Residents and local groups working together on the harbour estates.');
    await page.getByRole('button', { name: 'Create programme' }).click();
    await expect.poll(() => heading(page).textContent()).toContain(programme.name);
    expect(page.url()).toBe(`${cairn.url}/programmes/${programme.slug}`);
    await checkPage(page, `${label}: programme overview`);

    // ---- a place
    await goToSection(page, 'Places');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('0 places');
    await checkPage(page, `${label}: places (empty)`);
    await page.getByRole('link', { name: 'Add a place' }).click();
    await checkPage(page, `${label}: add place`);
    await page.getByLabel('Place name').fill('Harbourside');
    await page.getByLabel('Nation (optional)').selectOption('England');
    await page.getByLabel('Region (optional)').fill('South West');
    await page.getByLabel('Local authority (optional)').fill('Bristol');
    await page.getByLabel('Area code (optional)').fill('E06000023');
    await page.getByLabel('Deprivation index (optional)').selectOption('IMD');
    await page.getByLabel('Deprivation decile (optional)').fill('2');
    await page.getByRole('button', { name: 'Add place' }).click();
    await expect.poll(() => heading(page).textContent()).toContain('Harbourside');
    await expect.poll(() => page.getByText('Decile 2 of 10').count()).toBe(1);
    await checkPage(page, `${label}: place record`);
    await findInList(page, 'Places', 'harbour', 'Harbourside', label);

    // ---- an organisation
    await goToSection(page, 'Organisations');
    await page.getByRole('link', { name: 'Add an organisation' }).click();
    await checkPage(page, `${label}: add organisation`);
    await page.getByLabel('Organisation name').fill('Harbour Residents Group');
    await page.getByLabel('Type (optional)').selectOption('Residents group');
    await page.getByLabel('Micro').check();
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await expect.poll(() => heading(page).textContent()).toContain('Harbour Residents Group');
    await checkPage(page, `${label}: organisation record`);
    await findInList(page, 'Organisations', 'residents', 'Harbour Residents Group', label);

    // ---- a partnership, led by that organisation in that place
    await goToSection(page, 'Partnerships');
    await page.getByRole('link', { name: 'Add a partnership' }).click();
    await checkPage(page, `${label}: add partnership`);
    await page.getByLabel('Partnership name').fill('Harbourside Partnership');
    await page.getByLabel('Place', { exact: true }).selectOption({ label: 'Harbourside' });
    await page.getByLabel('Lead organisation', { exact: true }).selectOption({ label: 'Harbour Residents Group' });
    await page.getByRole('button', { name: 'Add partnership' }).click();
    await expect.poll(() => heading(page).textContent()).toContain('Harbourside Partnership');
    // Naming the lead organisation made it a member with the lead role.
    const members = page.getByRole('table', { name: /Member organisations/ });
    await expect
      .poll(() => members.getByRole('row').allTextContents())
      .toEqual(['OrganisationRoleMembershipChange', expect.stringMatching(/^Harbour Residents GroupLead.*Change/)]);
    await expect.poll(() => page.getByRole('heading', { name: 'History' }).count()).toBe(1);
    await checkPage(page, `${label}: partnership record`);
    await findInList(page, 'Partnerships', 'harbourside', 'Harbourside Partnership', label);

    // ---- a project of that partnership
    await goToSection(page, 'Projects');
    await page.getByRole('link', { name: 'Add a project' }).click();
    await checkPage(page, `${label}: add project`);
    await page.getByLabel('Project name').fill('Harbour Community Kitchen');
    await page.getByLabel('Description (optional)').fill('Weekly shared meals cooked by residents.');
    await page.getByLabel('Partnership', { exact: true }).selectOption({ label: 'Harbourside Partnership' });
    await page.getByLabel('Community organising').check();
    await page.getByLabel('Peer support and learning').check();
    await page.getByRole('button', { name: 'Add project' }).click();
    await expect.poll(() => heading(page).textContent()).toContain('Harbour Community Kitchen');
    await expect.poll(() => page.getByRole('definition').allTextContents()).toContain('Community organising, Peer support and learning');
    await checkPage(page, `${label}: project record`);
    await findInList(page, 'Projects', 'kitchen', 'Harbour Community Kitchen', label);

    // ---- a registry spreadsheet: preview, then confirm
    await goToSection(page, 'Import');
    await expect.poll(() => heading(page).textContent()).toContain('Import partnerships');
    await checkPage(page, `${label}: import`);
    await page.getByLabel('Spreadsheet').setInputFiles(join(ROOT, 'test/fixtures/registry-import/ui-journey.csv'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => page.getByRole('table', { name: /Partnerships to add/ }).count()).toBe(1);
    const toAdd = page.getByRole('table', { name: /Partnerships to add/ });
    expect(await toAdd.getByRole('rowheader').allTextContents()).toEqual(['Riverside Neighbours Network', 'Glen Valley Partnership']);
    const already = page.getByRole('table', { name: /Partnerships already in Cairn/ });
    expect(await already.getByRole('rowheader').allTextContents()).toEqual(['Harbourside Partnership']);
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /Places already in Cairn/ })
          .getByRole('rowheader')
          .allTextContents(),
      )
      .toEqual(['Harbourside']);
    await checkPage(page, `${label}: import preview`);
    await page.getByRole('button', { name: /^Import: 2 new partnerships/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Import complete' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Added 2 partnerships, 2 places and 2 organisations').count()).toBe(1);
    await checkPage(page, `${label}: import done`);
    await findInList(page, 'Partnerships', 'glen', 'Glen Valley Partnership', label);
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('3 partnerships');
    await checkPage(page, `${label}: partnerships list`);
    if (label === 'desktop' && process.env.CAIRN_UPDATE_SCREENSHOT) {
      await page.screenshot({ path: join(ROOT, 'docs/screenshot.png'), fullPage: false });
    }

    // ---- the overview counts what was made, and its audit log shows who did it
    await goToSection(page, 'Overview');
    await expect.poll(() => page.locator('.counts').textContent()).toContain('3 partnerships');
    await checkPage(page, `${label}: overview with data`);
    await goToSection(page, 'Audit log');
    await expect.poll(() => page.getByRole('table').textContent()).toContain(person.email);
    await checkPage(page, `${label}: audit log`);
    await context.close();
  });
});
