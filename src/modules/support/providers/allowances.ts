import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { type FieldError, Invalid, NotFound } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { partnerships } from '../../partnerships/schema.js';
import { type ProgrammeContext, requireManager } from '../../programmes/context.js';
import { supportAllowances, supportSettings } from './schema.js';

export interface SupportSettings {
  minutesPerDay: number;
  contactWeeks: number;
  recommendedDaysPerYear: number;
  creditTimeSharePercent: number;
}

export const DEFAULT_SUPPORT_SETTINGS: SupportSettings = {
  minutesPerDay: 420,
  contactWeeks: 8,
  recommendedDaysPerYear: 8,
  creditTimeSharePercent: 25,
};

/** The programme's support settings, the defaults until a manager sets them. */
export async function settingsOf(db: Queryable, programmeId: string): Promise<SupportSettings> {
  const [s] = await db.select().from(supportSettings).where(eq(supportSettings.programmeId, programmeId));
  return s
    ? {
        minutesPerDay: s.minutesPerDay,
        contactWeeks: s.contactWeeks,
        recommendedDaysPerYear: s.recommendedDaysPerYear,
        creditTimeSharePercent: s.creditTimeSharePercent,
      }
    : DEFAULT_SUPPORT_SETTINGS;
}

export async function updateSettings(db: Db, ctx: ProgrammeContext, actor: Actor, input: Partial<SupportSettings>) {
  requireManager(ctx);
  return db.transaction(async (tx) => {
    const before = await settingsOf(tx, ctx.programme.id);
    const after = { ...before, ...input };
    await tx
      .insert(supportSettings)
      .values({ programmeId: ctx.programme.id, ...after })
      .onConflictDoUpdate({ target: supportSettings.programmeId, set: after });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'support-settings',
      entityId: ctx.programme.id,
      action: 'update',
      summary: 'Changed the programme’s support settings',
      before: { ...before },
      after: { ...after },
    });
    return after;
  });
}

export interface AllowanceInput {
  startOn: string;
  endOn: string;
  /** Days allowed, in hundredths (24.5 days: 2450). */
  dayHundredths: number;
  creditAllowedPence: number;
  dayRatePence: number;
}

export type Allowance = typeof supportAllowances.$inferSelect;

/** Days allowed as hundredths of a day, from the numeric column ("24.50" → 2450). */
export const allowanceDayHundredths = (a: Pick<Allowance, 'daysAllowed'>) => Math.round(Number(a.daysAllowed) * 100);

const allowanceAudit = (a: AllowanceInput) => ({
  startOn: a.startOn,
  endOn: a.endOn,
  daysAllowed: a.dayHundredths / 100,
  creditAllowed: a.creditAllowedPence / 100,
  dayRate: a.dayRatePence / 100,
});

export function allowanceErrors(a: AllowanceInput): FieldError[] {
  return a.endOn < a.startOn ? [{ path: ['endOn'], message: 'The end of support must be on or after its start' }] : [];
}

export async function listAllowances(db: Queryable, ctx: ProgrammeContext) {
  const mine = ctx.access.scope === 'partnership' ? new Set(ctx.access.partnershipIds) : null;
  const rows = await db
    .select({
      partnershipId: partnerships.id,
      partnershipName: partnerships.name,
      allowance: supportAllowances,
      // The allowance's version (decision 012), for If-Match on its PUT.
      version: sql<string | null>`${supportAllowances}.xmin::text`,
    })
    .from(partnerships)
    .leftJoin(supportAllowances, eq(supportAllowances.partnershipId, partnerships.id))
    .where(eq(partnerships.programmeId, ctx.programme.id))
    .orderBy(asc(partnerships.name));
  return rows
    .filter((r) => !mine || mine.has(r.partnershipId))
    .map((r) => ({
      partnershipId: r.partnershipId,
      partnershipName: r.partnershipName,
      allowance: r.allowance
        ? {
            startOn: r.allowance.startOn,
            endOn: r.allowance.endOn,
            daysAllowed: allowanceDayHundredths(r.allowance) / 100,
            creditAllowedPence: r.allowance.creditAllowedPence,
            dayRatePence: r.allowance.dayRatePence,
            version: r.version ?? '',
          }
        : null,
    }));
}

/** Sets (or replaces) a partnership's allowance. `tx` joins a caller's transaction (the import's). */
export async function setAllowance(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  partnershipId: string,
  input: AllowanceInput,
  tx?: Queryable,
) {
  requireManager(ctx);
  const errors = allowanceErrors(input);
  if (errors.length) throw new Invalid(`${errors.map((e) => e.message).join('. ')}.`, errors);
  const write = async (t: Queryable) => {
    const [p] = await t
      .select({ id: partnerships.id, name: partnerships.name })
      .from(partnerships)
      .where(and(eq(partnerships.id, partnershipId), eq(partnerships.programmeId, ctx.programme.id)));
    if (!p) throw new NotFound('That partnership');
    const [before] = await t.select().from(supportAllowances).where(eq(supportAllowances.partnershipId, p.id));
    const values = {
      startOn: input.startOn,
      endOn: input.endOn,
      daysAllowed: (input.dayHundredths / 100).toFixed(2),
      creditAllowedPence: input.creditAllowedPence,
      dayRatePence: input.dayRatePence,
    };
    await t
      .insert(supportAllowances)
      .values({ partnershipId: p.id, programmeId: ctx.programme.id, ...values })
      .onConflictDoUpdate({ target: supportAllowances.partnershipId, set: values });
    await recordAudit(t, actor, {
      programmeId: ctx.programme.id,
      entityType: 'partnership-support',
      entityId: p.id,
      action: before ? 'allowance-update' : 'allowance-set',
      summary: `${before ? 'Changed' : 'Set'} the support allowance of ${p.name}`,
      before: before
        ? allowanceAudit({
            startOn: before.startOn,
            endOn: before.endOn,
            dayHundredths: allowanceDayHundredths(before),
            creditAllowedPence: before.creditAllowedPence,
            dayRatePence: before.dayRatePence,
          })
        : null,
      after: allowanceAudit(input),
    });
  };
  return tx ? write(tx) : db.transaction(write);
}
