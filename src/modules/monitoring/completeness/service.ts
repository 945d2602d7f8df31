/**
 * Completeness service: which partnerships owe which returns, and where each stands.
 *
 * Exported (signatures kept stable; the role home pages call the first):
 *
 *   expectedReturns(db, ctx, options?) → Promise<ExpectedReturn[]>
 *     For the programme of `ctx`, every (period, partnership) pair a return is expected for — plus any
 *     pair not expected that has a return all the same — ordered by period (newest start first, then
 *     label) and partnership name. Each item: `period` ({ id, label, startsOn, endsOn, dueOn, phase }),
 *     `partnership` ({ id, name, place }), `expected`, `status` ('not_started' | 'draft' | 'submitted' |
 *     'returned' | 'accepted'), `returnId` (null when not started), `submittedOn` ('YYYY-MM-DD' | null),
 *     `overdue` (boolean) and `timeliness` ('on_time' | 'late' | null).
 *     Always limited to the partnerships the caller may see (a partnership member: their own).
 *     options: `partnershipIds` limits further (e.g. a member's own, or one partnership); `periodIds`
 *     limits to those periods; `today` ('YYYY-MM-DD', default the server's today) for tests.
 *
 *   periodCompletenessOf(db, ctx, periodIds, options?) → Promise<Map<periodId, PeriodCompleteness>>
 *     "Reported by N of M", overdue, accepted, on time and late per period, by the same rule (the
 *     periods list's "N overdue" is this).
 *
 * The rule itself (expected = in the programme on the due date and, for a phase's period, not recorded
 * as not progressing from an earlier phase; overdue; on time) is `../domain/completeness.ts`.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { limitedTo } from '../../partnerships/service.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships, phaseProgressions } from '../../partnerships/schema.js';
import { places } from '../../places/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { phases } from '../../programmes/schema.js';
import {
  type CompletenessCell,
  type CompletenessReturn,
  type PeriodCompleteness,
  completenessCells,
  periodCompleteness,
} from '../domain/completeness.js';
import { monitoringReturns, reportingPeriods } from '../schema.js';

export type { CellStatus, PeriodCompleteness, Timeliness } from '../domain/completeness.js';

export interface CompletenessOptions {
  /** Only these partnerships (always within those the caller may see). */
  partnershipIds?: readonly string[] | undefined;
  /** Only these periods. */
  periodIds?: readonly string[] | undefined;
  /** 'YYYY-MM-DD'; the server's today when not given. */
  today?: string | undefined;
}

export interface CompletenessPeriodView {
  id: string;
  label: string;
  startsOn: string;
  endsOn: string;
  dueOn: string;
  phase: { id: string; number: number; name: string } | null;
}

export interface CompletenessPartnershipView {
  id: string;
  name: string;
  place: { id: string; name: string } | null;
}

export interface ExpectedReturn extends Omit<CompletenessCell, 'periodId' | 'partnershipId'> {
  period: CompletenessPeriodView;
  partnership: CompletenessPartnershipView;
}

interface Loaded {
  periods: CompletenessPeriodView[];
  partnerships: (CompletenessPartnershipView & { inProgrammeFrom: string; inProgrammeUntil: string | null; notProgressedFrom: number[] })[];
  returns: CompletenessReturn[];
}

/** The partnership ids to look at: the caller's scope, narrowed by `wanted`; null means all. */
function partnershipScope(ctx: ProgrammeContext, wanted: readonly string[] | undefined): string[] | null {
  const mine = limitedTo(ctx);
  if (!wanted) return mine ? [...mine] : null;
  return mine ? wanted.filter((id) => mine.includes(id)) : [...wanted];
}

async function load(db: Queryable, ctx: ProgrammeContext, options: CompletenessOptions): Promise<Loaded> {
  const programmeId = ctx.programme.id;
  const scope = partnershipScope(ctx, options.partnershipIds);
  const periodIds = options.periodIds ? [...options.periodIds] : null;
  if ((scope && scope.length === 0) || (periodIds && periodIds.length === 0)) return { periods: [], partnerships: [], returns: [] };
  const [periodRows, partnershipRows, notProgressed, returnRows] = await Promise.all([
    db
      .select({ p: reportingPeriods, phaseNumber: phases.number, phaseName: phases.name })
      .from(reportingPeriods)
      .leftJoin(phases, eq(phases.id, reportingPeriods.phaseId))
      .where(and(eq(reportingPeriods.programmeId, programmeId), periodIds ? inArray(reportingPeriods.id, periodIds) : undefined))
      .orderBy(desc(reportingPeriods.startsOn), asc(reportingPeriods.label), asc(reportingPeriods.id)),
    db
      .select({
        id: partnerships.id,
        name: partnerships.name,
        inProgrammeFrom: partnerships.inProgrammeFrom,
        inProgrammeUntil: partnerships.inProgrammeUntil,
        placeId: places.id,
        placeName: places.name,
      })
      .from(partnerships)
      .leftJoin(places, eq(places.id, partnerships.placeId))
      .where(and(eq(partnerships.programmeId, programmeId), scope ? inArray(partnerships.id, scope) : undefined))
      .orderBy(asc(partnerships.name), asc(partnerships.id)),
    db
      .select({ partnershipId: phaseProgressions.partnershipId, number: phases.number })
      .from(phaseProgressions)
      .innerJoin(phases, eq(phases.id, phaseProgressions.phaseId))
      .where(and(eq(phases.programmeId, programmeId), eq(phaseProgressions.progressed, false))),
    db
      .select({
        id: monitoringReturns.id,
        partnershipId: monitoringReturns.partnershipId,
        periodId: monitoringReturns.periodId,
        status: monitoringReturns.status,
        submittedAt: monitoringReturns.submittedAt,
      })
      .from(monitoringReturns)
      .where(
        and(
          eq(monitoringReturns.programmeId, programmeId),
          scope ? inArray(monitoringReturns.partnershipId, scope) : undefined,
          periodIds ? inArray(monitoringReturns.periodId, periodIds) : undefined,
        ),
      ),
  ]);
  const stopped = new Map<string, number[]>();
  for (const n of notProgressed) stopped.set(n.partnershipId, [...(stopped.get(n.partnershipId) ?? []), n.number]);
  return {
    periods: periodRows.map(({ p, phaseNumber, phaseName }) => ({
      id: p.id,
      label: p.label,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      dueOn: p.dueOn,
      phase: p.phaseId && phaseNumber !== null && phaseName !== null ? { id: p.phaseId, number: phaseNumber, name: phaseName } : null,
    })),
    partnerships: partnershipRows.map((r) => ({
      id: r.id,
      name: r.name,
      place: r.placeId && r.placeName !== null ? { id: r.placeId, name: r.placeName } : null,
      inProgrammeFrom: r.inProgrammeFrom,
      inProgrammeUntil: r.inProgrammeUntil,
      notProgressedFrom: stopped.get(r.id) ?? [],
    })),
    returns: returnRows.map((r) => ({
      id: r.id,
      partnershipId: r.partnershipId,
      periodId: r.periodId,
      status: r.status,
      submittedOn: r.submittedAt ? todayIso(r.submittedAt) : null,
    })),
  };
}

const cellsOf = (loaded: Loaded, today: string) =>
  completenessCells(
    loaded.periods.map((p) => ({ id: p.id, dueOn: p.dueOn, phaseNumber: p.phase?.number ?? null })),
    loaded.partnerships,
    loaded.returns,
    today,
  );

/** Every expected (period, partnership) pair of the programme, with its status, overdue and timeliness. */
export async function expectedReturns(db: Queryable, ctx: ProgrammeContext, options: CompletenessOptions = {}): Promise<ExpectedReturn[]> {
  const loaded = await load(db, ctx, options);
  const periods = new Map(loaded.periods.map((p) => [p.id, p]));
  const partnershipViews = new Map(loaded.partnerships.map((p) => [p.id, { id: p.id, name: p.name, place: p.place }]));
  return cellsOf(loaded, options.today ?? todayIso()).map(({ periodId, partnershipId, ...cell }) => ({
    period: periods.get(periodId)!,
    partnership: partnershipViews.get(partnershipId)!,
    ...cell,
  }));
}

/** "Reported by N of M", overdue, on time and late for each period named (by the same rule). */
export async function periodCompletenessOf(
  db: Queryable,
  ctx: ProgrammeContext,
  periodIds: readonly string[],
  options: Omit<CompletenessOptions, 'periodIds'> = {},
): Promise<Map<string, PeriodCompleteness>> {
  const loaded = await load(db, ctx, { ...options, periodIds });
  const summaries = periodCompleteness(
    periodIds.map((id) => ({ id })),
    cellsOf(loaded, options.today ?? todayIso()),
  );
  return new Map(summaries.map((s) => [s.periodId, s]));
}
