/** Indicators: what a programme asks its partnerships to report, listed, read, added and changed by managers. */
import { and, asc, count, eq, ilike } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Conflict, NotFound, conflictFromDb } from '../../../errors.js';
import type { ListQuery } from '../../../http/route-kit.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { containing } from '../../partnerships/service.js';
import { type ProgrammeContext, pageWindow, requireManager } from '../../programmes/context.js';
import { type Aggregation, type Unit, indicators } from '../schema.js';
import { indicatorsWithFigures } from '../returns/figures.js';

export interface IndicatorInput {
  key: string;
  label: string;
  definition?: string | undefined;
  unit?: Unit | undefined;
  aggregation?: Aggregation | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
}

type Indicator = typeof indicators.$inferSelect;

export const indicatorView = (i: Indicator) => ({
  id: i.id,
  key: i.key,
  label: i.label,
  definition: i.definition,
  unit: i.unit,
  aggregation: i.aggregation,
  required: i.required,
  position: i.position,
});
const indicatorAudit = ({ id: _id, ...rest }: ReturnType<typeof indicatorView>) => rest;
const keyConflict = { indicators_key_key: { path: 'key', message: 'This programme already has an indicator with that key' } };

export async function listIndicators(db: Queryable, ctx: ProgrammeContext, q: ListQuery) {
  const where = and(eq(indicators.programmeId, ctx.programme.id), q.q ? ilike(indicators.label, containing(q.q)) : undefined);
  const { limit, offset } = pageWindow(q);
  const [rows, [total]] = await Promise.all([
    db.select().from(indicators).where(where).orderBy(asc(indicators.position), asc(indicators.key)).limit(limit).offset(offset),
    db.select({ n: count() }).from(indicators).where(where),
  ]);
  return { rows: rows.map(indicatorView), total: Number(total?.n ?? 0) };
}

export async function loadIndicator(db: Queryable, ctx: ProgrammeContext, id: string) {
  const [i] = await db
    .select()
    .from(indicators)
    .where(and(eq(indicators.id, id), eq(indicators.programmeId, ctx.programme.id)));
  if (!i) throw new NotFound('That indicator');
  return i;
}

export async function getIndicator(db: Queryable, ctx: ProgrammeContext, id: string) {
  return indicatorView(await loadIndicator(db, ctx, id));
}

export async function createIndicator(db: Db, ctx: ProgrammeContext, actor: Actor, input: IndicatorInput) {
  requireManager(ctx);
  try {
    return await db.transaction(async (tx) => {
      const [i] = await tx
        .insert(indicators)
        .values({ ...input, programmeId: ctx.programme.id })
        .returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'indicator',
        entityId: i!.id,
        action: 'create',
        summary: `Added the indicator ${i!.label}`,
        after: indicatorAudit(indicatorView(i!)),
      });
      return i!.id;
    });
  } catch (err) {
    conflictFromDb(err, keyConflict);
  }
}

export async function updateIndicator(db: Db, ctx: ProgrammeContext, actor: Actor, id: string, input: Partial<IndicatorInput>) {
  requireManager(ctx);
  const before = await loadIndicator(db, ctx, id);
  if (input.unit && input.unit !== before.unit) {
    // Figures already entered were checked against the old unit; changing it would leave them meaning something else.
    if ((await indicatorsWithFigures(db, [id])).size > 0) {
      const message = 'Returns already hold figures for this indicator, so its unit cannot change; add a new indicator instead';
      throw new Conflict(message, [{ path: ['unit'], message }]);
    }
  }
  try {
    return await db.transaction(async (tx) => {
      const [i] = await tx.update(indicators).set(input).where(eq(indicators.id, id)).returning();
      await recordAudit(tx, actor, {
        programmeId: ctx.programme.id,
        entityType: 'indicator',
        entityId: id,
        action: 'update',
        summary: `Changed the indicator ${i!.label}`,
        before: indicatorAudit(indicatorView(before)),
        after: indicatorAudit(indicatorView(i!)),
      });
      return id;
    });
  } catch (err) {
    conflictFromDb(err, keyConflict);
  }
}
