// Resident pages of the engagement module (src/http/resident-pages.ts): plain server-rendered HTML that
// works without JavaScript and without an account.
// - /you-said-we-did/<programme> and /you-said-we-did/<programme>/<locality>: the public "you said, we
//   did" pages, showing only published engagements and their published entries;
// - /feedback/<code>: a participant's three-question feedback form, by the engagement's unguessable code,
//   rate-limited per network address.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.js';
import { TooManyRequests } from '../../errors.js';
import { type Html, formText, html, raw, residentPage, residentPageRoutes, sendResidentPage } from '../../http/resident-pages.js';
import { withoutContactDetails } from '../../http/contact-details.js';
import { ANSWERS, type Answer } from './feedback/schema.js';
import { ANSWER_WORDS, QUESTIONS, type QuestionKey, engagementByCode, giveFeedback } from './feedback/service.js';
import { publicLocalities, publicLocality } from './you-said-we-did/service.js';

/** What these pages need beyond the house stylesheet: radios, and the progress of a commitment. */
const STYLE = raw(`<style>
.fieldset{border:0;padding:0;margin:0 0 30px;min-width:0}.legend{font-weight:700;font-size:1.15em;margin-bottom:10px;padding:0}
.radio{display:flex;align-items:center;gap:10px;margin-bottom:10px;min-height:44px}.radio input{width:28px;height:28px;margin:0;flex:none}
.form-group-error{padding-left:15px;border-left:5px solid var(--error)}.error-message{color:var(--error);font-weight:700;margin:0 0 10px}
.said{border-left:5px solid var(--border);padding-left:15px;margin:0 0 20px}.said dt{font-weight:700}.said dd{margin:0 0 10px}
.status{display:inline-block;padding:2px 8px;background:var(--light);font-weight:700}.meta{color:var(--muted)}
.engagement{border-top:1px solid var(--border);padding-top:15px;margin-top:25px}
</style>`);

const dateWords = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const span = (a: string, b: string) => (a === b ? dateWords(a) : `${dateWords(a)} to ${dateWords(b)}`);
const STATUS_WORDS: Record<string, string> = {
  planned: 'Planned',
  'in progress': 'In progress',
  done: 'Done',
  'not going ahead': 'Not going ahead',
};
const LEVEL_WORDS: Record<string, string> = {
  inform: 'telling people what is happening',
  consult: 'asking people’s views',
  involve: 'involving people in the work',
  collaborate: 'deciding together',
  empower: 'people deciding for themselves',
};

const notFound = (what: string) =>
  residentPage({ title: `${what} not found`, body: html`<p>Check the web address. The page may have moved or not be published yet.</p>` });

function feedbackForm(code: string, title: string, values: Record<string, string>, errors: { field: string; message: string }[]): Html {
  const errorOf = (key: string) => errors.find((e) => e.field === `${key}-yes`)?.message;
  return html`${STYLE}<p>About: <strong>${title}</strong></p>
<p>Your answers are anonymous. We do not ask your name, and partners see only the totals, never single answers.</p>
<form method="post" action="/feedback/${code}" novalidate>
${QUESTIONS.map((q) => {
  const error = errorOf(q.key);
  return html`<div class="${error ? 'form-group-error' : ''}"><fieldset class="fieldset"${error ? html` aria-describedby="${q.key}-error"` : ''}>
<legend class="legend">${q.text}</legend>
${error ? html`<p class="error-message" id="${q.key}-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
${ANSWERS.map(
  (a) =>
    html`<div class="radio"><input type="radio" id="${q.key}-${a}" name="${q.key}" value="${a}"${values[q.key] === a ? raw(' checked') : ''}><label for="${q.key}-${a}">${ANSWER_WORDS[a]}</label></div>`,
)}
</fieldset></div>`;
})}
<button type="submit" class="button">Send your answers</button>
</form>`;
}

export async function engagementPages(app: FastifyInstance, database: Database): Promise<void> {
  const { db } = database;
  await residentPageRoutes(app, async (pages) => {
    pages.get<{ Params: { programme: string } }>('/you-said-we-did/:programme', async (req, reply) => {
      const found = await publicLocalities(db, req.params.programme);
      if (!found || found.localities.length === 0) return sendResidentPage(reply, notFound('Programme'), 404);
      const body = html`<p>What people told us in each place, and what has changed because they spoke.</p>
<ul class="plain-list">${found.localities.map(
        (l) =>
          html`<li><a href="/you-said-we-did/${req.params.programme}/${l.slug}">${l.name}</a> <span class="meta">(${l.engagements} engagement${l.engagements === 1 ? '' : 's'})</span></li>`,
      )}</ul>`;
      return sendResidentPage(reply, residentPage({ title: 'You said, we did', context: found.programme, body }));
    });

    pages.get<{ Params: { programme: string; locality: string } }>('/you-said-we-did/:programme/:locality', async (req, reply) => {
      const found = await publicLocality(db, req.params.programme, req.params.locality);
      if (!found) return sendResidentPage(reply, notFound('Place'), 404);
      const body = html`${STYLE}<p>What people in ${found.locality} told us, and what changed because they spoke.</p>
${found.engagements.map(
  (e) => html`<section class="engagement" aria-labelledby="e-${e.id}">
<h2 id="e-${e.id}">${withoutContactDetails(e.title)}</h2>
<p class="meta">${span(e.startsOn, e.endsOn)}. Led by ${e.leadPartner}: ${LEVEL_WORDS[e.level] ?? e.level}.${e.topics.length ? ` About ${e.topics.join(', ')}.` : ''}</p>
${
  e.entries.length === 0
    ? html`<p>We will say here what we heard and what we did about it.</p>`
    : e.entries.map(
        (x) => html`<dl class="said">
<dt>You said</dt><dd>${withoutContactDetails(x.said)}</dd>
<dt>We did</dt><dd>${withoutContactDetails(x.did) || 'We are working on it.'}</dd>
<dt>Where it stands</dt><dd><span class="status">${STATUS_WORDS[x.status] ?? x.status}</span> ${x.status === 'done' || x.status === 'not going ahead' ? '' : html`<span class="meta">${x.progress}% done</span>`}</dd>
</dl>`,
      )
}
</section>`,
)}`;
      return sendResidentPage(reply, residentPage({ title: `You said, we did: ${found.locality}`, context: found.programme, body }));
    });

    pages.get<{ Params: { code: string } }>('/feedback/:code', async (req, reply) => {
      const engagement = await engagementByCode(db, req.params.code);
      if (!engagement) return sendResidentPage(reply, notFound('Feedback form'), 404);
      return sendResidentPage(
        reply,
        residentPage({
          title: 'Tell us how it went',
          context: engagement.programme,
          body: feedbackForm(req.params.code, engagement.title, {}, []),
        }),
      );
    });

    pages.post<{ Params: { code: string } }>('/feedback/:code', async (req, reply) => {
      const engagement = await engagementByCode(db, req.params.code);
      if (!engagement) return sendResidentPage(reply, notFound('Feedback form'), 404);
      const values = Object.fromEntries(QUESTIONS.map((q) => [q.key, formText(req.body, q.key)])) as Record<QuestionKey, string>;
      const errors = QUESTIONS.filter((q) => !(ANSWERS as readonly string[]).includes(values[q.key])).map((q) => ({
        field: `${q.key}-yes`,
        message: `Answer “${q.text}”`,
      }));
      if (errors.length) {
        const page = residentPage({
          title: 'Tell us how it went',
          context: engagement.programme,
          errors,
          body: feedbackForm(req.params.code, engagement.title, values, errors),
        });
        return sendResidentPage(reply, page, 422);
      }
      try {
        await giveFeedback(db, req.params.code, values as Record<QuestionKey, Answer>, req.ip);
      } catch (err) {
        if (!(err instanceof TooManyRequests)) throw err;
        reply.header('Retry-After', String(err.retryAfterSeconds));
        return sendResidentPage(reply, residentPage({ title: 'Please try again later', body: html`<p>${err.message}</p>` }), 429);
      }
      return sendResidentPage(
        reply,
        residentPage({
          title: 'Thank you',
          context: engagement.programme,
          body: html`<p>Your answers about <strong>${engagement.title}</strong> have been sent. They help partners run better engagements.</p>`,
        }),
      );
    });
  });
}
