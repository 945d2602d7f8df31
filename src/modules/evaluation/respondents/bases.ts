/**
 * Who was asked each code family's question (its "base", domain/bases.ts). No base recorded: everyone
 * in the evaluation was asked. A recorded base lists respondents; every analysis of the family counts
 * only them (with consent given). Set for a whole family (`setBase`: the API, the CLI, the web page,
 * the evidence import's bases.csv) or one respondent at a time (`setRespondentAsked`: the respondent's page).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type Base, summariseBase } from '../domain/bases.js';
import { codeFamilies, familyBaseRespondents, familyBases, respondents } from '../schema.js';
import { type Evaluation, fail, requireEvaluator } from '../evaluations/service.js';

/** The most references a refusal names; the rest are counted. */
const NAMED = 10;

/** The family's base as the analyses name respondents (by ref), or null when everyone was asked. */
export async function familyBaseRefs(db: Queryable, familyId: string): Promise<Base> {
  const [recorded] = await db.select({ id: familyBases.familyId }).from(familyBases).where(eq(familyBases.familyId, familyId));
  if (!recorded) return null;
  const rows = await db
    .select({ ref: respondents.ref })
    .from(familyBaseRespondents)
    .innerJoin(respondents, eq(respondents.id, familyBaseRespondents.respondentId))
    .where(eq(familyBaseRespondents.familyId, familyId));
  return new Set(rows.map((r) => r.ref));
}

/** Every family's base in the evaluation, by family id (families without one are absent: everyone was asked). */
export async function familyBasesOf(db: Queryable, evaluationId: string): Promise<Map<string, Set<string>>> {
  const [recorded, members] = await Promise.all([
    db.select({ familyId: familyBases.familyId }).from(familyBases).where(eq(familyBases.evaluationId, evaluationId)),
    db
      .select({ familyId: familyBaseRespondents.familyId, ref: respondents.ref })
      .from(familyBaseRespondents)
      .innerJoin(familyBases, eq(familyBases.familyId, familyBaseRespondents.familyId))
      .innerJoin(respondents, eq(respondents.id, familyBaseRespondents.respondentId))
      .where(eq(familyBases.evaluationId, evaluationId)),
  ]);
  const bases = new Map<string, Set<string>>(recorded.map((b) => [b.familyId, new Set<string>()]));
  for (const m of members) bases.get(m.familyId)?.add(m.ref);
  return bases;
}

async function familyOf(db: Queryable, e: Evaluation, key: string) {
  const [family] = await db
    .select()
    .from(codeFamilies)
    .where(and(eq(codeFamilies.evaluationId, e.id), eq(codeFamilies.key, key)));
  if (!family) throw new NotFound('That code family');
  return family;
}

/** Each family with who was asked its question: everyone, or how many (and how many can be counted). */
export async function listBases(db: Queryable, ctx: ProgrammeContext, e: Evaluation) {
  requireEvaluator(ctx);
  const [families, people, bases] = await Promise.all([
    db.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, e.id)).orderBy(asc(codeFamilies.position), asc(codeFamilies.key)),
    db.select({ id: respondents.ref, consent: respondents.consent }).from(respondents).where(eq(respondents.evaluationId, e.id)),
    familyBasesOf(db, e.id),
  ]);
  return families.map((f) => ({ key: f.key, label: f.label, ...summariseBase(people, bases.get(f.id) ?? null) }));
}

/** One family's base: who was asked (their references, in order), or everyone. */
export async function getBase(db: Queryable, ctx: ProgrammeContext, e: Evaluation, familyKey: string) {
  requireEvaluator(ctx);
  const family = await familyOf(db, e, familyKey);
  const [people, base] = await Promise.all([
    db.select({ id: respondents.ref, consent: respondents.consent }).from(respondents).where(eq(respondents.evaluationId, e.id)),
    familyBaseRefs(db, family.id),
  ]);
  return {
    family: { key: family.key, label: family.label },
    ...summariseBase(people, base),
    askedOf: base === null ? null : [...base].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  };
}

/** Writes a family's base inside the caller's transaction: null (everyone) or exactly these respondent ids. */
export async function writeBase(tx: Queryable, actor: Actor, e: Evaluation, familyId: string, respondentIds: string[] | null) {
  await tx.delete(familyBases).where(eq(familyBases.familyId, familyId));
  if (respondentIds === null) return;
  await tx.insert(familyBases).values({ familyId, evaluationId: e.id, recordedBy: actor.userId });
  for (let i = 0; i < respondentIds.length; i += 5000) {
    const chunk = respondentIds.slice(i, i + 5000);
    await tx.insert(familyBaseRespondents).values(chunk.map((respondentId) => ({ familyId, respondentId })));
  }
}

/** The words for a base in audit rows and messages. */
const baseWords = (label: string, askedOf: number | null) =>
  askedOf === null ? `everyone was asked about ${label}` : `${askedOf} respondent${askedOf === 1 ? ' was' : 's were'} asked about ${label}`;

/**
 * Records who was asked a family's question: `askedOf` lists their references (each must be a
 * respondent of the evaluation: a refusal names the unknown ones), or null for everyone. Replaces
 * the family's base whole, with an audit row, in one transaction.
 */
export async function setBase(db: Db, ctx: ProgrammeContext, actor: Actor, e: Evaluation, familyKey: string, askedOf: string[] | null) {
  requireEvaluator(ctx);
  const family = await familyOf(db, e, familyKey);
  const refs = askedOf === null ? null : [...new Set(askedOf.map((r) => r.trim()).filter((r) => r !== ''))];
  let ids: string[] | null = null;
  if (refs !== null) {
    const found = refs.length
      ? await db
          .select({ id: respondents.id, ref: respondents.ref })
          .from(respondents)
          .where(and(eq(respondents.evaluationId, e.id), inArray(respondents.ref, refs)))
      : [];
    const known = new Set(found.map((r) => r.ref));
    const unknown = refs.filter((r) => !known.has(r));
    if (unknown.length) {
      const named = unknown.slice(0, NAMED).join(', ');
      const more = unknown.length > NAMED ? ` and ${unknown.length - NAMED} more` : '';
      const message = `${unknown.length === 1 ? 'This reference is' : 'These references are'} not respondents of ${e.title}: ${named}${more}. Check the list, or add the respondents first`;
      fail([{ path: ['askedOf'], message }] satisfies FieldError[]);
    }
    ids = found.map((r) => r.id);
  }
  await db.transaction(async (tx) => {
    await tx.select({ id: codeFamilies.id }).from(codeFamilies).where(eq(codeFamilies.id, family.id)).for('update');
    const [before] = await tx
      .select({ n: sql<number>`(select count(*)::int from ${familyBaseRespondents} where family_id = ${family.id})` })
      .from(familyBases)
      .where(eq(familyBases.familyId, family.id));
    await writeBase(tx, actor, e, family.id, ids);
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'evaluation',
      entityId: e.id,
      action: 'set-base',
      summary: `Recorded who was asked about ${family.label} in ${e.title}: ${baseWords(family.label, ids?.length ?? null)}`,
      before: { family: family.key, askedOf: before ? before.n : 'everyone' },
      after: { family: family.key, askedOf: ids === null ? 'everyone' : ids.length },
    });
  });
  return getBase(db, ctx, e, familyKey);
}

/** The keys of the families a respondent was not asked about (those whose base leaves them out). */
export async function familiesNotAsked(db: Queryable, e: Evaluation, respondentId: string): Promise<string[]> {
  const rows = await db
    .select({ key: codeFamilies.key })
    .from(familyBases)
    .innerJoin(codeFamilies, eq(codeFamilies.id, familyBases.familyId))
    .where(
      and(
        eq(familyBases.evaluationId, e.id),
        sql`not exists (select 1 from ${familyBaseRespondents} m where m.family_id = ${familyBases.familyId} and m.respondent_id = ${respondentId})`,
      ),
    )
    .orderBy(asc(codeFamilies.position));
  return rows.map((r) => r.key);
}

/**
 * One respondent's part in every base: `asked` lists the keys of the families they were asked about.
 * A family with no base that they were not asked about gets one: everyone else in the evaluation now.
 * Runs inside the caller's transaction (the respondent's write), with an audit row when anything changed.
 */
export async function setRespondentAsked(
  tx: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  e: Evaluation,
  respondentId: string,
  asked: readonly string[],
) {
  requireEvaluator(ctx);
  const [r] = await tx
    .select({ ref: respondents.ref })
    .from(respondents)
    .where(and(eq(respondents.id, respondentId), eq(respondents.evaluationId, e.id)));
  if (!r) throw new NotFound('That respondent');
  const families = await tx.select().from(codeFamilies).where(eq(codeFamilies.evaluationId, e.id)).orderBy(asc(codeFamilies.position));
  const unknown = asked.filter((k) => !families.some((f) => f.key === k));
  if (unknown.length) {
    const message = `There is no code family ${unknown.join(', ')}: use one of ${families.map((f) => f.key).join(', ')}`;
    throw new Invalid(message, [{ path: ['asked'], message }]);
  }
  const notAskedBefore = new Set(await familiesNotAsked(tx, e, respondentId));
  const changed: string[] = [];
  for (const f of families) {
    const wanted = asked.includes(f.key);
    if (wanted === !notAskedBefore.has(f.key)) continue;
    changed.push(`${wanted ? 'asked' : 'not asked'} about ${f.label}`);
    if (wanted) {
      await tx.insert(familyBaseRespondents).values({ familyId: f.id, respondentId }).onConflictDoNothing();
      continue;
    }
    const [recorded] = await tx.select().from(familyBases).where(eq(familyBases.familyId, f.id));
    if (recorded) {
      await tx
        .delete(familyBaseRespondents)
        .where(and(eq(familyBaseRespondents.familyId, f.id), eq(familyBaseRespondents.respondentId, respondentId)));
    } else {
      // Everyone was asked until now: the base becomes everyone else.
      await tx.insert(familyBases).values({ familyId: f.id, evaluationId: e.id, recordedBy: actor.userId });
      await tx.execute(sql`insert into ${familyBaseRespondents} (family_id, respondent_id)
        select ${f.id}::uuid, id from ${respondents} where evaluation_id = ${e.id}::uuid and id <> ${respondentId}::uuid`);
    }
  }
  if (changed.length) {
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'respondent',
      entityId: respondentId,
      action: 'set-base',
      summary: `Recorded which questions ${r.ref} was asked: ${changed.join('; ')}`,
      before: { notAsked: [...notAskedBefore] },
      after: { asked: [...asked] },
    });
  }
  return respondentId;
}
