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
}

/**
 * The programme's engagements for the overlap rule (optionally one locality's), topics with their keys.
 * Two plain reads, joined here: cheaper than aggregating each engagement's topics in the database.
 */
export async function engagementsForOverlap(db: Queryable, programmeId: string, locality?: string): Promise<EngagementForOverlap[]> {
  const where: SQL = locality
    ? sql`e.programme_id = ${programmeId} and lower(e.locality) = lower(${cleanLocality(locality)})`
    : sql`e.programme_id = ${programmeId}`;
  const [rows, topics] = await Promise.all([
    rowsOf<EngagementRow>(
      db,
      sql`select e.id, e.title, e.lead_partner, e.locality, e.starts_on::text as starts_on, e.ends_on::text as ends_on
            from engagements e where ${where}`,
    ),
    rowsOf<{ id: string; label: string; key: string }>(
      db,
      sql`select t.engagement_id as id, t.label, t.key from engagement_topics t join engagements e on e.id = t.engagement_id
           where ${where} order by t.engagement_id, t.position`,
    ),
  ]);
  const byId = new Map<string, { label: string; key: string }[]>();
  for (const t of topics) {
    const list = byId.get(t.id);
    if (list) list.push({ label: t.label, key: t.key });
    else byId.set(t.id, [{ label: t.label, key: t.key }]);
  }
  return rows.flatMap((r) => {
    const list = byId.get(r.id);
    return list
      ? [{ id: r.id, title: r.title, leadPartner: r.lead_partner, locality: r.locality, start: r.starts_on, end: r.ends_on, topics: list }]
      : [];
  });
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
