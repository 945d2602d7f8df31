// Evidence in a real browser: an evaluator uploads a Word transcript (after a picture renamed .docx is
// refused in plain words), selects two sentences with the KEYBOARD, codes them for a respondent, and
// sees the cross-tab count that respondent's group up. A quote is added on the respondent's page.
// axe-core checks every page on the way, on a desktop and a phone.
import { Document, Packer, Paragraph } from 'docx';
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
const slug = `evidence-${unique()}`;
const EVALUATOR = { email: 'eda.evaluator@example.org', name: 'Eda Evaluator', password: 'an evaluator’s long password' };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Talking Neighbourhoods', funder: 'Example Fund' });
  for (const label of ['Partner', 'Community Member'])
    await admin.send('POST', `/programmes/${slug}/vocabularies/participant_type/terms`, { label });
  await invitePerson(cairn.url, admin, EVALUATOR, slug, 'evaluator');
  await admin.ctx.dispose();

  // The evaluation, a code and two respondents (their own pages are tested in evaluation.e2e.ts).
  const evaluator = await apiAs(EVALUATOR.email, EVALUATOR.password);
  const e = `/programmes/${slug}/evaluations`;
  // Threshold 1, so groups of one are drawn in a chart as well as counted.
  await evaluator.send('POST', e, { slug: 'talk', title: 'Listening review', disclosureThreshold: 1 });
  await evaluator.send('POST', `${e}/talk/codebook/codes`, { family: 'mechanism', name: 'Trust built over time' });
  for (const [ref, type] of [
    ['R-001', 'Partner'],
    ['R-002', 'Community Member'],
  ]) {
    await evaluator.send('POST', `${e}/talk/respondents`, { ref, participantType: type, consent: { status: 'given' } });
  }
  await evaluator.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const partnerTrust = (page: Page) =>
  page.getByRole('table', { name: 'Mechanism: Partner, N = 1' }).getByRole('row', { name: /Trust built over time/ });

test('an evaluator uploads a transcript, codes a passage with the keyboard, and the cross-tab counts it', {
  timeout: 400_000,
}, async () => {
  const base = `${cairn.url}/programmes/${slug}/evaluations/talk`;
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, cairn.url, EVALUATOR.email, EVALUATOR.password);

  // ---- before: nobody in the Partner group identified the code
  // Groups of one: the evaluator's override shows their counts (recorded in the audit trail).
  const crosstab = `${base}/crosstab?family=mechanism&by=participant_type&includeSmallGroups=true`;
  await page.goto(crosstab);
  await waitFor(() => partnerTrust(page).textContent()).toContain('0.0%');
  const chartBefore = await chartSvg(page);

  // ---- to the transcripts from the evaluation's page; the upload form names a missing file and a picture
  await page.goto(base);
  await page.getByRole('link', { name: 'Transcripts', exact: true }).click();
  await waitFor(() => heading(page).textContent()).toContain('Transcripts');
  await checkPage(page, 'desktop: transcripts');
  await page.getByRole('button', { name: 'Upload transcript' }).click();
  const missing = page.getByRole('alert').getByRole('link', { name: /Choose the transcript file/ });
  await waitFor(() => missing.count()).toBe(1);
  expect(await missing.getAttribute('href')).toBe('#f-file');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  await page.getByLabel('Transcript file').setInputFiles({ name: 'interview.docx', mimeType: DOCX, buffer: png });
  await page.getByRole('button', { name: 'Upload transcript' }).click();
  const picture = page.getByRole('alert').getByRole('link', { name: /This file is a picture \(PNG\), not a transcript/ });
  await waitFor(() => picture.count()).toBe(1);
  await checkPage(page, 'desktop: transcripts, a picture refused');
  expect(await page.getByRole('table', { name: /Transcripts/ }).count()).toBe(0);

  const word = await Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            'Interviewer: How did the group start?',
            'R-001: We met on Tuesdays at the hall. Over time we trusted each other. Now we run it ourselves.',
          ].map((p) => new Paragraph(p)),
        },
      ],
    }),
  );
  await page.getByLabel('Transcript file').setInputFiles({ name: 'hall-interview.docx', mimeType: DOCX, buffer: Buffer.from(word) });
  await page.getByLabel('Title (optional)').fill('Hall interview');
  await page.getByLabel('R-001 (Partner)').check();
  await page.getByRole('button', { name: 'Upload transcript' }).click();
  await waitFor(() => heading(page).textContent()).toContain('Hall interview');
  await checkPage(page, 'desktop: transcript');

  // ---- keyboard only: into the text, along to sentence 3, select it and the next one, then the form
  const sentences = page.getByRole('listbox', { name: /Transcript/ }).getByRole('option');
  expect(await sentences.count()).toBe(4);
  await sentences.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  expect(await sentences.evaluateAll((els) => els.map((el) => el.getAttribute('aria-selected')))).toEqual([
    'false',
    'false',
    'true',
    'true',
  ]);
  await waitFor(() => page.locator('.selection-status').textContent()).toBe(
    'Selected (sentences 3 to 4): “Over time we trusted each other. Now we run it ourselves.”',
  );
  await page.keyboard.press('Enter');
  // The participant picker: a search box, then the matches as radio buttons (R-001 first: the transcript names them).
  const find = page.getByLabel('Find a respondent');
  expect(await find.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('R-001');
  await waitFor(() => page.getByRole('radio', { name: /^R-001/ }).count()).toBe(1);
  await waitFor(() => page.getByRole('radio', { name: /^R-002/ }).count()).toBe(0);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  expect(await page.getByRole('radio', { name: /^R-001/ }).isChecked()).toBe(true);
  await page.keyboard.press('Tab'); // the memo on R-001, folded away
  await page.keyboard.press('Tab');
  const code = page.getByRole('radio', { name: /Trust built over time/ });
  expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Space');
  expect(await code.isChecked()).toBe(true);
  await page.keyboard.press('Tab'); // "Also save the words as a quote"
  await page.keyboard.press('Space');
  await waitFor(() => page.getByLabel('Attribution').inputValue()).toBe('A partner');
  await page.keyboard.press('Tab'); // the attribution
  await page.keyboard.press('Tab'); // "may be published": left unticked
  await page.keyboard.press('Tab');
  expect(await page.getByRole('button', { name: 'Apply code' }).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await waitFor(() => page.getByRole('heading', { name: 'Passage coded: Trust built over time for R-001' }).count()).toBe(1);

  // The passage is marked in the text with its number, code and respondent in words, and listed.
  expect(await page.locator('mark.passage').allTextContents()).toEqual(['Over time we trusted each other.', 'Now we run it ourselves.']);
  expect(await page.locator('.passage-label').allTextContents()).toEqual(['[1: Trust built over time, R-001]']);
  const row = page.getByRole('table', { name: /Coded passages/ }).getByRole('row', { name: /R-001/ });
  expect(await row.textContent()).toContain('Saved as a quote');
  await checkPage(page, 'desktop: transcript with a coded passage');

  // ---- with the mouse: words inside a sentence (selected as a drag leaves them), coded, then saved as a quote
  await page.evaluate(() => {
    const run = [...document.querySelectorAll<HTMLElement>('[data-at]')].find((el) => el.textContent!.includes('We met on Tuesdays'))!;
    const text = run.firstChild!;
    const at = text.textContent!.indexOf('We met on Tuesdays');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 'We met on Tuesdays'.length);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  await page.locator('[data-sentence="1"]').dispatchEvent('mouseup');
  await waitFor(() => page.locator('.selection-status').textContent()).toBe('Selected: “We met on Tuesdays”');
  await page.getByRole('radio', { name: /^R-001/ }).check();
  await page.getByRole('radio', { name: /Trust built over time/ }).check();
  await page.getByRole('button', { name: 'Apply code' }).click();
  // Passage numbers are stored: the new passage, earlier in the text, is number 2 (before: numbered by position).
  await waitFor(() => page.locator('.passage-label').allTextContents()).toEqual([
    '[2: Trust built over time, R-001]',
    '[1: Trust built over time, R-001]',
  ]);
  await page.getByRole('button', { name: 'Save as a quote (passage 2)' }).click();
  expect(
    await page.getByRole('heading', { name: 'Save passage 2 as a quote from R-001' }).evaluate((el) => el === document.activeElement),
  ).toBe(true);
  await page.getByRole('button', { name: 'Save quote' }).click();
  await waitFor(() => page.getByRole('heading', { name: 'Passage 2 saved as a quote from R-001' }).count()).toBe(1);
  expect(
    await page
      .getByRole('table', { name: /Coded passages/ })
      .getByText('Saved as a quote')
      .count(),
  ).toBe(2);
  const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
  await signIn(phone, cairn.url, EVALUATOR.email, EVALUATOR.password);
  await phone.goto(page.url());
  await waitFor(() => phone.locator('.passage-label').count()).toBe(2);
  await checkPage(phone, 'phone: transcript with coded passages');

  // ---- the cross-tab counts R-001 in the Partner group now
  await page.goto(crosstab);
  await waitFor(() => partnerTrust(page).textContent()).toContain('100.0%');
  expect(
    await page
      .getByRole('table', { name: 'Mechanism: Community Member, N = 1' })
      .getByRole('row', { name: /Trust built over time/ })
      .textContent(),
  ).toContain('0.0%');
  await checkPage(page, 'desktop: cross-tab after coding');
  // Where the page draws a chart of the cross-tab, it is drawn again with the new count.
  if (chartBefore !== null) await waitFor(async () => (await chartSvg(page)) !== chartBefore).toBe(true);

  // ---- the quote is on R-001's page, not for publication; another is added there and made publishable
  await page.goto(base);
  await page.getByRole('link', { name: 'R-001' }).click();
  await waitFor(() => heading(page).textContent()).toContain('R-001');
  const quotes = page.getByRole('region', { name: 'Quotes' });
  await waitFor(() => quotes.getByRole('figure').count()).toBe(2);
  expect(await quotes.getByRole('figure').filter({ hasText: 'Over time we trusted each other.' }).textContent()).toContain(
    'Not for publication.',
  );
  expect(await page.getByText('Also identified in passages you coded in transcripts: Trust built over time').count()).toBe(1);
  await page.getByRole('button', { name: 'Add quote' }).click();
  await waitFor(() => page.getByRole('alert').getByRole('link', { name: 'Enter the quote' }).count()).toBe(1);
  await checkPage(page, 'desktop: respondent with a quote error');
  await page.getByRole('form', { name: 'Add a quote' }).getByLabel('Quote', { exact: true }).fill('The hall feels like ours.');
  await page.getByRole('form', { name: 'Add a quote' }).getByLabel('This quote may be published').check();
  await page.getByRole('button', { name: 'Add quote' }).click();
  await waitFor(() => quotes.getByRole('figure').count()).toBe(3);
  expect(await quotes.getByRole('figure').filter({ hasText: 'The hall feels like ours.' }).textContent()).toContain(
    'A partner. May be published.',
  );
  await checkPage(page, 'desktop: respondent with quotes');
  await phone.goto(page.url());
  await waitFor(() => phone.getByRole('region', { name: 'Quotes' }).getByRole('figure').count()).toBe(3);
  await checkPage(phone, 'phone: respondent with quotes');
  await context.close();
});

/** The cross-tab's chart (its SVG, as the page fetches it), or null when the page draws none. */
async function chartSvg(page: Page): Promise<string | null> {
  await page.waitForLoadState('networkidle');
  if ((await page.getByRole('heading', { name: 'Chart' }).count()) === 0) return null;
  await waitFor(() => page.locator('figure.chart img').count()).toBe(1);
  const svg = await page.getByRole('link', { name: 'Download SVG of the chart' }).getAttribute('href');
  const res = await page.request.get(new URL(svg!, page.url()).href);
  expect(res.status()).toBe(200);
  return res.text();
}
