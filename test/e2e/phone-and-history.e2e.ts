// Tables on a phone and history in people's words (issue 14, points 5 and 6), at 360 px and 1280 px:
// a wide table shows that it scrolls and keeps its first column in view, the programme's sections are a
// menu on a phone, a record's history and the audit log read in words (no ids, no field keys), and the
// People list shows each person's roles. Data is set up over the API; each page is checked with axe-core.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  type RunningCairn,
  apiSession,
  checkPage,
  invitePerson,
  launchBrowser,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let slug = '';
let grantId = '';
const person = { email: `eve.${unique()}@example.org`, name: 'Eve Evaluator', password: 'a long enough evaluator password' };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
// A key as code spells it: recipientOrganisationId, phaseId, amountGbp…
const CAMEL_KEY = /\b[a-z]+(?:[A-Z][a-z]+)+\b/;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  slug = `phone-${unique()}`;
  await admin.send('POST', '/programmes', { slug, name: 'Harbour Estates' });
  const p = `/programmes/${slug}`;
  const phase1 = (await admin.send('POST', `${p}/phases`, { number: 1, name: 'Getting started' })).data.id;
  const phase2 = (await admin.send('POST', `${p}/phases`, { number: 2, name: 'Growing' })).data.id;
  const org = (await admin.send('POST', `${p}/organisations`, { name: 'Harbour Community Trust' })).data.id;
  const other = (await admin.send('POST', `${p}/organisations`, { name: 'Quayside Youth Club' })).data.id;
  const partnerships: string[] = [];
  for (const name of ['Harbour Side Neighbours', 'Quayside Together', 'North Basin Residents Association']) {
    partnerships.push((await admin.send('POST', `${p}/partnerships`, { name })).data.id);
  }
  await admin.send('PUT', `${p}/phases/${phase1}/progressions/${partnerships[2]}`, {
    progressed: false,
    reason: 'The members could not agree which organisation should hold the money, so the partnership did not apply for the next phase.',
  });
  // Six indicators make the portfolio table wider than a phone.
  for (const [key, label] of [
    ['volunteers', 'Volunteers'],
    ['beneficiaries', 'Beneficiaries'],
    ['volunteer_hours', 'Volunteer hours'],
    ['events', 'Community events'],
    ['groups', 'Groups supported'],
    ['spaces', 'Spaces improved'],
  ]) {
    await admin.send('POST', `${p}/indicators`, { key, label });
  }
  await admin.send('POST', `${p}/reporting-periods`, {
    label: 'Year 1',
    startsOn: '2025-04-01',
    endsOn: '2026-03-31',
    dueOn: '2026-04-30',
  });
  const grant = await admin.send('POST', `${p}/grants`, {
    title: 'Start-up grant',
    recipientOrganisationId: org,
    partnershipId: partnerships[0],
    phaseId: phase1,
    amountGbp: 25000,
    awardedOn: '2026-03-27',
  });
  grantId = grant.data.id;
  await admin.send('PATCH', `${p}/grants/${grantId}`, { recipientOrganisationId: other, phaseId: phase2, amountGbp: 27500 });
  // The first recipient then goes: the grant's history names it "(deleted)".
  await admin.send('DELETE', `${p}/organisations/${org}`).catch(() => undefined);
  await invitePerson(cairn.url, admin, person, slug, 'evaluator');
  await admin.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

/** What a page's history or log says, checked for ids and keys as code spells them. */
async function readsInWords(page: Page, selector: string, label: string) {
  const text = (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ');
  expect(text, `${label}: no raw ids`).not.toMatch(UUID);
  expect(text.match(CAMEL_KEY)?.[0] ?? null, `${label}: no field keys`).toBeNull();
  return text;
}

test.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])(
  'on a %s screen: wide tables, programme sections, history in words, people with their roles',
  { timeout: 120_000 },
  async (label, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
    const base = `${cairn.url}/programmes/${slug}`;

    // ---- the programme's sections: a menu on a phone, a row of links on a desktop
    await page.goto(base);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Harbour Estates');
    const nav = page.getByRole('navigation', { name: /sections/ });
    const menu = nav.getByRole('button', { name: /^Section: Overview/ });
    if (label === 'phone') {
      expect(await menu.isVisible()).toBe(true);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.getByRole('link', { name: 'Grants', exact: true }).isVisible()).toBe(false);
      // The title and the menu button: two rows at most before the content.
      const height = (await nav.boundingBox())!.height;
      expect(height, 'the sections take two rows at most').toBeLessThanOrEqual(110);
      await checkPage(page, `${label}: programme overview`);
      // Keyboard: the button opens the list, and a link in it goes to its page, closing the list.
      await menu.focus();
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      expect(await nav.getByRole('link', { name: 'Grants', exact: true }).isVisible()).toBe(true);
      await nav.getByRole('link', { name: 'Monitoring', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => nav.getByRole('button', { name: /^Section: Monitoring/ }).getAttribute('aria-expanded')).toBe('false');
    } else {
      expect(await menu.isVisible()).toBe(false);
      expect(await nav.getByRole('link', { name: 'Grants', exact: true }).isVisible()).toBe(true);
      // The links in two rows at most under the programme's name (ten sections at 1280 px).
      const tops = new Set(await nav.getByRole('link').evaluateAll((links) => links.map((l) => Math.round(l.getBoundingClientRect().top))));
      expect(tops.size, 'the section links in two rows at most').toBeLessThanOrEqual(2);
      await checkPage(page, `${label}: programme overview`);
    }

    // ---- the phase progression: its reason is in the table, readable
    const progression = page.getByRole('table', { name: 'Progression from phase 1' });
    await page.goto(base);
    await expect.poll(() => progression.count()).toBe(1);
    expect(await progression.innerText()).toContain('could not agree which organisation should hold the money');

    // ---- a wide table: the portfolio, six indicators
    await page.goto(`${base}/monitoring/table`);
    const box = page.locator('.table-box').first();
    await expect.poll(() => box.count()).toBe(1);
    if (label === 'phone') {
      await expect.poll(() => box.locator('.table-hint').isVisible()).toBe(true);
      expect(await box.locator('.table-hint').innerText()).toContain('Scroll sideways');
      const wrap = box.locator('.table-wrap');
      const firstCell = wrap.locator('tbody tr').first().locator('th, td').first();
      expect(await firstCell.evaluate((c) => getComputedStyle(c).position)).toBe('sticky');
      const before = (await firstCell.boundingBox())!.x;
      await wrap.evaluate((w) => {
        w.scrollLeft = w.scrollWidth;
      });
      await expect.poll(async () => (await wrap.evaluate((w) => w.scrollLeft)) > 0).toBe(true);
      expect(Math.abs((await firstCell.boundingBox())!.x - before), 'the first column stays in view').toBeLessThan(2);
      // The last column is reached, and the table region is in the keyboard's path to scroll it.
      expect(await wrap.getAttribute('tabindex')).toBe('0');
    } else {
      expect(await box.locator('.table-hint').count()).toBe(0);
    }
    await checkPage(page, `${label}: portfolio table`);

    // ---- a grant's history, in words
    await page.goto(`${base}/grants/${grantId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'History' }).count()).toBe(1);
    const history = await readsInWords(page, 'section[aria-labelledby="history-heading"]', `${label}: grant history`);
    expect(history).toContain('Organisation that received the grant');
    expect(history).toContain('Quayside Youth Club');
    expect(history).toContain('Phase 2: Growing');
    expect(history).toContain('£27,500.00');
    expect(history).toContain('27 March 2026');
    await checkPage(page, `${label}: grant with history`);

    // ---- the audit log, in words
    await page.goto(`${base}/audit`);
    await expect.poll(() => page.getByRole('table').count()).toBeGreaterThan(0);
    const log = await readsInWords(page, 'main', `${label}: audit log`);
    expect(log).toContain('Reason when not');
    expect(log).toContain('Grant: Start-up grant');
    await checkPage(page, `${label}: audit log`);

    // ---- People: each person's roles
    await page.goto(`${cairn.url}/admin/users`);
    const row = page.getByRole('row').filter({ hasText: person.name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('Harbour Estates: Evaluator');
    await checkPage(page, `${label}: people`);
    await context.close();
  },
);
