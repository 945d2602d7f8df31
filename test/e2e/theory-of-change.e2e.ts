// A theory of change in a real browser (issue 15). An evaluator draws three steps and two links with the
// mouse (React Flow, laid out by ELK) and saves the draft; builds the same theory with the keyboard alone
// in the outline on a phone (an empty step named in the error summary first); she maps each step to a code
// on the mapping page (a code with its sub-code; the error summary first), and the drawing then shows each
// link's class with its counts; from a link she drills to the respondents and
// the quotes that may be published. axe-core on every page at 360 px and 1280 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN,
  type ApiSession,
  DESKTOP,
  PHONE,
  type RunningCairn,
  apiSession,
  checkPage,
  invitePerson,
  launchBrowser,
  signIn,
  startCairn,
  unique,
} from './support.js';

let cairn: RunningCairn;
let browser: Browser;
let eva: ApiSession;
const slug = `toc-${unique()}`;
const EVA = { email: 'eva.evaluator@example.org', name: 'Eva Evaluator', password: 'eva’s long enough password' };
const theories: Record<'drawn' | 'typed', { id: string; draft: string }> = { drawn: { id: '', draft: '' }, typed: { id: '', draft: '' } };
const STEPS = ['Volunteers’ time', 'Weekly drop-in sessions', 'Residents feel less isolated'];
const ev = `/programmes/${slug}/evaluations/review`;
const codes: Record<string, string> = {};
const QUOTE = 'Helping at the drop-in got me out of the house.';

const tocApi = (t: keyof typeof theories) => `/programmes/${slug}/theories-of-change/${theories[t].id}/versions/${theories[t].draft}`;
const tocPage = (t: keyof typeof theories, view: 'drawing' | 'outline') => `${cairn.url}${tocApi(t)}/${view}`;

beforeAll(async () => {
  cairn = await startCairn();
  browser = await launchBrowser();
  const admin = await apiSession(cairn.url, ADMIN.email, ADMIN.password);
  await admin.send('POST', '/programmes', { slug, name: 'Warmer Streets', funder: 'Example Fund' });
  await invitePerson(cairn.url, admin, EVA, slug, 'evaluator');
  await admin.ctx.dispose();
  eva = await apiSession(cairn.url, EVA.email, EVA.password);
  for (const [t, name] of [
    ['drawn', 'Drawn with the mouse'],
    ['typed', 'Built with the keyboard'],
  ] as const) {
    const { data } = await eva.send('POST', `/programmes/${slug}/theories-of-change`, { name });
    theories[t] = { id: data.id, draft: data.versions[0].id };
  }
  // An evaluation whose codes say: volunteering and the drop-in go together (six respondents, twice what
  // chance gives); nobody at the drop-in spoke of feeling less lonely. Set up through the API (tested elsewhere).
  await eva.send('POST', `/programmes/${slug}/evaluations`, { slug: 'review', title: 'Warmer Streets review' });
  for (const [family, name] of [
    ['context', 'Volunteering'],
    ['mechanism', 'Going to the drop-in'],
    ['short_term_outcome', 'Feeling less lonely'],
  ] as const) {
    const { data } = await eva.send('POST', `${ev}/codebook/codes`, { family, name });
    codes[name] = data.find((f: { key: string }) => f.key === family).codes.find((c: { name: string }) => c.name === name).id;
  }
  // A sub-code: half of those who felt less lonely said it only as “Has someone to talk to”.
  const { data: book } = await eva.send('POST', `${ev}/codebook/codes`, {
    family: 'short_term_outcome',
    name: 'Has someone to talk to',
    parentId: codes['Feeling less lonely'],
  });
  codes.talk = book
    .find((f: { key: string }) => f.key === 'short_term_outcome')
    .codes.find((c: { name: string }) => c.name === 'Feeling less lonely')
    .children.find((c: { name: string }) => c.name === 'Has someone to talk to').id;
  const ids: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const { data } = await eva.send('POST', `${ev}/respondents`, { ref: `R${i}`, consent: { status: 'given' } });
    ids.push(data.id);
    const coded = i <= 6 ? [codes.Volunteering, codes['Going to the drop-in']] : [i <= 9 ? codes['Feeling less lonely'] : codes.talk];
    await eva.send('PUT', `${ev}/respondents/${data.id}/codings`, { codeIds: coded });
  }
  await eva.send('POST', `${ev}/quotes`, { respondentId: ids[1], text: QUOTE, attribution: 'A volunteer', publishable: true });
  await eva.send('POST', `${ev}/quotes`, {
    respondentId: ids[2],
    text: 'Ask Jo at number 12.',
    attribution: 'A volunteer',
    publishable: false,
  });
});
afterAll(async () => {
  await eva?.ctx.dispose();
  await browser?.close();
  await cairn?.stop();
});

const waitFor = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

/** Drags with the mouse from the centre of one element to the centre of another, in steps as a hand would. */
async function drag(page: Page, from: string, to: string) {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

const savedModel = async (t: keyof typeof theories) => (await eva.read(tocApi(t))).data.model;
const shape = (m: { nodes: { key: string; label: string; stage: string }[]; links: { from: string; to: string }[] }) => ({
  steps: m.nodes.map((n) => [n.label, n.stage]),
  links: m.links.map((l) => [m.nodes.find((n) => n.key === l.from)!.label, m.nodes.find((n) => n.key === l.to)!.label]),
});
const EXPECTED = {
  steps: [
    [STEPS[0], 'inputs'],
    [STEPS[1], 'activities'],
    [STEPS[2], 'short-term-outcomes'],
  ],
  links: [
    [STEPS[0], STEPS[1]],
    [STEPS[1], STEPS[2]],
  ],
};

test('draws a theory of change with the mouse, and builds the same with the keyboard in the outline', { timeout: 400_000 }, async () => {
  // ---- the drawing, with the mouse, at 1280 px
  const deskContext = await browser.newContext({ viewport: DESKTOP });
  const desk = await deskContext.newPage();
  await signIn(desk, cairn.url, EVA.email, EVA.password);
  await desk.goto(tocPage('drawn', 'drawing'));
  await waitFor(() => desk.locator('.react-flow__node-lane').count()).toBe(5);
  for (const [i, stage] of ['Inputs', 'Activities', 'Short-term outcomes'].entries()) {
    await desk.getByRole('button', { name: `Add a step to ${stage}` }).click();
    const label = desk.getByLabel('What this step is');
    await waitFor(() => label.inputValue()).toMatch(/^New step/);
    await label.fill(STEPS[i]!);
  }
  await waitFor(() => desk.locator('.react-flow__node-step').count()).toBe(3);
  const step = (label: string) => `.react-flow__node-step:has-text("${label}")`;
  await drag(desk, `${step(STEPS[0]!)} .react-flow__handle.source`, `${step(STEPS[1]!)} .react-flow__handle.target`);
  await waitFor(() => desk.getByRole('heading', { name: `Link: ${STEPS[0]} → ${STEPS[1]}` }).count()).toBe(1);
  await desk.getByLabel('Why does this lead to that?').fill('Volunteers run the sessions');
  await drag(desk, `${step(STEPS[1]!)} .react-flow__handle.source`, `${step(STEPS[2]!)} .react-flow__handle.target`);
  await waitFor(() => desk.locator('.react-flow__edge').count()).toBe(2);
  // A link drawn twice is refused, in words.
  await drag(desk, `${step(STEPS[1]!)} .react-flow__handle.source`, `${step(STEPS[2]!)} .react-flow__handle.target`);
  await waitFor(() => desk.getByText(`“${STEPS[1]}” already leads to “${STEPS[2]}”`).count()).toBe(1);
  // Moving a step keeps it where it was put.
  const before = (await desk.locator(step(STEPS[2]!)).boundingBox())!;
  await desk.mouse.move(before.x + 40, before.y + 10);
  await desk.mouse.down();
  await desk.mouse.move(before.x + 40, before.y + 90, { steps: 6 });
  await desk.mouse.up();
  await desk.getByRole('button', { name: 'Save the draft' }).click();
  await waitFor(() => desk.getByText('All changes are saved.').count()).toBe(1);
  const drawn = await savedModel('drawn');
  expect(shape(drawn)).toEqual(EXPECTED);
  expect(drawn.links[0].rationale).toBe('Volunteers run the sessions');
  expect(drawn.nodes[2].position).not.toBeNull();
  await checkPage(desk, 'desktop: the drawing');

  // ---- the outline, with the keyboard alone, at 360 px
  const phoneContext = await browser.newContext({ viewport: PHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, cairn.url, EVA.email, EVA.password);
  await phone.goto(tocPage('typed', 'outline'));
  const stepName = phone.getByLabel('What is the step?');
  await stepName.focus();
  // Nothing typed: the error summary names the field and links to it.
  await phone.keyboard.press('Enter');
  const problem = phone.getByRole('alert').getByRole('link', { name: 'Enter what this step is' });
  await waitFor(() => problem.count()).toBe(1);
  expect(await problem.getAttribute('href')).toBe('#f-newLabel');
  await checkPage(phone, 'phone: the outline with an error');
  for (const [i, stage] of ['Inputs', 'Activities', 'Short-term outcomes'].entries()) {
    await stepName.focus();
    await phone.keyboard.type(STEPS[i]!);
    await phone.keyboard.press('Tab');
    await phone.keyboard.type(stage);
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('Enter');
    await waitFor(() =>
      phone
        .getByRole('status')
        .filter({ hasText: `Step “${STEPS[i]}” added to ${stage}.` })
        .count(),
    ).toBe(1);
  }
  for (const [from, to] of [
    [STEPS[0]!, STEPS[1]!],
    [STEPS[1]!, STEPS[2]!],
  ] as [string, string][]) {
    await phone.getByLabel('Starts from').focus();
    await phone.keyboard.type(from);
    await phone.keyboard.press('Tab');
    await phone.keyboard.type(to);
    await phone.keyboard.press('Tab');
    await phone.keyboard.type(from === STEPS[0] ? 'Volunteers run the sessions' : '');
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('Enter');
    await waitFor(() =>
      phone
        .getByRole('status')
        .filter({ hasText: `Link added: ${from} → ${to}.` })
        .count(),
    ).toBe(1);
  }
  // An assumption on the second link, typed and classed with the keyboard.
  await phone.getByRole('button', { name: `Change the link ${STEPS[1]} → ${STEPS[2]}` }).press('Enter');
  await phone.getByLabel('Add an assumption (optional)').focus();
  await phone.keyboard.type('People can get to the sessions');
  await phone.getByRole('radio', { name: 'Contextual' }).last().focus();
  await phone.keyboard.press('Space');
  await phone.getByRole('button', { name: 'Save the link' }).press('Enter');
  await waitFor(() => phone.getByRole('status').filter({ hasText: 'Link saved' }).count()).toBe(1);
  const typed = await savedModel('typed');
  expect(shape(typed)).toEqual(EXPECTED);
  expect(typed.links[1].assumptions).toEqual([{ text: 'People can get to the sessions', kind: 'contextual' }]);
  await checkPage(phone, 'phone: the outline');
  await desk.goto(tocPage('typed', 'outline'));
  await waitFor(() => desk.getByRole('heading', { name: `${STEPS[0]} → ${STEPS[1]}` }).count()).toBe(1);
  await checkPage(desk, 'desktop: the outline');
  // Published, the same drawing is read only: nothing to save, add or drag.
  await eva.send('POST', `${tocApi('typed')}/publish`, { changeNote: 'original' });
  await phone.goto(tocPage('typed', 'drawing'));
  await waitFor(() => phone.locator('.react-flow__node-step').count()).toBe(3);
  expect(await phone.getByText('A published version cannot be changed').count()).toBe(1);
  expect(await phone.getByRole('button', { name: /Save the draft|Add a step/ }).count()).toBe(0);
  expect(await phone.locator('.react-flow__node-step.draggable').count()).toBe(0);
  await checkPage(phone, 'phone: the drawing, published');
  await phoneContext.close();
  await deskContext.close();
});

test('maps codes to the steps, sees each link’s class on the drawing, and drills to the quotes behind a link', {
  timeout: 400_000,
}, async () => {
  // The evaluator maps each drawn step to a code on the mapping page, reached from the drawing.
  const deskContext = await browser.newContext({ viewport: DESKTOP });
  const desk = await deskContext.newPage();
  await signIn(desk, cairn.url, EVA.email, EVA.password);
  await desk.goto(tocPage('drawn', 'drawing'));
  await waitFor(() => desk.locator('.react-flow__node-step').count()).toBe(3);
  await desk.getByRole('link', { name: 'Map evidence to the steps' }).click();
  const map = desk.getByRole('button', { name: 'Map to the step' });
  await map.click();
  // Nothing chosen: the error summary names both fields and links to each.
  const summary = desk.getByRole('alert');
  await waitFor(() => summary.getByRole('link').allTextContents()).toEqual([
    'Choose the step to map',
    'Choose a code or an indicator to map to the step',
  ]);
  expect(await summary.getByRole('link', { name: 'Choose the step to map' }).getAttribute('href')).toBe('#f-nodeKey');
  const mapped: [string, string, string][] = [
    [STEPS[0]!, 'Context: Volunteering', 'Context: Volunteering, Warmer Streets review'],
    [STEPS[1]!, 'Mechanism: Going to the drop-in', 'Mechanism: Going to the drop-in, Warmer Streets review'],
    // A code brings its sub-code: respondents who said only “Has someone to talk to” count at the step.
    [
      STEPS[2]!,
      'Short-term outcome: Feeling less lonely (with its sub-code)',
      'Short-term outcome: Feeling less lonely (with its sub-code), Warmer Streets review',
    ],
  ];
  for (const [step, option, said] of mapped) {
    await desk.getByLabel('Step', { exact: true }).selectOption({ label: step });
    await desk.getByLabel('Code or indicator').selectOption({ label: option });
    await map.click();
    await waitFor(() =>
      desk
        .getByRole('status')
        .filter({ hasText: `Mapped ${said} to “${step}”.` })
        .count(),
    ).toBe(1);
  }
  for (const [step, , said] of mapped)
    expect(
      await desk
        .getByRole('row', { name: new RegExp(step) })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toContain(said);
  // Mapping the same code twice is refused, in words, by the field.
  await desk.getByLabel('Code or indicator').selectOption({ label: mapped[2]![1] });
  await map.click();
  await waitFor(() => summary.getByRole('link').allTextContents()).toEqual([`That is already mapped to “${STEPS[2]}”`]);
  const stepRow = desk.getByRole('row', { name: new RegExp(STEPS[2]!) });
  await waitFor(() => stepRow.getByRole('cell').nth(1).textContent()).toBe('6 (Warmer Streets review)');
  await checkPage(desk, 'desktop: the evidence mapped to the steps');
  await desk.getByRole('link', { name: 'See the links tested against Warmer Streets review on the drawing' }).click();
  await waitFor(() => desk.locator('.react-flow__node-step').count()).toBe(3);
  expect(await desk.getByLabel('Test the links against').inputValue()).toBe('review');
  // Each link's class in words on the drawing (and by line pattern), with its counts; the key above it.
  const labels = desk.locator('.toc-edge-label');
  await waitFor(() => labels.allTextContents()).toEqual(['Supported: 6 at both, lift 2.00', 'Weak: 0 at both, lift 0.00']);
  expect(await desk.getByRole('heading', { name: 'Key to the links' }).count()).toBe(1);
  expect(await desk.locator('.react-flow__edge.toc-edge-supported').count()).toBe(1);
  expect(await desk.locator('.react-flow__edge.toc-edge-weak').count()).toBe(1);
  await waitFor(() => desk.locator('.toc-step-count').allTextContents()).toEqual(['6 respondents', '6 respondents', '6 respondents']);
  await checkPage(desk, 'desktop: the drawing with the links tested');

  // Selecting the supported link: its counts in words, and the way to the people and quotes behind it.
  // (The click lands on the link's line, under its label, which lets clicks through.)
  await desk.locator('.toc-canvas').scrollIntoViewIfNeeded();
  const mid = (await desk.locator('.toc-edge-label.toc-class-supported').boundingBox())!;
  await desk.mouse.click(mid.x + mid.width / 2, mid.y + mid.height / 2);
  await waitFor(() => desk.getByText('6 respondents at its start, 6 where it leads, 6 at both').count()).toBe(1);
  await desk.getByRole('link', { name: 'Respondents and quotes behind this link' }).click();
  await waitFor(() => desk.getByText(QUOTE).count()).toBe(1);
  expect(await desk.getByText('Ask Jo at number 12.').count()).toBe(0);
  await checkPage(desk, 'desktop: the respondents and quotes behind a link');

  // On a phone: the same drawing and classes, and the outline's way to the same drill.
  const phoneContext = await browser.newContext({ viewport: PHONE });
  const phone = await phoneContext.newPage();
  await signIn(phone, cairn.url, EVA.email, EVA.password);
  await phone.goto(`${cairn.url}${tocApi('drawn')}/mapping`);
  await waitFor(() =>
    phone
      .getByRole('row', { name: new RegExp(STEPS[0]!) })
      .getByRole('cell')
      .nth(1)
      .textContent(),
  ).toBe('6 (Warmer Streets review)');
  await checkPage(phone, 'phone: the evidence mapped to the steps');
  await phone.goto(`${tocPage('drawn', 'drawing')}?evaluation=review`);
  await waitFor(() => phone.locator('.toc-edge-label').count()).toBe(2);
  await checkPage(phone, 'phone: the drawing with the links tested');
  await phone.goto(`${tocPage('drawn', 'outline')}?evaluation=review`);
  await phone.getByRole('link', { name: new RegExp(`^Respondents and quotes behind this link\\W+${STEPS[0]} → ${STEPS[1]}$`) }).click();
  await waitFor(() => phone.getByText(QUOTE).count()).toBe(1);
  await checkPage(phone, 'phone: the respondents and quotes behind a link');
  await phoneContext.close();
  await deskContext.close();
});
