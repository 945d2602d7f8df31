// Coding and retrieval as an evaluator used to NVivo, MAXQDA or QualCoder expects, in a real browser at
// 1280 and 360 px with axe-core: the code list beside the text, code colours and a stripe per code in the
// margin (said in words too), stored passage numbers, the searchable participant picker, coding with the
// keyboard alone; a code's page listing everything coded with it (sub-codes as a choice, filters,
// downloads, withdrawn consent left out), its memo; a split that shows what is behind it, asks, and moves all.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  type ApiSession,
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
const slug = `coding-${unique()}`;
const EVALUATOR = { email: 'cora.coder@example.org', name: 'Cora Coder', password: 'a coder’s long enough password' };
const BODY =
  'Interviewer: What changed for you?\n\nR-001: We met at the hall every week. Over time we trusted each other.\n\nR-002: The staff always knew my name. That mattered.';
const code: Record<string, string> = {};
const who: Record<string, string> = {};
let transcriptId = '';

const e = () => `/programmes/${slug}/evaluations/talk`;
const at = (words: string) => ({ start: BODY.indexOf(words), end: BODY.indexOf(words) + words.length });

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Coding Neighbourhoods', funder: 'Example Fund' });
  for (const label of ['Partner', 'Community Member'])
    await admin.send('POST', `/programmes/${slug}/vocabularies/participant_type/terms`, { label });
  await invitePerson(cairn.url, admin, EVALUATOR, slug, 'evaluator');
  await admin.ctx.dispose();

  const ev: ApiSession = await apiSession(cairn.url, EVALUATOR.email, EVALUATOR.password);
  await ev.send('POST', `/programmes/${slug}/evaluations`, { slug: 'talk', title: 'Listening review', disclosureThreshold: 1 });
  const add = async (name: string, colour: string, parentId?: string) => {
    const book = await ev.send('POST', `${e()}/codebook/codes`, { family: 'mechanism', name, colour, ...(parentId ? { parentId } : {}) });
    const walk = (nodes: { id: string; name: string; children: unknown[] }[]): void => {
      for (const n of nodes) {
        code[n.name] = n.id;
        walk(n.children as never);
      }
    };
    for (const f of book.data) walk(f.codes);
  };
  await add('Trust', '#1D70B8');
  await add('Trust in staff', '#00703C', code.Trust);
  await add('Routine', '#D4351C');
  for (const [ref, type] of [
    ['R-001', 'Partner'],
    ['R-002', 'Community Member'],
    ['R-003', 'Partner'],
  ] as const) {
    who[ref] = (await ev.send('POST', `${e()}/respondents`, { ref, participantType: type, consent: { status: 'given' } })).data.id;
  }
  // The transcript as a raw text body (the API session sends JSON, so with its own CSRF token here).
  const { csrfToken } = await (await ev.ctx.get('/api/v1/auth/session')).json();
  const up = await ev.ctx.fetch(`/api/v1${e()}/transcripts?filename=hall.txt&title=Hall%20interview`, {
    method: 'POST',
    data: BODY,
    headers: { 'content-type': 'text/plain', 'X-CSRF-Token': csrfToken },
  });
  transcriptId = (await up.json()).data.id;
  const coded = async (ref: string, name: string, words: string) =>
    ev.send('POST', `${e()}/transcripts/${transcriptId}/passages`, { respondentId: who[ref], codeId: code[name], ...at(words) });
  await coded('R-002', 'Trust in staff', 'The staff always knew my name.'); // passage 1
  await coded('R-003', 'Trust', 'We met at the hall every week.'); // passage 2, then withdrawn
  await ev.send('POST', `${e()}/respondents/${who['R-003']}/consent`, { status: 'withdrawn' });
  await ev.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

test('an evaluator codes with the keyboard alone, colours and stripes in view, and reads back everything coded with a code', {
  timeout: 300_000,
}, async () => {
  const base = `${cairn.url}/programmes/${slug}/evaluations/talk`;
  const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(page, cairn.url, EVALUATOR.email, EVALUATOR.password);
  await page.goto(`${base}/transcripts/${transcriptId}`);
  await waitFor(() => page.locator('.passage-label').allTextContents()).toEqual(['[1: Trust in staff, R-002]']);

  // ---- on a desktop the code list sits beside the text, and stays in view
  const text = (await page.locator('.transcript').boundingBox())!;
  const panel = (await page.locator('.coding-panel').boundingBox())!;
  expect(panel.x).toBeGreaterThan(text.x + text.width);
  expect(await page.locator('.coding-panel').evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
  // The coded words are underlined in the code's colour; a stripe per code beside the paragraph, said in words.
  expect(await page.locator('mark.passage').evaluate((el) => getComputedStyle(el).textDecorationColor)).toBe('rgb(0, 112, 60)');
  const stripe = page.locator('.stripe-bar');
  expect(await stripe.count()).toBe(1);
  expect(await stripe.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 112, 60)');
  expect(await page.getByRole('group', { name: 'Paragraph 3, coded: Trust in staff (passage 1)' }).count()).toBe(1);
  // The withdrawn respondent's passage 2 is not shown, and no number moved up to fill its place.
  await checkPage(page, 'desktop: coding screen');

  // ---- keyboard only: a sentence, the picker, a code, apply
  const sentences = page.getByRole('listbox', { name: /Transcript/ }).getByRole('option');
  await sentences.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // The focused sentence shows its focus (an outline, not colour alone).
  expect(await sentences.nth(2).evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('Space');
  await waitFor(() => page.locator('.selection-status').textContent()).toBe('Selected (sentence 3): “Over time we trusted each other.”');
  await page.keyboard.press('Enter');
  expect(await page.getByLabel('Find a respondent').evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('partner');
  // Found by group; R-003 withdrew, so only R-001.
  await waitFor(() => page.locator('.picker-list label').allTextContents()).toEqual(['R-001 (Partner)']);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  expect(await page.getByRole('radio', { name: /^R-001/ }).isChecked()).toBe(true);
  await page.keyboard.press('Tab'); // the memo on R-001
  await page.keyboard.press('Tab'); // into the codes (the first, in codebook order); the arrow keys move to Trust
  const trust = page.getByRole('radio', { name: /^Trust \(/ });
  const onTrust = () => trust.evaluate((el) => el === document.activeElement);
  for (let i = 0; i < 3 && !(await onTrust()); i++) await page.keyboard.press('ArrowDown');
  expect(await onTrust()).toBe(true);
  // Its colour is in view beside its name while the keyboard is on it.
  expect(
    await page
      .locator(`label[for="${await trust.getAttribute('id')}"] .code-swatch`)
      .evaluate((el) => getComputedStyle(el).backgroundColor),
  ).toBe('rgb(29, 112, 184)');
  if (!(await trust.isChecked())) await page.keyboard.press('Space');
  expect(await trust.isChecked()).toBe(true);
  await page.keyboard.press('Tab'); // "Also save the words as a quote"
  await page.keyboard.press('Tab');
  expect(await page.getByRole('button', { name: 'Apply code' }).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await waitFor(() => page.getByRole('heading', { name: 'Passage coded: Trust for R-001' }).count()).toBe(1);
  // Passage 3: numbers are stored, never shifted; the new one has its colour and its stripe.
  expect(await page.locator('.passage-label').allTextContents()).toEqual(['[3: Trust, R-001]', '[1: Trust in staff, R-002]']);
  expect(await page.locator('.stripe-bar').count()).toBe(2);
  expect(await page.getByRole('group', { name: 'Paragraph 2, coded: Trust (passage 3)' }).count()).toBe(1);
  await checkPage(page, 'desktop: coding screen after keyboard coding');

  // ---- a memo on the passage
  await page.getByRole('button', { name: 'Write a memo on passage 3' }).click();
  await page.getByLabel('Memo on passage 3').fill('Trust grew from the weekly routine.');
  await page.getByRole('button', { name: 'Save memo' }).click();
  await waitFor(() => page.locator('.memo-text').allTextContents()).toEqual(['Trust grew from the weekly routine.']);

  const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
  await signIn(phone, cairn.url, EVALUATOR.email, EVALUATOR.password);
  await phone.goto(page.url());
  await waitFor(() => phone.locator('.stripe-bar').count()).toBe(2);
  await checkPage(phone, 'phone: coding screen');

  // ---- the code's page: everything coded with Trust; the codes under it only when asked
  await page.goto(`${base}/codebook/codes/${code.Trust}`);
  const status = page.getByRole('status').filter({ hasText: 'coded passage' });
  await waitFor(() => status.textContent()).toBe(
    'Trust alone (not the codes under it): 1 coded passage, 1 respondent coding and 0 quotes.',
  );
  expect(await page.getByText('1 respondent coded with it withdrew their consent').count()).toBe(1);
  await page.getByLabel('Include the codes under Trust').check();
  await page.getByRole('button', { name: 'Show what is coded' }).click();
  await waitFor(() => status.textContent()).toBe('Trust and the 1 code under it: 2 coded passages, 2 respondent codings and 0 quotes.');
  const passages = page.getByRole('table', { name: /Coded passages/ });
  expect(await passages.getByRole('row').allTextContents()).toEqual([
    'TranscriptPassageRespondentCodeWordsMemo',
    'Hall interview1R-002 (Community Member)Trust in staff“The staff always knew my name.”None',
    'Hall interview3R-001 (Partner)Trust“Over time we trusted each other.”Trust grew from the weekly routine.',
  ]);
  expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toContain('retrieval.csv?subcodes=true');
  await checkPage(page, 'desktop: a code’s page with everything coded');
  await page.getByLabel('Group (participant type)').selectOption('Community Member');
  await page.getByRole('button', { name: 'Show what is coded' }).click();
  await waitFor(() => status.textContent()).toBe('Trust and the 1 code under it: 1 coded passage, 1 respondent coding and 0 quotes.');
  await page.getByRole('button', { name: 'Write a memo on Trust' }).click();
  await page.getByLabel('Memo on Trust').fill('People, not places.');
  await page.getByRole('button', { name: 'Save memo' }).click();
  await waitFor(() => page.locator('.memo-text').allTextContents()).toContain('People, not places.');
  await phone.goto(page.url());
  await waitFor(() => phone.getByRole('status').filter({ hasText: 'coded passage' }).count()).toBe(1);
  await checkPage(phone, 'phone: a code’s page with everything coded');

  // ---- splitting Trust: what is behind each respondent, everything moved, after a confirmation
  await page.goto(`${base}/codebook/codes/${code.Trust}/split`);
  await page.getByLabel('Name').first().fill('Trust between neighbours');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('1 passage, 0 quotes').click();
  await waitFor(() => page.getByText('Hall interview, passage 3: “Over time we trusted each other.”').count()).toBe(1);
  await checkPage(page, 'desktop: split, what is behind each respondent');
  await page.getByRole('button', { name: 'Move everything to Trust between neighbours' }).click();
  await waitFor(() => page.getByRole('heading', { name: 'Check the split before it is made' }).count()).toBe(1);
  expect(await page.getByText(/Everything coded with Trust moves to Trust between neighbours/).textContent()).toContain('1 coded passage');
  await checkPage(page, 'desktop: split, confirmation');
  await page.getByRole('button', { name: 'Yes, split Trust' }).click();
  await waitFor(() => page.getByRole('heading', { name: 'Split into Trust between neighbours' }).count()).toBe(1);
  await page.goto(`${base}/codebook`);
  await page.getByRole('link', { name: 'Trust between neighbours' }).click();
  await waitFor(() => page.getByRole('status').filter({ hasText: 'coded passage' }).textContent()).toBe(
    'Trust between neighbours alone: 1 coded passage, 1 respondent coding and 0 quotes.',
  );
});
