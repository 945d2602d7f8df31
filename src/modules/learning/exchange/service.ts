/**
 * Searching the exchange (issue 17, point 2): PostgreSQL full-text search over published case studies.
 *
 * - Words: `websearch_to_tsquery('english', …)` reads what people type as a search box would ("quoted
 *   phrases", `or`, `-word`) and never fails on odd input; the `english` configuration stems each word, so
 *   "volunteer" finds volunteers, volunteered and volunteering.
 * - Rank: `ts_rank('{0.1, 0.2, 0.4, 1.0}', search, query)` over the generated `search` column, where the
 *   title is weight A (1.0) and the five answers weight B (0.4): a match in the title counts for more.
 *   Best first; ties by title. Without words, newest published first.
 * - Filters: theme, National Standard, place, nation (the place's), organisation type (the registry
 *   organisation's), partnership, action-learning set.
 * - Snippets: `ts_headline` over the five answers, matches marked with control characters and returned
 *   as plain parts (domain/snippet.ts).
 * - Similar case studies (`similarCaseStudies`): the other published case studies the caller may read,
 *   scored 3 per shared theme + 2 per shared National Standard + the full-text rank of their text against
 *   any word of this one's title; those scoring above 0, best first, at most five.
 */
import { type SQL, and, count, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { organisations } from '../../organisations/schema.js';
import { places } from '../../places/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { partnerships } from '../../partnerships/schema.js';
import {
  type LoadedCaseStudy,
  caseStudyColumns,
  caseStudyRows,
  loadCaseStudy,
  presentCaseStudy,
  visibleCaseStudies,
} from '../case-studies/service.js';
import { START_MATCH, STOP_MATCH, snippetParts } from '../domain/snippet.js';
import { caseStudies, learningSets } from '../schema.js';

export interface ExchangeQuery {
  q?: string | undefined;
  theme?: string | undefined;
  standard?: string | undefined;
  placeId?: string | undefined;
  nation?: string | undefined;
  organisationType?: string | undefined;
  partnershipId?: string | undefined;
  learningSetId?: string | undefined;
  page: number;
  pageSize: number;
}

/** The ranking weights {D, C, B, A}: the title (A) above the answers (B). */
export const RANK_WEIGHTS = '{0.1,0.2,0.4,1.0}';
const BODY = sql`${caseStudies.problem} || ' ' || ${caseStudies.whatWeDid} || ' ' || ${caseStudies.whatHelped} || ' ' || ${caseStudies.barriers} || ' ' || ${caseStudies.learning}`;
const HEADLINE_OPTIONS = `StartSel="${START_MATCH}", StopSel="${STOP_MATCH}", MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;

function filtersOf(ctx: ProgrammeContext, q: ExchangeQuery): SQL | undefined {
  return and(
    visibleCaseStudies(ctx),
    eq(caseStudies.status, 'published'),
    q.theme ? sql`${caseStudies.themes} @> array[${q.theme}]::text[]` : undefined,
    q.standard ? sql`${caseStudies.standards} @> array[${q.standard}]::text[]` : undefined,
    q.placeId ? eq(caseStudies.placeId, q.placeId) : undefined,
    // As subqueries, not joins: the search and its count then read case_studies alone.
    q.nation ? sql`${caseStudies.placeId} in (select ${places.id} from ${places} where ${places.nation} = ${q.nation})` : undefined,
    q.organisationType
      ? sql`${caseStudies.organisationId} in (select ${organisations.id} from ${organisations} where lower(${organisations.type}) = lower(${q.organisationType}))`
      : undefined,
    q.partnershipId ? eq(caseStudies.partnershipId, q.partnershipId) : undefined,
    q.learningSetId ? eq(caseStudies.learningSetId, q.learningSetId) : undefined,
  );
}

/** The words, as a tsquery; null when none were given. */
const tsquery = (q: ExchangeQuery) => (q.q?.trim() ? sql`websearch_to_tsquery('english', ${q.q.trim()})` : null);

export async function searchExchange(db: Queryable, ctx: ProgrammeContext, q: ExchangeQuery) {
  const query = tsquery(q);
  const where = and(filtersOf(ctx, q), query ? sql`${caseStudies.search} @@ ${query}` : undefined);
  const rank = query ? sql<number>`ts_rank(${RANK_WEIGHTS}::float4[], ${caseStudies.search}, ${query})` : sql<number>`0::float4`;
  const order = query
    ? [desc(rank), caseStudies.title, caseStudies.id]
    : [desc(caseStudies.publishedAt), caseStudies.title, caseStudies.id];
  // The page is chosen from case_studies alone (rank, order, limit); only its rows are then joined to
  // their partnership, place, organisation and set, and given a ts_headline snippet.
  const chosen = db
    .select({ id: caseStudies.id, rank: rank.as('rank') })
    .from(caseStudies)
    .where(where)
    .orderBy(...order);
  const hits = (q.pageSize ? chosen.limit(q.pageSize).offset((q.page - 1) * q.pageSize) : chosen).as('hits');
  const headline = query ? sql<string>`ts_headline('english', ${BODY}, ${query}, ${HEADLINE_OPTIONS})` : sql<string>`left(${BODY}, 240)`;
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...caseStudyColumns, rank: hits.rank, headline })
      .from(hits)
      .innerJoin(caseStudies, eq(caseStudies.id, hits.id))
      .leftJoin(partnerships, eq(partnerships.id, caseStudies.partnershipId))
      .leftJoin(places, eq(places.id, caseStudies.placeId))
      .leftJoin(organisations, eq(organisations.id, caseStudies.organisationId))
      .leftJoin(learningSets, eq(learningSets.id, caseStudies.learningSetId))
      .orderBy(
        ...(query
          ? [desc(hits.rank), caseStudies.title, caseStudies.id]
          : [desc(caseStudies.publishedAt), caseStudies.title, caseStudies.id]),
      ),
    db.select({ n: count() }).from(caseStudies).where(where),
  ]);
  const offset = q.pageSize ? (q.page - 1) * q.pageSize : 0;
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((r, i) => ({
      position: offset + i + 1,
      score: Number(r.rank),
      snippet: snippetParts(r.headline ?? ''),
      caseStudy: presentCaseStudy(r as LoadedCaseStudy, ctx),
    })),
  };
}
export type ExchangeResult = Awaited<ReturnType<typeof searchExchange>>;

/** A text[] literal of these values, each a parameter. */
const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * How like `me` a case study is (how: at the top of this file): the SQL of its score, and the condition
 * that leaves `me` out and keeps those scoring above 0. Also used by the public pages, among public ones.
 */
export function similarity(me: { id: string; title: string; themes: string[]; standards: string[] }) {
  const titleWords = sql`websearch_to_tsquery('simple', array_to_string(tsvector_to_array(to_tsvector('english', ${me.title})), ' or '))`;
  const themes = sql`cardinality(array(select unnest(${caseStudies.themes}) intersect select unnest(${textArray(me.themes)})))`;
  const standards = sql`cardinality(array(select unnest(${caseStudies.standards}) intersect select unnest(${textArray(me.standards)})))`;
  const score = sql<number>`(3 * ${themes} + 2 * ${standards} + ts_rank(${caseStudies.search}, ${titleWords}))::float8`;
  return { score, others: and(sql`${caseStudies.id} <> ${me.id}`, sql`${score} > 0`)! };
}

/** Other published case studies like this one (how: at the top of this file). */
export async function similarCaseStudies(db: Queryable, ctx: ProgrammeContext, id: string) {
  const me = (await loadCaseStudy(db, ctx, id)).study;
  const { score, others } = similarity(me);
  const rows = await caseStudyRows(db)
    .where(and(visibleCaseStudies(ctx), eq(caseStudies.status, 'published'), others))
    .orderBy(desc(score), desc(caseStudies.publishedAt), caseStudies.id)
    .limit(5);
  return rows.map((r) => {
    const c = presentCaseStudy(r, ctx);
    return {
      id: c.id,
      title: c.title,
      themes: c.themes,
      place: c.place,
      organisation: c.organisation,
      sharedThemes: c.themes.filter((t) => me.themes.includes(t)),
      sharedStandards: c.standards.filter((s) => me.standards.includes(s)),
    };
  });
}
