// A partnership goes through the annual review of its action plan (issue 16, point 7): its member, on a
// phone, answers one priority a page, is told what is missing, checks the answers and saves; the plan
// then shows the review, and the one-page print view carries it. The plan page's nudge about narrow
// ownership, the plan itself and the print view are checked with axe-core at 360 and 1280 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  apiSession,
  checkPage,
  DESKTOP,
  fillDate,
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
const slug = `plans-${unique()}`;
const MEMBER = { email: 'pat.member@example.org', name: 'Pat Member', password: 'a member’s long password' };

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
