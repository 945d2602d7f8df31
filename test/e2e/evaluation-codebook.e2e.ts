// The codebook editor in a real browser: an evaluator adds a code (a missing name is named and linked),
// renames it, merges another code into it (told how many codings move), splits a code between two new
// ones respondent by respondent (on a phone too), downloads the codebook as .qdc, and imports a .qdc
// written by QualCoder after a truncated file is refused with a plain message. axe-core checks every page.
import { join } from 'node:path';
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
  ROOT,
  type RunningCairn,
  signIn,
  startCairn,
  unique,
  downloadedText,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `codebook-${unique()}`;
const EVALUATOR = { email: 'cody.coder@example.org', name: 'Cody Coder', password: 'a coder’s long enough password' };
const FIXTURES = join(ROOT, 'src/modules/evaluation/domain/qdc-fixtures');

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

const evaluationApi = `/programmes/${slug}/evaluations/review`;
const respondentIds: Record<string, string> = {};

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Coastal Communities', funder: 'Example Fund' });
  await invitePerson(cairn.url, admin, EVALUATOR, slug, 'evaluator');
  await admin.ctx.dispose();

  // An evaluation with two mechanism codes and three coded respondents, as the evaluator left it yesterday.
  const evaluator = await apiAs(EVALUATOR.email, EVALUATOR.password);
  await evaluator.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Coastal review' });
  const ids: Record<string, string> = {};
  for (const name of ['Relationship with staff', 'Belonging']) {
    const book = await evaluator.send('POST', `${evaluationApi}/codebook/codes`, { family: 'mechanism', name });
    const mechanism = book.data.find((f: { key: string }) => f.key === 'mechanism');
    ids[name] = mechanism.codes.find((c: { name: string }) => c.name === name).id;
  }
  for (const [ref, codes] of [
    ['R-001', ['Relationship with staff', 'Belonging']],
    ['R-002', ['Belonging']],
    ['R-003', ['Belonging']],
  ] as const) {
    const r = await evaluator.send('POST', `${evaluationApi}/respondents`, { ref, consent: { status: 'given' } });
    respondentIds[ref] = r.data.id;
    await evaluator.send('PUT', `${evaluationApi}/respondents/${r.data.id}/codings`, { codeIds: codes.map((c) => ids[c]) });
  }
  await evaluator.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
/** The h1 holds its caption first (the evaluation, the code's family): match the heading's own words at the end. */
const endsWith = (text: string) => new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

test('an evaluator keeps the codebook: add, rename, merge, split, download and import', { timeout: 400_000 }, async () => {
  const base = `${cairn.url}/programmes/${slug}/evaluations/review`;
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const desk = await context.newPage();
  await signIn(desk, cairn.url, EVALUATOR.email, EVALUATOR.password);

  // ---- from the evaluation to its codebook
  await desk.goto(base);
  await desk.getByRole('link', { name: 'Open the codebook' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Codebook'));
  await checkPage(desk, 'desktop: codebook');

  // ---- add a code to the mechanisms; a missing name is named and linked to its field
  await desk.getByRole('link', { name: 'Add a code to Mechanism' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Add a code'));
  expect(await desk.getByLabel('Family').inputValue()).toBe('mechanism');
  await desk.getByRole('button', { name: 'Add code' }).click();
  const missing = desk.getByRole('alert').getByRole('link', { name: 'Enter a name for the code' });
  await waitFor(() => missing.count()).toBe(1);
  expect(await missing.getAttribute('href')).toBe('#f-name');
  await checkPage(desk, 'desktop: add a code with an error');
  await desk.getByLabel('Name', { exact: true }).fill('Trust');
  await desk.getByRole('button', { name: 'Add code' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Trust'));
  await checkPage(desk, 'desktop: a code');

  // ---- rename it, with a description and a colour
  await desk.getByRole('link', { name: 'Rename, describe or recolour' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Change Trust'));
  await desk.getByLabel('Name', { exact: true }).fill('Trust built over time');
  await desk.getByLabel('Description (optional)').fill('Says they came to rely on a named worker or group');
  await desk.getByLabel('Colour (optional)').fill('#1d70b8');
  await checkPage(desk, 'desktop: change a code');
  await desk.getByRole('button', { name: 'Save code' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Trust built over time'));
  await waitFor(() => desk.locator('.panel[role="status"]').textContent()).toContain('Code saved');
  expect(await desk.locator('.summary-list').textContent()).toContain('#1D70B8');

  // ---- merge "Relationship with staff" into it: the confirmation says how many codings move
  await desk.getByRole('link', { name: 'Merge other codes into this one' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Merge codes into Trust built over time'));
  await desk.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => desk.getByRole('alert').getByRole('link', { name: 'Choose at least one code to merge into this one' }).count()).toBe(
    1,
  );
  await desk.getByLabel('Relationship with staff').check();
  await desk.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Merge into Trust built over time?'));
  expect(await desk.locator('main').textContent()).toContain('1 coding will move to Trust built over time');
  await checkPage(desk, 'desktop: merge confirmation');
  await desk.getByRole('button', { name: 'Merge 1 code' }).click();
  await waitFor(() => desk.locator('.panel[role="status"]').textContent()).toContain('1 code merged');
  await waitFor(() => desk.locator('.summary-list').textContent()).toContain('1 respondent (1 coding');

  // ---- on a phone, split "Belonging": R-001 moves to a group, R-002 to both, R-003 stays
  const phoneContext = await browser.newContext({ viewport: PHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, cairn.url, EVALUATOR.email, EVALUATOR.password);
  await phone.goto(`${base}/codebook`);
  await phone.getByRole('link', { name: 'Belonging', exact: true }).click();
  await waitFor(() => heading(phone).textContent()).toMatch(endsWith('Belonging'));
  await phone.getByRole('link', { name: 'Split into new codes' }).click();
  await waitFor(() => heading(phone).textContent()).toMatch(endsWith('Split Belonging'));
  await checkPage(phone, 'phone: split, the new codes');
  const first = phone.getByRole('group', { name: 'New code 1' });
  await first.getByLabel('Name').fill('Belonging to a group');
  await phone.getByRole('group', { name: 'New code 2 (optional)' }).getByLabel('Name').fill('Belonging to a place');
  await phone.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => phone.getByRole('table', { name: 'Respondents coded with Belonging' }).count()).toBe(1);
  await checkPage(phone, 'phone: split, who goes where');
  // Taking R-001 off the original without a new code would lose the coding: refused, and said.
  await phone.getByLabel('R-001: keep on Belonging').uncheck();
  await phone.getByRole('button', { name: 'Continue' }).click();
  await waitFor(() => phone.getByRole('alert').textContent()).toContain('R-001 would lose their coding');
  await phone.getByLabel('R-001: move to Belonging to a group').check();
  await phone.getByLabel('R-002: move to Belonging to a group').check();
  await phone.getByLabel('R-002: move to Belonging to a place').check();
  await phone.getByRole('button', { name: 'Continue' }).click();
  // Nothing is split until the evaluator has read what will move and says yes.
  await waitFor(() => phone.getByRole('heading', { name: 'Check the split before it is made' }).count()).toBe(1);
  expect(await phone.getByText('R-001: to Belonging to a group and taken off the original').count()).toBe(1);
  await checkPage(phone, 'phone: split, check before it is made');
  await phone.getByRole('button', { name: 'Yes, split Belonging' }).click();
  await waitFor(() => phone.locator('.panel[role="status"]').textContent()).toContain(
    'Split into Belonging to a group, Belonging to a place',
  );
  await phoneContext.close();

  const evaluator = await apiAs(EVALUATOR.email, EVALUATOR.password);
  const codesOf = async (ref: string) =>
    ((await evaluator.send('GET', `${evaluationApi}/respondents/${respondentIds[ref]}`)).data.codings as { name: string }[])
      .map((c) => c.name)
      .sort();
  expect(await codesOf('R-001')).toEqual(['Belonging to a group', 'Trust built over time']);
  expect(await codesOf('R-002')).toEqual(['Belonging', 'Belonging to a group', 'Belonging to a place']);
  expect(await codesOf('R-003')).toEqual(['Belonging']);
  await evaluator.ctx.dispose();

  // ---- the codebook shows the new codes and its history
  await desk.goto(`${base}/codebook`);
  await waitFor(() => desk.getByRole('link', { name: 'Belonging to a place' }).count()).toBe(1);
  expect(await desk.locator('.history').textContent()).toContain(
    'Split the code Belonging into Belonging to a group, Belonging to a place',
  );
  await checkPage(desk, 'desktop: codebook with history');

  // ---- download the codebook as .qdc
  const [download] = await Promise.all([
    desk.waitForEvent('download'),
    desk.getByRole('link', { name: 'REFI-QDA codebook (.qdc)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${slug}-review-codebook.qdc`);
  const qdc = await downloadedText(download);
  expect(qdc).toContain('urn:QDA-XML:codebook:1.0');
  expect(qdc).toContain('name="Trust built over time"');
  expect(qdc).toContain('color="#1D70B8"');

  // ---- import: a truncated file is refused with a plain message; QualCoder's file is checked, then imported
  await desk.getByRole('link', { name: 'Import a codebook from a QDA program (.qdc)' }).click();
  await waitFor(() => heading(desk).textContent()).toMatch(endsWith('Import a codebook'));
  await checkPage(desk, 'desktop: import a codebook');
  await desk.getByLabel('Codebook file').setInputFiles(join(FIXTURES, 'truncated.qdc'));
  await desk.getByRole('button', { name: 'Check the file' }).click();
  const cut = desk.getByRole('alert').getByRole('link', { name: /The file stops before the codebook ends: it looks cut short/ });
  await waitFor(() => cut.count()).toBe(1);
  expect(await cut.getAttribute('href')).toBe('#f-file');
  await checkPage(desk, 'desktop: import with a truncated file');
  await desk.getByLabel('Codebook file').setInputFiles(join(FIXTURES, 'qualcoder.qdc'));
  await desk.getByRole('button', { name: 'Check the file' }).click();
  await waitFor(() => desk.getByRole('heading', { name: 'What importing qualcoder.qdc will do' }).count()).toBe(1);
  expect(await desk.locator('main').textContent()).toContain('Context: 4 codes to add, 0 codes to update');
  await checkPage(desk, 'desktop: import preview');
  await desk.getByRole('button', { name: 'Import the codebook' }).click();
  await waitFor(() => desk.getByRole('heading', { name: 'Codebook imported' }).count()).toBe(1);
  await desk.getByRole('link', { name: 'See the codebook' }).click();
  await waitFor(() => desk.getByRole('link', { name: 'Made to feel welcome' }).count()).toBe(1);
  expect(await desk.getByRole('link', { name: 'Community hub open every day' }).count()).toBe(1);
  await context.close();
});
