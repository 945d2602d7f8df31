// Overlap clusters of a programme's engagements (issue 17, point 5; the rule is in domain/overlaps.ts
// and README.md). The database gives each engagement's topics with their stemmed keys; the clustering
// is the domain's sort-and-sweep. Coordination needs every partner to see who else plans to consult the
// same people, so the clusters show every engagement's title, lead partner, place and dates to anyone
// who can open the programme; nothing else of another partnership's engagements is shown.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type EngagementForOverlap, type OverlapCluster, overlapClusters } from '../domain/overlaps.js';
import { overlapWindow } from '../register/service.js';
import { cleanLocality, cleanTopics, textArray, topicKeySql } from '../register/topics.js';

interface EngagementRow {
  id: string;
  title: string;
  lead_partner: string;
  locality: string;
  starts_on: string;
  ends_on: string;
  /** JSON: [[key, label], …] in the order written. */
  topics: string;
}

/**
 * The programme's engagements for the overlap rule (optionally one locality's), topics with their keys.
 * One read, a row per engagement with its topics as a JSON text parsed here: a third of the rows of
 * reading the topics apart, and cheaper to parse than a PostgreSQL array (measured: bench/README.md).
 * Engagements without a topic cannot overlap and are left out.
 */
export async function engagementsForOverlap(db: Queryable, programmeId: string, locality?: string): Promise<EngagementForOverlap[]> {
  const where: SQL = locality
    ? sql`e.programme_id = ${programmeId} and lower(e.locality) = lower(${cleanLocality(locality)})`
    : sql`e.programme_id = ${programmeId}`;
  const rows = await rowsOf<EngagementRow>(
    db,
    sql`select e.id, e.title, e.lead_partner, e.locality, e.starts_on::text as starts_on, e.ends_on::text as ends_on,
               json_agg(json_build_array(t.key, t.label) order by t.position)::text as topics
          from engagements e join engagement_topics t on t.engagement_id = e.id
         where ${where}
         group by e.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    leadPartner: r.lead_partner,
    locality: r.locality,
    start: r.starts_on,
    end: r.ends_on,
    topics: (JSON.parse(r.topics) as [string, string][]).map(([key, label]) => ({ label, key })),
  }));
}

export interface ClusterView {
  number: number;
  message: string;
  locality: string;
  start: string;
  end: string;
  partners: string[];
  sharedTopics: string[];
  engagements: { id: string; title: string; leadPartner: string; locality: string; start: string; end: string; topics: string[] }[];
}

const view = (c: OverlapCluster): ClusterView => ({
  number: c.number,
  message: c.message,
  locality: c.locality,
  start: c.start,
  end: c.end,
  partners: c.partners,
  sharedTopics: c.sharedTopics,
  engagements: c.engagements.map((e) => ({
    id: e.id,
    title: e.title,
    leadPartner: e.leadPartner,
    locality: e.locality,
    start: e.start,
    end: e.end,
    topics: e.topics.map((t) => t.label),
  })),
});

/** Every flagged cluster of the programme, numbered by earliest start. */
export async function programmeOverlaps(db: Queryable, ctx: ProgrammeContext): Promise<{ windowDays: number; clusters: ClusterView[] }> {
  const [windowDays, list] = await Promise.all([overlapWindow(db, ctx.programme.id), engagementsForOverlap(db, ctx.programme.id)]);
  return { windowDays, clusters: overlapClusters(list, windowDays).map(view) };
}

/** The flagged cluster holding one recorded engagement, if any. */
export async function overlapOf(db: Queryable, ctx: ProgrammeContext, engagement: { id: string; locality: string }) {
  const [windowDays, list] = await Promise.all([
    overlapWindow(db, ctx.programme.id),
    engagementsForOverlap(db, ctx.programme.id, engagement.locality),
  ]);
  const cluster = overlapClusters(list, windowDays).find((c) => c.engagements.some((e) => e.id === engagement.id));
  return cluster ? view(cluster) : null;
}

export interface Candidate {
  title?: string | undefined;
  topics: string[];
  locality: string;
  startsOn: string;
  endsOn: string;
  leadPartner: string;
  /** An engagement being changed: left out, since the candidate stands for it. */
  engagementId?: string | undefined;
}

/** Would an engagement not yet saved (the form's) be flagged? The cluster it would join, if flagged. */
export async function checkCandidate(db: Queryable, ctx: ProgrammeContext, c: Candidate): Promise<ClusterView | null> {
  const topics = cleanTopics(c.topics);
  if (topics.length === 0 || !c.locality.trim() || c.endsOn < c.startsOn) return null;
  const [windowDays, list, keys] = await Promise.all([
    overlapWindow(db, ctx.programme.id),
    engagementsForOverlap(db, ctx.programme.id, c.locality),
    rowsOf<{ label: string; key: string }>(
      db,
      sql`select t.label, ${topicKeySql(sql`t.label`)} as key from unnest(${textArray(topics)}::text[]) with ordinality as t(label, n) order by t.n`,
    ),
  ]);
  const candidate: EngagementForOverlap = {
    id: 'new',
    title: c.title?.trim() || 'This engagement',
    leadPartner: c.leadPartner.trim() || 'Your partnership',
    locality: cleanLocality(c.locality),
    start: c.startsOn,
    end: c.endsOn,
    topics: keys,
  };
  const others = list.filter((e) => e.id !== c.engagementId);
  const cluster = overlapClusters([...others, candidate], windowDays).find((x) => x.engagements.some((e) => e === candidate));
  return cluster ? view(cluster) : null;
}
