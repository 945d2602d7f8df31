// Monitoring returns in a real browser: a partnership member fills in and submits a return on a phone,
// a programme manager returns it with a comment, the member fixes and resubmits it, the manager accepts
// it and it is locked. A figure far above the partnership's earlier years is flagged (a warning, never a
// block) to the member before submitting and to the manager reviewing. The return form is checked with
// axe-core at 360 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  apiSession,
  checkPage,
  DESKTOP,
  fillDate,
  launchBrowser,
  PHONE,
  type RunningCairn,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `monitoring-${unique()}`;
const MEMBER = { email: 'mo.member@example.org', name: 'Mo Member', password: 'a member’s long password' };
const MANAGER = { email: 'meg.manager@example.org', name: 'Meg Manager', password: 'a manager’s long password' };
const VOLUNTEERS_DEFINITION = 'People who gave their time unpaid at least once in the period, counted once each.';

const apiAs = (email: string, password: string) => apiSession(cairn.url, email, password);

/** An invitation made by the administrator, accepted with the person's own password. */
async function invite(admin: Awaited<ReturnType<typeof apiAs>>, person: typeof MEMBER, grant: Record<string, string>) {
  const { data } = await admin.send('POST', '/invitations', { email: person.email, name: person.name, programme: slug, ...grant });
  const token = String(data.link).split('/').pop()!;
  const anonymous = await apiAs('', '');
  await anonymous.send('POST', `/invitations/${token}/accept`, { password: person.password });
  await anonymous.ctx.dispose();
}

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiAs(ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Neighbourhood Action', funder: 'Example Fund' });
  const { data: partnership } = await admin.send('POST', `/programmes/${slug}/partnerships`, {
    name: 'Harbourside Together',
    inProgrammeFrom: '2019-04-01',
  });
  const { data: volunteers } = await admin.send('POST', `/programmes/${slug}/indicators`, {
    key: 'volunteers',
    label: 'Volunteers',
    definition: VOLUNTEERS_DEFINITION,
    required: true,
    position: 1,
  });
  const { data: beneficiaries } = await admin.send('POST', `/programmes/${slug}/indicators`, {
    key: 'beneficiaries',
    label: 'Beneficiaries',
    definition: 'Residents who took part in or benefited from an activity.',
    required: true,
    position: 2,
  });
  // Two earlier years, accepted: Harbourside usually has 40 to 50 volunteers (median 45).
  for (const [label, year, count] of [
    ['2022–23', 2022, 40],
    ['2023–24', 2023, 50],
  ] as const) {
    const { data: period } = await admin.send('POST', `/programmes/${slug}/reporting-periods`, {
      label,
      startsOn: `${year}-04-01`,
      endsOn: `${year + 1}-03-31`,
      dueOn: `${year + 1}-04-30`,
    });
    const { data: earlier } = await admin.send('POST', `/programmes/${slug}/returns`, {
      partnershipId: partnership.id,
      periodId: period.id,
    });
    await admin.send('PATCH', `/programmes/${slug}/returns/${earlier.id}`, {
      values: [
        { indicatorId: volunteers.id, value: count },
        { indicatorId: beneficiaries.id, value: 300 },
      ],
    });
    await admin.send('POST', `/programmes/${slug}/returns/${earlier.id}/submit`);
    await admin.send('POST', `/programmes/${slug}/returns/${earlier.id}/accept`);
  }
  await admin.send('POST', `/programmes/${slug}/reporting-periods`, {
    label: '2024–25',
    startsOn: '2024-04-01',
    endsOn: '2025-03-31',
    dueOn: '2099-04-30',
  });
  await invite(admin, MEMBER, { partnershipId: partnership.id });
  await invite(admin, MANAGER, { role: 'programme_manager' });
  await admin.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

// The journey runs beside other test tiers on small machines: give each page a few seconds to arrive.
const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const statusOf = (page: Page) => page.getByRole('definition').first().textContent();

test('a member submits a return, the manager returns it with a comment, the member resubmits, the manager accepts', {
  timeout: 400_000,
}, async () => {
  const base = `${cairn.url}/programmes/${slug}`;

  // ---- the member, on a phone, opens the return for the period
  const memberContext = await browser.newContext({ viewport: PHONE });
  const member = await memberContext.newPage();
  await signIn(member, cairn.url, MEMBER.email, MEMBER.password);
  await member.goto(`${base}/monitoring`);
  await waitFor(() => heading(member).textContent()).toContain('Monitoring');
  await checkPage(member, 'phone: monitoring (member)');
  // The member does not set periods or indicators, and the page says so.
  expect(await member.getByText('Only programme managers can set reporting periods.').count()).toBe(1);
  await member.getByRole('button', { name: 'Open the return' }).click();
  await waitFor(() => heading(member).textContent()).toContain('Harbourside Together');
  // The definition is the hint of the number it defines, and the keyboard is a number pad.
  const volunteers = member.getByLabel('Number of Volunteers');
  expect(await volunteers.getAttribute('inputmode')).toBe('numeric');
  const hintId = (await volunteers.getAttribute('aria-describedby'))!.split(' ')[0]!;
  expect(await member.locator(`#${hintId}`).textContent()).toContain(VOLUNTEERS_DEFINITION);
  await checkPage(member, 'phone: return form');

  // A negative count: the server refuses it, the summary links to the field, nothing is saved.
  await volunteers.fill('-3');
  await member.getByRole('button', { name: 'Save draft and check answers' }).click();
  const summary = member.getByRole('alert');
  const problem = summary.getByRole('link', { name: 'Volunteers: Must be 0 or more' });
  await waitFor(() => problem.count()).toBe(1);
  expect(await problem.getAttribute('href')).toBe('#f-values-0-value');
  expect(await volunteers.getAttribute('aria-invalid')).toBe('true');
  await checkPage(member, 'phone: return form with an error');
  await problem.click();
  expect(await member.evaluate(() => document.activeElement?.id)).toBe('f-values-0-value');

  await volunteers.fill('1,200');
  await member.getByLabel('Not reported: Beneficiaries').check();
  await member.getByLabel('Why beneficiaries was not reported').fill('Our survey of residents was not finished in time.');
  await member.getByLabel('A note on the whole return (optional)').fill('Reporting period Nov 2024 – Feb 2025');
  await member.getByRole('button', { name: 'Save draft and check answers' }).click();
  await waitFor(() => heading(member).textContent()).toContain('Check your answers');
  const answers = member.locator('.answers');
  expect(await answers.textContent()).toContain('1,200');
  expect(await answers.textContent()).toContain('Not reported: Our survey of residents was not finished in time.');
  expect(await answers.textContent()).toContain(VOLUNTEERS_DEFINITION);
  // 1,200 is far above Harbourside's earlier 40 and 50: a warning beside the figure and a line at the top linking to it.
  const unusual = member.getByRole('region', { name: /looks unusual/ });
  expect(await unusual.textContent()).toContain('1 figure looks unusual — check it before you submit');
  expect(await unusual.getByRole('link', { name: 'Volunteers' }).getAttribute('href')).toBe('#figure-volunteers');
  const memberWarning = 'Warning: This is much higher than your last returns (median 45). Check it is right, or add a note.';
  expect(await member.locator('#figure-volunteers').textContent()).toContain(memberWarning);
  // Not compared with other partnerships (there are none yet), and the page says so rather than staying silent.
  expect(await member.locator('details.how-checked').textContent()).toContain(
    'Not compared with other partnerships: 0 other partnerships reported this',
  );
  await checkPage(member, 'phone: check your answers with a warning');
  // The warning's link goes to that figure on the form, with the warning beside it.
  await member.getByRole('link', { name: 'Change the figure or add a note for Volunteers' }).click();
  await waitFor(() => member.evaluate(() => document.activeElement?.id)).toBe('f-values-0-value');
  expect(await member.locator('.return-form fieldset').first().textContent()).toContain(memberWarning);
  await checkPage(member, 'phone: return form with a warning');
  // The member is sure of the figure: the warning does not stop them submitting it.
  await member.getByRole('button', { name: 'Save draft and check answers' }).click();
  await waitFor(() => heading(member).textContent()).toContain('Check your answers');
  await member.getByRole('button', { name: 'Submit return' }).click();
  await waitFor(() => member.getByRole('heading', { name: 'Return submitted' }).count()).toBe(1);
  await waitFor(() => statusOf(member)).toBe('Submitted');

  // ---- the manager reviews it on a desktop and returns it with a comment
  const managerContext = await browser.newContext({ viewport: DESKTOP });
  const manager = await managerContext.newPage();
  await signIn(manager, cairn.url, MANAGER.email, MANAGER.password);
  await manager.goto(`${base}/monitoring/returns?status=submitted`);
  await waitFor(() => manager.getByRole('status').first().textContent()).toBe('1 return found');
  await checkPage(manager, 'returns list (manager)');
  await manager.getByRole('link', { name: /Harbourside Together/ }).click();
  await waitFor(() => heading(manager).textContent()).toContain('Harbourside Together');
  expect(await manager.locator('.answers').textContent()).toContain(VOLUNTEERS_DEFINITION);
  // The reviewer sees the same warning, in words for a reviewer, and no link to change the figure.
  expect(await manager.getByRole('region', { name: /looks unusual/ }).textContent()).toContain(
    '1 figure looks unusual — check it before you accept',
  );
  expect(await manager.locator('#figure-volunteers').textContent()).toContain(
    'Warning: This is much higher than the partnership’s last returns (median 45). Check it with the partnership, or look for their note.',
  );
  expect(await manager.getByRole('link', { name: /Change the figure or add a note/ }).count()).toBe(0);
  await checkPage(manager, 'submitted return (manager)');
  // A note and a follow-up flag on the one figure in question.
  const review = manager.locator('details', { has: manager.locator('summary', { hasText: 'Comment on this figure: Volunteers' }) });
  await review.locator('summary').click();
  await review.getByLabel('Comment on volunteers').fill('1,200 looks like hours rather than people.');
  await review.getByLabel('Flag for follow-up').check();
  await review.getByRole('button', { name: 'Save comment' }).click();
  await waitFor(() => manager.locator('.answers').textContent()).toContain('Reviewer: 1,200 looks like hours rather than people.');
  expect(await manager.locator('.answers').getByText('Follow up', { exact: true }).count()).toBe(1);
  // A comment is required to return it.
  await manager.getByRole('button', { name: 'Return with comments' }).click();
  await waitFor(() => manager.getByRole('alert').getByRole('link', { name: 'Write a comment for the partnership' }).count()).toBe(1);
  await manager.getByLabel('What needs changing').fill('Volunteers counts people, not hours: please check the 1,200.');
  await manager.getByRole('button', { name: 'Return with comments' }).click();
  await waitFor(() => manager.getByRole('heading', { name: 'Returned to the partnership' }).count()).toBe(1);
  await waitFor(() => statusOf(manager)).toBe('Returned');

  // ---- the member sees the comment, fixes the figure and submits again
  await member.goto(`${base}/monitoring/returns`);
  await waitFor(() => member.getByRole('table').getByText('Returned').count()).toBe(1);
  await member.getByRole('link', { name: /Harbourside Together.*2024–25/ }).click();
  await waitFor(() => member.getByRole('note', { name: 'Comments from the reviewer' }).textContent()).toContain(
    'Volunteers counts people, not hours',
  );
  await member.getByRole('link', { name: 'Change Volunteers' }).click();
  await waitFor(() => member.getByLabel('Number of Volunteers').inputValue()).toBe('1200');
  expect(await member.getByRole('note', { name: 'Comments from the reviewer' }).textContent()).toContain('please check the 1,200');
  expect(await member.locator('.return-form').textContent()).toContain('Reviewer’s comment: 1,200 looks like hours rather than people.');
  await checkPage(member, 'phone: returned return form');
  await member.getByLabel('Number of Volunteers').fill('48');
  await member.getByRole('button', { name: 'Save draft and check answers' }).click();
  await waitFor(() => heading(member).textContent()).toContain('Check your answers');
  await member.getByRole('button', { name: 'Submit return' }).click();
  await waitFor(() => statusOf(member)).toBe('Submitted');
  await memberContext.close();

  // ---- the manager accepts it: locked, with Reopen (which needs a reason)
  await manager.reload();
  await waitFor(() => statusOf(manager)).toBe('Submitted');
  expect(await manager.locator('.answers').textContent()).toContain('48');
  // 48 is ordinary for Harbourside: no warning left.
  expect(await manager.getByRole('region', { name: /looks unusual/ }).count()).toBe(0);
  await manager.getByRole('button', { name: 'Accept' }).click();
  await waitFor(() => manager.getByRole('heading', { name: 'Return accepted' }).count()).toBe(1);
  await waitFor(() => statusOf(manager)).toBe('Accepted');
  expect(await manager.getByRole('button', { name: 'Return with comments' }).count()).toBe(0);
  await manager.getByRole('button', { name: 'Reopen' }).click();
  await waitFor(() => manager.getByRole('alert').getByRole('link', { name: 'Write a comment for the partnership' }).count()).toBe(1);
  expect(await statusOf(manager)).toBe('Accepted');
  await checkPage(manager, 'accepted return (manager)');
  // The history keeps each move: the return with its comment, and the acceptance.
  const history = await manager.locator('section[aria-labelledby="history-heading"]').textContent();
  expect(history).toMatch(/accepted/i);
  expect(history).toContain('Volunteers counts people, not hours');

  // ---- the portfolio table shows the accepted return: 48 volunteers, beneficiaries not reported (-)
  await manager
    .getByRole('navigation', { name: /sections/ })
    .getByRole('link', { name: 'Monitoring', exact: true })
    .click();
  await manager.getByRole('link', { name: 'the portfolio table' }).click();
  await waitFor(() => heading(manager).textContent()).toContain('Portfolio table');
  const table = manager.getByRole('table', { name: /in numbers, 2024–25/ });
  const rowText = (name: string) =>
    table
      .getByRole('row')
      .filter({ has: manager.getByRole('rowheader', { name }) })
      .textContent();
  await waitFor(() => rowText('Harbourside Together')).toMatch(/^Harbourside Together\*.*48-not reported/);
  expect(await rowText('Total')).toBe('Total48-');
  expect(await rowText('Reported by')).toMatch(/^Reported by1 of 1.*0 of 1/);
  expect(await manager.locator('.footnotes').textContent()).toContain('Reporting period Nov 2024 – Feb 2025');
  await checkPage(manager, 'portfolio table');
  const csvHref = await manager.getByRole('link', { name: 'CSV of the portfolio table' }).getAttribute('href');
  const csv = await (await manager.request.get(`${cairn.url}${csvHref}`)).text();
  expect(csv.trimEnd().split('\n')).toEqual(['partnership,volunteers,beneficiaries', 'Harbourside Together,48,-', 'Total,48,-']);
  const notesHref = await manager.getByRole('link', { name: 'CSV with notes' }).getAttribute('href');
  const notes = (await (await manager.request.get(`${cairn.url}${notesHref}`)).text()).trimEnd().split('\n');
  expect(notes[0]).toBe('partnership,return,volunteers,beneficiaries,notes');
  expect(notes[1]).toMatch(/^Harbourside Together,(on time|late),48,-,\* Reporting period Nov 2024 – Feb 2025/);
  const mdHref = await manager.getByRole('link', { name: 'Markdown of the portfolio table' }).getAttribute('href');
  expect((await manager.request.get(`${cairn.url}${mdHref}`)).status()).toBe(200);

  // ---- the manager sets up the next year: a new indicator with its definition, and a new period
  await manager
    .getByRole('navigation', { name: /sections/ })
    .getByRole('link', { name: 'Monitoring', exact: true })
    .click();
  await manager.getByRole('link', { name: 'Add an indicator' }).click();
  await checkPage(manager, 'add an indicator');
  await manager.getByRole('button', { name: 'Add indicator' }).click();
  await waitFor(() => manager.getByRole('alert').getByRole('link').count()).toBeGreaterThan(0);
  await manager.getByLabel('Name').fill('Activities');
  await manager.getByLabel('Key').fill('activities');
  await manager.getByLabel('Definition').fill('Sessions, events and projects run for residents.');
  await manager.getByRole('button', { name: 'Add indicator' }).click();
  const indicators = manager.getByRole('table', { name: /^Indicators/ });
  await waitFor(() => indicators.getByRole('row').filter({ hasText: 'Activities' }).textContent()).toContain(
    'Sessions, events and projects run for residents.',
  );
  await manager.getByRole('link', { name: 'Add a reporting period' }).click();
  await checkPage(manager, 'add a reporting period');
  await manager.getByLabel('Label').fill('2025–26');
  await fillDate(manager, 'Starts on', '1', '4', '2025');
  await fillDate(manager, 'Ends on', '31', '3', '2026');
  // A day that is not in the month is named in words, with the other problems of the form, before anything is saved.
  await fillDate(manager, 'Returns due on', '31', '4', '2026');
  await manager.getByRole('button', { name: 'Add reporting period' }).click();
  await waitFor(() => manager.getByRole('alert').getByRole('link').allTextContents()).toEqual([
    expect.stringMatching(/date returns are due must be a real date/i),
  ]);
  await fillDate(manager, 'Returns due on', '30', '4', '2026');
  await manager.getByRole('button', { name: 'Add reporting period' }).click();
  const periodsTable = manager.getByRole('table', { name: /^Reporting periods/ });
  // The new period is past its due date with no return from the one partnership: one overdue.
  await waitFor(() => periodsTable.getByRole('row').filter({ hasText: '2025–26' }).textContent()).toContain('1 overdue return');
  await checkPage(manager, 'monitoring (manager)');
  // "1 overdue return" leads to who has reported, filtered to that period and to overdue returns.
  await periodsTable.getByRole('link', { name: '1 overdue return' }).click();
  const grid = manager.getByRole('table', { name: /Each partnership’s returns, by period/ });
  await waitFor(() => grid.getByRole('row').filter({ hasText: 'Harbourside Together' }).textContent()).toMatch(/Not started\s*Overdue/);
  await checkPage(manager, 'who has reported (manager)');
  await managerContext.close();
});
