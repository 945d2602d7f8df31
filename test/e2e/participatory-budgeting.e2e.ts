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
