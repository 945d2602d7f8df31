/**
 * The Place Standard survey as residents see it (issue 18, point 6): plain HTML forms from the server
 * (src/http/resident-pages.ts), one theme a page with "Question 3 of 14", a check-your-answers page,
 * then a confirmation. No account and no JavaScript; the answers wait between pages in a draft found
 * by the token in the address. Only open surveys are shown, and nothing but the survey's own questions.
 *
 *   /place-standard/<programme>/<survey>           start page (POST: start, then the first question)
 *   /place-standard/answer/<token>/area            where you live (only when the survey lists areas)
 *   /place-standard/answer/<token>/<1..14>         one theme
 *   /place-standard/answer/<token>/check           check your answers (POST: send them)
 *   /place-standard/<programme>/<survey>/thanks    sent
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../../db/database.js';
import { AppError, Invalid, TooManyRequests } from '../../../errors.js';
import { type Html, formText, html, residentPage, residentPageRoutes, sendResidentPage } from '../../../http/resident-pages.js';
import { scaleWords } from '../domain/place-wording.js';
import {
  type Draft,
  MAX_COMMENT,
  type OpenSurvey,
  loadDraft,
  openSurvey,
  saveLocality,
  saveTheme,
  startDraft,
  submitDraft,
} from './resident.js';

export const RESIDENT_PREFIX = '/place-standard';
const answerBase = (token: string) => `${RESIDENT_PREFIX}/answer/${encodeURIComponent(token)}`;
const surveyBase = (o: OpenSurvey) => `${RESIDENT_PREFIX}/${encodeURIComponent(o.programme.slug)}/${encodeURIComponent(o.survey.slug)}`;
const errorsOf = (err: unknown) =>
  err instanceof AppError ? err.errors.map((e) => ({ field: String(e.path[0] ?? ''), message: e.message })) : [];

function notFoundPage(reply: FastifyReply) {
  return sendResidentPage(
    reply,
    residentPage({
      title: 'This survey is not open',
      body: html`<p>The survey may have closed, or the link may be wrong. If you were part way through, your answers were kept for a week after your last change.</p>
<p>Ask whoever gave you the link for a new one.</p>`,
    }),
    404,
  );
}

function tooManyPage(reply: FastifyReply, err: TooManyRequests) {
  reply.header('Retry-After', String(err.retryAfterSeconds));
  return sendResidentPage(reply, residentPage({ title: 'Please try again later', body: html`<p>${err.message}</p>` }), 429);
}

/** Runs a page's work; a closed survey or wrong link, or too many starts, get a page of their own. */
async function page(reply: FastifyReply, work: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TooManyRequests) return tooManyPage(reply, err);
    if (err instanceof AppError && err.status === 404) return notFoundPage(reply);
    throw err;
  }
}

function startPage(o: OpenSurvey): Html {
  const n = o.themes.length;
  return residentPage({
    title: o.survey.title,
    context: o.programme.name,
    body: html`<p>Tell us what it is like to live in your area. There are ${n} short questions about things like getting around, green spaces, housing and feeling safe.</p>
<p>For each one, choose a score from 1 to ${o.survey.scale}. ${o.survey.scale === 3 ? '1 means it needs a lot of improvement and 3 means it is good as it is.' : `1 means there is a lot of room for improvement and ${o.survey.scale} means there is very little.`} You can also say what is good and what could be better. You can skip any question.</p>
<p>It takes about 10 minutes. You do not need an account, and we do not ask your name.</p>
${o.survey.illustrative ? html`<p class="inset">This is an illustrative survey in Cairn’s demonstration data, not a real consultation.</p>` : ''}
<form method="post" action="${surveyBase(o)}" novalidate>
<button class="button" type="submit">Start now</button>
</form>`,
  });
}

function areaPage(token: string, o: OpenSurvey, draft: Draft, errors: { field: string; message: string }[] = []): Html {
  const options = [...o.survey.localities.map((l) => ({ value: l, label: l })), { value: '', label: 'I would rather not say' }];
  return residentPage({
    title: 'Which area do you live in?',
    context: o.survey.title,
    errors,
    body: html`<form method="post" action="${answerBase(token)}/area" novalidate>
<div class="form-group${errors.length ? ' form-group-error' : ''}">
<fieldset class="fieldset" aria-describedby="locality-hint">
<legend class="visually-hidden">Which area do you live in?</legend>
<p class="hint" id="locality-hint">This helps us compare areas. It is optional.</p>
${errors.map((e) => html`<p class="error-message" id="locality-error"><span class="visually-hidden">Error:</span> ${e.message}</p>`)}
<div class="choices">${options.map(
      (opt, i) =>
        html`<div class="choice"><input type="radio" id="${i === 0 ? 'locality' : `locality-${i}`}" name="locality" value="${opt.value}"${
          draft.locality === opt.value && (opt.value !== '' || draft.updatedAt > draft.createdAt) ? html` checked` : ''
        }><label for="${i === 0 ? 'locality' : `locality-${i}`}">${opt.label}</label></div>`,
    )}</div>
</fieldset>
</div>
<button class="button" type="submit">Continue</button>
</form>`,
  });
}

function themePage(
  token: string,
  o: OpenSurvey,
  draft: Draft,
  i: number,
  options: {
    errors?: { field: string; message: string }[];
    sent?: { score: string; good: string; better: string };
    back: string;
    check: boolean;
  },
): Html {
  const theme = o.themes[i]!;
  const errors = options.errors ?? [];
  const score = options.sent ? options.sent.score : draft.scores[i] === null ? '' : String(draft.scores[i]);
  const good = options.sent?.good ?? draft.comments[i]?.good ?? '';
  const better = options.sent?.better ?? draft.comments[i]?.better ?? '';
  const errorFor = (field: string) => errors.find((e) => e.field === field);
  const scoreError = errorFor('score');
  const comment = (name: 'good' | 'better', label: string, value: string) => {
    const err = errorFor(name);
    return html`<div class="form-group${err ? ' form-group-error' : ''}">
<label class="label" for="${name}">${label} (optional)</label>
${err ? html`<p class="error-message" id="${name}-error"><span class="visually-hidden">Error:</span> ${err.message}</p>` : ''}
<textarea class="textarea width-full" id="${name}" name="${name}" rows="3" maxlength="${MAX_COMMENT}">${value}</textarea>
</div>`;
  };
  return residentPage({
    title: theme.name,
    context: `Question ${i + 1} of ${o.themes.length}`,
    errors,
    body: html`<p><a href="${options.back}">Back</a></p>
<p class="muted">Question ${i + 1} of ${o.themes.length}</p>
<form method="post" action="${answerBase(token)}/${i + 1}${options.check ? '?check=1' : ''}" novalidate>
<div class="form-group${scoreError ? ' form-group-error' : ''}">
<fieldset class="fieldset" aria-describedby="score-hint">
<legend class="legend">${theme.question}</legend>
<p class="hint" id="score-hint">Choose one. Leave it blank if you do not want to answer.</p>
${scoreError ? html`<p class="error-message" id="score-error"><span class="visually-hidden">Error:</span> ${scoreError.message}</p>` : ''}
<div class="choices">${scaleWords(o.survey.version).map(
      (s, k) =>
        html`<div class="choice"><input type="radio" id="${k === 0 ? 'score' : `score-${s.value}`}" name="score" value="${s.value}"${
          score === String(s.value) ? html` checked` : ''
        }><label for="${k === 0 ? 'score' : `score-${s.value}`}">${s.words}</label></div>`,
    )}</div>
</fieldset>
</div>
${comment('good', 'What is good here?', good)}
${comment('better', 'What could be better?', better)}
<button class="button" type="submit">${options.check ? 'Save and go back to your answers' : 'Continue'}</button>
</form>`,
  });
}

function checkPage(token: string, o: OpenSurvey, draft: Draft, errors: { field: string; message: string }[] = []): Html {
  const rows = o.themes.map((t, i) => {
    const s = draft.scores[i];
    const c = draft.comments[i];
    return html`<div class="summary-row"><dt>${t.name}</dt><dd>${s === null || s === undefined ? 'Not answered' : `${s} out of ${o.survey.scale}`}${
      c?.good ? html`<br>Good: ${c.good}` : ''
    }${c?.better ? html`<br>Could be better: ${c.better}` : ''}<br><a href="${answerBase(token)}/${i + 1}?check=1">Change<span class="visually-hidden"> ${t.name}</span></a></dd></div>`;
  });
  const area =
    o.survey.localities.length > 0
      ? html`<div class="summary-row"><dt>Area</dt><dd>${draft.locality || 'Not given'}<br><a href="${answerBase(token)}/area?check=1">Change<span class="visually-hidden"> area</span></a></dd></div>`
      : '';
  return residentPage({
    title: 'Check your answers',
    context: o.survey.title,
    errors,
    body: html`<dl class="summary-list" id="scores">${area}${rows}</dl>
<h2>Now send your answers</h2>
<p>Once you send them you cannot change them. Your answers are counted with everyone else’s; nobody’s scores are shown on their own.</p>
<form method="post" action="${answerBase(token)}/check" novalidate>
<button class="button" type="submit">Send your answers</button>
</form>`,
  });
}

/** The page before question i (0-based): the previous question, the area question, or the start. */
const backOf = (token: string, o: OpenSurvey, i: number, check: boolean) =>
  check
    ? `${answerBase(token)}/check`
    : i > 0
      ? `${answerBase(token)}/${i}`
      : o.survey.localities.length
        ? `${answerBase(token)}/area`
        : surveyBase(o);

const see = (reply: FastifyReply, to: string) => reply.header('Cache-Control', 'no-store').redirect(to, 303);

export async function placeStandardPages(app: FastifyInstance, database: Database) {
  const { db } = database;
  await residentPageRoutes(app, (pages) => {
    type SurveyParams = { Params: { programme: string; survey: string } };
    type AnswerParams = { Params: { token: string; step: string }; Querystring: { check?: string } };

    pages.get<SurveyParams>(`${RESIDENT_PREFIX}/:programme/:survey`, (req, reply) =>
      page(reply, async () => sendResidentPage(reply, startPage(await openSurvey(db, req.params.programme, req.params.survey)))),
    );
    pages.post<SurveyParams>(`${RESIDENT_PREFIX}/:programme/:survey`, (req, reply) =>
      page(reply, async () => {
        const o = await openSurvey(db, req.params.programme, req.params.survey);
        const token = await startDraft(db, o, req.ip);
        return see(reply, `${answerBase(token)}/${o.survey.localities.length ? 'area' : '1'}`);
      }),
    );
    pages.get<SurveyParams>(`${RESIDENT_PREFIX}/:programme/:survey/thanks`, (req, reply) =>
      page(reply, async () => {
        const o = await openSurvey(db, req.params.programme, req.params.survey);
        return sendResidentPage(
          reply,
          residentPage({
            title: 'Thank you',
            context: o.survey.title,
            body: html`<div class="panel"><h2>Your answers have been sent</h2><p>Thank you for telling us about your area.</p></div>
<p>${o.programme.name} will use everyone’s answers together to see what is working and what needs to change. You can close this page.</p>`,
          }),
        );
      }),
    );

    pages.get<AnswerParams>(`${RESIDENT_PREFIX}/answer/:token/:step`, (req, reply) =>
      page(reply, async () => {
        const loaded = await loadDraft(db, req.params.token);
        const { draft, open: o } = loaded;
        const { token, step } = req.params;
        const check = req.query.check === '1';
        if (step === 'check') return sendResidentPage(reply, checkPage(token, o, draft));
        if (step === 'area' && o.survey.localities.length) return sendResidentPage(reply, areaPage(token, o, draft));
        const i = Number(step) - 1;
        if (!Number.isInteger(i) || i < 0 || i >= o.themes.length) return notFoundPage(reply);
        return sendResidentPage(reply, themePage(token, o, draft, i, { back: backOf(token, o, i, check), check }));
      }),
    );

    pages.post<AnswerParams>(`${RESIDENT_PREFIX}/answer/:token/:step`, (req, reply) =>
      page(reply, async () => {
        const loaded = await loadDraft(db, req.params.token);
        const { draft, open: o } = loaded;
        const { token, step } = req.params;
        const check = req.query.check === '1';
        if (step === 'check') {
          try {
            await submitDraft(db, loaded);
          } catch (err) {
            if (!(err instanceof Invalid)) throw err;
            return sendResidentPage(
              reply,
              checkPage(token, o, draft, [{ field: 'scores', message: 'Score at least one theme before you send your answers' }]),
              422,
            );
          }
          return see(reply, `${surveyBase(o)}/thanks`);
        }
        if (step === 'area' && o.survey.localities.length) {
          try {
            await saveLocality(db, loaded, formText(req.body, 'locality'));
          } catch (err) {
            if (!(err instanceof Invalid)) throw err;
            return sendResidentPage(reply, areaPage(token, o, draft, [{ field: 'locality', message: err.message }]), 422);
          }
          return see(reply, check ? `${answerBase(token)}/check` : `${answerBase(token)}/1`);
        }
        const i = Number(step) - 1;
        if (!Number.isInteger(i) || i < 0 || i >= o.themes.length) return notFoundPage(reply);
        const sent = { score: formText(req.body, 'score'), good: formText(req.body, 'good'), better: formText(req.body, 'better') };
        try {
          await saveTheme(db, loaded, i, sent);
        } catch (err) {
          if (!(err instanceof Invalid)) throw err;
          return sendResidentPage(
            reply,
            themePage(token, o, draft, i, { errors: errorsOf(err), sent, back: backOf(token, o, i, check), check }),
            422,
          );
        }
        const next = check || i + 1 >= o.themes.length ? 'check' : String(i + 2);
        return see(reply, `${answerBase(token)}/${next}`);
      }),
    );
  });
}
