import type { RecordVersion } from '../../../http/versions.js';
import { and, asc, count, eq, ilike } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Forbidden, Invalid, NotFound, conflictFromDb } from '../../../errors.js';
import type { ListQuery } from '../../../http/route-kit.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { containing } from '../../partnerships/service.js';
import { type ProgrammeContext, pageWindow } from '../../programmes/context.js';
import { STANDARD_FAMILIES } from '../domain/qdc-families.js';
import { codeFamilies, evaluations } from '../schema.js';

// ---- who may do what ----------------------------------------------------------------------------

/**
 * Respondent-level data (who said what) is for programme managers and evaluators only. Other
 * programme roles (viewers, facilitators) read the codebook and aggregates; partnership members
 * see nothing of an evaluation.
 */
export const canWorkWithRespondents = (ctx: ProgrammeContext) =>
  ctx.access.scope === 'programme' && (ctx.access.canManage || ctx.access.role === 'evaluator');

export function requireEvaluationReader(ctx: ProgrammeContext) {
  if (ctx.access.scope !== 'programme') throw new Forbidden('Evaluations are open to the programme’s team only.');
}

export function requireEvaluator(ctx: ProgrammeContext) {
  requireEvaluationReader(ctx);
  if (!canWorkWithRespondents(ctx))
    throw new Forbidden('Only the programme’s evaluators and managers can see or change respondents and their codings.');
}

/** Refuses with every problem found, if any. */
export const fail = (errors: FieldError[]) => {
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
};

// ---- evaluations --------------------------------------------------------------------------------

export type Evaluation = typeof evaluations.$inferSelect;

export const evaluationView = (e: Evaluation) => ({
  id: e.id,
  slug: e.slug,
  title: e.title,
  description: e.description,
  disclosureThreshold: e.disclosureThreshold,
  blindCoding: e.blindCoding,
  createdAt: e.createdAt.toISOString(),
});

export interface EvaluationInput {
  slug: string;
  title: string;
  description?: string | undefined;
  disclosureThreshold?: number | undefined;
  blindCoding?: boolean | undefined;
}

const slugConflict = { evaluations_slug_key: { path: 'slug', message: 'This programme already has an evaluation with that slug' } };

export async function listEvaluations(db: Queryable, ctx: ProgrammeContext, q: ListQuery) {
  requireEvaluationReader(ctx);
  const where = and(eq(evaluations.programmeId, ctx.programme.id), q.q ? ilike(evaluations.title, containing(q.q)) : undefined);
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db.select().from(evaluations).where(where).orderBy(asc(evaluations.title), asc(evaluations.slug)).limit(limit).offset(offset),
    db.select({ n: count() }).from(evaluations).where(where),
  ]);
  return { rows: rows.map(evaluationView), total: Number(total?.n ?? 0) };
}

/**
 * An evaluation of this programme by slug; another programme's answers 404 like a missing one. Loaded
 * once per request (or command) and handed to the services. `need: 'evaluator'` checks the caller may
 * work with respondents first (403 before 404, as the respondent-level services always have).
 */
export async function loadEvaluation(
  db: Queryable,
  ctx: ProgrammeContext,
  slug: string,
  need: 'reader' | 'evaluator' = 'reader',
): Promise<Evaluation> {
  if (need === 'evaluator') requireEvaluator(ctx);
  requireEvaluationReader(ctx);
  const [e] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.programmeId, ctx.programme.id), eq(evaluations.slug, slug)));
  if (!e) throw new NotFound('That evaluation');
  return e;
}

/** Inside a transaction: the evaluation row, its seven standard code families, and the audit row. */
export async function insertEvaluation(tx: Queryable, ctx: ProgrammeContext, actor: Actor, input: EvaluationInput): Promise<Evaluation> {
  const [e] = await tx
    .insert(evaluations)
    .values({ ...input, programmeId: ctx.programme.id })
    .returning();
  await tx
    .insert(codeFamilies)
    .values(STANDARD_FAMILIES.map((f, position) => ({ evaluationId: e!.id, key: f.key, label: f.label, position })));
  await recordAudit(tx, actor, {
    programmeId: ctx.programme.id,
    entityType: 'evaluation',
    entityId: e!.id,
    action: 'create',
    summary: `Started the evaluation ${e!.title}`,
    after: { slug: e!.slug, title: e!.title, description: e!.description, disclosureThreshold: e!.disclosureThreshold },
  });
  return e!;
}

export async function createEvaluation(db: Db, ctx: ProgrammeContext, actor: Actor, input: EvaluationInput) {
  requireEvaluator(ctx);
  try {
    return await db.transaction((tx) => insertEvaluation(tx, ctx, actor, input));
  } catch (err) {
    conflictFromDb(err, slugConflict);
  }
}

export async function updateEvaluation(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  loaded: Evaluation,
  input: Partial<Omit<EvaluationInput, 'slug'>>,
) {
  requireEvaluator(ctx);
  return db.transaction(async (tx) => {
    // The audit's "before" is the row as it is now, read under its lock: the record loaded for the
    // request may be older if someone saved in between without If-Match.
    const [before] = await tx.select().from(evaluations).where(eq(evaluations.id, loaded.id)).for('update');
    if (!before) throw new NotFound('That evaluation');
    const [e] = await tx.update(evaluations).set(input).where(eq(evaluations.id, before.id)).returning();
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: before.id,
      action: 'update',
      summary:
        before.blindCoding !== e!.blindCoding
          ? `Turned blind coding ${e!.blindCoding ? 'on' : 'off'} for the evaluation ${e!.title}`
          : `Changed the evaluation ${e!.title}`,
      before: { title: before.title, disclosureThreshold: before.disclosureThreshold, blindCoding: before.blindCoding },
      after: { title: e!.title, disclosureThreshold: e!.disclosureThreshold, blindCoding: e!.blindCoding },
    });
    return e!;
  });
}

/** The evaluation's record version (its row's xmin), for If-Match and ETag. */
export const evaluationVersion = (id: string): RecordVersion => ({ key: evaluations.id, id, entityType: 'evaluation' });
