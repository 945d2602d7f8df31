// A forgotten password, in a real browser: an administrator makes a reset link on the person's page,
// the person opens it, chooses a new password (a common one is refused first), and signs in with it.
// Their old session on another device ends. Every page is checked with axe-core at 360 px and 1280 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, DESKTOP, PHONE, type RunningCairn, apiSession, checkPage, launchBrowser, signIn, startCairn, unique } from './support.js';

let cairn: RunningCairn;
let browser: Browser;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await cairn?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('on a %s screen', (label, viewport) => {
  test('an administrator makes a reset link; the person chooses a new password and signs in', { timeout: 240_000 }, async () => {
    const person = {
      email: `rhys.${unique()}@example.org`,
      name: 'Rhys Resetter',
      password: 'rhys’s first long password',
      next: 'rhys’s second long password',
    };
    // The person's account, and a session of theirs on another device that the reset must end.
    const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
    const { data: invited } = await admin.send('POST', '/invitations', { email: person.email, name: person.name });
    const anonymous = await apiSession(cairn.url, '', '');
    await anonymous.send('POST', `/invitations/${(invited.link as string).split('/invitations/')[1]}/accept`, {
      password: person.password,
    });
    await anonymous.ctx.dispose();
    const otherDevice = await apiSession(cairn.url, person.email, person.password);
    expect((await otherDevice.read('/auth/session')).user.email).toBe(person.email);

    // ---- the administrator makes the link on the person's page
    const adminContext = await browser.newContext({ viewport });
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, cairn.url, ADMIN.email, ADMIN.password);
    await adminPage.goto(`${cairn.url}/admin/users?q=${encodeURIComponent(person.email)}`);
    await adminPage.getByRole('link', { name: person.name }).click();
    await expect.poll(() => heading(adminPage).textContent()).toContain(person.name);
    await checkPage(adminPage, `${label}: person page`);
    await adminPage.getByRole('button', { name: 'Make a password reset link' }).click();
    const link = await adminPage.getByLabel('Password reset link').inputValue();
    expect(link).toMatch(new RegExp(`^${cairn.url}/password-reset/`));
    await checkPage(adminPage, `${label}: reset link`);
    await adminContext.close();

    // ---- the person opens it, tries a common password, then a good one
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(link);
    await expect.poll(() => heading(page).textContent()).toBe('Choose a new password');
    await expect.poll(() => page.getByText(person.email).count()).toBeGreaterThan(0);
    await checkPage(page, `${label}: choose a new password`);
    await page.getByLabel('New password').fill('password123');
    await page.getByRole('button', { name: 'Save new password' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toMatch(/most often used or leaked/);
    await checkPage(page, `${label}: common password refused`);
    await page.getByLabel('New password').fill(person.next);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Sign in');
    await expect.poll(() => page.getByText('Sign in with your new password').count()).toBe(1);
    await checkPage(page, `${label}: password changed`);

    // ---- the old password no longer works; the new one does; the other device is signed out
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/email address or password is not right/);
    await page.getByLabel('Password').fill(person.next);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('What to do next');
    expect((await otherDevice.read('/auth/session')).user).toBeNull();

    // ---- the link works once
    await page.goto(link);
    await expect.poll(() => heading(page).textContent()).toBe('This password reset link has been used');
    await checkPage(page, `${label}: used link`);
    await context.close();
    await admin.ctx.dispose();
    await otherDevice.ctx.dispose();
  });
});
