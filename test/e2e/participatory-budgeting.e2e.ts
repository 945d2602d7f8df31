// Participatory budgeting (issue 18): a resident votes on a 360 px phone with a code and sees the
// confirmation (no account, the server's plain page); an organiser counts and publishes the results at
// 1280 px, and the public results page shows them. Each page checked with axe-core at its width.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, DESKTOP, PHONE, type RunningCairn, apiSession, checkPage, launchBrowser, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let slug: string;
let code: string;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const api = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  slug = `pb-${unique()}`;
  await api.send('POST', '/programmes', { slug, name: 'Eskside Small Grants' });
  const rounds = `/programmes/${slug}/pb/rounds`;
  await api.send('POST', rounds, { slug: 'wee-grants', name: 'Wee grants 2026', budget: 5000, maxProjects: 2, eligiblePopulation: 100 });
  for (const p of [
    { name: 'Lunch club kitchen', cost: 3000, evidenceOfNeed: '40 older people eat alone most days', deliveredBy: 'Eskside Lunch Club' },
    { name: 'Play park benches', cost: 1500, deliveredBy: 'Parent council' },
    { name: 'Bike repair days', cost: 1000 },
  ]) {
    const made = await api.send('POST', `${rounds}/wee-grants/proposals`, p);
    await api.send('PATCH', `${rounds}/wee-grants/proposals/${made.data.id}`, { eligibility: 'eligible' });
  }
  await api.send('PATCH', `${rounds}/wee-grants`, { stage: 'vote' });
  code = (await api.send('POST', `${rounds}/wee-grants/codes`, { count: 2 })).data.codes[0];
  // A community chest a resident panel decides (as Lincoln's did).
  await api.send('POST', rounds, { slug: 'chest', name: 'Community chest', budget: 2000, mode: 'panel', stage: 'deliberation' });
  for (const p of [
    { name: 'Allotment tools', cost: 800 },
    { name: 'Youth football kit', cost: 900 },
  ]) {
    const made = await api.send('POST', `${rounds}/chest/proposals`, p);
    await api.send('PATCH', `${rounds}/chest/proposals/${made.data.id}`, { eligibility: 'eligible' });
  }
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

test('a resident votes on a 360 px phone with a code; an organiser publishes the results', { timeout: 90_000 }, async () => {
  // ---- the resident, on a phone, without an account
  const phone = await browser.newContext({ viewport: PHONE });
  const resident = await phone.newPage();
  await resident.goto(`${cairn.url}/take-part/pb/${slug}/wee-grants`);
  await expect.poll(() => resident.getByRole('heading', { name: 'Vote: Wee grants 2026' }).count()).toBe(1);
  await resident.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => resident.locator('.error-summary a').allTextContents()).toEqual(['Enter the voting code from your card']);
  await checkPage(resident, 'ballot code with an error (360)');
  await resident.getByLabel('Your voting code').fill(code.toLowerCase());
  await resident.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => resident.getByRole('heading', { name: 'Choose projects: Wee grants 2026' }).count()).toBe(1);
  expect(await resident.getByText('40 older people eat alone most days').count()).toBe(1);
  await checkPage(resident, 'ballot (360)');
  await resident.getByLabel('Lunch club kitchen – £3,000').check();
  await resident.getByLabel('Play park benches – £1,500').check();
  await resident.getByLabel('Bike repair days – £1,000').check();
  await resident.getByRole('button', { name: 'Send my vote' }).click();
  await expect.poll(() => resident.locator('.error-summary a').allTextContents()).toEqual(['Choose no more than 2 projects: you chose 3']);
  await resident.getByLabel('Bike repair days – £1,000').uncheck();
  await resident.getByRole('button', { name: 'Send my vote' }).click();
  await expect.poll(() => resident.getByRole('heading', { name: 'Your vote has been counted' }).count()).toBe(1);
  await checkPage(resident, 'vote confirmation (360)');

  // ---- the organiser counts and publishes
  const desk = await browser.newContext({ viewport: DESKTOP });
  const organiser = await desk.newPage();
  await signIn(organiser, cairn.url, ADMIN.email, ADMIN.password);
  await organiser.goto(`${cairn.url}/programmes/${slug}`);
  await organiser.getByRole('link', { name: 'Participatory budgeting' }).first().click();
  await organiser.getByRole('link', { name: 'Wee grants 2026' }).click();
  await expect.poll(() => organiser.getByRole('heading', { name: 'Wee grants 2026' }).count()).toBe(1);
  await checkPage(organiser, 'round (1280)');
  await organiser.getByRole('link', { name: 'Count and results' }).click();
  await expect.poll(() => organiser.getByText('1 ballots (1% turnout of 100)').count()).toBe(1);
  await checkPage(organiser, 'count (1280)');
  await organiser.getByRole('button', { name: 'Publish the results' }).click();
  await expect.poll(() => organiser.getByText('Results published').count()).toBe(1);

  // ---- anyone sees the published results, on a phone
  await resident.goto(`${cairn.url}/take-part/pb/${slug}/wee-grants/results`);
  await expect.poll(() => resident.getByRole('heading', { name: 'Results: Wee grants 2026' }).count()).toBe(1);
  expect(await resident.getByRole('row', { name: /Lunch club kitchen 1 £3,000 Yes/ }).count()).toBe(1);
  await checkPage(resident, 'public results (360)');
  await phone.close();
  await desk.close();
});

test('on a 360 px phone an organiser dates the phases and records the resident panel’s decision', { timeout: 90_000 }, async () => {
  const phone = await browser.newContext({ viewport: PHONE });
  const page = await phone.newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  await page.goto(`${cairn.url}/programmes/${slug}/pb/chest`);
  await page.getByRole('link', { name: 'Phases and dates' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Phases and dates' }).count()).toBe(1);
  const phase = (name: string) => page.getByRole('region', { name });
  const fill = async (name: string, which: 'Starts' | 'Ends', [day, month, year]: string[]) => {
    const group = phase(name).getByRole('group', { name: which });
    await group.getByLabel('Day').fill(day!);
    await group.getByLabel('Month').fill(month!);
    await group.getByLabel('Year').fill(year!);
  };
  await fill('3. Deliberation', 'Starts', ['2', '3', '2026']);
  await fill('3. Deliberation', 'Ends', ['20', '3', '2026']);
  await fill('4. Vote', 'Starts', ['1', '4', '2026']);
  await fill('4. Vote', 'Ends', ['25', '3', '2026']);
  await page.getByRole('button', { name: 'Save the dates' }).click();
  await expect.poll(() => page.locator('.error-summary a').allTextContents()).toEqual(['The vote must end on or after the day it starts']);
  await checkPage(page, 'phases with an error (360)');
  await fill('4. Vote', 'Ends', ['30', '4', '2026']);
  await page.getByRole('button', { name: 'Save the dates' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/programmes/${slug}/pb/chest`);
  await expect.poll(() => page.getByText('2 March 2026 to 20 March 2026').count()).toBe(1);
  expect(await page.getByText('1 April 2026 to 30 April 2026').count()).toBe(1);

  await page.getByRole('link', { name: 'The resident panel’s decision' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Resident panel' }).count()).toBe(1);
  const first = page.getByRole('group', { name: 'Panel member 1' });
  await first.getByLabel('Name').fill('Aisha Khan');
  await first.getByLabel('Why they sat on the panel').fill('Chairs the tenants’ group');
  const tools = page.getByRole('group', { name: 'Allotment tools' });
  await tools.getByLabel('The panel chose this proposal').check();
  await tools.getByLabel('Why the panel chose it').fill('Twelve families on the waiting list');
  await page.getByRole('button', { name: 'Save the panel’s decision' }).click();
  await expect.poll(() => page.getByRole('group', { name: 'Panel member 4' }).count()).toBe(1);
  expect(await page.getByRole('group', { name: 'Panel member 1' }).getByLabel('Name').inputValue()).toBe('Aisha Khan');
  expect(await page.getByRole('group', { name: 'Allotment tools' }).getByLabel('The panel chose this proposal').isChecked()).toBe(true);
  await checkPage(page, 'resident panel (360)');
  await phone.close();
});
