/**
 * A resident answering a Place Standard survey on their phone, without an account (issue 18, point 6):
 * an open survey is found by its programme's and its own short names; starting it makes a draft found
 * by an unguessable token in the page's address (only its hash is stored), which holds the answers
 * between pages; sending it turns the draft into a response filed under the survey's current wave, and
 * removes the draft. One address may start a limited number of drafts an hour.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid, NotFound, TooManyRequests } from '../../../errors.js';
import { newToken, hashToken } from '../../accounts/tokens.js';
import { addressKey } from '../../accounts/sign-in-limits.js';
import { recordAudit, systemActor } from '../../audit/audit.js';
import { programmes } from '../../programmes/schema.js';
import { type PlaceTheme, placeThemes } from '../domain/place-wording.js';
import { type PlaceComment, placeDrafts, placeResponses, placeSurveys } from './schema.js';
import { type PlaceSurvey, checkAnswers, newRespondentRef } from './service.js';

/** Drafts one address may start in an hour: a household or a library computer, not a script. */
export const DRAFTS_PER_HOUR = 30;
export const DRAFT_DAYS = 7;
export const MAX_COMMENT = 2000;

export interface OpenSurvey {
  survey: PlaceSurvey;
  programme: { slug: string; name: string };
  themes: readonly PlaceTheme[];
}

/** An open survey by programme and survey short names; a draft, closed or unknown one is simply not found. */
export async function openSurvey(db: Queryable, programmeSlug: string, surveySlug: string): Promise<OpenSurvey> {
  const [row] = await db
    .select({ survey: placeSurveys, slug: programmes.slug, name: programmes.name })
    .from(placeSurveys)
    .innerJoin(programmes, eq(programmes.id, placeSurveys.programmeId))
    .where(
      and(eq(programmes.slug, programmeSlug), sql`lower(${placeSurveys.slug}) = lower(${surveySlug})`, eq(placeSurveys.status, 'open')),
    );
  if (!row) throw new NotFound('That survey');
  return { survey: row.survey, programme: { slug: row.slug, name: row.name }, themes: placeThemes(row.survey.wording, row.survey.version) };
}

export type Draft = typeof placeDrafts.$inferSelect;

let lastSweep = 0;
/** Drafts untouched for a week are gone; once a minute is plenty to look. */
async function sweep(db: Queryable) {
  if (Date.now() - lastSweep < 60_000) return;
  lastSweep = Date.now();
  await db.delete(placeDrafts).where(lt(placeDrafts.updatedAt, sql`now() - make_interval(days => ${DRAFT_DAYS})`));
}

/** A new draft for this survey; its token goes in the address of every page that follows. */
export async function startDraft(db: Db, open: OpenSurvey, ip: string): Promise<string> {
  await sweep(db);
  const address = addressKey(ip);
  const [recent] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(placeDrafts)
    .where(and(eq(placeDrafts.address, address), sql`${placeDrafts.createdAt} > now() - interval '1 hour'`));
  if ((recent?.n ?? 0) >= DRAFTS_PER_HOUR) {
    throw new TooManyRequests('Too many surveys have been started from this connection in the last hour. Try again in an hour.', 3600);
  }
  const { token, hash } = newToken();
  const n = open.themes.length;
  await db.insert(placeDrafts).values({
    surveyId: open.survey.id,
    tokenHash: hash,
    address,
    scores: Array<number | null>(n).fill(null),
    comments: Array.from({ length: n }, () => ({ good: '', better: '' })),
  });
  return token;
}

/** The draft a token names, with its survey (still open), or not found. */
export async function loadDraft(db: Queryable, token: string): Promise<{ draft: Draft; open: OpenSurvey }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new NotFound('That survey answer');
  const [row] = await db
    .select({ draft: placeDrafts, survey: placeSurveys, slug: programmes.slug, name: programmes.name })
    .from(placeDrafts)
    .innerJoin(placeSurveys, eq(placeSurveys.id, placeDrafts.surveyId))
    .innerJoin(programmes, eq(programmes.id, placeSurveys.programmeId))
    .where(and(eq(placeDrafts.tokenHash, hashToken(token)), eq(placeSurveys.status, 'open')));
  if (!row) throw new NotFound('That survey answer');
  return {
    draft: row.draft,
    open: {
      survey: row.survey,
      programme: { slug: row.slug, name: row.name },
      themes: placeThemes(row.survey.wording, row.survey.version),
    },
  };
}

export async function saveLocality(db: Queryable, { draft, open }: { draft: Draft; open: OpenSurvey }, locality: string) {
  const known = open.survey.localities.find((l) => l.toLowerCase() === locality.toLowerCase());
  if (locality !== '' && !known)
    throw new Invalid('Choose one of the areas listed, or “I would rather not say”', [
      { path: ['locality'], message: 'Choose one of the areas listed, or “I would rather not say”' },
    ]);
  await db
    .update(placeDrafts)
    .set({ locality: known ?? '', updatedAt: new Date() })
    .where(eq(placeDrafts.id, draft.id));
}

/** One theme's answer from its page: a score (blank: not answered) and the two comments. */
export async function saveTheme(
  db: Queryable,
  { draft, open }: { draft: Draft; open: OpenSurvey },
  index: number,
  answer: { score: string; good: string; better: string },
) {
  const errors: { path: string[]; message: string }[] = [];
  let score: number | null = null;
  if (answer.score !== '') {
    const n = Number(answer.score);
    if (!Number.isInteger(n) || n < 1 || n > open.survey.scale)
      errors.push({ path: ['score'], message: `Choose a score from 1 to ${open.survey.scale}, or leave it blank` });
    else score = n;
  }
  if (answer.good.length > MAX_COMMENT)
    errors.push({ path: ['good'], message: `What is good here must be ${MAX_COMMENT} characters or fewer` });
  if (answer.better.length > MAX_COMMENT)
    errors.push({ path: ['better'], message: `What could be better must be ${MAX_COMMENT} characters or fewer` });
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  const scores = [...draft.scores];
  const comments: PlaceComment[] = draft.comments.map((c) => ({ ...c }));
  scores[index] = score;
  comments[index] = { good: answer.good, better: answer.better };
  await db.update(placeDrafts).set({ scores, comments, updatedAt: new Date() }).where(eq(placeDrafts.id, draft.id));
}

/** Sends the answers: a response in the survey's current wave, the draft removed, in one transaction. */
export async function submitDraft(db: Db, { draft, open }: { draft: Draft; open: OpenSurvey }) {
  const answers = checkAnswers(open.survey, draft.scores, draft.comments);
  await db.transaction(async (tx) => {
    const [r] = await tx
      .insert(placeResponses)
      .values({
        surveyId: open.survey.id,
        respondent: newRespondentRef('online'),
        locality: draft.locality,
        wave: open.survey.currentWave,
        kind: 'individual',
        source: 'online',
        ...answers,
      })
      .returning({ id: placeResponses.id });
    await tx.delete(placeDrafts).where(eq(placeDrafts.id, draft.id));
    await recordAudit(tx, systemActor('A resident, online'), {
      programmeId: open.survey.programmeId,
      entityType: 'place-survey',
      entityId: open.survey.id,
      action: 'add-response',
      summary: `A resident answered ${open.survey.title} online (response ${r!.id.slice(0, 8)})`,
    });
  });
}
