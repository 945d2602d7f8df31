/**
 * Retrieval: everything coded with a code (its passages, the respondents coded with it — by tick, coded
 * passage or import — and the quotes saved from its passages), optionally with its sub-codes, filtered
 * by the respondents' group (participant type) and attributes; and the respondent search behind the
 * coding screen's participant picker. Respondent-level, so evaluators and managers only; respondents who
 * withdrew consent leave every list and figure (their count is given). With blind coding on, a coder
 * sees only their own passages and codings (and imported ones, which no coder made).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { codesCovered, groupFigures } from '../domain/retrieval.js';
import { type Evaluation, requireEvaluator } from '../evaluations/service.js';
import { loadCode } from '../codebook/service.js';
import { uuidArray } from '../respondents/codings.js';
import { codeFamilies, codes, codings, memos, passages, quotes, respondents, transcripts } from '../schema.js';

export interface RespondentFilter {
  participantType?: string | undefined;
  attributeKey?: string | undefined;
  attributeValue?: string | undefined;
  respondentId?: string | undefined;
}
export interface RetrievalQuery extends RespondentFilter {
  subcodes: boolean;
  page: number;
  pageSize: number;
}

/** The SQL condition on respondent `r` for a filter (consent given always). */
function respondentWhere(e: Evaluation, f: RespondentFilter, consent: 'given' | 'withdrawn' = 'given'): SQL {
  const parts = [sql`r.evaluation_id = ${e.id}::uuid`, sql`r.consent = ${consent}`];
  if (f.participantType) parts.push(sql`lower(coalesce(r.participant_type, '')) = lower(${f.participantType}::text)`);
  if (f.attributeKey) {
    parts.push(
      f.attributeValue
        ? sql`lower(r.attributes ->> ${f.attributeKey}::text) = lower(${f.attributeValue}::text)`
        : sql`coalesce(r.attributes ->> ${f.attributeKey}::text, '') <> ''`,
    );
  }
  if (f.respondentId) parts.push(sql`r.id = ${f.respondentId}::uuid`);
  return sql.join(parts, sql` and `);
}

/** Every coder's codings of these codes and the imported ones, as (respondent, code, source, coder). */
function usesOf(e: Evaluation, ids: string[], blindViewer: string | null): SQL {
  const mine = blindViewer ? sql`and (c.coder_id = ${blindViewer}::uuid or c.coder_id is null)` : sql``;
  return sql`(
    select c.respondent_id, c.code_id, c.source, c.coder_id from ${codings} c where c.code_id = any(${uuidArray(ids)}) ${mine}
    union all
    select ir.id, k.id, 'import', null::uuid from ${respondents} ir cross join lateral unnest(ir.imported_code_numbers) n
      join ${codes} k on k.number = n
     where ir.evaluation_id = ${e.id}::uuid and k.id = any(${uuidArray(ids)}))`;
}

export async function retrieveCode(
  db: Queryable,
  ctx: ProgrammeContext,
  e: Evaluation,
  codeId: string,
  q: RetrievalQuery,
  viewerId: string | null,
) {
  requireEvaluator(ctx);
  const code = await loadCode(db, e.id, codeId);
  const all = await db
    .select({ id: codes.id, parentId: codes.parentId, name: codes.name, colour: codes.colour })
    .from(codes)
    .where(sql`${codes.evaluationId} = ${e.id}`);
  const ids = codesCovered(all, codeId, q.subcodes);
  const blind = e.blindCoding && viewerId ? viewerId : null;
  const rWhere = respondentWhere(e, q);
  const offset = (q.page - 1) * q.pageSize;
  const passageMine = blind ? sql`and p.coder_id = ${blind}::uuid` : sql``;

  const passageFrom = sql`from ${passages} p join ${respondents} r on r.id = p.respondent_id join ${transcripts} t on t.id = p.transcript_id
    join ${codes} c on c.id = p.code_id
    where p.code_id = any(${uuidArray(ids)}) and ${rWhere} ${passageMine}`;
  const passageRows = await rowsOf<{
    id: string;
    number: number;
    start: number;
    end: number;
    text: string;
    transcript_id: string;
    title: string;
    respondent_id: string;
    ref: string;
    participant_type: string | null;
    code_id: string;
    code: string;
    colour: string | null;
    memo: string | null;
    quote_id: string | null;
  }>(
    db,
    sql`select p.id, p.number, p.start_offset as start, p.end_offset as "end", p.text, t.id as transcript_id, t.title,
      r.id as respondent_id, r.ref, r.participant_type, c.id as code_id, c.name as code, c.colour,
      (select m.text from ${memos} m where m.passage_id = p.id) as memo,
      (select qq.id from ${quotes} qq where qq.passage_id = p.id order by qq.created_at limit 1) as quote_id
    ${passageFrom} order by t.title, t.id, p.number limit ${q.pageSize} offset ${offset}`,
  );
  const [passageTotal] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n ${passageFrom}`);

  const uses = usesOf(e, ids, blind);
  const codingFrom = sql`from ${uses} u join ${respondents} r on r.id = u.respondent_id join ${codes} c on c.id = u.code_id where ${rWhere}`;
  const codingRows = await rowsOf<{
    respondent_id: string;
    ref: string;
    participant_type: string | null;
    code_id: string;
    code: string;
    colour: string | null;
    sources: string[];
    coders: number;
  }>(
    db,
    sql`select r.id as respondent_id, r.ref, r.participant_type, c.id as code_id, c.name as code, c.colour,
      array_agg(distinct u.source order by u.source) as sources, count(distinct u.coder_id)::int as coders
    ${codingFrom} group by r.id, r.ref, r.participant_type, c.id, c.name, c.colour
    order by r.ref, c.name limit ${q.pageSize} offset ${offset}`,
  );
  const [codingTotal] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select distinct u.respondent_id, u.code_id ${codingFrom}) x`,
  );

  const quoteFrom = sql`from ${quotes} qq join ${passages} p on p.id = qq.passage_id join ${respondents} r on r.id = qq.respondent_id
    join ${transcripts} t on t.id = p.transcript_id join ${codes} c on c.id = p.code_id
    where p.code_id = any(${uuidArray(ids)}) and ${rWhere} ${passageMine}`;
  const quoteRows = await rowsOf<{
    id: string;
    text: string;
    attribution: string;
    publishable: boolean;
    respondent_id: string;
    ref: string;
    participant_type: string | null;
    code: string;
    transcript_id: string;
    title: string;
    number: number;
  }>(
    db,
    sql`select qq.id, qq.text, qq.attribution, qq.publishable, r.id as respondent_id, r.ref, r.participant_type, c.name as code,
      t.id as transcript_id, t.title, p.number
    ${quoteFrom} order by r.ref, qq.created_at limit ${q.pageSize} offset ${offset}`,
  );
  const [quoteTotal] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n ${quoteFrom}`);

  // Respondents coded, by group (and every passage's respondent has a coding of its code: see common.ts).
  const groups = await rowsOf<{ grp: string | null; n: number }>(
    db,
    sql`select r.participant_type as grp, count(distinct r.id)::int as n ${codingFrom} group by r.participant_type order by r.participant_type nulls last`,
  );
  const [withdrawn] = await rowsOf<{ n: number }>(
    db,
    sql`select count(distinct r.id)::int as n from ${uses} u join ${respondents} r on r.id = u.respondent_id
     where ${respondentWhere(e, q, 'withdrawn')}`,
  );
  const [memo] = await db.select({ text: memos.text, updatedAt: memos.updatedAt }).from(memos).where(sql`${memos.codeId} = ${codeId}`);
  const [family] = await db.select({ label: codeFamilies.label }).from(codeFamilies).where(sql`${codeFamilies.id} = ${code.familyId}`);
  const byId = new Map(all.map((c) => [c.id, c]));
  const respondentTotal = groups.reduce((s, g) => s + Number(g.n), 0);

  return {
    code: { id: code.id, name: code.name, familyLabel: family!.label, colour: code.colour },
    subcodes: q.subcodes,
    codes: ids.map((id) => ({ id, name: byId.get(id)!.name, colour: byId.get(id)!.colour })),
    blindCoding: Boolean(blind),
    memo: memo ? { text: memo.text, updatedAt: memo.updatedAt.toISOString() } : null,
    respondents: {
      total: respondentTotal,
      threshold: e.disclosureThreshold,
      byGroup: groupFigures(
        groups.map((g) => ({ group: g.grp ?? 'No participant type', respondents: Number(g.n) })),
        e.disclosureThreshold,
      ),
    },
    withdrawnHidden: Number(withdrawn?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    passages: {
      total: Number(passageTotal?.n ?? 0),
      items: passageRows.map((p) => ({
        id: p.id,
        number: Number(p.number),
        start: Number(p.start),
        end: Number(p.end),
        text: p.text,
        transcript: { id: p.transcript_id, title: p.title },
        respondent: { id: p.respondent_id, ref: p.ref, participantType: p.participant_type },
        code: { id: p.code_id, name: p.code, colour: p.colour },
        memo: p.memo,
        quoteId: p.quote_id,
      })),
    },
    codings: {
      total: Number(codingTotal?.n ?? 0),
      items: codingRows.map((c) => ({
        respondent: { id: c.respondent_id, ref: c.ref, participantType: c.participant_type },
        code: { id: c.code_id, name: c.code, colour: c.colour },
        sources: c.sources,
        coders: Number(c.coders),
      })),
    },
    quotes: {
      total: Number(quoteTotal?.n ?? 0),
      items: quoteRows.map((x) => ({
        id: x.id,
        text: x.text,
        attribution: x.attribution,
        publishable: x.publishable,
        respondent: { id: x.respondent_id, ref: x.ref, participantType: x.participant_type },
        code: x.code,
        transcript: { id: x.transcript_id, title: x.title },
        passageNumber: Number(x.number),
      })),
    },
  };
}

export type Retrieval = Awaited<ReturnType<typeof retrieveCode>>;

/** The most rows a retrieval export holds of each kind. */
export const EXPORT_LIMIT = 50_000;

export interface RespondentSearch {
  q?: string | undefined;
  participantType?: string | undefined;
  attributeKey?: string | undefined;
  attributeValue?: string | undefined;
  limit: number;
}

/**
 * Respondents with consent given whose reference, participant type or any attribute (name or value)
 * holds the words, and who match the group and attribute filters; best matches first (the reference
 * itself, then references starting with the words). With the groups and attribute names there are, for
 * the filters.
 */
export async function searchRespondents(db: Queryable, ctx: ProgrammeContext, e: Evaluation, s: RespondentSearch) {
  requireEvaluator(ctx);
  const where = [respondentWhere(e, s)];
  const words = s.q?.trim();
  if (words) {
    const like = `%${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(sql`(r.ref ilike ${like}::text or coalesce(r.participant_type, '') ilike ${like}::text
      or exists (select 1 from jsonb_each_text(r.attributes) a where a.value ilike ${like}::text or a.key ilike ${like}::text))`);
  }
  const cond = sql.join(where, sql` and `);
  const rank = words
    ? sql`case when lower(r.ref) = lower(${words}::text) then 0 when r.ref ilike ${`${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}::text then 1 else 2 end`
    : null;
  const rows = await rowsOf<{ id: string; ref: string; participant_type: string | null; attributes: Record<string, string> }>(
    db,
    sql`select r.id, r.ref, r.participant_type, r.attributes from ${respondents} r where ${cond} order by ${rank ? sql`${rank}, ` : sql``}r.ref limit ${s.limit}`,
  );
  const [total] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from ${respondents} r where ${cond}`);
  const [withdrawn] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${respondents} r where r.evaluation_id = ${e.id}::uuid and r.consent = 'withdrawn'`,
  );
  const facets = await rowsOf<{ types: string[] | null; keys: string[] | null }>(
    db,
    sql`select (select array_agg(distinct r.participant_type order by r.participant_type) from ${respondents} r
               where r.evaluation_id = ${e.id}::uuid and r.consent = 'given' and r.participant_type is not null) as types,
           (select array_agg(distinct k order by k) from ${respondents} r cross join lateral jsonb_object_keys(r.attributes) k
               where r.evaluation_id = ${e.id}::uuid and r.consent = 'given') as keys`,
  );
  return {
    data: rows.map((r) => ({ id: r.id, ref: r.ref, participantType: r.participant_type, attributes: r.attributes ?? {} })),
    total: Number(total?.n ?? 0),
    withdrawnHidden: Number(withdrawn?.n ?? 0),
    participantTypes: facets[0]?.types ?? [],
    attributeKeys: facets[0]?.keys ?? [],
  };
}
