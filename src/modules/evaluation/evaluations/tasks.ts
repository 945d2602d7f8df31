/**
 * An evaluator's work in each evaluation, for the home page: respondents nobody has coded yet,
 * transcripts with no coded passage, and — while blind coding is on, which is how a second coder's
 * round for an agreement check runs — how far the coders' overlap has come, and who is waiting for
 * the caller to code them.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { codings, evaluations, passages, respondents, transcripts } from '../schema.js';
import { canWorkWithRespondents, evaluationView } from './service.js';

/** How many to name on the home page; the rest are counted. */
const FIRST = 5;

/**
 * Every evaluation of the programme with the caller's coding left to do. Evaluators and managers only
 * (respondent-level work): anyone else gets null.
 */
export async function codingToDo(db: Queryable, ctx: ProgrammeContext, userId: string) {
  if (!canWorkWithRespondents(ctx)) return null;
  const list = await db.select().from(evaluations).where(eq(evaluations.programmeId, ctx.programme.id)).orderBy(asc(evaluations.title));
  return Promise.all(
    list.map(async (e) => {
      const [respondentCounts, uncoded, transcriptCounts, uncodedTranscripts, agreement] = await Promise.all([
        respondentTally(db, e.id),
        uncodedRespondents(db, e.id),
        transcriptTally(db, e.id),
        transcriptsWithoutPassages(db, e.id),
        e.blindCoding ? blindRound(db, e.id, userId) : Promise.resolve(null),
      ]);
      return {
        evaluation: evaluationView(e),
        respondents: respondentCounts.given,
        uncodedRespondents: { total: respondentCounts.uncoded, first: uncoded },
        transcripts: transcriptCounts.all,
        uncodedTranscripts: { total: transcriptCounts.uncoded, first: uncodedTranscripts },
        agreement,
      };
    }),
  );
}

// A respondent counts as coded once anyone has identified a code for them: a tick, a coded passage or an import.
const codedSql = sql`(exists (select 1 from ${codings} c where c.respondent_id = ${respondents.id}) or cardinality(${respondents.importedCodeNumbers}) > 0)`;

async function respondentTally(db: Queryable, evaluationId: string) {
  const [row] = await db
    .select({
      given: sql<number>`count(*)::int`,
      uncoded: sql<number>`(count(*) filter (where not ${codedSql}))::int`,
    })
    .from(respondents)
    .where(and(eq(respondents.evaluationId, evaluationId), eq(respondents.consent, 'given')));
  return { given: Number(row?.given ?? 0), uncoded: Number(row?.uncoded ?? 0) };
}

function uncodedRespondents(db: Queryable, evaluationId: string) {
  return db
    .select({ id: respondents.id, ref: respondents.ref })
    .from(respondents)
    .where(and(eq(respondents.evaluationId, evaluationId), eq(respondents.consent, 'given'), sql`not ${codedSql}`))
    .orderBy(asc(respondents.ref))
    .limit(FIRST);
}

const passageless = sql`not exists (select 1 from ${passages} p where p.transcript_id = ${transcripts.id})`;

async function transcriptTally(db: Queryable, evaluationId: string) {
  const [row] = await db
    .select({ all: sql<number>`count(*)::int`, uncoded: sql<number>`(count(*) filter (where ${passageless}))::int` })
    .from(transcripts)
    .where(eq(transcripts.evaluationId, evaluationId));
  return { all: Number(row?.all ?? 0), uncoded: Number(row?.uncoded ?? 0) };
}

function transcriptsWithoutPassages(db: Queryable, evaluationId: string) {
  return db
    .select({ id: transcripts.id, title: transcripts.title })
    .from(transcripts)
    .where(and(eq(transcripts.evaluationId, evaluationId), passageless))
    .orderBy(asc(transcripts.createdAt))
    .limit(FIRST);
}

/**
 * While blind coding is on: respondents (consent given) coded by two or more coders — ready for an
 * agreement check — and by one coder only, and those another coder has coded that the caller has not.
 * Imported codings have no coder and count for nobody, as in the agreement check itself.
 */
async function blindRound(db: Queryable, evaluationId: string, userId: string) {
  const [row] = await rowsOf<{ both: number; one: number; mine_to_do: number }>(
    db,
    sql`
    with per as (
      select c.respondent_id, count(distinct c.coder_id) as coders, bool_or(c.coder_id = ${userId}::uuid) as mine
      from ${codings} c join ${respondents} r on r.id = c.respondent_id
      where r.evaluation_id = ${evaluationId}::uuid and r.consent = 'given' and c.coder_id is not null
      group by c.respondent_id
    )
    select (count(*) filter (where coders >= 2))::int as both,
           (count(*) filter (where coders = 1))::int as one,
           (count(*) filter (where not mine))::int as mine_to_do
    from per`,
  );
  return {
    codedByTwoOrMore: Number(row?.both ?? 0),
    codedByOneOnly: Number(row?.one ?? 0),
    codedByOthersNotYou: Number(row?.mine_to_do ?? 0),
  };
}
