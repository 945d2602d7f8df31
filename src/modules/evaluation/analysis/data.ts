import { and, asc, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { phases, vocabularyTerms } from '../../programmes/schema.js';
import { identifiedPairs } from '../respondents/codings.js';
import type { Coding, Respondent, RespondentFilters } from '../domain/respondents.js';
import { respondents } from '../schema.js';
import { respondentSelect } from '../respondents/service.js';
import { type Evaluation, requireEvaluationReader } from '../evaluations/service.js';

// ---- what the analyses read ---------------------------------------------------------------------

/**
 * Respondents with consent given (the rest never leave the database for an analysis), in the
 * domain's shape with the pseudonymous ref as id, and their codings of the given codes. Two
 * set-based queries whatever the size.
 */
export async function analysisData(db: Queryable, evaluationId: string, codeIds: string[]) {
  const rows = await respondentSelect(db)
    .where(and(eq(respondents.evaluationId, evaluationId), eq(respondents.consent, 'given')))
    .orderBy(asc(respondents.ref));
  const people: Respondent[] = rows.map((r) => ({
    id: r.ref,
    participantType: r.participantType,
    themes: r.themes ?? [],
    coproductionModel: r.coproductionModel,
    place: r.place,
    phase: r.phase,
    project: r.project?.name ?? null,
    attributes: r.attributes ?? {},
    consent: r.consent,
  }));
  const coded: Coding[] = codeIds.length
    ? await rowsOf<Coding>(
        db,
        sql`
        select r.ref as "respondentId", p.code_id as code from ${identifiedPairs(evaluationId, codeIds)} p
          join ${respondents} r on r.id = p.respondent_id where r.consent = 'given'`,
      )
    : [];
  return { respondents: people, codings: coded };
}

/** The vocabulary's order for a dimension's groups (participant types, themes, models). */
export async function groupOrderFor(db: Queryable, ctx: ProgrammeContext, by: string | null): Promise<string[]> {
  const vocabulary =
    by === 'participant_type' ? 'participant_type' : by === 'theme' ? 'theme' : by === 'coproduction_model' ? 'coproduction_model' : null;
  if (vocabulary) {
    const terms = await db
      .select({ label: vocabularyTerms.label })
      .from(vocabularyTerms)
      .where(and(eq(vocabularyTerms.programmeId, ctx.programme.id), eq(vocabularyTerms.vocabulary, vocabulary)))
      .orderBy(asc(vocabularyTerms.position), asc(vocabularyTerms.label));
    return terms.map((t) => t.label);
  }
  if (by === 'phase') {
    const list = await db
      .select({ name: phases.name })
      .from(phases)
      .where(eq(phases.programmeId, ctx.programme.id))
      .orderBy(asc(phases.number));
    return list.map((p) => p.name);
  }
  return [];
}

/** Attribute names recorded on any respondent of the evaluation, for `--by <attribute>`. */
export async function attributeNames(db: Queryable, evaluationId: string): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select distinct jsonb_object_keys(attributes) as name from ${respondents} where evaluation_id = ${evaluationId} order by 1`,
  );
  return rows.map((r) => r.name);
}

export type { RespondentFilters };

/**
 * Every attribute recorded on the evaluation's respondents with the values recorded (blank values
 * left out), alphabetically: what a cross-tab can be grouped by, and what a respondent's form suggests.
 * Names and values only, no counts: the programme's team (a value is a group's name in the cross-tab).
 */
export async function attributeValues(db: Queryable, ctx: ProgrammeContext, e: Evaluation) {
  requireEvaluationReader(ctx);
  const rows = await rowsOf<{ name: string; values: string[] }>(
    db,
    sql`select a.key as name, array_agg(distinct a.value) filter (where btrim(a.value) <> '') as values
          from ${respondents} r cross join lateral jsonb_each_text(r.attributes) a
         where r.evaluation_id = ${e.id} group by a.key order by a.key`,
  );
  const order = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
  return rows.map((r) => ({ name: r.name, values: [...(r.values ?? [])].sort(order) }));
}
