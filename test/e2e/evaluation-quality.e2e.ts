// Configurations and coding agreement in a real browser. A viewer sees only configurations at or over the
// disclosure threshold and no respondents. An evaluator lowers the minimum (a wrong number is named in the
// error summary), drills from a configuration to its respondents and their publishable quotes, turns blind
// coding on; a second coder on a phone then sees only their own ticks and codes a respondent with the
// keyboard; the evaluator compares the two coders and reads kappa per code in words. axe-core on every page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, apiSession, checkPage, DESKTOP, launchBrowser, PHONE, type RunningCairn, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `quality-${unique()}`;
const ASHA = { email: 'asha.coder@example.org', name: 'Asha Coder', password: 'asha’s long enough password' };
const BEN = { email: 'ben.coder@example.org', name: 'Ben Coder', password: 'ben’s long enough password' };
const VIEWER = { email: 'vic.viewer@example.org', name: 'Vic Viewer', password: 'a viewer’s long password' };
const ev = () => `/programmes/${slug}/evaluations/review`;
const ids: Record<string, string> = {};

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Stronger Neighbourhoods', funder: 'Example Fund' });
  for (const [person, role] of [
    [ASHA, 'evaluator'],
    [BEN, 'evaluator'],
    [VIEWER, 'viewer'],
  ] as const) {
    const { data } = await admin.send('POST', '/invitations', { email: person.email, name: person.name, programme: slug, role });
    const token = String(data.link).split('/').pop()!;
    const anonymous = await apiAs('', '');
    await anonymous.send('POST', `/invitations/${token}/accept`, { password: person.password });
    await anonymous.ctx.dispose();
  }
  await admin.ctx.dispose();

  // Asha's evaluation, codebook, six respondents and her codes, set up through the API (tested elsewhere).
  const asha = await apiAs(ASHA.email, ASHA.password);
  await asha.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Neighbourhood review' });
  for (const [family, name] of [
    ['context', 'Isolation'],
    ['context', 'Trust in services'],
    ['mechanism', 'Being listened to'],
    ['short_term_outcome', 'Confidence'],
  ]) {
    const { data } = await asha.send('POST', `${ev()}/codebook/codes`, { family, name });
    ids[name!] = data.find((f: { key: string }) => f.key === family).codes.find((c: { name: string }) => c.name === name).id;
  }
  for (const ref of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6']) {
    ids[ref] = (await asha.send('POST', `${ev()}/respondents`, { ref, consent: { status: 'given' } })).data.id;
    const context = ref === 'R6' ? ids['Trust in services'] : ids.Isolation;
    await asha.send('PUT', `${ev()}/respondents/${ids[ref]}/codings`, { codeIds: [context, ids['Being listened to'], ids.Confidence] });
  }
  await asha.send('POST', `${ev()}/quotes`, {
    respondentId: ids.R2,
    text: 'They wrote down what I actually said.',
    attribution: 'A community member',
    publishable: true,
  });
  await asha.send('POST', `${ev()}/quotes`, {
    respondentId: ids.R3,
    text: 'My neighbour at number 4 told me.',
    attribution: 'A community member',
    publishable: false,
  });
  await asha.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('configurations with drill-down, blind coding, and agreement between two coders', { timeout: 400_000 }, async () => {
  const base = `${cairn.url}${ev()}`;

  // ---- a viewer: only the configuration five people share, no respondents, no agreement page
  const viewerContext = await browser.newContext({ viewport: DESKTOP });
  const viewer = await viewerContext.newPage();
  await signIn(viewer, cairn.url, VIEWER.email, VIEWER.password);
  await viewer.goto(base);
  await viewer.getByRole('link', { name: 'Find configurations' }).click();
  await waitFor(() => heading(viewer).textContent()).toContain('Configurations');
  const viewerTable = viewer.getByRole('table', { name: /Configurations, most respondents first/ });
  await waitFor(() => viewerTable.getByRole('row').count()).toBe(2);
  expect(await viewerTable.textContent()).toContain('Isolation');
  expect(await viewer.getByRole('link', { name: /Respondents and quotes/ }).count()).toBe(0);
  expect(await viewer.getByText('Only the programme’s evaluators and managers can see the respondents and quotes').count()).toBe(1);
  await checkPage(viewer, 'desktop: configurations (viewer)');
  await viewer.goto(`${base}/configurations?minSupport=1`);
  await waitFor(() => viewer.getByText('are not shown to you').count()).toBe(1);
  expect(
    await viewer
      .getByRole('table', { name: /Configurations, most respondents first/ })
      .getByRole('row')
      .count(),
  ).toBe(2);
  await viewer.goto(`${base}/agreement`);
  await waitFor(() => viewer.getByText('Only the programme’s evaluators and managers can compare coders').count()).toBe(1);
  await checkPage(viewer, 'desktop: agreement (viewer)');
  await viewerContext.close();

  // ---- Asha: a wrong minimum is named and linked; then every configuration, the small one flagged
  const deskContext = await browser.newContext({ viewport: DESKTOP });
  const desk = await deskContext.newPage();
  await signIn(desk, cairn.url, ASHA.email, ASHA.password);
  await desk.goto(base);
  await desk.getByRole('link', { name: 'Find configurations' }).click();
  await waitFor(() => heading(desk).textContent()).toContain('Configurations');
  await desk.getByLabel('Shared by at least (respondents)').fill('two');
  await desk.getByRole('button', { name: 'Show configurations' }).click();
  const problem = desk.getByRole('alert').getByRole('link', { name: /whole number/ });
  await waitFor(() => problem.count()).toBe(1);
  expect(await problem.getAttribute('href')).toBe('#f-minSupport');
  await checkPage(desk, 'desktop: configurations with an error');
  await desk.getByLabel('Shared by at least (respondents)').fill('1');
  await desk.getByRole('button', { name: 'Show configurations' }).click();
  await waitFor(() => desk.url()).toContain('minSupport=1');
  const table = desk.getByRole('table', { name: /Configurations, most respondents first/ });
  await waitFor(() => table.getByRole('row').count()).toBe(3);
  const small = table.getByRole('row', { name: /Trust in services/ });
  expect(await small.textContent()).toContain('Fewer than 5: do not publish');
  await checkPage(desk, 'desktop: configurations');

  // ---- drill into the first: R1–R5, and R2's publishable quote only
  await table.getByRole('link', { name: /Respondents and quotes for Isolation, Being listened to, Confidence/ }).click();
  await waitFor(() => heading(desk).textContent()).toContain('Isolation → Being listened to → Confidence');
  const people = desk.getByRole('table', { name: 'Respondents' });
  await waitFor(() => people.getByRole('row').count()).toBe(6);
  expect(await desk.getByText('They wrote down what I actually said.').count()).toBe(1);
  expect(await desk.getByText('number 4').count()).toBe(0);
  await checkPage(desk, 'desktop: respondents behind a configuration');

  // ---- Asha turns blind coding on
  await desk.goto(base);
  await desk.getByRole('link', { name: 'Check coding agreement' }).click();
  await waitFor(() => heading(desk).textContent()).toContain('Coding agreement');
  // The heading comes before the agreement is loaded: wait for the answer, as for every other one here.
  await waitFor(() => desk.getByText('Fewer than two people have ticked codes').count()).toBe(1);
  await desk.getByRole('button', { name: 'Turn blind coding on' }).click();
  await waitFor(() => desk.getByText('Blind coding is on').count()).toBe(1);
  await checkPage(desk, 'desktop: agreement, blind coding on');

  // ---- Ben on a phone: sees none of Asha's ticks, codes R1 with the keyboard
  const phoneContext = await browser.newContext({ viewport: PHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, cairn.url, BEN.email, BEN.password);
  await phone.goto(`${base}/respondents/${ids.R1}`);
  await waitFor(() => heading(phone).textContent()).toContain('R1');
  const contexts = phone.getByRole('group', { name: 'Context' });
  const isolation = contexts.getByLabel('Isolation');
  expect(await isolation.isChecked()).toBe(false);
  expect(await phone.getByText('Also recorded by an import or another coder').count()).toBe(0);
  expect(await phone.getByText('Blind coding is on: you see only the codes you ticked yourself').count()).toBe(1);
  await isolation.focus();
  await phone.keyboard.press('Space');
  await phone.getByRole('button', { name: 'Save codes' }).click();
  await waitFor(() => phone.getByRole('heading', { name: 'Codes saved' }).count()).toBe(1);
  await checkPage(phone, 'phone: blind coding a respondent');
  // The rest of Ben's round through the API: Isolation R2–R4, Trust R5–R6.
  const ben = await apiAs(BEN.email, BEN.password);
  for (const ref of ['R2', 'R3', 'R4']) await ben.send('PUT', `${ev()}/respondents/${ids[ref]}/codings`, { codeIds: [ids.Isolation] });
  for (const ref of ['R5', 'R6']) await ben.send('PUT', `${ev()}/respondents/${ids[ref]}/codings`, { codeIds: [ids['Trust in services']] });
  await ben.ctx.dispose();
  await phoneContext.close();

  // ---- Asha compares: the same person twice is refused; then kappa per code in words
  await desk.reload();
  await waitFor(() => desk.getByLabel('First coder').count()).toBe(1);
  await desk.getByLabel('First coder').selectOption({ label: 'Asha Coder (6 respondents coded)' });
  await desk.getByLabel('Second coder').selectOption({ label: 'Asha Coder (6 respondents coded)' });
  await desk.getByRole('button', { name: 'Compare' }).click();
  const same = desk.getByRole('alert').getByRole('link', { name: 'Choose a different person from the first coder' });
  await waitFor(() => same.count()).toBe(1);
  expect(await same.getAttribute('href')).toBe('#f-coderB');
  await checkPage(desk, 'desktop: agreement with an error');
  await desk.getByLabel('Second coder').selectOption({ label: 'Ben Coder (6 respondents coded)' });
  await desk.getByLabel('Codes to compare').selectOption({ label: 'Context' });
  await desk.getByRole('button', { name: 'Compare' }).click();
  // Isolation: both 4, Asha only 1 (R5), neither 1 → po 5/6, pe 22/36, κ = 8/14 = 0.57. Trust: both 1, Ben only 1 → also 0.57.
  await waitFor(() => desk.getByRole('heading', { name: 'Overall kappa for context: 0.57' }).count()).toBe(1);
  const perCode = desk.getByRole('table', { name: /Agreement per code/ });
  const isolationRow = perCode.getByRole('row', { name: /Isolation/ });
  expect(await isolationRow.textContent()).toContain('0.57');
  expect(await isolationRow.textContent()).toContain('Moderate.');
  expect(await desk.getByText('Both coded 6 respondents').count()).toBe(1);
  await checkPage(desk, 'desktop: agreement between two coders');
  const phoneAgain = await (await browser.newContext({ viewport: PHONE })).newPage();
  await signIn(phoneAgain, cairn.url, ASHA.email, ASHA.password);
  await phoneAgain.goto(desk.url());
  await waitFor(() => phoneAgain.getByRole('heading', { name: 'Overall kappa for context: 0.57' }).count()).toBe(1);
  await checkPage(phoneAgain, 'phone: agreement between two coders');
  await deskContext.close();
});
