/**
 * Who identified which codes, as one bitset per code over the evaluation's respondents with consent
 * given (withdrawn consent: never counted), for analyses that combine codes freely (the theory of
 * change's test of each link). One query whatever the size: each counted respondent gets a dense number
 * (by id), and each code the numbers of those who identified it.
 *
 * Kept in memory until the programme next changes (src/db/changes.ts): a consent withdrawn, a coding
 * added or an import is an audited write, which moves the programme's revision, so the sets are never
 * served older than the last committed write. Without a live change feed (the CLI) nothing is kept.
 */
import { sql } from 'drizzle-orm';
import { changeFeedOf } from '../../../db/changes.js';
import { type Db, type Queryable, rowsOf } from '../../../db/database.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { identifiedPairs } from '../respondents/codings.js';
import { type Evaluation, requireEvaluationReader, requireEvaluator } from '../evaluations/service.js';
import { publishableQuotesFor } from '../evidence/quotes.js';

export interface RespondentSets {
  /** Respondents with consent given. */
  total: number;
  /** 32-bit words per bitset. */
  words: number;
  /** By code id: bit i set when counted respondent i identified the code (codes nobody identified: all zero). */
  sets: Map<string, Uint32Array>;
}

const MAX_KEPT = 64;
const kept = new WeakMap<Db, Map<string, { revision: string; value: RespondentSets }>>();

async function computeSets(db: Queryable, evaluationId: string, codeIds: string[]): Promise<RespondentSets> {
  const [{ n } = { n: 0 }] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from respondents where evaluation_id = ${evaluationId}::uuid and consent = 'given'`,
  );
  const total = Number(n);
  const words = Math.max(1, Math.ceil(total / 32));
  const sets = new Map(codeIds.map((id) => [id, new Uint32Array(words)]));
  if (codeIds.length && total) {
    const rows = await rowsOf<{ codeId: string; at: number[] | string }>(
      db,
      sql`
      with counted as (
        select id, (row_number() over (order by id) - 1)::int as i
          from respondents where evaluation_id = ${evaluationId}::uuid and consent = 'given'
      )
      select p.code_id as "codeId", array_agg(c.i) as at
        from ${identifiedPairs(evaluationId, codeIds)} p join counted c on c.id = p.respondent_id
       group by p.code_id`,
    );
    for (const r of rows) {
      const bits = sets.get(r.codeId);
      if (!bits) continue;
      // Arrays arrive parsed on one driver and as '{1,2,3}' text on the other.
      const at = typeof r.at === 'string' ? r.at.slice(1, -1).split(',').filter(Boolean).map(Number) : r.at;
      for (const i of at) bits[i >>> 5]! |= 1 << (i & 31);
    }
  }
  return { total, words, sets };
}

/** The sets of these codes (ids of codes of this evaluation; sub-codes are the caller's to list). */
export async function respondentSetsFor(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, codeIds: string[]): Promise<RespondentSets> {
  requireEvaluationReader(ctx);
  const ids = [...new Set(codeIds)].sort();
  const feed = changeFeedOf(db);
  if (!feed) return computeSets(db, evaluation.id, ids);
  let store = kept.get(db);
  if (!store) kept.set(db, (store = new Map()));
  const key = `${evaluation.id}|${ids.join(',')}`;
  const revision = feed.revision(ctx.programme.id);
  const hit = store.get(key);
  if (hit && hit.revision === revision) return hit.value;
  const value = await computeSets(db, evaluation.id, ids);
  store.delete(key);
  store.set(key, { revision, value });
  if (store.size > MAX_KEPT) store.delete(store.keys().next().value!);
  return value;
}

/** At most this many respondents are listed behind a combination; `found` counts them all. */
export const BOTH_LIST_LIMIT = 500;

/**
 * The respondents (consent given) who identified any of `codesA` and any of `codesB`, by reference, with
 * their publishable quotes: for the drill from a theory of change's link. Evaluators and managers only.
 */
export async function respondentsWithBoth(db: Db, ctx: ProgrammeContext, evaluation: Evaluation, codesA: string[], codesB: string[]) {
  requireEvaluator(ctx);
  if (!codesA.length || !codesB.length) return { found: 0, respondents: [], quotes: [] };
  const rows = await rowsOf<{ id: string; ref: string; participantType: string | null; found: number }>(
    db,
    sql`
    select r.id, r.ref, r.participant_type as "participantType", count(*) over ()::int as found
      from respondents r
     where r.evaluation_id = ${evaluation.id}::uuid and r.consent = 'given'
       and r.id in (select respondent_id from ${identifiedPairs(evaluation.id, codesA)} a)
       and r.id in (select respondent_id from ${identifiedPairs(evaluation.id, codesB)} b)
     order by r.ref limit ${BOTH_LIST_LIMIT}`,
  );
  const quotes = await publishableQuotesFor(
    db,
    evaluation.id,
    rows.map((r) => r.id),
  );
  return {
    found: rows[0]?.found ?? 0,
    respondents: rows.map((r) => ({ id: r.id, ref: r.ref, participantType: r.participantType })),
    quotes: quotes.map((q) => ({ id: q.id, respondentRef: q.respondent.ref, text: q.text, attribution: q.attribution })),
  };
}
