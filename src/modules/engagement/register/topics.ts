// A topic's key for the overlap rule, computed by the database (issue 17, point 5): the topic's words
// lower-cased and stemmed by PostgreSQL's `english` text-search configuration, so "parks" is "park" and
// "housing" and "houses" are both "hous". The same SQL runs on PostgreSQL and PGlite (both carry the
// Snowball English stemmer). No stemmer is written by hand here.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';

/**
 * SQL for the key of a topic held in `label`: its distinct lexemes, space-separated in the order
 * tsvector keeps them (alphabetical), or the topic lower-cased when every word is a stop word ("IT").
 */
export const topicKeySql = (label: SQL | string) =>
  sql`coalesce(nullif(array_to_string(tsvector_to_array(to_tsvector('english', ${label})), ' '), ''), lower(btrim(${label})))`;

/** A text[] literal, sent as one parameter (the same on both drivers). */
export const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;

/** Each topic with its key, in the order given. */
export async function topicKeys(db: Queryable, labels: readonly string[]): Promise<{ label: string; key: string }[]> {
  if (labels.length === 0) return [];
  const rows = await rowsOf<{ label: string; key: string; n: number }>(
    db,
    sql`select t.label, ${topicKeySql(sql`t.label`)} as key, t.n::int as n
        from unnest(${textArray(labels)}::text[]) with ordinality as t(label, n) order by t.n`,
  );
  return rows.map((r) => ({ label: r.label, key: r.key }));
}

/** Topics as a person typed them: trimmed, blanks dropped, each once (compared case-insensitively). */
export function cleanTopics(topics: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of topics) {
    const topic = t.trim().replace(/\s+/g, ' ');
    const k = topic.toLocaleLowerCase('en-GB');
    if (!topic || seen.has(k)) continue;
    seen.add(k);
    out.push(topic);
  }
  return out;
}

/** A place name as stored: trimmed, single spaces (names are compared case-insensitively). */
export const cleanLocality = (s: string) => s.trim().replace(/\s+/g, ' ');

/** A locality's part of a web address: "Whitburn & Blackburn" → "whitburn-blackburn". */
export const localitySlug = (s: string) =>
  cleanLocality(s)
    .toLocaleLowerCase('en-GB')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
