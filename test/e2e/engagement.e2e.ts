// The engagement register in a real browser: a resident opens a locality's public "you said, we did" page
// on a 360 px phone without an account (axe-core clean, no sideways scroll) and answers the participants'
// feedback form there (a missed question named, then thanks); a manager records an
// engagement that overlaps another partner's and is warned on the form before saving, and on its page
// after. Data is set up over the API.
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
const slug = `engagement-${unique()}`;
let feedbackPath = '';

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'West Lothian Community Planning' });
  const { data: survey } = await admin.send('POST', `/programmes/${slug}/engagements`, {
    title: 'Housing needs survey',
    topics: ['Housing', 'Repairs'],
    locality: 'Whitburn',
    startsOn: '2026-03-02',
    endsOn: '2026-03-13',
    level: 'consult',
    leadPartner: 'West Lothian Council',
    published: true,
  });
  feedbackPath = survey.feedbackPath;
  const { data: walk } = await admin.send('POST', `/programmes/${slug}/engagements`, {
    title: 'Green spaces walk',
    topics: ['Parks'],
    locality: 'Armadale',
    startsOn: '2026-05-04',
    endsOn: '2026-05-04',
    level: 'involve',
    leadPartner: 'Armadale Community Council',
  });
  for (const [id, rating] of [
    [survey.id, 'fully'],
    [walk.id, 'partly'],
  ])
    await admin.send('PUT', `/programmes/${slug}/engagements/${id}/self-assessments/1`, {
      ratings: [{ standard: 'Inclusion', rating, evidence: 'Who came, by age and area.' }],
    });
  await admin.send('POST', `/programmes/${slug}/engagements/${survey.id}/you-said-we-did`, {
    said: 'Repairs take months to happen.',
    did: 'A repairs line now answers every weekday evening.',
    status: 'in progress',
    progress: 40,
    published: true,
  });
  await admin.send('POST', `/programmes/${slug}/engagements/${survey.id}/you-said-we-did`, { said: 'Not agreed for publishing yet.' });
  await admin.ctx.dispose();
});

afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('a resident reads the public locality page on a phone without an account', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const res = await page.goto(`${cairn.url}/you-said-we-did/${slug}/whitburn`);
  expect(res?.status()).toBe(200);
  expect(await heading(page).textContent()).toBe('You said, we did: Whitburn');
  expect(await page.getByText('A repairs line now answers every weekday evening.').count()).toBe(1);
  expect(await page.getByText('Not agreed for publishing yet.').count()).toBe(0);
  // Server-rendered: no script at all.
  expect(await page.locator('script').count()).toBe(0);
  await checkPage(page, 'phone: public locality page');
  // The participants' feedback form, on the same phone, without an account: a missed question is named.
  await page.goto(`${cairn.url}${feedbackPath}`);
  await page.getByRole('group', { name: 'Did you feel your input was valued?' }).getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Send your answers' }).click();
  expect(await page.locator('.error-message').count()).toBeGreaterThan(0);
  await checkPage(page, 'phone: feedback form with an error');
  expect(await page.getByRole('group', { name: 'Did you feel your input was valued?' }).getByLabel('Yes').isChecked()).toBe(true);
  await page.getByRole('group', { name: 'Did you understand what the engagement was for?' }).getByLabel('Partly').check();
  await page.getByRole('group', { name: 'Would you take part again?' }).getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Send your answers' }).click();
  expect(await heading(page).textContent()).toBe('Thank you');
  await context.close();
});

test('a manager records an engagement that overlaps another partner’s and is warned before and after saving', {
  timeout: 180_000,
}, async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  await page.goto(`${cairn.url}/programmes/${slug}/engagements/new`);
  await waitFor(() => heading(page).textContent()).toBe('Record an engagement');
  await page.getByLabel('Title', { exact: true }).fill('Homes and health drop-in');
  await page.getByLabel('Topics', { exact: true }).fill('houses; health');
  await page.getByLabel('Locality', { exact: true }).fill('whitburn');
  await fillDate(page, 'Starts on', '20', '3', '2026');
  await fillDate(page, 'Ends on', '20', '3', '2026');
  await page.getByLabel('Lead partner', { exact: true }).fill('NHS Lothian');
  const warning = page.locator('.overlap-warning');
  await waitFor(() => warning.count()).toBe(1);
  expect(await warning.textContent()).toContain('Two partners plan consultations on housing in Whitburn in March 2026.');
  await page.getByRole('radio', { name: 'Consult' }).check();
  await checkPage(page, 'desktop: engagement form with an overlap warning');
  await page.getByRole('button', { name: 'Record engagement' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Homes and health drop-in');
  await waitFor(() => warning.count()).toBe(1);
  expect(await warning.textContent()).toContain('Housing needs survey');
  await checkPage(page, 'desktop: engagement page with its overlap');
  await page.setViewportSize(PHONE);
  await page.goto(`${cairn.url}/programmes/${slug}/engagements/overlaps`);
  await waitFor(() => heading(page).textContent()).toBe('Overlapping engagements');
  expect(await page.getByRole('heading', { name: '1. Two partners plan consultations on housing in Whitburn in March 2026' }).count()).toBe(
    1,
  );
  await checkPage(page, 'phone: overlaps');
  // The portfolio of strengths and gaps by lead partner and standard, with each standard's total.
  await page.goto(`${cairn.url}/programmes/${slug}/engagements/standards`);
  const total = page.getByRole('row', { name: /All partners/ });
  await waitFor(() => total.count()).toBe(1);
  expect(await total.textContent()).toContain('1 strength, 1 gap');
  await checkPage(page, 'phone: standards portfolio');
  await context.close();
});
