import { eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { type AuditEventView, inWords } from '../../audit/history.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { codeFamilies, codes, codings, respondents } from '../schema.js';

import { type Evaluation, requireEvaluator } from '../evaluations/service.js';
import { loadCode } from './service.js';

/**
 * How a code is used: codings and respondents in all, and the respondents (by pseudonymous reference)
 * with their consent, for the split and merge pages. Respondent-level, so evaluators and managers only.
 */
export async function codeUse(db: Queryable, ctx: ProgrammeContext, e: Evaluation, codeId: string, listLimit = 5000) {
  requireEvaluator(ctx);
  const c = await loadCode(db, e.id, codeId);
  const [family] = await db.select().from(codeFamilies).where(eq(codeFamilies.id, c.familyId));
  // Every coder's codings of it, and each imported one (decision 011) as a coding of its own.
  const uses = sql`(
    select respondent_id from ${codings} where code_id = ${codeId}::uuid
    union all
    select id from ${respondents} where evaluation_id = ${e.id}::uuid and ${c.number}::integer = any(imported_code_numbers))`;
  const [totals] = await rowsOf<{ codings: number; respondents: number }>(
    db,
    sql`
    select count(*)::int as codings, count(distinct respondent_id)::int as respondents from ${uses} u`,
  );
  const people = await rowsOf<{ id: string; ref: string; consent: string; codings: number }>(
    db,
    sql`
    select r.id, r.ref, r.consent, count(*)::int as codings from ${uses} u join ${respondents} r on r.id = u.respondent_id
     group by r.id, r.ref, r.consent order by r.ref limit ${listLimit}`,
  );
  return {
    code: { id: c.id, name: c.name, family: family!.key, familyLabel: family!.label, parentId: c.parentId },
    codings: Number(totals?.codings ?? 0),
    respondentCount: Number(totals?.respondents ?? 0),
    respondents: people.map((p) => ({ ...p, codings: Number(p.codings) })),
  };
}

/**
 * The codebook's history: every audit row of its codes (those there now, and those merged away
 * into them, followed through the merges), with the families added; or one code's. Newest first.
 */
export async function codebookHistory(
  db: Queryable,
  ctx: ProgrammeContext,
  e: Evaluation,
  q: { codeId?: string | undefined; before?: number | undefined; limit: number },
): Promise<AuditEventView[]> {
  requireEvaluator(ctx);
  if (q.codeId) await loadCode(db, e.id, q.codeId);
  const pid = ctx.programme.id;
  const rows = await rowsOf<{
    id: number;
    at: Date | string;
    actor_label: string;
    entity_type: string;
    entity_id: string;
    action: string;
    summary: string;
    changes: Record<string, [unknown, unknown]>;
  }>(
    db,
    sql`
    with recursive ids(id) as (
      select id::text from ${codes} where evaluation_id = ${e.id} ${q.codeId ? sql`and id = ${q.codeId}` : sql``}
      union
      select a.entity_id from audit_events a join ids on a.changes -> 'mergedInto' ->> 1 = ids.id
      where a.programme_id = ${pid} and a.entity_type = 'evaluation_code' and a.action = 'merge')
    select id, at, actor_label, entity_type, entity_id, action, summary, changes from audit_events
    where programme_id = ${pid}
      and ((entity_type = 'evaluation_code' and entity_id in (select id from ids))
           ${q.codeId ? sql`` : sql`or (entity_type = 'evaluation' and entity_id = ${e.id}::text and action in ('create', 'add-family', 'update-family', 'add-set', 'update-set'))`})
      ${q.before ? sql`and id < ${q.before}` : sql``}
    order by id desc limit ${q.limit}`,
  );
  return inWords(
    db,
    rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorLabel: r.actor_label,
      programmeId: pid,
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      summary: r.summary,
      changes: r.changes,
    })),
  );
}
