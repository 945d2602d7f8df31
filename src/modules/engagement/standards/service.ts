// Self-assessment against the seven National Standards for Community Engagement (issue 17, point 6):
// each engagement rated on each standard, with evidence and "how will we know" indicators, cycle after
// cycle; the portfolio of strengths and gaps by lead partner and standard (domain/standards.ts).
import { and, asc, eq, max } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { NATIONAL_STANDARDS, type NationalStandard, type Rating, standardsPortfolio } from '../domain/standards.js';
import { requireWrite, visibleEngagements } from '../register/access.js';
import { engagements } from '../register/schema.js';
import { loadEngagement } from '../register/service.js';
import { standardRatings } from './schema.js';

export interface RatingInput {
  standard: NationalStandard;
  rating: Rating;
  evidence?: string | undefined;
  indicators?: string | undefined;
}

/** Every cycle of an engagement's self-assessment, latest first, each with its ratings in the Standards' order. */
export async function selfAssessments(db: Queryable, ctx: ProgrammeContext, engagementId: string) {
  await loadEngagement(db, ctx, engagementId);
  const rows = await db
    .select()
    .from(standardRatings)
    .where(eq(standardRatings.engagementId, engagementId))
    .orderBy(asc(standardRatings.cycle));
  const cycles = [...new Set(rows.map((r) => r.cycle))].sort((a, b) => b - a);
  return cycles.map((cycle) => ({
    cycle,
    ratedOn: rows
      .filter((r) => r.cycle === cycle)
      .map((r) => r.ratedAt.toISOString().slice(0, 10))
      .sort()
      .at(-1)!,
    ratings: NATIONAL_STANDARDS.flatMap((standard) => {
      const r = rows.find((x) => x.cycle === cycle && x.standard === standard);
      return r ? [{ standard, rating: r.rating, evidence: r.evidence, indicators: r.indicators }] : [];
    }),
  }));
}

/** Rates an engagement for one cycle, replacing that cycle's ratings (cycle: the next one when not given). */
export async function rateEngagement(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  engagementId: string,
  input: { cycle?: number | undefined; ratings: RatingInput[] },
) {
  const { e } = await loadEngagement(db, ctx, engagementId);
  requireWrite(ctx, e.partnershipId);
  const seen = new Set<string>();
  input.ratings.forEach((r, i) => {
    if (seen.has(r.standard))
      throw new Invalid(`${r.standard} is rated twice: rate each standard once`, [
        { path: ['ratings', i, 'standard'], message: `${r.standard} is rated twice` },
      ]);
    seen.add(r.standard);
  });
  const [latest] = await db
    .select({ cycle: max(standardRatings.cycle) })
    .from(standardRatings)
    .where(eq(standardRatings.engagementId, engagementId));
  const last = latest?.cycle ?? 0;
  const cycle = input.cycle ?? last + 1;
  if (cycle > last + 1)
    throw new Invalid(`The next cycle is ${last + 1}: cycles go one after another`, [
      { path: ['cycle'], message: `The next cycle is ${last + 1}` },
    ]);
  await db.transaction(async (tx) => {
    const before = await tx
      .select()
      .from(standardRatings)
      .where(and(eq(standardRatings.engagementId, engagementId), eq(standardRatings.cycle, cycle)));
    await tx.delete(standardRatings).where(and(eq(standardRatings.engagementId, engagementId), eq(standardRatings.cycle, cycle)));
    if (input.ratings.length)
      await tx.insert(standardRatings).values(
        input.ratings.map((r) => ({
          engagementId,
          cycle,
          standard: r.standard,
          rating: r.rating,
          evidence: r.evidence?.trim() ?? '',
          indicators: r.indicators?.trim() ?? '',
        })),
      );
    const asRecord = (list: { standard: string; rating: string }[]) => ({
      cycle,
      ratings: Object.fromEntries(list.map((r) => [r.standard, r.rating])),
    });
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'engagement',
      entityId: engagementId,
      action: 'update',
      summary: `Self-assessed the engagement ${e.title} against the National Standards (cycle ${cycle})`,
      before: before.length ? { selfAssessment: asRecord(before) } : null,
      after: { selfAssessment: asRecord(input.ratings) },
    });
  });
  return (await selfAssessments(db, ctx, engagementId)).find((c) => c.cycle === cycle)!;
}

/** Strengths and gaps per lead partner and standard, over each visible engagement's latest cycle. */
export async function portfolio(db: Queryable, ctx: ProgrammeContext) {
  const rows = await db
    .select({
      engagement: standardRatings.engagementId,
      partner: engagements.leadPartner,
      standard: standardRatings.standard,
      rating: standardRatings.rating,
      cycle: standardRatings.cycle,
    })
    .from(standardRatings)
    .innerJoin(engagements, eq(engagements.id, standardRatings.engagementId))
    .where(and(eq(engagements.programmeId, ctx.programme.id), visibleEngagements(ctx)));
  const assessed = new Set(rows.map((r) => r.engagement)).size;
  return { engagementsAssessed: assessed, cells: standardsPortfolio(rows) };
}
