/**
 * The cross-tab from the kept counts (decision 009, migration 0005): `crosstab_respondent_counts` and
 * `crosstab_code_counts` hold, per cell (participant type, project, own place, own phase), how many
 * respondents with consent given there are and how many identified each code. One query groups those
 * cells by the dimension asked for, looking up themes, model and place names as they are now, and
 * applies the filters; no respondent or coding is read. The values follow the domain's rules exactly:
 * a blank value is `Not recorded`, a project's themes count once each, the place is the respondent's
 * own or else their project's partnership's.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { ALL, type BuiltInDimension } from '../domain/crosstab.js';
import { type CodeRef, NOT_RECORDED, type RespondentFilters } from '../domain/respondents.js';
import type { Tallies } from '../domain/crosstab-tallies.js';

/** Null when blank, as the domain's `recorded` reads a value (the whitespace JS's trim knows best). */
const recorded = (value: SQL) =>
  sql`case when btrim(${value}, E' \\t\\n\\r\\f\\v\\u00a0\\ufeff\\u2028\\u2029\\u3000') = '' then null else ${value} end`;
const orNotRecorded = (value: SQL) => sql`coalesce(${recorded(value)}, ${NOT_RECORDED})`;

/** A list as one array literal parameter, the same on both engines (drizzle would spread a JS array). */
const arrayParam = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;

const listOf = (wanted: string | readonly string[] | undefined): string[] =>
  wanted === undefined ? [] : typeof wanted === 'string' ? [wanted] : [...wanted];

/**
 * Tallies for `crosstabFromTallies`: respondents per group, per group and code, and the total, for one
 * evaluation's codes by a built-in dimension (attributes are not in the cells: they take the
 * respondent-level path).
 */
export async function crosstabTallies(
  db: Queryable,
  evaluationId: string,
  codes: readonly { id: string; name: string }[],
  by: BuiltInDimension | null,
  filters: RespondentFilters = {},
): Promise<Omit<Tallies, 'groupOrder'>> {
  const wantType = listOf(filters.participantType);
  const wantPlace = listOf(filters.place);
  const wantPhase = listOf(filters.phase);
  const needType = by === 'participant_type' || wantType.length > 0;
  const needPlace = by === 'place' || wantPlace.length > 0;
  const needPhase = by === 'phase' || wantPhase.length > 0;
  const needProject = by === 'theme' || by === 'coproduction_model' || needPlace;

  // Only the columns this question needs survive the first grouping, so the joins below see as few
  // cells as there can be (by participant type alone: a few rows per code).
  const columns = [needType && 'participant_type', needProject && 'project_id', needPlace && 'place_id', needPhase && 'phase_id'].filter(
    Boolean,
  ) as string[];
  const keep = columns.map((c) => `, ${c}`).join('');
  const value = (column: string) => sql.raw(`c.${column}`);

  const place = orNotRecorded(sql`coalesce(own_place.name, project_place.name)`);
  const group =
    by === 'participant_type'
      ? orNotRecorded(value('participant_type'))
      : by === 'coproduction_model'
        ? orNotRecorded(sql`model.label`)
        : by === 'place'
          ? place
          : by === 'phase'
            ? orNotRecorded(sql`phase.name`)
            : by === 'theme'
              ? sql`null::text`
              : sql`${ALL}::text`;
  const joins: SQL[] = [];
  if (needProject) joins.push(sql`left join projects project on project.id = c.project_id`);
  if (by === 'coproduction_model') joins.push(sql`left join vocabulary_terms model on model.id = project.coproduction_model_id`);
  if (needPlace) {
    joins.push(sql`left join places own_place on own_place.id = c.place_id`);
    joins.push(
      sql`left join partnerships partnership on partnership.id = project.partnership_id left join places project_place on project_place.id = partnership.place_id`,
    );
  }
  if (needPhase) joins.push(sql`left join phases phase on phase.id = c.phase_id`);
  const where: SQL[] = [sql`true`];
  if (wantType.length) where.push(sql`${orNotRecorded(value('participant_type'))} = any(${arrayParam(wantType)}::text[])`);
  if (wantPlace.length) where.push(sql`${place} = any(${arrayParam(wantPlace)}::text[])`);
  if (wantPhase.length) where.push(sql`${orNotRecorded(sql`phase.name`)} = any(${arrayParam(wantPhase)}::text[])`);

  const grouped =
    by === 'theme'
      ? sql`select coalesce(t.label, ${NOT_RECORDED}) as grp, b.code_id, b.n from base b left join project_themes t on t.project_id = b.project_id`
      : sql`select b.grp, b.code_id, b.n from base b`;
  const codeIds = codes.map((c) => c.id);
  const query = sql`
    with raw as (
      select null::uuid as code_id, participant_type, project_id, place_id, phase_id, n
        from crosstab_respondent_counts where evaluation_id = ${evaluationId}
      union all
      select code_id, participant_type, project_id, place_id, phase_id, n
        from crosstab_code_counts where code_id = any(${arrayParam(codeIds)}::uuid[])
    ), c as (
      select code_id${sql.raw(keep)}, sum(n)::bigint as n from raw group by code_id${sql.raw(keep)}
    ), base as (
      select c.code_id, c.n, ${group} as grp${needProject ? sql`, c.project_id` : sql``}
        from c ${sql.join(joins, sql` `)}
       where ${sql.join(where, sql` and `)}
    ), project_themes as (
      select distinct pt.project_id, vt.label
        from project_terms pt join vocabulary_terms vt on vt.id = pt.term_id and vt.vocabulary = 'theme'
       where ${by === 'theme' ? sql`pt.project_id in (select project_id from base)` : sql`false`} and ${recorded(sql`vt.label`)} is not null
    )
    select grp, code_id, sum(n)::bigint as n from (${grouped}) x group by grp, code_id
    union all
    select null, null, coalesce(sum(n), 0)::bigint from base where code_id is null`;
  const rows = ((await db.execute(query)) as unknown as { rows: { grp: string | null; code_id: string | null; n: string | number }[] })
    .rows;
  let total = 0;
  const groups: Tallies['groups'][number][] = [];
  const codeCounts: Tallies['codeCounts'][number][] = [];
  for (const r of rows) {
    const n = Number(r.n);
    if (r.grp === null) total = n;
    else if (r.code_id === null) groups.push({ group: r.grp, n });
    else codeCounts.push({ group: r.grp, codeId: r.code_id, n });
  }
  return { by, codes: codes.map((c): CodeRef => ({ id: c.id, name: c.name })), total, groups, codeCounts };
}
