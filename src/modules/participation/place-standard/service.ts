/**
 * Place Standard surveys (issue 18, point 6): setting one up, the responses it holds, and a group's
 * agreed (consensus) response recorded by an organiser. The programme team sees them; managers and
 * facilitators set them up and record responses. Partnership members do not see them (a survey is the
 * programme's, answered by residents).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Forbidden, Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type PlaceVersion, VERSION_NAMES, VERSION_SCALE, placeThemes } from '../domain/place-wording.js';
import { type PlaceComment, placeResponses, placeSurveys } from './schema.js';

export type PlaceSurvey = typeof placeSurveys.$inferSelect;
export type PlaceResponseRow = typeof placeResponses.$inferSelect;

/** Only the programme's own team (any programme-wide role) sees Place Standard surveys. */
export function requireTeam(ctx: ProgrammeContext): void {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Only the programme team can see Place Standard surveys.');
}

/** Managers and facilitators run surveys; evaluators and viewers read them. */
export const canRunSurveys = (ctx: ProgrammeContext) =>
  ctx.access.scope === 'programme' && (ctx.access.canManage || ctx.access.role === 'facilitator');

export function requireRunner(ctx: ProgrammeContext): void {
  requireTeam(ctx);
  if (!canRunSurveys(ctx)) throw new Forbidden('Only a programme manager or facilitator can change a Place Standard survey.');
}

export const presentSurvey = (s: PlaceSurvey) => ({
  id: s.id,
  slug: s.slug,
  title: s.title,
  version: s.version,
  versionName: VERSION_NAMES[s.version],
  wording: s.wording,
  scale: s.scale,
  threshold: s.threshold,
  status: s.status,
  currentWave: s.currentWave,
  localities: s.localities,
  illustrative: s.illustrative,
  createdAt: s.createdAt.toISOString(),
});

const slugConflict = { place_surveys_slug_key: { path: 'slug', message: 'This programme already has a survey with that short name' } };

export async function listSurveys(db: Queryable, ctx: ProgrammeContext) {
  requireTeam(ctx);
  const rows = await db
    .select({ survey: placeSurveys, responses: count(placeResponses.id) })
    .from(placeSurveys)
    .leftJoin(placeResponses, eq(placeResponses.surveyId, placeSurveys.id))
    .where(eq(placeSurveys.programmeId, ctx.programme.id))
    .groupBy(placeSurveys.id)
    .orderBy(asc(placeSurveys.title));
  return rows.map((r) => ({ ...presentSurvey(r.survey), responses: Number(r.responses) }));
}

/** A survey of this programme by its short name (any case). */
export async function loadSurvey(db: Queryable, ctx: ProgrammeContext, slug: string): Promise<PlaceSurvey> {
  requireTeam(ctx);
  const [s] = await db
    .select()
    .from(placeSurveys)
    .where(and(eq(placeSurveys.programmeId, ctx.programme.id), sql`lower(${placeSurveys.slug}) = lower(${slug.trim()})`));
  if (!s) throw new NotFound('That Place Standard survey');
  return s;
}

/** Localities and waves with how many responded, for the survey's page and the compass choices. */
export async function surveyGroups(db: Queryable, survey: PlaceSurvey) {
  const rows = await db
    .select({ locality: placeResponses.locality, wave: placeResponses.wave, responses: count() })
    .from(placeResponses)
    .where(eq(placeResponses.surveyId, survey.id))
    .groupBy(placeResponses.locality, placeResponses.wave)
    .orderBy(asc(placeResponses.locality), asc(placeResponses.wave));
  return rows.map((r) => ({
    locality: r.locality,
    wave: r.wave,
    responses: Number(r.responses),
    charted: Number(r.responses) >= survey.threshold,
  }));
}

export interface SurveyInput {
  slug: string;
  title: string;
  version?: PlaceVersion | undefined;
  threshold?: number | undefined;
  status?: PlaceSurvey['status'] | undefined;
  currentWave?: string | undefined;
  localities?: string[] | undefined;
}

function cleanLocalities(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of list.map((x) => x.trim()).filter(Boolean)) {
    if (seen.has(l.toLowerCase())) continue;
    seen.add(l.toLowerCase());
    out.push(l);
  }
  return out;
}

export async function createSurvey(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  input: SurveyInput,
  options: { illustrative?: boolean } = {},
) {
  requireRunner(ctx);
  const version = input.version ?? 'adult';
  try {
    return await db.transaction(async (tx) => {
      const [s] = await tx
        .insert(placeSurveys)
        .values({
          programmeId: ctx.programme.id,
          slug: input.slug,
          title: input.title,
          version,
          scale: VERSION_SCALE[version],
          threshold: input.threshold ?? 5,
          status: input.status ?? 'draft',
          currentWave: input.currentWave?.trim() || '1',
          localities: cleanLocalities(input.localities ?? []),
          illustrative: options.illustrative ?? false,
        })
        .returning();
      const after = presentSurvey(s!);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'place-survey',
        entityId: s!.id,
        action: 'create',
        summary: `Set up the Place Standard survey ${s!.title}`,
        after,
      });
      return after;
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export type SurveyChange = Partial<Omit<SurveyInput, 'version'>>;

/** Changes a survey's title, threshold, status, wave or localities (its version and scale stay: scores were given on them). */
export async function updateSurvey(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, change: SurveyChange) {
  requireRunner(ctx);
  try {
    return await db.transaction(async (tx) => {
      const before = await loadSurvey(tx, ctx, slug);
      const values = {
        ...(change.slug !== undefined ? { slug: change.slug } : {}),
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.threshold !== undefined ? { threshold: change.threshold } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.currentWave !== undefined ? { currentWave: change.currentWave.trim() || '1' } : {}),
        ...(change.localities !== undefined ? { localities: cleanLocalities(change.localities) } : {}),
      };
      const [s] = await tx.update(placeSurveys).set(values).where(eq(placeSurveys.id, before.id)).returning();
      const after = presentSurvey(s!);
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'place-survey',
        entityId: s!.id,
        action: 'update',
        summary: `Changed the Place Standard survey ${s!.title}`,
        before: presentSurvey(before),
        after,
      });
      return after;
    });
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export const presentResponse = (r: PlaceResponseRow) => ({
  id: r.id,
  respondent: r.respondent,
  locality: r.locality,
  wave: r.wave,
  kind: r.kind,
  groupSize: r.groupSize,
  source: r.source,
  scores: r.scores,
  comments: r.comments,
  createdAt: r.createdAt.toISOString(),
});

export async function listResponses(
  db: Queryable,
  survey: PlaceSurvey,
  filter: { locality?: string | undefined; wave?: string | undefined },
) {
  const rows = await db
    .select()
    .from(placeResponses)
    .where(
      and(
        eq(placeResponses.surveyId, survey.id),
        filter.locality !== undefined ? sql`lower(${placeResponses.locality}) = lower(${filter.locality})` : undefined,
        filter.wave !== undefined ? sql`lower(${placeResponses.wave}) = lower(${filter.wave})` : undefined,
      ),
    )
    .orderBy(desc(placeResponses.createdAt), asc(placeResponses.respondent))
    .limit(1000);
  return rows.map(presentResponse);
}

/** Scores and comments as sent: one per theme, each score 1..scale or null, comments trimmed. */
export function checkAnswers(survey: PlaceSurvey, scores: readonly (number | null)[], comments: readonly Partial<PlaceComment>[] = []) {
  const themes = placeThemes(survey.wording, survey.version);
  if (scores.length !== themes.length) {
    throw new Invalid(`Give a score (or none) for each of the ${themes.length} themes`, [
      { path: ['scores'], message: `Send ${themes.length} scores` },
    ]);
  }
  const errors = scores.flatMap((s, i) =>
    s === null || (Number.isInteger(s) && s >= 1 && s <= survey.scale)
      ? []
      : [{ path: ['scores', i], message: `The score for ${themes[i]!.name} must be a whole number from 1 to ${survey.scale}` }],
  );
  if (errors.length) throw new Invalid(errors[0]!.message, errors);
  if (scores.every((s) => s === null)) {
    throw new Invalid('Score at least one theme', [{ path: ['scores'], message: 'Score at least one theme' }]);
  }
  return {
    scores: [...scores],
    comments: themes.map((_, i) => ({ good: (comments[i]?.good ?? '').trim(), better: (comments[i]?.better ?? '').trim() })),
  };
}

/** A short made-up name for a response that came without one (online, or a group without a name). */
export const newRespondentRef = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

export interface OrganiserResponseInput {
  respondent?: string | undefined;
  locality?: string | undefined;
  wave?: string | undefined;
  kind: 'individual' | 'group';
  groupSize?: number | null | undefined;
  scores: (number | null)[];
  comments?: Partial<PlaceComment>[] | undefined;
}

/** A response an organiser keys in: a group's agreed scores from a session, or a paper form. */
export async function recordResponse(db: Db, ctx: ProgrammeContext, actor: Actor, slug: string, input: OrganiserResponseInput) {
  requireRunner(ctx);
  return db.transaction(async (tx) => {
    const survey = await loadSurvey(tx, ctx, slug);
    const answers = checkAnswers(survey, input.scores, input.comments);
    if (input.kind === 'group' && (input.groupSize ?? 0) < 2) {
      throw new Invalid('Say how many people agreed the group’s scores (2 or more)', [
        { path: ['groupSize'], message: 'Say how many people agreed the group’s scores (2 or more)' },
      ]);
    }
    const respondent = input.respondent?.trim() || newRespondentRef(input.kind === 'group' ? 'group' : 'paper');
    try {
      const [r] = await tx
        .insert(placeResponses)
        .values({
          surveyId: survey.id,
          respondent,
          locality: input.locality?.trim() ?? '',
          wave: input.wave?.trim() || survey.currentWave,
          kind: input.kind,
          groupSize: input.kind === 'group' ? (input.groupSize ?? null) : null,
          source: 'organiser',
          ...answers,
        })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'place-survey',
        entityId: survey.id,
        action: 'add-response',
        summary: `Added ${input.kind === 'group' ? `a group response (${input.groupSize} people)` : 'a response'} to ${survey.title}, ${r!.locality || 'no locality'}, wave ${r!.wave}`,
      });
      return presentResponse(r!);
    } catch (err) {
      conflictFromDb(err, {
        place_responses_respondent_key: { path: 'respondent', message: 'That respondent has already answered this wave' },
      });
    }
  });
}
