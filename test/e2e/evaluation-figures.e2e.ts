// The evaluation's figures in a real browser: the cross-tab page shows a grouped bar chart beside the
// tables, with PNG and SVG downloads; the filter by participant type (kept in the address) narrows the
// table; the evaluation page makes the Word document of figures C.1–C.19 as a job, says which figure it is
// drawing ("Drawing figure 7 of 19"), then offers the file.
// axe-core checks each page at 1280 and 360 pixels wide.
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
const slug = `figures-${unique()}`;
const EVALUATOR = { email: 'fay.figures@example.org', name: 'Fay Figures', password: 'an evaluator’s long password' };

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Figures Fund', funder: 'Example Fund' });
  for (const label of ['Partner', 'Community Member'])
    await admin.send('POST', `/programmes/${slug}/vocabularies/participant_type/terms`, { label });
  await invitePerson(cairn.url, admin, EVALUATOR, slug, 'evaluator');
  await admin.ctx.dispose();

  // Six community members (three identified "Trust built over time"), five partners (all five did), and
  // two people whose participant type was not recorded: a group too small to draw.
  const evaluator = await apiAs(EVALUATOR.email, EVALUATOR.password);
  const e = `/programmes/${slug}/evaluations/review`;
  await evaluator.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Figures review' });
  const book = await evaluator.send('POST', `${e}/codebook/codes`, { family: 'mechanism', name: 'Trust built over time' });
  const trust = book.data.find((f: { key: string }) => f.key === 'mechanism').codes[0].id as string;
  await evaluator.send('POST', `${e}/codebook/codes`, { family: 'mechanism', name: 'Shared decisions' });
  const people: [string, string, boolean][] = [
    ...[1, 2, 3, 4, 5, 6].map((i) => [`M-${i}`, 'Community Member', i <= 3] as [string, string, boolean]),
    ...[1, 2, 3, 4, 5].map((i) => [`P-${i}`, 'Partner', true] as [string, string, boolean]),
    ['U-1', '', true],
    ['U-2', '', false],
  ];
  for (const [ref, participantType, coded] of people) {
    const r = await evaluator.send('POST', `${e}/respondents`, {
      ref,
      ...(participantType ? { participantType } : {}),
      consent: { status: 'given' },
    });
    if (coded) await evaluator.send('PUT', `${e}/respondents/${r.data.id}/codings`, { codeIds: [trust] });
  }
  await evaluator.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 20_000 });

async function crosstab(page: Page, query: string) {
  await page.goto(`${cairn.url}/programmes/${slug}/evaluations/review/crosstab${query}`);
  await waitFor(() => page.getByRole('heading', { name: 'Chart' }).count()).toBe(1);
}

test('the cross-tab page shows the chart beside its tables, and filters by participant type', { timeout: 400_000 }, async () => {
  for (const [viewport, label] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, cairn.url, EVALUATOR.email, EVALUATOR.password);
    await crosstab(page, '?family=mechanism&by=participant_type');
    const chart = page.getByRole('img', { name: /Grouped bar chart/ });
    await waitFor(() => chart.count()).toBe(1);
    // Not recorded (2) is under the threshold; the partners (5) are suppressed with them, else 13 − 6 − 5
    // would give the 2 back. Neither size is given, the alternative text included.
    expect(await chart.getAttribute('alt')).toContain('Bars for Community Member (N=6).');
    expect(await chart.getAttribute('alt')).toContain('Suppressed, not drawn: Partner, Not recorded.');
    expect(await page.getByText('Suppressed groups are not drawn, in the chart or its downloads').count()).toBe(1);
    // The picture really drew: a loaded SVG has a size.
    await waitFor(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The numbers stay in the tables, where they may be published.
    expect(await page.getByRole('heading', { name: 'Community Member (N = 6)' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Partner (suppressed)' }).count()).toBe(1);
    expect(await page.getByText('Suppressed too, so that a smaller group cannot be worked out from the totals.').count()).toBe(1);
    await checkPage(page, `${label}: cross-tab with chart`);
    // The evaluator may choose to see them: the override is in the address, and recorded.
    await crosstab(page, '?family=mechanism&by=participant_type&includeSmallGroups=true');
    await waitFor(() => page.getByRole('table', { name: /Partner, N = 5/ }).count()).toBe(1);
    expect(
      await page
        .getByRole('table', { name: /Partner, N = 5/ })
        .getByRole('row', { name: /Trust built over time/ })
        .textContent(),
    ).toContain('100.0%');
    expect(await page.getByLabel('Show suppressed groups').isChecked()).toBe(true);
    await checkPage(page, `${label}: cross-tab with suppressed groups shown`);
    await crosstab(page, '?family=mechanism&by=participant_type');

    const png = await page.getByRole('link', { name: 'Download PNG of the chart' }).getAttribute('href');
    expect(png).toBe(`/api/v1/programmes/${slug}/evaluations/review/chart.png?family=mechanism&by=participant_type`);
    const file = await context.request.get(`${cairn.url}${png}`);
    expect(file.headers()['content-type']).toBe('image/png');
    expect([...(await file.body()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await page.getByRole('link', { name: 'Download SVG of the chart' }).getAttribute('href')).toContain('/chart.svg?');

    if (label === 'desktop') {
      // Only partners: the address keeps the filter, the table and the chart narrow to them.
      await page.getByLabel('Participant type', { exact: true }).selectOption('Partner');
      await page.getByRole('button', { name: 'Show the cross-tab' }).click();
      await waitFor(() => page.url()).toContain('participantType=Partner');
      await waitFor(() => page.getByText('5 respondents counted (N = 5): only participant type Partner.').count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Partner (N = 5)' }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Community Member (N = 6)' }).count()).toBe(0);
      await waitFor(async () => (await page.getByRole('img', { name: /Grouped bar chart/ }).getAttribute('alt')) ?? '').toContain(
        'Bars for Partner (N=5).',
      );
      expect(await page.getByRole('link', { name: 'Download PNG of the chart' }).getAttribute('href')).toContain('participantType=Partner');
      expect(await page.getByRole('link', { name: 'Download CSV of this cross-tab' }).getAttribute('href')).toContain(
        'participantType=Partner',
      );
      // After a reload the form still shows the choice.
      await page.reload();
      await waitFor(() => page.getByLabel('Participant type', { exact: true }).inputValue()).toBe('Partner');
      await checkPage(page, 'desktop: cross-tab filtered to partners');
    } else {
      // Everyone together on a phone: one bar a code.
      await crosstab(page, '?family=mechanism');
      await waitFor(async () => (await page.getByRole('img', { name: /Grouped bar chart/ }).getAttribute('alt')) ?? '').toContain(
        'Bars for all respondents (N=13).',
      );
      await checkPage(page, 'phone: cross-tab of everyone');
    }
    await context.close();
  }
});

test('the evaluation page makes the Word document of the figures, figure by figure, then offers it', { timeout: 400_000 }, async () => {
  for (const [viewport, label] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, cairn.url, EVALUATOR.email, EVALUATOR.password);
    await page.goto(`${cairn.url}/programmes/${slug}/evaluations/review`);
    const link = page.getByRole('link', { name: 'Download the figures (Word)' });
    await waitFor(() => link.count()).toBe(1);
    // Without scripts the same link downloads the document in one go.
    expect(await link.getAttribute('href')).toBe(`/api/v1/programmes/${slug}/evaluations/review/figures.docx`);
    await checkPage(page, `${label}: evaluation with figures download`);
    await link.click();
    // The status says which figure is being drawn, beside a progress bar.
    const status = page.getByRole('status').filter({ hasText: /Drawing figure \d+ of 19|Putting the figures into one Word document/ });
    await waitFor(() => status.count()).toBe(1);
    if (label === 'desktop') {
      expect(await page.getByRole('progressbar', { name: 'Figures drawn' }).count()).toBe(1);
      await checkPage(page, `${label}: figures being drawn`);
    }
    const offered = page.getByRole('link', { name: new RegExp(`^Download ${slug}-review-figures\\.docx \\(\\d+ KB\\)$`) });
    await expect.poll(() => offered.count(), { timeout: 120_000 }).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'The figures are ready' }).count()).toBe(1);
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await checkPage(page, `${label}: figures ready`);
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await offered.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${slug}-review-figures.docx`);
    await context.close();
  }
});
