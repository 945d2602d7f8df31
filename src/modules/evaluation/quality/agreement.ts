/**
 * Coding quality: how far two coders who coded the same respondents agree, as Cohen's kappa per code
 * and the pooled kappa overall (domain/kappa.ts), with a plain reading of each (domain/agreement-reading.ts).
 * Evaluators and managers only: it compares people's work respondent by respondent.
 *
 * Which respondents are compared: those with consent given whom both coders coded, where "coded" means
 * the coder ticked at least one code for them anywhere in the codebook. Cairn keeps ticks, not a
 * separate "I have read this one" mark, so a respondent a coder read and found nothing in is not told
 * apart from one they never opened; the answer says how many each coded alone, so a gap shows.
 */
import { and, asc, countDistinct, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { users } from '../../accounts/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { readKappa } from '../domain/agreement-reading.js';
import { coderAgreement } from '../domain/kappa.js';
import type { Coding } from '../domain/respondents.js';
import { codings, respondents } from '../schema.js';
import { flattenCodes, getCodebook } from '../codebook/service.js';
import { type Evaluation, requireEvaluator } from '../evaluations/service.js';

export interface AgreementQuery {
  coderA?: string | undefined;
  coderB?: string | undefined;
  /** One family's codes; every code of the codebook without it. */
  family?: string | undefined;
}

const counted = (evaluationId: string) => and(eq(respondents.evaluationId, evaluationId), eq(respondents.consent, 'given'));

/** Everyone who has ticked codes for a respondent with consent given, with how many they coded. */
async function codersOf(db: Db, evaluationId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, respondents: countDistinct(codings.respondentId) })
    .from(codings)
    .innerJoin(respondents, eq(respondents.id, codings.respondentId))
    .innerJoin(users, eq(users.id, codings.coderId))
    .where(and(counted(evaluationId), isNotNull(codings.coderId)))
    .groupBy(users.id, users.name, users.email)
    .orderBy(asc(users.name), asc(users.email));
}

/** One coder's ticks on respondents with consent given, by respondent ref. */
async function codingsBy(db: Db, evaluationId: string, coderId: string): Promise<Coding[]> {
  return db
    .select({ respondentId: respondents.ref, code: codings.codeId })
    .from(codings)
    .innerJoin(respondents, eq(respondents.id, codings.respondentId))
    .where(and(counted(evaluationId), eq(codings.coderId, coderId)));
}

export async function agreementFor(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, q: AgreementQuery) {
  requireEvaluator(ctx);
  const codebook = await getCodebook(db, ctx, evaluation);
  const coders = (await codersOf(db, evaluation.id)).map((c) => ({ ...c, respondents: Number(c.respondents) }));
  const errors: { path: string[]; message: string }[] = [];
  const family = q.family === undefined ? null : codebook.find((f) => f.key === q.family);
  if (family === undefined)
    errors.push({ path: ['family'], message: `There is no code family ${q.family}: use one of ${codebook.map((f) => f.key).join(', ')}` });
  if ((q.coderA === undefined) !== (q.coderB === undefined)) {
    errors.push({ path: [q.coderA === undefined ? 'coderA' : 'coderB'], message: 'Choose two coders to compare' });
  }
  const byId = new Map(coders.map((c) => [c.id, c]));
  for (const field of ['coderA', 'coderB'] as const) {
    const id = q[field];
    if (id !== undefined && !byId.has(id))
      errors.push({ path: [field], message: 'That person has not coded any respondent (with consent given) in this evaluation' });
  }
  if (q.coderA !== undefined && q.coderA === q.coderB) errors.push({ path: ['coderB'], message: 'Choose two different coders' });
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);

  const base = {
    evaluation: { slug: evaluation.slug, title: evaluation.title },
    family: family ? { key: family.key, label: family.label } : null,
    coders,
  };
  if (q.coderA === undefined || q.coderB === undefined) return { ...base, agreement: null };

  const [a, b] = await Promise.all([codingsBy(db, evaluation.id, q.coderA), codingsBy(db, evaluation.id, q.coderB)]);
  const codedByA = new Set(a.map((c) => c.respondentId));
  const codedByB = new Set(b.map((c) => c.respondentId));
  const both = [...codedByA].filter((ref) => codedByB.has(ref)).sort();
  const codeList = flattenCodes(codebook, family?.key);
  const result = coderAgreement({
    respondents: both.map((id) => ({ id, consent: 'given' as const })),
    coderA: a,
    coderB: b,
    codes: codeList.map((c) => ({ id: c.id, name: c.name })),
  });
  const familyOf = new Map(codeList.map((c) => [c.id, c.family]));
  const labelOf = new Map(codebook.map((f) => [f.key, f.label]));
  const person = (id: string) => ({ id, name: byId.get(id)!.name, email: byId.get(id)!.email });
  return {
    ...base,
    agreement: {
      coderA: person(q.coderA),
      coderB: person(q.coderB),
      respondents: both.length,
      onlyCodedByA: codedByA.size - both.length,
      onlyCodedByB: codedByB.size - both.length,
      perCode: result.perCode.map((p) => ({
        codeId: p.codeId,
        code: p.code,
        family: familyOf.get(p.codeId)!,
        familyLabel: labelOf.get(familyOf.get(p.codeId)!) ?? familyOf.get(p.codeId)!,
        ...p.table,
        observed: p.observed,
        expected: p.expected,
        kappa: p.kappa,
        reason: p.reason ?? null,
        reading: readKappa(p.kappa),
      })),
      overall: {
        method: result.overall.method,
        codes: result.overall.codes,
        codesWithoutVariation: result.overall.codesWithoutVariation,
        observed: result.overall.observed,
        expected: result.overall.expected,
        kappa: result.overall.kappa,
        reason: result.overall.reason ?? null,
        reading: readKappa(result.overall.kappa),
      },
    },
  };
}

export type AgreementResult = Awaited<ReturnType<typeof agreementFor>>;

/** The ids of the people with these email addresses (for the CLI); unknown addresses are named. */
export async function usersByEmail(db: Db, emails: Record<string, string>) {
  const list = Object.values(emails);
  const found = list.length
    ? await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(
          inArray(
            sql`lower(${users.email})`,
            list.map((e) => e.trim().toLowerCase()),
          ),
        )
    : [];
  const lower = new Map(found.map((u) => [u.email.toLowerCase(), u.id]));
  const out: Record<string, string> = {};
  const errors: { path: string[]; message: string }[] = [];
  for (const [field, email] of Object.entries(emails)) {
    const id = lower.get(email.trim().toLowerCase());
    if (id) out[field] = id;
    else errors.push({ path: [field], message: `There is no account with the email address ${email}` });
  }
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  return out;
}
