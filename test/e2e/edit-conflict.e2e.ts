// No lost updates (decision 012): two people open the same edit form; the first saves; the second is
// told someone else changed it, sees what changed beside what they typed, and chooses. Checked with
// axe-core at 360 px and 1280 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  type RunningCairn,
  apiSession,
  checkPage,
  createProgramme,
  launchBrowser,
  signIn,
  startCairn,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('two people change the same place: the second sees what changed and chooses', { timeout: 300_000 }, async () => {
  const first = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  const second = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(first, cairn.url, ADMIN.email, ADMIN.password);
  await signIn(second, cairn.url, ADMIN.email, ADMIN.password);
  const slug = await createProgramme(first, cairn.url, 'Conflicts');
  const api = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  const place = (await api.send('POST', `/programmes/${slug}/places`, { name: 'Grimsby', region: 'Humber' })).data;
  const edit = `${cairn.url}/programmes/${slug}/places/${place.id}/edit`;

  // Both open the form before either saves.
  await first.goto(edit);
  await second.goto(edit);
  await expect.poll(() => heading(second).textContent()).toBe('Change Grimsby');
  await expect.poll(() => heading(first).textContent()).toBe('Change Grimsby');

  await first.getByLabel('Region (optional)').fill('Yorkshire and the Humber');
  await first.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => heading(first).textContent()).toMatch(/Place ?Grimsby$/);

  // The second saves a different change: nothing is saved, what they typed stays, and they see why.
  await second.getByLabel('Place name').fill('Great Grimsby');
  await second.getByRole('button', { name: 'Save changes' }).click();
  const notice = second.getByRole('alert');
  await expect.poll(() => notice.getByRole('heading').textContent()).toBe('Someone else changed this since you opened it');
  const rows = notice.getByRole('table', { name: 'What changed' }).getByRole('row');
  await expect.poll(() => rows.allTextContents()).toEqual(['FieldYour valueValue now', 'RegionHumberYorkshire and the Humber']);
  expect(await second.getByLabel('Place name').inputValue()).toBe('Great Grimsby');
  expect((await api.read(`/programmes/${slug}/places/${place.id}`)).data).toMatchObject({
    name: 'Grimsby',
    region: 'Yorkshire and the Humber',
  });
  await checkPage(second, 'edit conflict at 1280 px');
  await second.setViewportSize(PHONE);
  await checkPage(second, 'edit conflict at 360 px');
  await second.setViewportSize(DESKTOP);

  // They review: keep the other person's region, then save their own name over the current version.
  await second.getByLabel('Region (optional)').fill('Yorkshire and the Humber');
  await notice.getByRole('button', { name: 'Save my version' }).click();
  await expect.poll(() => heading(second).textContent()).toMatch(/Place ?Great Grimsby$/);
  expect((await api.read(`/programmes/${slug}/places/${place.id}`)).data).toMatchObject({
    name: 'Great Grimsby',
    region: 'Yorkshire and the Humber',
  });

  // The first, still on the old version of the form, is stopped in turn, and can take the current values.
  await first.goto(edit);
  await expect.poll(() => first.getByLabel('Place name').inputValue()).toBe('Great Grimsby');
  await api.send('PATCH', `/programmes/${slug}/places/${place.id}`, { localAuthority: 'North East Lincolnshire' });
  await first.getByLabel('Region (optional)').fill('Humber');
  await first.getByRole('button', { name: 'Save changes' }).click();
  await expect
    .poll(() => first.getByRole('alert').getByRole('heading').textContent())
    .toBe('Someone else changed this since you opened it');
  await first.getByRole('button', { name: 'Use the current values' }).click();
  await expect.poll(() => first.getByLabel('Local authority (optional)').inputValue()).toBe('North East Lincolnshire');
  expect(await first.getByLabel('Region (optional)').inputValue()).toBe('Yorkshire and the Humber');
});

test('the coding screen open twice: the second save hears which ticks changed, and keeps both', { timeout: 300_000 }, async () => {
  const first = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  const second = await (await browser.newContext({ viewport: PHONE })).newPage();
  await signIn(first, cairn.url, ADMIN.email, ADMIN.password);
  await signIn(second, cairn.url, ADMIN.email, ADMIN.password);
  const slug = await createProgramme(first, cairn.url, 'Coding conflicts');
  const api = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  const ev = `/programmes/${slug}/evaluations/review`;
  await api.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Review' });
  await api.send('POST', `${ev}/codebook/codes`, { family: 'mechanism', name: 'Trust built over time' });
  await api.send('POST', `${ev}/codebook/codes`, { family: 'mechanism', name: 'Shared decisions' });
  const r = (await api.send('POST', `${ev}/respondents`, { ref: 'R-001', consent: { status: 'given' } })).data;
  const page = `${cairn.url}${ev}/respondents/${r.id}`;
  await first.goto(page);
  await second.goto(page);
  const box = (p: Page, name: string) => p.getByRole('group', { name: 'Mechanism' }).getByLabel(name);
  await expect.poll(() => second.locator('main').textContent(), { timeout: 20_000 }).toContain('Shared decisions');
  await expect.poll(() => box(second, 'Shared decisions').count()).toBe(1);
  await expect.poll(() => box(first, 'Trust built over time').count()).toBe(1);

  await box(first, 'Trust built over time').check();
  await first.getByRole('button', { name: 'Save codes' }).click();
  await expect.poll(async () => (await api.read(`${ev}/respondents/${r.id}`)).data.codings.length).toBe(1);

  await box(second, 'Shared decisions').check();
  await second.getByRole('button', { name: 'Save codes' }).click();
  const notice = second.getByRole('alert');
  await expect.poll(() => notice.getByRole('heading').textContent()).toBe('Someone else changed this since you opened it');
  await expect
    .poll(() => notice.getByRole('table', { name: 'What changed' }).getByRole('row').allTextContents())
    .toEqual(['FieldYour valueValue now', 'Trust built over timeNot tickedTicked']);
  expect(await box(second, 'Shared decisions').isChecked()).toBe(true);
  await checkPage(second, 'coding conflict at 360 px');

  await box(second, 'Trust built over time').check();
  await notice.getByRole('button', { name: 'Save my version' }).click();
  await expect
    .poll(async () => (await api.read(`${ev}/respondents/${r.id}`)).data.codings.map((c: { name: string }) => c.name).sort())
    .toEqual(['Shared decisions', 'Trust built over time']);
});
