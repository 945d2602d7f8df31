// A partnership goes through the annual review of its action plan (issue 16, point 7): its member, on a
// phone, answers one priority a page, is told what is missing, checks the answers and saves; the plan
// then shows the review, and the one-page print view carries it. The plan page's nudge about narrow
// ownership, the plan itself and the print view are checked with axe-core at 360 and 1280 px.
// And support (points 2–3): a manager sets the partnership's allowance on a phone; its facilitator, on
// a phone, logs a visit and a credit spend, and the balance and the burn-down change by those amounts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  apiSession,
  checkPage,
  DESKTOP,
  fillDate,
  invitePerson,
  launchBrowser,
  PHONE,
  type RunningCairn,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let planId: string;
let partnershipId: string;
const slug = `plans-${unique()}`;
const MEMBER = { email: 'pat.member@example.org', name: 'Pat Member', password: 'a member’s long password' };
const FACILITATOR = { email: 'fran.facilitator@example.org', name: 'Fran Facilitator', password: 'a facilitator’s long password' };

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Neighbourhood Programme', funder: 'Example Foundation' });
  const { data: partnership } = await admin.send('POST', `/programmes/${slug}/partnerships`, { name: 'Canley Residents Action Group' });
  const { data: plan } = await admin.send('POST', `/programmes/${slug}/plans`, {
    kind: 'action',
    partnershipId: partnership.id,
    title: 'Canley action plan',
    purpose: 'A neighbourhood residents are proud of',
    priorities: [
      { horizon: 'short', text: 'Open a community shop' },
      { horizon: 'long', text: 'Take on the old library' },
    ],
    participants: [{ who: 'The chair', count: 1 }],
  });
  planId = plan.id;
  partnershipId = partnership.id;
  // Fran has the facilitator role and covers Canley as a support provider linked to her account.
  await invitePerson(cairn.url, admin, FACILITATOR, slug, 'facilitator');
  const { people } = await admin.read(`/programmes/${slug}/support/providers`);
  const fran = people.find((p: { name: string }) => p.name === FACILITATOR.name);
  const { data: provider } = await admin.send('POST', `/programmes/${slug}/support/providers`, {
    role: 'facilitator',
    name: FACILITATOR.name,
    userId: fran.id,
  });
  await admin.send('PUT', `/programmes/${slug}/support/providers/${provider.id}/partnerships/${partnership.id}`, {
    contactName: 'The chair',
  });
  const { data: invitation } = await admin.send('POST', '/invitations', {
    email: MEMBER.email,
    name: MEMBER.name,
    programme: slug,
    partnershipId: partnership.id,
  });
  const anonymous = await apiSession(cairn.url, '', '');
  await anonymous.send('POST', `/invitations/${String(invitation.link).split('/').pop()}/accept`, { password: MEMBER.password });
  await anonymous.ctx.dispose();
  await admin.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('a partnership goes through an annual review of its action plan', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, cairn.url, MEMBER.email, MEMBER.password);
  const plan = `${cairn.url}/programmes/${slug}/plans/${planId}`;
  await page.goto(plan);
  await waitFor(() => heading(page).textContent()).toContain('Canley action plan');
  // Made by one person: the page says so and nudges the group to widen it.
  expect(await page.locator('.plan-nudge').textContent()).toContain('1 person took part. A plan made by one or two people');
  await checkPage(page, 'phone: action plan');

  await page.getByRole('link', { name: 'Start the annual review' }).click();
  await waitFor(() => heading(page).textContent()).toContain('About the review');
  await page.getByRole('button', { name: 'Continue' }).click();
  // Nothing filled in: the summary names each field.
  const summary = page.getByRole('alert');
  await waitFor(() => summary.getByRole('link').count()).toBe(3);
  await checkPage(page, 'phone: about the review, with errors');
  await fillDate(page, 'When was the review meeting?', '20', '1', '2025');
  await page.getByLabel('Who took part?').fill('Open review meeting at the community centre');
  await page.getByLabel('How many people took part?').fill('14');
  await page.getByRole('button', { name: 'Continue' }).click();

  // One priority a page.
  await waitFor(() => heading(page).textContent()).toContain('Open a community shop');
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => summary.getByRole('link', { name: 'Choose how this priority is going' }).count()).toBe(1);
  await page.getByLabel('On track').check();
  await page.getByLabel('What happened (optional)').fill('A unit is found; opening in March');
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Take on the old library');
  await checkPage(page, 'phone: a priority of the review');
  await page.getByLabel('Not started').check();
  await page.getByLabel('What changes next (optional)').fill('Ask the council for a meeting');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Check answers, change one, and save.
  await waitFor(() => heading(page).textContent()).toContain('Check your answers');
  expect(await page.locator('.answers').textContent()).toContain('Ask the council for a meeting');
  await checkPage(page, 'phone: check your answers');
  await page.getByRole('link', { name: 'Change how “Take on the old library” is going' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Take on the old library');
  await page.getByLabel('Some progress').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Check your answers');
  expect(await page.locator('.answers').textContent()).toContain('Some progress');
  await page.getByRole('button', { name: 'Save the review' }).click();

  // The plan now shows the review.
  await waitFor(() => heading(page).textContent()).toContain('Canley action plan');
  await waitFor(() => page.getByText('2 of 2 priorities on track or making some progress').count()).toBe(1);
  expect(await page.getByRole('heading', { name: 'Reviewed 20 January 2025' }).count()).toBe(1);

  // The one-page view to print, at both widths.
  await page.getByRole('link', { name: 'One-page version to print' }).click();
  await waitFor(() => page.locator('.print-plan').textContent()).toContain('Last reviewed 20 January 2025');
  expect(await page.locator('.print-plan').textContent()).toContain('Take on the old library (some progress)');
  await checkPage(page, 'phone: the plan to print');
  await page.setViewportSize(DESKTOP);
  await checkPage(page, 'desktop: the plan to print');
  await page.goto(plan);
  await waitFor(() => heading(page).textContent()).toContain('Canley action plan');
  await checkPage(page, 'desktop: action plan with its review');
  await context.close();
});

test('a facilitator on a phone logs a visit and a credit spend; the balance and burn-down change', { timeout: 300_000 }, async () => {
  const support = `${cairn.url}/programmes/${slug}/support`;
  // Support began on the first of the month two months ago and runs for three years.
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  const manager = await browser.newContext({ viewport: PHONE });
  const admin = await manager.newPage();
  await signIn(admin, cairn.url, ADMIN.email, ADMIN.password);
  await admin.goto(`${support}/allowances`);
  await admin.getByRole('link', { name: 'Set the allowance of Canley Residents Action Group' }).click();
  await waitFor(() => heading(admin).textContent()).toContain('Allowance for Canley');
  await admin.getByRole('button', { name: 'Save the allowance' }).click();
  await waitFor(() => admin.getByRole('alert').getByRole('link').count()).toBe(5);
  await checkPage(admin, 'phone: allowance form, with errors');
  await fillDate(
    admin,
    'When does support start?',
    String(start.getUTCDate()),
    String(start.getUTCMonth() + 1),
    String(start.getUTCFullYear()),
  );
  await fillDate(admin, 'When does support end?', '1', String(start.getUTCMonth() + 1), String(start.getUTCFullYear() + 3));
  await admin.getByLabel('Facilitator days allowed').fill('24');
  await admin.getByLabel('Credit allowed').fill('7,500');
  await admin.getByLabel('Day rate').fill('350');
  await admin.getByRole('button', { name: 'Save the allowance' }).click();
  await waitFor(() => admin.getByRole('status').textContent()).toContain('Saved the allowance of Canley');
  await manager.close();

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, cairn.url, FACILITATOR.email, FACILITATOR.password);
  const mine = `${support}/partnerships/${partnershipId}`;
  await page.goto(mine);
  await waitFor(() => heading(page).textContent()).toContain('Support for Canley');
  const row = (label: string) => page.locator('.summary-list .summary-row').filter({ hasText: label }).first().textContent();
  const today = () => page.locator('table', { hasText: 'At an even pace' }).locator('tbody tr').last().textContent();
  await waitFor(() => row('Facilitator days left')).toContain('24 of 24');
  expect(await row('Credit left')).toContain('£7,500.00 of £7,500.00');
  const burnBefore = await today();
  expect(burnBefore).toContain('24');

  // A visit of 3 hours 30 minutes: half a 7-hour day.
  await page.getByRole('link', { name: 'Log a contact' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Log a contact');
  await page.getByRole('button', { name: 'Log the contact' }).click();
  await waitFor(() => page.getByRole('alert').getByRole('link', { name: 'Enter how long the contact took' }).count()).toBe(1);
  await checkPage(page, 'phone: log a contact, with errors');
  await page.getByLabel('Hours', { exact: true }).fill('3');
  await page.getByLabel('Minutes', { exact: true }).fill('30');
  await page.getByLabel('Topic (optional)').fill('Planning the open meeting');
  await page.getByRole('button', { name: 'Log the contact' }).click();
  await waitFor(() => row('Facilitator days left')).toContain('23.5 of 24');
  expect(await row('Facilitator days used')).toContain('0.5');

  // A credit spend of £250.
  await page.getByRole('link', { name: 'Record credit' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Record credit');
  await page.getByLabel('Amount').fill('250');
  await page.getByLabel('Purpose').fill('Hall hire for the open meeting');
  await page.getByRole('button', { name: 'Record it' }).click();
  await waitFor(() => row('Credit left')).toContain('£7,250.00 of £7,500.00');
  expect(await row('Credit spent')).toContain('£250.00');

  // The burn-down's row for today: 23.5 days and £7,250.00 left.
  const burnAfter = await today();
  expect(burnAfter).not.toBe(burnBefore);
  expect(burnAfter).toContain('23.5');
  expect(burnAfter).toContain('£7,250.00');
  await waitFor(() => page.getByRole('cell', { name: 'Hall hire for the open meeting' }).count()).toBe(1);
  await checkPage(page, 'phone: a partnership’s support after a visit and a spend');
  await page.setViewportSize(DESKTOP);
  await checkPage(page, 'desktop: a partnership’s support after a visit and a spend');
  await context.close();
});
