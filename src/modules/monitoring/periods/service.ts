/** Reporting periods: when returns are for and due, with how many partnerships are overdue in each. */
import { and, asc, count, desc, eq, ilike } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, NotFound, conflictFromDb } from '../../../errors.js';
import type { ListQuery } from '../../../http/route-kit.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { containing } from '../../partnerships/service.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../../programmes/context.js';
import { phases } from '../../programmes/schema.js';
import { reportingPeriods } from '../schema.js';
import { periodCompletenessOf } from '../completeness/service.js';
import { fail } from '../checks.js';

export interface PeriodInput {
  label: string;
  phaseId?: string | null | undefined;
  startsOn: string;
  endsOn: string;
  dueOn: string;
}

type Period = typeof reportingPeriods.$inferSelect;
const labelConflict = {
  reporting_periods_label_key: { path: 'label', message: 'This programme already has a reporting period with that label' },
};
const periodAudit = (p: Period) => ({ label: p.label, phaseId: p.phaseId, startsOn: p.startsOn, endsOn: p.endsOn, dueOn: p.dueOn });

async function periodRows(db: Queryable, ctx: ProgrammeContext, where: ReturnType<typeof and>, page?: { limit: number; offset: number }) {
  const query = db
    .select({
      period: reportingPeriods,
      phaseNumber: phases.number,
      phaseName: phases.name,
    })
    .from(reportingPeriods)
    .leftJoin(phases, eq(phases.id, reportingPeriods.phaseId))
    .where(where)
    .orderBy(desc(reportingPeriods.startsOn), asc(reportingPeriods.label));
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  // Overdue and "reported by N of M" by the completeness rule: only partnerships in the programme (and
  // the period's phase) when the period was due, among those the caller may see.
  const completeness = await periodCompletenessOf(
    db,
    ctx,
    rows.map((r) => r.period.id),
  );
  return rows.map(({ period: p, phaseNumber, phaseName }) => ({
    id: p.id,
    label: p.label,
    phase: p.phaseId && phaseNumber !== null && phaseName !== null ? { id: p.phaseId, number: phaseNumber, name: phaseName } : null,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    dueOn: p.dueOn,
    overdue: completeness.get(p.id)?.overdue ?? 0,
    expected: completeness.get(p.id)?.expected ?? 0,
    reported: completeness.get(p.id)?.reported ?? 0,
  }));
}

export async function listPeriods(db: Queryable, ctx: ProgrammeContext, q: ListQuery) {
  const where = and(eq(reportingPeriods.programmeId, ctx.programme.id), q.q ? ilike(reportingPeriods.label, containing(q.q)) : undefined);
  const [rows, [total]] = await Promise.all([
    periodRows(db, ctx, where, pageWindow(q)),
    db.select({ n: count() }).from(reportingPeriods).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function getPeriod(db: Queryable, ctx: ProgrammeContext, id: string) {
  const [p] = await periodRows(db, ctx, and(eq(reportingPeriods.id, id), eq(reportingPeriods.programmeId, ctx.programme.id)));
  if (!p) throw new NotFound('That reporting period');
  return p;
}

async function checkPeriod(
  db: Queryable,
  ctx: ProgrammeContext,
  p: { phaseId?: string | null | undefined; startsOn: string; endsOn: string },
) {
  const errors: FieldError[] = [];
  if (p.endsOn < p.startsOn) errors.push({ path: ['endsOn'], message: 'The period must end on or after the day it starts' });
  if (p.phaseId) {
    const [hit] = await db
      .select({ id: phases.id })
      .from(phases)
      .where(and(eq(phases.id, p.phaseId), eq(phases.programmeId, ctx.programme.id)));
    if (!hit) errors.push({ path: ['phaseId'], message: 'That phase is not in this programme' });
  }
  fail(errors);
}

export async function createPeriod(db: Db, ctx: ProgrammeContext, actor: Actor, input: PeriodInput) {
  requireManager(ctx);
  await checkPeriod(db, ctx, input);
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx
        .insert(reportingPeriods)
        .values({ ...input, programmeId: ctx.programme.id })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'reporting_period',
        entityId: p!.id,
        action: 'create',
        summary: `Added the reporting period ${p!.label}, due ${p!.dueOn}`,
        after: periodAudit(p!),
      });
      return p!.id;
    });
  } catch (err) {
    conflictFromDb(err, labelConflict);
  }
}

export async function updatePeriod(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, input: Partial<PeriodInput>) {
  requireManager(ctx);
  const [before] = await db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.id, id), eq(reportingPeriods.programmeId, ctx.programme.id)));
  if (!before) throw new NotFound('That reporting period');
  await checkPeriod(db, ctx, { ...before, ...input });
  try {
    return await db.transaction(async (tx) => {
      const [p] = await tx.update(reportingPeriods).set(input).where(eq(reportingPeriods.id, id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'reporting_period',
        entityId: id,
        action: 'update',
        summary: `Changed the reporting period ${p!.label}`,
        before: periodAudit(before),
        after: periodAudit(p!),
      });
      return id;
    });
  } catch (err) {
    conflictFromDb(err, labelConflict);
  }
}
