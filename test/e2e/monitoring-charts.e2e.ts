// Charts in a real browser: a programme manager opens Charts from the monitoring overview, sees the
// server-drawn chart load with its alt text, the same figures in a table (not reported said in words),
// downloads it as PNG and SVG, then switches to every reporting period with a line per partnership.
// axe-core checks each view at 1280 px and 360 px.
import { type APIRequestContext, type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, DESKTOP, PHONE, type RunningCairn, checkPage, launchBrowser, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let api: APIRequestContext;
const slug = `charts-${unique()}`;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  api = await request.newContext({ baseURL: cairn.url });
  let token = ((await (await api.get('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken;
  const send = async (method: string, path: string, body: unknown = {}) => {
    const res = await api.fetch(`/api/v1${path}`, { method, data: body, headers: { 'X-CSRF-Token': token } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()).data;
  };
  await send('POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password });
  token = ((await (await api.get('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken;

  await send('POST', '/programmes', { slug, name: 'Coastal Communities', funder: 'Example Fund' });
  const harbourside = await send('POST', `/programmes/${slug}/partnerships`, { name: 'Harbourside Together' });
  const northgate = await send('POST', `/programmes/${slug}/partnerships`, { name: 'Northgate Neighbours' });
  const volunteers = await send('POST', `/programmes/${slug}/indicators`, {
    key: 'volunteers',
    label: 'Volunteers',
    definition: 'People who gave their time unpaid.',
  });
  const earlier = await send('POST', `/programmes/${slug}/reporting-periods`, {
    label: '2023–24',
    startsOn: '2023-04-01',
    endsOn: '2024-03-31',
    dueOn: '2099-04-30',
  });
  const later = await send('POST', `/programmes/${slug}/reporting-periods`, {
    label: '2024–25',
    startsOn: '2024-04-01',
    endsOn: '2025-03-31',
    dueOn: '2099-04-30',
  });
  const submit = async (partnershipId: string, periodId: string, value: Record<string, unknown>) => {
    const ret = await send('POST', `/programmes/${slug}/returns`, { partnershipId, periodId });
    await send('PATCH', `/programmes/${slug}/returns/${ret.id}`, { values: [{ indicatorId: volunteers.id, ...value }] });
    await send('POST', `/programmes/${slug}/returns/${ret.id}/submit`);
  };
  await submit(harbourside.id, earlier.id, { value: 31 });
  await submit(harbourside.id, later.id, { value: 48 });
  await submit(northgate.id, later.id, { notReported: true, notReportedReason: 'Our survey was not finished in time' });
});
afterAll(async () => {
  await api?.dispose();
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

async function checkBoth(page: Page, label: string) {
  await checkPage(page, `${label} (desktop)`);
  await page.setViewportSize(PHONE);
  await checkPage(page, `${label} (phone)`);
  await page.setViewportSize(DESKTOP);
}

/** Whether the chart's picture arrived and was drawn by the browser. */
const pictureLoaded = (page: Page) =>
  page.locator('figure.chart img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

test('a manager sees a chart by partnership and across periods, with its figures and downloads', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  await page.goto(`${cairn.url}/programmes/${slug}/monitoring`);
  await page.getByRole('link', { name: 'charts', exact: true }).click();
  await waitFor(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Charts');

  // ---- by partnership, the newest period: the picture, its alt text, the table, not reported in words
  await waitFor(() => pictureLoaded(page)).toBe(true);
  expect(await page.locator('figure.chart img').getAttribute('alt')).toBe(
    'Bar chart: Volunteers by partnership, 2024–25; total 48 from 1 of 2 partnerships. Each partnership’s figure is in the table below.',
  );
  const table = page.getByRole('table', { name: /Volunteers by partnership, 2024–25/ });
  await waitFor(() => table.getByRole('row', { name: /Harbourside Together 48/ }).count()).toBe(1);
  expect(await table.getByRole('row', { name: /Northgate Neighbours Not reported/ }).count()).toBe(1);
  await expect.poll(() => page.getByText('Our survey was not finished in time').count()).toBe(1);
  // The newest period was the server's choice; the form shows it as chosen.
  expect(await page.getByLabel('Reporting period', { exact: true }).locator('option:checked').textContent()).toBe('2024–25');
  await checkBoth(page, 'charts: by partnership');

  // ---- the downloads are the files themselves
  const png = page.getByRole('link', { name: 'Download PNG of the chart' });
  const svg = page.getByRole('link', { name: 'Download SVG of the chart' });
  const pngBytes = await (await context.request.get(new URL((await png.getAttribute('href'))!, cairn.url).href)).body();
  expect([...pngBytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const [download] = await Promise.all([page.waitForEvent('download'), svg.click()]);
  expect(download.suggestedFilename()).toBe(`${slug}-volunteers-2024-25.svg`);

  // ---- every period, with a line per partnership
  await page.getByRole('radio', { name: 'Every reporting period' }).check();
  await page.getByRole('checkbox', { name: 'Also a line for each partnership' }).check();
  await page.getByRole('button', { name: 'Show chart' }).click();
  await waitFor(() => page.url()).toContain('view=across-periods');
  await waitFor(() => page.getByRole('table', { name: /Volunteers across reporting periods: total for each period/ }).count()).toBe(1);
  await waitFor(() => pictureLoaded(page)).toBe(true);
  expect(await page.locator('figure.chart img').getAttribute('alt')).toBe(
    'Bar chart: Volunteers across reporting periods, 2023–24 31, 2024–25 48, with a line for each partnership. The figures are in the tables below.',
  );
  const each = page.getByRole('table', { name: /each partnership in each period/ });
  expect(await each.getByRole('row', { name: /Northgate Neighbours No figure Not reported/ }).count()).toBe(1);
  await checkBoth(page, 'charts: across periods');
  await context.close();
});
