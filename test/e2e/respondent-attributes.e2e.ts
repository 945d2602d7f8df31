// Respondents' attributes and who was asked each question, in a real browser: an evaluator adds an
// attribute to a respondent, cross-tabulates by it, records that the self-identified outcomes question
// was asked of some respondents only, and sees the figure's N follow. axe-core at 1280 and 360 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  apiSession,
  checkPage,
  DESKTOP,
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
const slug = `attributes-${unique()}`;
const EVALUATOR = { email: 'ada.attributes@example.org', name: 'Ada Attributes', password: 'an evaluator’s long password' };
const ids = new Map<string, string>();
const home = () => `${cairn.url}/programmes/${slug}/evaluations/review`;
const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 20_000 });

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Attributes Fund', funder: 'Example Fund' });
  for (const label of ['Partner', 'Community Member'])
    await admin.send('POST', `/programmes/${slug}/vocabularies/participant_type/terms`, { label });
  await invitePerson(cairn.url, admin, EVALUATOR, slug, 'evaluator');
  await admin.ctx.dispose();

  // Eight members and six partners; everyone identified "New skills". The first member gets an age band
  // in the browser, the others over the API.
  const evaluator = await apiSession(cairn.url, EVALUATOR.email, EVALUATOR.password);
  const e = `/programmes/${slug}/evaluations/review`;
  await evaluator.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Attributes review' });
  const book = await evaluator.send('POST', `${e}/codebook/codes`, { family: 'self_identified_outcome', name: 'New skills' });
  const skills = book.data.find((f: { key: string }) => f.key === 'self_identified_outcome').codes[0].id as string;
  const people = [
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => [`M-${i}`, 'Community Member', '16-24'] as const),
    ...[1, 2, 3, 4, 5, 6].map((i) => [`P-${i}`, 'Partner', '25-44'] as const),
  ];
  for (const [ref, participantType, age] of people) {
    const r = await evaluator.send('POST', `${e}/respondents`, {
      ref,
      participantType,
      ...(ref === 'M-1' ? {} : { attributes: { 'age band': age } }),
      consent: { status: 'given' },
    });
    ids.set(ref, r.data.id);
    await evaluator.send('PUT', `${e}/respondents/${r.data.id}/codings`, { codeIds: [skills] });
  }
  await evaluator.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

async function showCrosstab(page: Page, query: string, heading: string) {
  await page.goto(`${home()}/crosstab${query}`);
  await waitFor(() => page.getByRole('heading', { name: heading }).count()).toBe(1);
}

test('an evaluator records attributes, groups by one, and sets who was asked a question', { timeout: 300_000 }, async () => {
  for (const [viewport, label] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, cairn.url, EVALUATOR.email, EVALUATOR.password);

    // The respondent's page: add an attribute (desktop), or change its value (phone).
    await page.goto(`${home()}/respondents/${ids.get('M-1')}`);
    await waitFor(() => page.getByRole('heading', { name: 'Attributes', exact: true }).count()).toBe(1);
    if (label === 'desktop') {
      // A memo on the respondent, kept with them (the phone sees it below).
      await page.getByRole('button', { name: 'Write a memo on M-1' }).click();
      await page.getByLabel('Memo on M-1').fill('Spoke for the whole youth group, not only herself.');
      await page.getByRole('button', { name: 'Save memo' }).click();
      await waitFor(() => page.locator('.memo-text').allTextContents()).toEqual(['Spoke for the whole youth group, not only herself.']);
      // A value without a name is refused, in words, with the summary linking to the field.
      await page.getByLabel('Value', { exact: true }).fill('16-24');
      await page.getByRole('button', { name: 'Save attributes' }).click();
      const summary = page.getByRole('alert');
      await waitFor(() => summary.getByRole('link', { name: 'Enter the attribute’s name, for example age band' }).count()).toBe(1);
      await checkPage(page, 'desktop: attribute with no name');
      await page.getByLabel('Name', { exact: true }).fill('age band');
      await page.getByRole('button', { name: 'Save attributes' }).click();
    } else {
      // The memos arrive in their own answer, after the attributes.
      await waitFor(() => page.locator('.memo-text').allTextContents()).toEqual(['Spoke for the whole youth group, not only herself.']);
      await waitFor(() => page.getByLabel('age band', { exact: true }).inputValue()).toBe('16-24');
      await page.getByLabel('age band', { exact: true }).fill('16-24');
      await page.getByRole('button', { name: 'Save attributes' }).click();
    }
    await waitFor(() => page.getByText('Attributes saved').count()).toBe(1);
    await waitFor(() => page.getByLabel('age band', { exact: true }).inputValue()).toBe('16-24');
    await checkPage(page, `${label}: respondent with attributes`);

    // Cross-tabulate by the attribute, chosen in the form.
    await showCrosstab(page, '?family=self_identified_outcome', 'Self-identified outcome');
    await page.getByLabel('Group by').selectOption('attribute:age band');
    await page.getByRole('button', { name: 'Show the cross-tab' }).click();
    // On the phone the outcomes question has its base (set on the desktop below): five members asked.
    await waitFor(() => page.getByRole('heading', { name: `16-24 (N = ${label === 'desktop' ? 8 : 5})` }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: '25-44 (N = 6)' }).count()).toBe(1);
    expect(page.url()).toContain('by=attribute%3Aage+band');
    await checkPage(page, `${label}: cross-tab by an attribute`);

    // Who was asked: on the desktop, only three members and every partner were asked about outcomes.
    await page.goto(`${home()}/bases`);
    await waitFor(() => page.getByRole('heading', { name: 'Who was asked each question' }).count()).toBe(1);
    await checkPage(page, `${label}: who was asked each question`);
    await page.getByRole('link', { name: 'Change who was asked about Self-identified outcome' }).click();
    await waitFor(() => page.getByRole('heading', { name: 'Who was asked about Self-identified outcome' }).count()).toBe(1);
    if (label === 'desktop') {
      await page.getByLabel('Only the respondents I list').check();
      await page.getByLabel('References of the respondents who were asked').fill('M-1\nM-2\nM-9\nP-1');
      await page.getByRole('button', { name: 'Save who was asked' }).click();
      // An unknown reference is named, and nothing is saved.
      await waitFor(() => page.getByRole('alert').getByRole('link', { name: /M-9/ }).count()).toBe(1);
      await checkPage(page, 'desktop: unknown reference');
      await page
        .getByLabel('References of the respondents who were asked')
        .fill(['M-1', 'M-2', 'M-3', 'M-4', 'M-5', 'P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6'].join('\n'));
      await page.getByRole('button', { name: 'Save who was asked' }).click();
      await waitFor(() => page.getByText('11 respondents were asked about Self-identified outcome').count()).toBe(1);
    } else {
      await waitFor(() => page.getByLabel('Only the respondents I list').isChecked()).toBe(true);
    }
    await checkPage(page, `${label}: who was asked about self-identified outcomes`);

    // The figure's N is the base's: five members asked, not eight.
    await showCrosstab(page, '?family=self_identified_outcome&by=participant_type', 'Community Member (N = 5)');
    expect(await page.getByRole('heading', { name: 'Partner (N = 6)' }).count()).toBe(1);
    expect(await page.getByText('Not everyone was asked about Self-identified outcome').count()).toBe(1);
    const chart = page.getByRole('img', { name: /Grouped bar chart/ });
    await waitFor(async () => (await chart.getAttribute('alt')) ?? '').toContain('Community Member (N=5)');
    await checkPage(page, `${label}: cross-tab of a question not asked of everyone`);
    await context.close();
  }
});
