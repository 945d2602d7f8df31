// The pages a resident opens without an account: the ballot (a code, then the choice, then a
// confirmation) and a round's published results. Plain HTML forms, no JavaScript, nothing unpublished.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/database.js';
import {
  type Html,
  formList,
  formText,
  html,
  raw,
  residentPage,
  residentPageRoutes,
  sendResidentPage,
} from '../../../http/resident-pages.js';
import { programmes } from '../../programmes/schema.js';
import { ballotInstructions, shareOfCouncilBudget } from '../domain/pb-ballot.js';
import { PB_PHASES, PHASE_NAMES } from '../domain/pb-phases.js';
import { castBallot, checkCode, choicesFor, rulesOf } from './codes.js';
import { presentCount } from './count.js';
import { type Proposal, type Round, proposalsOf } from './rounds.js';
import { pbProposals, pbRounds, pbUpdates } from './schema.js';

export const PB_PAGES = '/take-part/pb';
/** Resident pages are HTML, not API: kept out of the OpenAPI document. */
const HIDDEN = { schema: { hide: true } };

// A few rules of the GOV.UK checkbox and hint patterns the house stylesheet (made for the React forms) lacks.
const STYLE = raw(`<style>
.pb-field{margin:0 0 1.5rem}.pb-label{display:block;font-weight:700;margin-bottom:.3rem}.pb-hint{color:var(--muted);margin:0 0 .5rem}
.pb-error .pb-message{color:var(--error);font-weight:700;margin:0 0 .5rem}.pb-error{border-left:5px solid var(--error);padding-left:.8rem}
.pb-code{font-size:1.3rem;letter-spacing:.1em;max-width:14ch;width:100%;padding:.4rem;border:2px solid var(--input-border)}
fieldset{border:0;padding:0;margin:0}legend{font-weight:700;font-size:1.2rem;margin-bottom:.5rem}
.pb-choice{border-top:1px solid var(--border);padding:.8rem 0;display:flex;gap:.8rem;align-items:flex-start}
.pb-choice input{width:2.2rem;height:2.2rem;flex:none;margin:0}.pb-choice label{font-weight:700;display:block}
.pb-choice dl{margin:.3rem 0 0}.pb-choice dt{font-weight:700;display:inline}.pb-choice dd{display:inline;margin:0}
.pb-panel{background:var(--panel);color:#fff;padding:1.2rem;margin-bottom:1.5rem}.pb-panel h2{color:#fff;margin-top:0}
.pb-table{border-collapse:collapse;width:100%}.pb-table th,.pb-table td{text-align:left;border-bottom:1px solid var(--border);padding:.5rem .3rem;vertical-align:top}
.pb-table .num{text-align:right}
</style>`);

const money = (n: number, currency = 'GBP') =>
  currency === 'GBP' ? `£${n.toLocaleString('en-GB')}` : `${n.toLocaleString('en-GB')} ${currency}`;

interface Opened {
  programmeName: string;
  round: Round;
}

async function openRound(database: Database, programme: string, slug: string): Promise<Opened | null> {
  const [row] = await database.db
    .select({ round: pbRounds, programmeName: programmes.name })
    .from(pbRounds)
    .innerJoin(programmes, eq(programmes.id, pbRounds.programmeId))
    .where(and(eq(programmes.slug, programme), eq(pbRounds.slug, slug)));
  return row ?? null;
}

const notOpen = (title: string, words: string) => residentPage({ title, body: html`<p>${words}</p>` });

const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** The round's phases with the dates the organisers have set (none: nothing shown). */
function timetable(round: Round): Html | string {
  const rows = PB_PHASES.flatMap((phase) => {
    const d = round.phaseDates[phase];
    if (!d?.startsOn && !d?.endsOn) return [];
    const when =
      d.startsOn && d.endsOn
        ? `${day(d.startsOn)} to ${day(d.endsOn)}`
        : d.startsOn
          ? `from ${day(d.startsOn)}`
          : `until ${day(d.endsOn!)}`;
    const name = PHASE_NAMES[phase];
    return [html`<li><strong>${name[0]!.toUpperCase()}${name.slice(1)}</strong>: ${when}${round.stage === phase ? ' (now)' : ''}</li>`];
  });
  return rows.length ? html`<h2>When things happen</h2><ul>${rows}</ul>` : '';
}

/** Before and during the vote: the eligible proposals with their evidence of need, cost and who will deliver them. */
function proposalsPage(o: Opened, proposals: Proposal[], voteLink: string | null): Html {
  const { round } = o;
  return residentPage({
    title: `The proposals: ${round.name}`,
    context: o.programmeName,
    body: html`${STYLE}
${round.description ? html`<p>${round.description}</p>` : ''}
<p>There is ${money(round.budget, round.currency)} to spend. ${round.mode === 'panel' ? 'A panel of residents will choose which of these proposals go ahead.' : 'Read what each proposal is for before the vote.'}${voteLink ? html` <a href="${voteLink}">Vote now</a>.` : ''}</p>
${timetable(round)}
<h2>Proposals</h2>
${proposals.length ? '' : html`<p>No proposals have passed the feasibility check yet.</p>`}
${proposals.map(
  (p) => html`<h3>${p.name} – ${money(p.cost, round.currency)}</h3>
${p.description ? html`<p>${p.description}</p>` : ''}<dl>
${p.locality ? html`<div><dt>Where:</dt> <dd>${p.locality}</dd></div>` : ''}
${p.evidenceOfNeed ? html`<div><dt>Why it is needed:</dt> <dd>${p.evidenceOfNeed}</dd></div>` : ''}
${p.deliveredBy ? html`<div><dt>Who will do it:</dt> <dd>${p.deliveredBy}</dd></div>` : ''}
${p.category ? html`<div><dt>Kind of project:</dt> <dd>${p.category}</dd></div>` : ''}
</dl>`,
)}`,
  });
}

function codePage(o: Opened, action: string, typed = '', error?: string): Html {
  const { round } = o;
  return residentPage({
    title: `Vote: ${round.name}`,
    context: o.programmeName,
    errors: error ? [{ field: 'code', message: error }] : [],
    body: html`${STYLE}
<p>${round.description}</p>
<p>There is ${money(round.budget, round.currency)} to spend on ideas people in the area have put forward. You choose which ones you would like to see happen. <a href="${action}/proposals">Read about the proposals</a>.</p>
${timetable(round)}
<form method="post" action="${action}" novalidate>
<div class="pb-field${error ? ' pb-error' : ''}">
<label class="pb-label" for="code">Your voting code</label>
<p class="pb-hint" id="code-hint">It is on the card or message the organisers gave you: 10 letters and numbers, such as ABCDE-23456.</p>
${error ? html`<p class="pb-message" id="code-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
<input class="pb-code" id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${typed}" aria-describedby="code-hint${error ? ' code-error' : ''}">
</div>
<button class="button" type="submit">Continue</button>
</form>`,
  });
}

function ballotPage(
  o: Opened,
  action: string,
  code: string,
  locality: string | null,
  proposals: Proposal[],
  chosen: string[],
  errors: string[],
): Html {
  const { round } = o;
  const rules = rulesOf(round, locality);
  const picked = new Set(chosen);
  return residentPage({
    title: `Choose projects: ${round.name}`,
    context: o.programmeName,
    errors: errors.map((message) => ({ field: 'choices', message })),
    body: html`${STYLE}
<p>${locality ? html`You are voting for <strong>${locality}</strong>. ` : ''}There is ${money(rules.budget, round.currency)} to spend.</p>
<form method="post" action="${action}" novalidate>
<input type="hidden" name="code" value="${code}">
<div class="pb-field${errors.length ? ' pb-error' : ''}" id="choices">
<fieldset aria-describedby="choices-hint">
<legend>Which projects would you like to see happen?</legend>
<p class="pb-hint" id="choices-hint">${ballotInstructions(rules)}</p>
${errors.map((e) => html`<p class="pb-message"><span class="visually-hidden">Error:</span> ${e}</p>`)}
${proposals.map(
  (p, i) => html`<div class="pb-choice">
<input type="checkbox" id="choice-${i + 1}" name="choice" value="${p.ref}"${picked.has(p.ref) ? raw(' checked') : ''} aria-describedby="choice-${i + 1}-about">
<div><label for="choice-${i + 1}">${p.name} – ${money(p.cost, round.currency)}</label>
<div id="choice-${i + 1}-about">${p.description ? html`<p>${p.description}</p>` : ''}<dl>
${p.evidenceOfNeed ? html`<div><dt>Why it is needed:</dt> <dd>${p.evidenceOfNeed}</dd></div>` : ''}
${p.deliveredBy ? html`<div><dt>Who will do it:</dt> <dd>${p.deliveredBy}</dd></div>` : ''}
${p.category ? html`<div><dt>Kind of project:</dt> <dd>${p.category}</dd></div>` : ''}
</dl></div></div></div>`,
)}
</fieldset>
</div>
<button class="button" type="submit">Send my vote</button>
</form>`,
  });
}

function confirmation(o: Opened): Html {
  return residentPage({
    title: 'Your vote has been counted',
    context: o.programmeName,
    body: html`${STYLE}<div class="pb-panel" role="status"><h2>Thank you</h2><p>Your vote in ${o.round.name} is saved. Your code cannot be used again.</p></div>
<p>The results will be published on this website once voting has closed.</p>`,
  });
}

function resultsPage(o: Opened, proposals: Proposal[], updates: { proposalId: string; on: string; text: string }[]): Html {
  const { round } = o;
  const count = presentCount(round, proposals, round.result!);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const share = shareOfCouncilBudget(round.budget, round.councilBudget);
  const progress = { 'not-started': 'Not started yet', 'under-way': 'Under way', done: 'Done' } as const;
  return residentPage({
    title: `Results: ${round.name}`,
    context: o.programmeName,
    body: html`${STYLE}
<p>${round.mode === 'panel' ? 'A panel of residents chose the projects.' : html`${count.ballots.toLocaleString('en-GB')} people voted${count.turnoutPercent !== null ? html` (${count.turnoutPercent}% of the ${count.eligiblePopulation!.toLocaleString('en-GB')} who could)` : ''}.`}
${money(count.used, round.currency)} of ${money(round.budget, round.currency)} is going to the projects below.</p>
${round.mode === 'panel' && round.panelMembers.length ? html`<h2>Who sat on the panel</h2><ul>${round.panelMembers.map((m) => html`<li>${m.name}${m.why ? html`: ${m.why}` : ''}</li>`)}</ul>${round.panelReasons ? html`<h2>Why the panel chose these</h2><p>${round.panelReasons}</p>` : ''}` : ''}
${share ? html`<p>This round is ${share.percent}% of the council’s budget${share.meetsAim ? ', meeting the aim of 1%' : ', against an aim of 1%'}.</p>` : ''}
${count.localities.map(
  (
    l,
  ) => html`${l.name ? html`<h2>${l.name}</h2><p>${money(l.used, round.currency)} of ${money(l.budget, round.currency)} spent; ${l.ballots.toLocaleString('en-GB')} votes.</p>` : html`<h2>Projects</h2>`}
<div style="overflow-x:auto"><table class="pb-table"><caption class="visually-hidden">Projects${l.name ? ` in ${l.name}` : ''}: votes, cost and whether funded</caption>
<thead><tr><th scope="col">Project</th><th scope="col" class="num">Votes</th><th scope="col" class="num">Cost</th><th scope="col">Funded</th></tr></thead>
<tbody>${l.projects.map((p) => html`<tr><td>${p.name}</td><td class="num">${p.votes.toLocaleString('en-GB')}</td><td class="num">${money(p.cost, round.currency)}</td><td>${p.selected ? html`<strong>Yes</strong>` : 'No'}</td></tr>`)}</tbody></table></div>`,
)}
<h2>You said, we did</h2>
${(() => {
  const funded = proposals.filter((p) => count.localities.some((l) => l.projects.some((x) => x.proposalId === p.id && x.selected)));
  if (!funded.length) return html`<p>No projects were funded.</p>`;
  return funded.map(
    (p) =>
      html`<h3>${p.name}</h3>${round.mode === 'panel' && p.panelReason ? html`<p>Why the panel chose it: ${p.panelReason}</p>` : ''}<p><strong>${progress[p.delivery]}</strong></p>${updates
        .filter((u) => u.proposalId === p.id)
        .map(
          (u) =>
            html`<p><span class="muted">${new Date(`${u.on}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}:</span> ${u.text}</p>`,
        )}`,
  );
})()}
${byId.size ? '' : ''}`,
  });
}

function clientIp(req: FastifyRequest): string {
  return req.ip;
}

export async function pbResidentPages(app: FastifyInstance, database: Database): Promise<void> {
  const { db } = database;
  await residentPageRoutes(app, (pages) => {
    const base = (p: { programme: string; round: string }) =>
      `${PB_PAGES}/${encodeURIComponent(p.programme)}/${encodeURIComponent(p.round)}`;
    const open = async (p: { programme: string; round: string }) => {
      const o = await openRound(database, p.programme, p.round);
      return o && o.round.stage === 'vote' && o.round.mode === 'vote' && !o.round.publishedAt ? o : null;
    };
    const closed = notOpen(
      'This vote is not open',
      'There is no vote open at this address. Check the address on your card, or ask the organisers.',
    );

    pages.get<{ Params: { programme: string; round: string } }>(`${PB_PAGES}/:programme/:round`, HIDDEN, async (req, reply) => {
      const o = await open(req.params);
      if (!o) return sendResidentPage(reply, closed, 404);
      return sendResidentPage(reply, codePage(o, base(req.params)));
    });

    pages.post<{ Params: { programme: string; round: string } }>(`${PB_PAGES}/:programme/:round`, HIDDEN, async (req, reply) => {
      const o = await open(req.params);
      if (!o) return sendResidentPage(reply, closed, 404);
      const typed = formText(req.body, 'code');
      if (!typed) return sendResidentPage(reply, codePage(o, base(req.params), '', 'Enter the voting code from your card'), 400);
      const check = await checkCode(db, o.round, typed, clientIp(req));
      if (!check.ok)
        return sendResidentPage(reply, codePage(o, base(req.params), typed, check.message), check.reason === 'limited' ? 429 : 400);
      const proposals = choicesFor(await proposalsOf(db, o.round.id), check.locality);
      return sendResidentPage(reply, ballotPage(o, `${base(req.params)}/vote`, typed, check.locality, proposals, [], []));
    });

    pages.post<{ Params: { programme: string; round: string } }>(`${PB_PAGES}/:programme/:round/vote`, HIDDEN, async (req, reply) => {
      const o = await open(req.params);
      if (!o) return sendResidentPage(reply, closed, 404);
      const typed = formText(req.body, 'code');
      const chosen = formList(req.body, 'choice');
      const outcome = await castBallot(db, o.round, typed, chosen, clientIp(req));
      if (outcome.ok) return sendResidentPage(reply, confirmation(o));
      if (outcome.field === 'code') return sendResidentPage(reply, codePage(o, base(req.params), typed, outcome.messages[0]), 400);
      const check = await checkCode(db, o.round, typed, clientIp(req));
      const locality = check.ok ? check.locality : null;
      const proposals = choicesFor(await proposalsOf(db, o.round.id), locality);
      return sendResidentPage(reply, ballotPage(o, `${base(req.params)}/vote`, typed, locality, proposals, chosen, outcome.messages), 400);
    });

    // The proposals residents read before they vote (deliberation) and while they vote: only eligible ones.
    pages.get<{ Params: { programme: string; round: string } }>(`${PB_PAGES}/:programme/:round/proposals`, HIDDEN, async (req, reply) => {
      const o = await openRound(database, req.params.programme, req.params.round);
      if (!o || !['deliberation', 'vote'].includes(o.round.stage) || o.round.publishedAt)
        return sendResidentPage(
          reply,
          notOpen('No proposals to show yet', 'The proposals for this round are shown once they have been checked. Ask the organisers.'),
          404,
        );
      const proposals = (await proposalsOf(db, o.round.id)).filter((p) => p.eligibility === 'eligible');
      const voteLink = o.round.stage === 'vote' && o.round.mode === 'vote' ? base(req.params) : null;
      return sendResidentPage(reply, proposalsPage(o, proposals, voteLink));
    });

    pages.get<{ Params: { programme: string; round: string } }>(`${PB_PAGES}/:programme/:round/results`, HIDDEN, async (req, reply) => {
      const o = await openRound(database, req.params.programme, req.params.round);
      if (!o?.round.publishedAt || !o.round.result)
        return sendResidentPage(
          reply,
          notOpen('No results yet', 'The results of this vote have not been published yet. Come back once voting has closed.'),
          404,
        );
      const proposals = await proposalsOf(db, o.round.id);
      const updates = await db
        .select({ proposalId: pbUpdates.proposalId, on: pbUpdates.on, text: pbUpdates.text })
        .from(pbUpdates)
        .innerJoin(pbProposals, eq(pbProposals.id, pbUpdates.proposalId))
        .where(eq(pbProposals.roundId, o.round.id))
        .orderBy(asc(pbUpdates.on));
      return sendResidentPage(reply, resultsPage(o, proposals, updates));
    });
  });
}
