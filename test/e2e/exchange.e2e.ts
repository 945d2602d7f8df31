// The learning exchange in a real browser: a partnership member writes a case study one question a page
// (the error summary links to the field), checks the answers, changes one and publishes it; then finds
// it by another form of a word ("volunteer" finds "volunteering", highlighted); then opens the
// action-learning set their partnership is in. A manager then runs a set in the web UI: starts it, changes
// it (what it is learning, the case study it produced), records a session and changes its record, adds
// an action with its level and priority. axe-core checks each page at 1280 px and 360 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  type RunningCairn,
  apiSession,
  checkPage,
  fillDate,
  launchBrowser,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
const slug = `exchange-${unique()}`;
const MEMBER = { email: `member-${unique()}@example.org`, name: 'Morag Member', password: 'a long member password 17' };

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Community Participation', funder: 'Example Fund' });
  const harbourside = (await admin.send('POST', `/programmes/${slug}/partnerships`, { name: 'Harbourside Together' })).data;
  const other = (await admin.send('POST', `/programmes/${slug}/partnerships`, { name: 'Northgate Neighbours' })).data;
  const set = (
    await admin.send('POST', `/programmes/${slug}/learning-sets`, {
      name: 'Coast and valleys set',
      partnershipIds: [harbourside.id, other.id],
    })
  ).data;
  const setId = set.id;
  const [session] = (
    await admin.send('POST', `/programmes/${slug}/learning-sets/${setId}/sessions`, {
      heldOn: '2026-03-04',
      title: 'First meeting',
      attendees: ['Morag Member', 'Sam Northgate'],
      notes: 'Shared what each partnership tried first.',
    })
  ).data.sessions;
  await admin.send('POST', `/programmes/${slug}/learning-sets/${setId}/actions`, {
    partnershipId: harbourside.id,
    sessionId: session.id,
    level: 'for_us',
    action: 'Ask the national team for one plan template',
    priority: 'high',
  });
  for (const title of ['Coast path conversations', 'Coast café conversations'])
    await admin.send('POST', `/programmes/${slug}/case-studies`, {
      title,
      partnershipId: other.id,
      themes: ['Participation Methods'],
      problem: 'Few people came to meetings. Ask Sam on 01234 567890 or sam@example.org.',
      contact: 'Sam Northgate, sam.private@example.org',
      status: 'published',
      audience: 'public',
    });
  await admin.send('POST', `/programmes/${slug}/case-studies`, {
    title: 'Valley lunch club listening',
    partnershipId: other.id,
    problem: 'Older people were not heard in the locality plan.',
  });
  const { data } = await admin.send('POST', '/invitations', {
    ...MEMBER,
    password: undefined,
    programme: slug,
    partnershipId: harbourside.id,
  });
  const anonymous = await apiSession(cairn.url, '', '');
  await anonymous.send('POST', `/invitations/${String(data.link).split('/').pop()}/accept`, { password: MEMBER.password });
  await anonymous.ctx.dispose();
  await admin.ctx.dispose();
});
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

async function checkBoth(page: Page, label: string) {
  await checkPage(page, `${label} (desktop)`);
  await page.setViewportSize(PHONE);
  await checkPage(page, `${label} (phone)`);
  await page.setViewportSize(DESKTOP);
}
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const next = (page: Page) => page.getByRole('button', { name: 'Save and continue' }).click();

test('a partnership member writes and publishes a case study, finds it by another form of a word, and opens their set', {
  timeout: 120_000,
}, async () => {
  const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(page, cairn.url, MEMBER.email, MEMBER.password);
  await page.goto(`${cairn.url}/programmes/${slug}/case-studies`);
  await page.getByRole('link', { name: 'Write a case study' }).click();
  await expect.poll(() => h1(page)).toContain('About the case study');

  // Nothing typed: the error summary names the field and takes you to it.
  await next(page);
  const summary = page.getByRole('alert');
  await summary.getByRole('link', { name: 'Enter a title for the case study' }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-title');
  await checkBoth(page, 'case study form with an error');
  await page.getByLabel('Title').fill('Harbourside helpers');
  await page.getByLabel('Partnership').selectOption({ label: 'Harbourside Together' });
  await page.getByLabel('Organisation (optional)').fill('Harbourside Development Trust');
  await next(page);

  const answers: [string, string][] = [
    ['What was the problem or issue?', 'The same few people came to every meeting.'],
    ['What did we do?', 'We started a volunteering hub in the library, open on Saturdays.'],
    ['What helped us improve community participation?', 'A paid coordinator and free childcare.'],
    ['What were the barriers?', 'Short-term funding.'],
    ['What are we learning?', 'Ask people what they want to give, not what we need.'],
  ];
  for (const [question, text] of answers) {
    await expect.poll(() => h1(page)).toContain(question);
    await page.getByLabel(question).fill(text);
    await next(page);
  }
  await expect.poll(() => h1(page)).toContain('Themes and National Standards');
  await page.getByRole('group', { name: 'Themes' }).getByRole('checkbox').first().check();
  await next(page);
  await page.getByLabel('Who to ask about it (optional)').fill('Morag, 01234 567890');
  await next(page);

  await expect.poll(() => h1(page)).toContain('Check your answers before publishing');
  await checkBoth(page, 'check your answers');
  await page.getByRole('link', { name: 'Change what were the barriers?' }).click();
  await page.getByLabel('What were the barriers?').fill('Short-term funding and no meeting room.');
  await page.getByRole('button', { name: 'Save and go back to check your answers' }).click();
  await expect.poll(() => page.locator('.summary-list').textContent()).toContain('no meeting room');
  await page.getByLabel('People signed in to this programme').check();
  await page.getByRole('button', { name: 'Publish the case study' }).click();
  await expect.poll(() => h1(page)).toContain('Harbourside helpers');
  await expect.poll(() => page.locator('.facts').textContent()).toContain('Published to the programme’s exchange');

  // Another form of the word finds it, the match marked.
  await page.goto(`${cairn.url}/programmes/${slug}/case-studies`);
  await page.getByRole('searchbox', { name: 'Search case studies' }).fill('volunteer');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => page.locator('mark').first().textContent()).toBe('volunteering');
  await expect.poll(() => page.getByRole('link', { name: 'Harbourside helpers' }).count()).toBe(1);
  await checkBoth(page, 'exchange search');

  // The set their partnership is in: its session and actions by level.
  await page.getByRole('link', { name: 'Action-learning sets' }).click();
  await expect.poll(() => h1(page)).toContain('Action-learning sets');
  await checkBoth(page, 'action-learning sets');
  await page.getByRole('link', { name: 'Coast and valleys set' }).click();
  await expect.poll(() => h1(page)).toContain('Coast and valleys set');
  await expect.poll(() => page.getByRole('rowheader', { name: /Ask the national team for one plan template/ }).count()).toBe(1);
  await expect.poll(() => page.getByRole('heading', { name: /First meeting/ }).count()).toBe(1);
  await checkBoth(page, 'action-learning set');
  // What came of their action.
  await page.getByRole('link', { name: 'Record follow-up for “Ask the national team for one plan template”' }).click();
  await page.getByLabel('What came of it?').fill('The national team shared a draft template in April.');
  await page.getByLabel('Done').check();
  await page.getByRole('button', { name: 'Save the follow-up' }).click();
  await expect.poll(() => page.getByRole('table').first().textContent()).toContain('shared a draft template');
});

test('anyone reads a public case study on a phone without an account: no contact, similar ones listed', {
  timeout: 60_000,
}, async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  expect((await page.goto(`${cairn.url}/stories/${slug}`))?.status()).toBe(200);
  await page.getByRole('link', { name: 'Coast path conversations' }).click();
  await expect.poll(() => h1(page)).toBe('Coast path conversations');
  const text = await page.locator('body').textContent();
  expect(text).toContain('Ask Sam on [phone number removed] or [email address removed].');
  expect(text).not.toContain('sam.private@example.org');
  expect(await page.getByRole('link', { name: 'Coast café conversations' }).count()).toBe(1);
  expect(await page.locator('script').count()).toBe(0);
  await checkPage(page, 'phone: public case study');
  await context.close();
});

test('a manager starts a set, changes it, links the case study it produced, records a session and an action', {
  timeout: 120_000,
}, async () => {
  const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(page, cairn.url, ADMIN.email, ADMIN.password);
  await page.goto(`${cairn.url}/programmes/${slug}/learning-sets`);
  await page.getByRole('link', { name: 'Start a set' }).click();
  await expect.poll(() => h1(page)).toContain('Start an action-learning set');
  await page.getByLabel('Name of the set').fill('West cluster');
  await page.getByLabel('Northgate Neighbours').check();
  await checkBoth(page, 'start a set');
  await page.getByRole('button', { name: 'Start the set' }).click();
  await expect.poll(() => h1(page)).toContain('West cluster');

  // Change it: what it is learning, a second partnership, and the case study it produced.
  await page.getByRole('link', { name: /Change the set/ }).click();
  await expect.poll(() => h1(page)).toContain('Change the set');
  await expect.poll(() => page.getByLabel('Valley lunch club listening (draft)').count()).toBe(1);
  await page.getByLabel('Name of the set').fill('');
  await page.getByRole('button', { name: 'Save the set' }).click();
  await page
    .getByRole('alert')
    .getByRole('link', { name: /name of the set/i })
    .click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-name');
  await checkBoth(page, 'change a set, with an error');
  await page.getByLabel('Name of the set').fill('West and valleys cluster');
  await page.getByLabel('What the set is learning (optional)').fill('Paid coordinators keep volunteers coming.');
  await page.getByLabel('Harbourside Together').check();
  await page.getByLabel('Valley lunch club listening (draft)').check();
  await page.getByRole('button', { name: 'Save the set' }).click();
  await expect.poll(() => h1(page)).toContain('West and valleys cluster');
  await expect.poll(() => page.getByRole('link', { name: 'Valley lunch club listening' }).count()).toBe(1);
  await expect.poll(() => page.locator('main').textContent()).toContain('Paid coordinators keep volunteers coming.');

  // A session: its date, who attended, notes; then a correction to its record.
  await page.getByRole('link', { name: 'Record a session' }).click();
  await fillDate(page, 'Date of the session', '12', '5', '2026');
  await page.getByLabel('Title').fill('First meeting of the west');
  await page.getByLabel('Who attended').fill('Ann Harbour\nSam Northgate');
  await page.getByLabel('Notes (optional)').fill('Agreed to share one survey.');
  await checkBoth(page, 'record a session');
  await page.getByRole('button', { name: 'Save the session' }).click();
  await expect.poll(() => page.getByRole('heading', { name: /First meeting of the west/ }).count()).toBe(1);
  await page.getByRole('link', { name: 'Change the record of First meeting of the west' }).click();
  await page.getByLabel('Who attended').fill('Ann Harbour\nSam Northgate\nJo Valley');
  await page.getByRole('button', { name: 'Save the session' }).click();
  await expect.poll(() => page.locator('main').textContent()).toContain('Ann Harbour, Sam Northgate, Jo Valley');

  // An action with us, high priority, agreed at that session.
  await page.getByRole('link', { name: 'Add an action' }).click();
  await page.getByLabel('Partnership').selectOption({ label: 'Northgate Neighbours' });
  await page.getByLabel('What will you do?').fill('Run one survey with the health board');
  await page.getByLabel('With us').check();
  await page.getByLabel('High').check();
  await page.getByLabel('Agreed at (optional)').selectOption({ label: 'First meeting of the west (2026-05-12)' });
  await checkBoth(page, 'add an action');
  await page.getByRole('button', { name: 'Add the action' }).click();
  const row = page.getByRole('row', { name: /Run one survey with the health board/ });
  await expect.poll(() => row.textContent()).toContain('High');
  await expect.poll(() => page.locator('section[aria-labelledby="level-with_us"]').textContent()).toContain('Run one survey');
  await checkBoth(page, 'a set run by a manager');
});
