import { type RecordVersion, partsOf } from '../../../http/versions.js';
import { and, asc, count, eq, ilike, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, NotFound, conflictFromDb } from '../../../errors.js';
import type { ListQuery } from '../../../http/route-kit.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { containing } from '../../partnerships/service.js';
import { todayIso } from '../../partnerships/membership.js';
import { places } from '../../places/schema.js';
import { type ProgrammeContext, pageWindow } from '../../programmes/context.js';
import { phases, vocabularyTerms } from '../../programmes/schema.js';
import { projects } from '../../projects/schema.js';
import { importedCodesOf } from '../respondents/codings.js';
import type { Consent } from '../domain/respondents.js';
import { type ConsentStatus, codeFamilies, codes, codings, consentRecords, respondents } from '../schema.js';

import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';
import { familiesNotAsked } from './bases.js';

// ---- respondents --------------------------------------------------------------------------------

export interface RespondentInput {
  ref: string;
  participantType?: string | null | undefined;
  projectId?: string | null | undefined;
  placeId?: string | null | undefined;
  phaseId?: string | null | undefined;
  attributes?: Record<string, string> | undefined;
  consent: ConsentInput;
}

export interface ConsentInput {
  status: ConsentStatus;
  on?: string | undefined;
  scope?: string | undefined;
}

/** A respondent as the analyses and the screens see them: project-derived facts resolved to words. */
export function respondentSelect(db: Queryable) {
  return db
    .select({
      id: respondents.id,
      ref: respondents.ref,
      participantType: respondents.participantType,
      attributes: respondents.attributes,
      consent: respondents.consent,
      project: sql<{
        id: string;
        name: string;
      } | null>`case when ${projects.id} is null then null else json_build_object('id', ${projects.id}, 'name', ${projects.name}) end`,
      // A project may carry several themes; each counts (documented in the README).
      themes: sql<string[]>`coalesce((select array_agg(vt.label order by vt.position, vt.label) from project_terms pt
        join vocabulary_terms vt on vt.id = pt.term_id and vt.vocabulary = 'theme' where pt.project_id = ${respondents.projectId}), '{}')`,
      coproductionModel: sql<string | null>`(select label from vocabulary_terms where id = ${projects.coproductionModelId})`,
      // The respondent's own place when recorded, else their project's partnership's place.
      place: sql<string | null>`coalesce((select name from places where id = ${respondents.placeId}),
        (select pl.name from partnerships pa join places pl on pl.id = pa.place_id where pa.id = ${projects.partnershipId}))`,
      phase: sql<string | null>`(select name from phases where id = ${respondents.phaseId})`,
    })
    .from(respondents)
    .leftJoin(projects, eq(projects.id, respondents.projectId));
}

type RespondentRow = Awaited<ReturnType<typeof respondentSelect>>[number];

const respondentView = (r: RespondentRow) => ({
  id: r.id,
  ref: r.ref,
  participantType: r.participantType,
  project: r.project,
  themes: r.themes ?? [],
  coproductionModel: r.coproductionModel,
  place: r.place,
  phase: r.phase,
  attributes: r.attributes ?? {},
  consent: r.consent,
});

export interface RespondentQuery extends ListQuery {
  participantType?: string | undefined;
  projectId?: string | undefined;
  consent?: Consent | undefined;
}

export async function listRespondents(db: Queryable, ctx: ProgrammeContext, e: Evaluation, q: RespondentQuery) {
  requireEvaluator(ctx);
  const where = and(
    eq(respondents.evaluationId, e.id),
    q.q ? ilike(respondents.ref, containing(q.q)) : undefined,
    q.participantType ? eq(respondents.participantType, q.participantType) : undefined,
    q.projectId ? eq(respondents.projectId, q.projectId) : undefined,
    q.consent ? eq(respondents.consent, q.consent) : undefined,
  );
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    respondentSelect(db).where(where).orderBy(asc(respondents.ref)).limit(limit).offset(offset),
    db.select({ n: count() }).from(respondents).where(where),
  ]);
  return { rows: rows.map(respondentView), total: Number(total?.n ?? 0) };
}

/**
 * A respondent with their consent records and codings. In blind coding a signed-in coder (`viewerId`)
 * gets only their own ticks, so nobody coding is swayed by another's; the CLI (no viewer) gets all.
 */
export async function getRespondent(db: Queryable, ctx: ProgrammeContext, e: Evaluation, respondentId: string, viewerId?: string) {
  requireEvaluator(ctx);
  const [r] = await respondentSelect(db).where(and(eq(respondents.evaluationId, e.id), eq(respondents.id, respondentId)));
  if (!r) throw new NotFound('That respondent');
  const [consents, rowsCoded, imported, notAsked] = await Promise.all([
    db.select().from(consentRecords).where(eq(consentRecords.respondentId, respondentId)).orderBy(asc(consentRecords.recordedAt)),
    db
      .select({ codeId: codings.codeId, name: codes.name, family: codeFamilies.key, coderId: codings.coderId, source: codings.source })
      .from(codings)
      .innerJoin(codes, eq(codes.id, codings.codeId))
      .innerJoin(codeFamilies, eq(codeFamilies.id, codes.familyId))
      .where(eq(codings.respondentId, respondentId))
      .orderBy(asc(codeFamilies.position), asc(codes.name)),
    importedCodesOf(db, respondentId),
    familiesNotAsked(db, e, respondentId),
  ]);
  const coded = [...rowsCoded, ...imported.map((c) => ({ ...c, coderId: null, source: 'import' as const }))];
  return {
    ...respondentView(r),
    consentRecords: consents.map((c) => ({ status: c.status, on: c.on, scope: c.scope, recordedAt: c.recordedAt.toISOString() })),
    codings: e.blindCoding && viewerId !== undefined ? coded.filter((c) => c.coderId === viewerId) : coded,
    notAsked,
  };
}

/** Project, place, phase and participant type must be this programme's own. */
async function checkRespondentReferences(db: Queryable, ctx: ProgrammeContext, input: Partial<RespondentInput>) {
  const errors: FieldError[] = [];
  const pid = ctx.programme.id;
  if (input.projectId) {
    const [hit] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.programmeId, pid)));
    if (!hit) errors.push({ path: ['projectId'], message: 'That project is not in this programme' });
  }
  if (input.placeId) {
    const [hit] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.id, input.placeId), eq(places.programmeId, pid)));
    if (!hit) errors.push({ path: ['placeId'], message: 'That place is not in this programme' });
  }
  if (input.phaseId) {
    const [hit] = await db
      .select({ id: phases.id })
      .from(phases)
      .where(and(eq(phases.id, input.phaseId), eq(phases.programmeId, pid)));
    if (!hit) errors.push({ path: ['phaseId'], message: 'That phase is not in this programme' });
  }
  if (input.participantType) {
    const types = await db
      .select({ label: vocabularyTerms.label })
      .from(vocabularyTerms)
      .where(and(eq(vocabularyTerms.programmeId, pid), eq(vocabularyTerms.vocabulary, 'participant_type')))
      .orderBy(asc(vocabularyTerms.position));
    const hit = types.find((t) => t.label.toLowerCase() === input.participantType!.trim().toLowerCase());
    if (!hit) {
      errors.push({
        path: ['participantType'],
        message: types.length
          ? `Participant type must be one of the programme’s: ${types.map((t) => t.label).join(', ')}`
          : 'The programme has no participant types yet: a manager adds them to its vocabularies',
      });
    } else input.participantType = hit.label;
  }
  fail(errors);
}

const refConflict = { respondents_ref_key: { path: 'ref', message: 'This evaluation already has a respondent with that reference' } };

export async function createRespondent(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, input: RespondentInput) {
  requireEvaluator(ctx);
  await checkRespondentReferences(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx
        .insert(respondents)
        .values({
          evaluationId: e.id,
          ref: input.ref,
          participantType: input.participantType ?? null,
          projectId: input.projectId ?? null,
          placeId: input.placeId ?? null,
          phaseId: input.phaseId ?? null,
          attributes: input.attributes ?? {},
          consent: input.consent.status,
        })
        .returning();
      await tx.insert(consentRecords).values({
        respondentId: r!.id,
        status: input.consent.status,
        on: input.consent.on ?? todayIso(),
        scope: input.consent.scope ?? '',
        recordedBy: actor.userId,
      });
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'respondent',
        entityId: r!.id,
        action: 'create',
        summary: `Added the respondent ${r!.ref} to ${e.title} (consent ${input.consent.status})`,
        after: {
          ref: r!.ref,
          participantType: r!.participantType,
          projectId: r!.projectId,
          attributes: r!.attributes,
          consent: r!.consent,
        },
      });
      return r!.id;
    });
  } catch (err) {
    conflictFromDb(err, refConflict);
  }
}

export type RespondentChange = Partial<Omit<RespondentInput, 'consent'>>;

export async function updateRespondent(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  e: Evaluation,
  respondentId: string,
  input: RespondentChange,
) {
  requireEvaluator(ctx);
  const [before] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!before) throw new NotFound('That respondent');
  await checkRespondentReferences(db, ctx, input);
  const view = (r: typeof before) => ({
    ref: r.ref,
    participantType: r.participantType,
    projectId: r.projectId,
    placeId: r.placeId,
    phaseId: r.phaseId,
    attributes: r.attributes,
  });
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx.update(respondents).set(input).where(eq(respondents.id, respondentId)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'respondent',
        entityId: respondentId,
        action: 'update',
        summary: `Changed the respondent ${r!.ref}`,
        before: view(before),
        after: view(r!),
      });
      return respondentId;
    });
  } catch (err) {
    conflictFromDb(err, refConflict);
  }
}

/**
 * Records consent given or withdrawn. The record is kept; the latest decides, and a withdrawn
 * respondent leaves every analysis, chart and export from this moment.
 */
export async function recordConsent(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, respondentId: string, input: ConsentInput) {
  requireEvaluator(ctx);
  const [before] = await db
    .select()
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!before) throw new NotFound('That respondent');
  return db.transaction(async (tx) => {
    await tx
      .insert(consentRecords)
      .values({ respondentId, status: input.status, on: input.on ?? todayIso(), scope: input.scope ?? '', recordedBy: actor.userId });
    await tx.update(respondents).set({ consent: input.status }).where(eq(respondents.id, respondentId));
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'respondent',
      entityId: respondentId,
      action: input.status === 'withdrawn' ? 'withdraw-consent' : 'give-consent',
      summary:
        input.status === 'withdrawn'
          ? `Consent withdrawn by ${before.ref}: left out of every analysis from now`
          : `Consent given by ${before.ref}`,
      before: { consent: before.consent },
      after: { consent: input.status, on: input.on ?? todayIso(), scope: input.scope ?? '' },
    });
    return respondentId;
  });
}

/**
 * A respondent and the codings a coder's save replaces (theirs and the imported ones): one version,
 * so a coding screen open in two places cannot silently undo the other's ticks.
 */
export const respondentVersion = (id: string, coderId: string): RecordVersion => ({
  key: respondents.id,
  id,
  entityType: 'respondent',
  parts: partsOf(sql`select ${codings}.xmin::text || ${codings.codeId}::text from ${codings}
      where ${codings.respondentId} = ${id} and (${codings.coderId} = ${coderId} or ${codings.coderId} is null)`),
});
