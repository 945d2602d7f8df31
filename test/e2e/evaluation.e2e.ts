// Evaluation in a real browser: an evaluator starts an evaluation, adds two respondents with their
// consent, ticks a mechanism code for one of them on a phone, and reads the cross-tab (50.0% of N = 2).
// After the other person withdraws consent, the cross-tab counts only the one left (100.0% of N = 1).
// axe-core checks every page on the way.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, apiSession, checkPage, DESKTOP, launchBrowser, PHONE, type RunningCairn, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `evaluation-${unique()}`;
const EVALUATOR = { email: 'eve.evaluator@example.org', name: 'Eve Evaluator', password: 'an evaluator’s long password' };
const VIEWER = { email: 'vic.viewer@example.org', name: 'Vic Viewer', password: 'a viewer’s long password' };

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Stronger Neighbourhoods', funder: 'Example Fund' });
  for (const label of ['Partner', 'Community Member'])
    await admin.send('POST', `/programmes/${slug}/vocabularies/participant_type/terms`, { label });
  // A project with two themes: its respondents count in both, so the theme groups overlap.
  const themeIds: string[] = [];
  for (const label of ['Food', 'Health'])
    themeIds.push((await admin.send('POST', `/programmes/${slug}/vocabularies/theme/terms`, { label })).data.id);
  await admin.send('POST', `/programmes/${slug}/projects`, { name: 'Riverside Food Hub', themeIds });
  for (const [person, role] of [
    [EVALUATOR, 'evaluator'],
    [VIEWER, 'viewer'],
  ] as const) {
    const { data } = await admin.send('POST', '/invitations', { email: person.email, name: person.name, programme: slug, role });
    const token = String(data.link).split('/').pop()!;
    const anonymous = await apiAs('', '');
    await anonymous.send('POST', `/invitations/${token}/accept`, { password: person.password });
    await anonymous.ctx.dispose();
  }
  await admin.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('an evaluator records respondents, ticks a code, and the cross-tab follows consent', { timeout: 400_000 }, async () => {
  const base = `${cairn.url}/programmes/${slug}`;
  const desktopContext = await browser.newContext({ viewport: DESKTOP });
  const desk = await desktopContext.newPage();
  await signIn(desk, cairn.url, EVALUATOR.email, EVALUATOR.password);

  // ---- from the programme's overview to its evaluations; start one (a missing title is named and linked)
  await desk.goto(base);
  await desk.getByRole('link', { name: 'Evaluations', exact: true }).click();
  await waitFor(() => heading(desk).textContent()).toContain('Evaluations');
  await checkPage(desk, 'desktop: evaluations');
  await desk.getByLabel('Short name for web addresses').fill('review-2025');
  await desk.getByRole('button', { name: 'Start evaluation' }).click();
  const problem = desk.getByRole('alert').getByRole('link', { name: 'Enter a title for the evaluation' });
  await waitFor(() => problem.count()).toBe(1);
  expect(await problem.getAttribute('href')).toBe('#f-title');
  await checkPage(desk, 'desktop: evaluations with an error');
  await desk.getByLabel('Title').fill('Neighbourhood review 2025');
  await desk.getByRole('button', { name: 'Start evaluation' }).click();
  await waitFor(() => heading(desk).textContent()).toContain('Neighbourhood review 2025');
  expect(desk.url()).toBe(`${base}/evaluations/review-2025`);

  // A mechanism code in the codebook (the codebook editor is not in the UI yet: through the API).
  const evaluator = await apiAs(EVALUATOR.email, EVALUATOR.password);
  await evaluator.send('POST', `/programmes/${slug}/evaluations/review-2025/codebook/codes`, {
    family: 'mechanism',
    name: 'Trust built over time',
  });
  await evaluator.send('POST', `/programmes/${slug}/evaluations/review-2025/codebook/codes`, {
    family: 'mechanism',
    name: 'Shared decisions',
  });
  await evaluator.ctx.dispose();
  await desk.reload();
  await waitFor(() => desk.getByText('Trust built over time').count()).toBe(1);
  await checkPage(desk, 'desktop: evaluation');

  // ---- two respondents, with consent given today
  for (const [ref, type] of [
    ['R-001', 'Partner'],
    ['R-002', 'Community Member'],
  ] as const) {
    await desk.getByLabel('Reference', { exact: true }).fill(ref);
    await desk.getByLabel('Participant type (optional)').selectOption(type);
    await desk.getByLabel('Project they took part in (optional)').selectOption({ label: 'Riverside Food Hub' });
    await desk.getByLabel('They have given their consent today').check();
    await desk.getByRole('button', { name: 'Add respondent' }).click();
    await waitFor(() => desk.getByRole('heading', { name: `Respondent ${ref} added` }).count()).toBe(1);
  }
  const respondents = desk.getByRole('table', { name: 'Respondents' });
  await waitFor(() => respondents.getByRole('row').count()).toBe(3);
  expect(await respondents.textContent()).toContain('Consent given');
  await checkPage(desk, 'desktop: evaluation with respondents');
  // The filter by participant type keeps only the partner.
  await desk.getByRole('combobox', { name: 'Participant type', exact: true }).selectOption('Partner');
  await desk.getByRole('search').getByRole('button').click();
  await waitFor(() => respondents.getByRole('row').count()).toBe(2);
  expect(await respondents.textContent()).toContain('R-001');
  expect(await respondents.textContent()).not.toContain('R-002');

  // ---- on a phone, tick the mechanism code R-001 identified (keyboard: focus the box, press space)
  const phoneContext = await browser.newContext({ viewport: PHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, cairn.url, EVALUATOR.email, EVALUATOR.password);
  await phone.goto(`${base}/evaluations/review-2025`);
  await phone.getByRole('link', { name: 'R-001' }).click();
  await waitFor(() => heading(phone).textContent()).toContain('R-001');
  await checkPage(phone, 'phone: respondent');
  const mechanisms = phone.getByRole('group', { name: 'Mechanism' });
  const trust = mechanisms.getByLabel('Trust built over time');
  await trust.focus();
  await phone.keyboard.press('Space');
  expect(await trust.isChecked()).toBe(true);
  await phone.getByRole('button', { name: 'Save codes' }).click();
  await waitFor(() => phone.getByRole('heading', { name: 'Codes saved' }).count()).toBe(1);
  expect(await phone.getByRole('group', { name: 'Mechanism' }).getByLabel('Trust built over time').isChecked()).toBe(true);
  await checkPage(phone, 'phone: respondent, codes saved');

  // ---- the cross-tab: 1 of 2 respondents identified the code
  await phone.getByRole('link', { name: 'Cross-tabulate the codes' }).click();
  await waitFor(() => heading(phone).textContent()).toContain('Cross-tab');
  await phone.getByLabel('Code family').selectOption({ label: 'Mechanism' });
  await phone.getByRole('button', { name: 'Show the cross-tab' }).click();
  await waitFor(() => phone.url()).toContain('family=mechanism');
  // Two respondents: under the threshold of 5, so suppressed, their number included, even for the evaluator…
  await waitFor(() => phone.getByRole('heading', { name: 'Everyone (suppressed)' }).count()).toBe(1);
  expect(await phone.getByText('Fewer than 5 respondents counted, so their number is not shown.').count()).toBe(1);
  expect(await phone.getByText('50.0%').count()).toBe(0);
  await checkPage(phone, 'phone: cross-tab, suppressed');
  // …until she chooses to see it (recorded in the audit trail).
  await phone.getByLabel('Show suppressed groups').check();
  await phone.getByRole('button', { name: 'Show the cross-tab' }).click();
  await waitFor(() => phone.url()).toContain('includeSmallGroups=true');
  await waitFor(() => phone.getByRole('heading', { name: 'Everyone (N = 2)' }).count()).toBe(1);
  const trustRow = phone.getByRole('row', { name: /Trust built over time/ });
  expect(await trustRow.textContent()).toContain('50.0%');
  const csv = await phone.getByRole('link', { name: /Download CSV/ }).getAttribute('href');
  expect(csv).toContain('format=csv');
  await checkPage(phone, 'phone: cross-tab');
  // By participant type: two groups of one, each flagged as too small to publish.
  await phone.goto(`${base}/evaluations/review-2025/crosstab?family=mechanism&by=participant_type&includeSmallGroups=true`);
  await waitFor(() => phone.getByRole('heading', { name: 'Partner (N = 1)' }).count()).toBe(1);
  expect(await phone.getByText('Small group: fewer than 5 respondents').count()).toBe(2);
  await checkPage(phone, 'phone: cross-tab by participant type');
  // By theme: both respondents count under Food and under Health, and the page says why the sizes add up to 4.
  await phone.goto(`${base}/evaluations/review-2025/crosstab?family=mechanism&by=theme&includeSmallGroups=true`);
  await waitFor(() => phone.getByRole('heading', { name: 'Health (N = 2)' }).count()).toBe(1);
  expect(await phone.getByRole('heading', { name: 'Food (N = 2)' }).count()).toBe(1);
  expect(await phone.getByText('group sizes add up to more than 2').count()).toBe(1);
  await checkPage(phone, 'phone: cross-tab by theme');
  const file = await (await phoneContext.request.get(`${cairn.url}${csv}`)).text();
  expect(file.split('\n')[0]).toBe('group,n_group,code,n_code,percent');

  // ---- R-002 withdraws consent: a confirmation step in plain words, then the record stays, marked withdrawn
  await desk.goto(`${base}/evaluations/review-2025`);
  await desk.getByRole('link', { name: 'R-002' }).click();
  await waitFor(() => heading(desk).textContent()).toContain('R-002');
  const r002Address = desk.url();
  await desk.getByRole('button', { name: 'Record withdrawal' }).click();
  expect(await desk.getByText('will be left out of every analysis').count()).toBe(1);
  await checkPage(desk, 'desktop: confirm withdrawal');
  await desk.getByRole('button', { name: 'Yes, record withdrawal' }).click();
  await waitFor(() => desk.getByRole('heading', { name: 'Withdrawal of consent recorded' }).count()).toBe(1);
  expect(
    await desk
      .getByRole('table', { name: /Consent records/ })
      .getByRole('row')
      .count(),
  ).toBe(3);
  await checkPage(desk, 'desktop: respondent withdrawn');

  await phone.goto(`${base}/evaluations/review-2025/crosstab?family=mechanism&includeSmallGroups=true`);
  await waitFor(() => phone.getByRole('heading', { name: 'Everyone (N = 1)' }).count()).toBe(1);
  expect(await phone.getByRole('row', { name: /Trust built over time/ }).textContent()).toContain('100.0%');
  await checkPage(phone, 'phone: cross-tab after withdrawal');

  // ---- a viewer reads the codebook and the cross-tab, never the respondents, and is told why
  const viewerContext = await browser.newContext({ viewport: DESKTOP });
  const viewer = await viewerContext.newPage();
  await signIn(viewer, cairn.url, VIEWER.email, VIEWER.password);
  await viewer.goto(`${base}/evaluations/review-2025`);
  await waitFor(() => viewer.getByText('Trust built over time').count()).toBe(1);
  expect(await viewer.getByText('Only the programme’s evaluators and managers can see and change respondents').count()).toBe(1);
  expect(await viewer.getByText('R-001').count()).toBe(0);
  expect(await viewer.getByRole('button', { name: 'Add respondent' }).count()).toBe(0);
  await checkPage(viewer, 'desktop: evaluation (viewer)');
  // One respondent: suppressed for the viewer, who is not offered the override (and gets 403 asking for it).
  await viewer.goto(`${base}/evaluations/review-2025/crosstab?family=mechanism`);
  await waitFor(() => viewer.getByRole('heading', { name: 'Everyone (suppressed)' }).count()).toBe(1);
  expect(await viewer.getByLabel('Show suppressed groups').count()).toBe(0);
  expect(await viewer.getByText('100.0%').count()).toBe(0);
  await checkPage(viewer, 'desktop: cross-tab, suppressed (viewer)');
  await viewer.goto(r002Address);
  await waitFor(() => heading(viewer).textContent()).toBe('You cannot see this');
  await viewerContext.close();

  await phoneContext.close();
  await desktopContext.close();
});
