/**
 * What support has been given and what it cost, per partnership and for the programme: balances,
 * burn-down, warnings, cost and use. The sums are made in the database (one grouped query per table),
 * the definitions applied in domain/ (cost.ts, ledger.ts, warnings.ts), exactly.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type CostAndUse, type Fraction, add, costAndUse, decimal, div, frac, summaryRow } from '../domain/cost.js';
import { type Allowance as LedgerAllowance, type CreditEntry, balances, burnDown, programmeBurnDown } from '../domain/ledger.js';
import { type SupportWarning, supportWarnings } from '../domain/warnings.js';
import { supportAttendance, supportContacts, supportCredit, supportEvents } from '../log/schema.js';
import { type SupportSettings, allowanceDayHundredths, settingsOf } from '../providers/allowances.js';
import { supportAllowances } from '../providers/schema.js';

/** The partnerships the caller sees, with their allowances, in name order. */
async function partnershipsWithAllowances(db: Queryable, ctx: ProgrammeContext) {
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  const rows = await db
    .select({
      id: partnerships.id,
      name: partnerships.name,
      startOn: supportAllowances.startOn,
      endOn: supportAllowances.endOn,
      daysAllowed: supportAllowances.daysAllowed,
      creditAllowedPence: supportAllowances.creditAllowedPence,
      dayRatePence: supportAllowances.dayRatePence,
    })
    .from(partnerships)
    .leftJoin(supportAllowances, eq(supportAllowances.partnershipId, partnerships.id))
    .where(and(eq(partnerships.programmeId, ctx.programme.id), mine ? inArray(partnerships.id, mine) : undefined))
    .orderBy(asc(partnerships.name), asc(partnerships.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    allowance:
      r.startOn && r.endOn && r.daysAllowed !== null
        ? {
            start: r.startOn,
            end: r.endOn,
            dayHundredths: allowanceDayHundredths({ daysAllowed: r.daysAllowed }),
            creditAllowedPence: r.creditAllowedPence!,
            dayRatePence: r.dayRatePence!,
          }
        : null,
  }));
}

interface Totals {
  minutes: number;
  spends: number;
  fromDaysHundredths: number;
  fromDaysPence: number;
  toDaysHundredths: number;
  toDaysPence: number;
  committed: number;
  lastContact: string | null;
}

/** Each partnership's sums of time and credit, made in the database; only what is on or before `asOf` when given. */
async function sums(db: Queryable, programmeId: string, asOf?: string): Promise<Map<string, Totals>> {
  const [contacts, credit] = await Promise.all([
    db
      .select({
        id: supportContacts.partnershipId,
        minutes: sql<string>`sum(${supportContacts.minutes})`,
        last: sql<string | null>`max(${supportContacts.contactOn})`,
      })
      .from(supportContacts)
      .where(and(eq(supportContacts.programmeId, programmeId), asOf ? lte(supportContacts.contactOn, asOf) : undefined))
      .groupBy(supportContacts.partnershipId),
    db
      .select({
        id: supportCredit.partnershipId,
        spends: sql<string>`coalesce(sum(${supportCredit.amountPence}) filter (where ${supportCredit.kind} = 'spend'), 0)`,
        fromDaysH: sql<string>`coalesce(sum(${supportCredit.dayHundredths}) filter (where ${supportCredit.kind} = 'from_days'), 0)`,
        fromDaysP: sql<string>`coalesce(sum(${supportCredit.amountPence}) filter (where ${supportCredit.kind} = 'from_days'), 0)`,
        toDaysH: sql<string>`coalesce(sum(${supportCredit.dayHundredths}) filter (where ${supportCredit.kind} = 'to_days'), 0)`,
        toDaysP: sql<string>`coalesce(sum(${supportCredit.amountPence}) filter (where ${supportCredit.kind} = 'to_days'), 0)`,
        committed: sql<string>`coalesce(sum(${supportCredit.amountPence}) filter (where ${supportCredit.kind} = 'commitment'
          and not exists (select 1 from ${supportCredit} s2 where s2.commitment_id = ${supportCredit.id})), 0)`,
      })
      .from(supportCredit)
      .where(and(eq(supportCredit.programmeId, programmeId), asOf ? lte(supportCredit.entryOn, asOf) : undefined))
      .groupBy(supportCredit.partnershipId),
  ]);
  const out = new Map<string, Totals>();
  const get = (id: string) => {
    let t = out.get(id);
    if (!t) {
      t = {
        minutes: 0,
        spends: 0,
        fromDaysHundredths: 0,
        fromDaysPence: 0,
        toDaysHundredths: 0,
        toDaysPence: 0,
        committed: 0,
        lastContact: null,
      };
      out.set(id, t);
    }
    return t;
  };
  for (const c of contacts) Object.assign(get(c.id), { minutes: Number(c.minutes), lastContact: c.last });
  for (const c of credit)
    Object.assign(get(c.id), {
      spends: Number(c.spends),
      fromDaysHundredths: Number(c.fromDaysH),
      fromDaysPence: Number(c.fromDaysP),
      toDaysHundredths: Number(c.toDaysH),
      toDaysPence: Number(c.toDaysP),
      committed: Number(c.committed),
    });
  return out;
}

/** Every event's cost and the partnerships that had at least one person there (by id). */
async function eventShares(db: Queryable, programmeId: string) {
  const rows = await db
    .select({
      eventId: supportEvents.id,
      cost: supportEvents.costPence,
      partnershipId: supportAttendance.partnershipId,
      people: supportAttendance.people,
    })
    .from(supportEvents)
    .leftJoin(supportAttendance, eq(supportAttendance.eventId, supportEvents.id))
    .where(eq(supportEvents.programmeId, programmeId));
  const events = new Map<string, { costPence: number; people: Map<string, number> }>();
  for (const r of rows) {
    const e = events.get(r.eventId) ?? events.set(r.eventId, { costPence: r.cost, people: new Map() }).get(r.eventId)!;
    if (r.partnershipId && r.people) e.people.set(r.partnershipId, r.people);
  }
  return [...events.values()];
}

export interface SupportRow {
  partnershipId: string;
  name: string;
  allowance: LedgerAllowance | null;
  totals: Totals;
  cost: CostAndUse;
}

/** Cost and use for each visible partnership, by the definitions (issue 16 point 9). */
export async function costAndUseRows(
  db: Queryable,
  ctx: ProgrammeContext,
): Promise<{ settings: SupportSettings; rows: SupportRow[]; events: number }> {
  const [settings, list, totals, events] = await Promise.all([
    settingsOf(db, ctx.programme.id),
    partnershipsWithAllowances(db, ctx),
    sums(db, ctx.programme.id),
    eventShares(db, ctx.programme.id),
  ]);
  const empty: Totals = {
    minutes: 0,
    spends: 0,
    fromDaysHundredths: 0,
    fromDaysPence: 0,
    toDaysHundredths: 0,
    toDaysPence: 0,
    committed: 0,
    lastContact: null,
  };
  const costs = costAndUse(
    list.map((p) => {
      const t = totals.get(p.id) ?? empty;
      return {
        partnership: p.id,
        allowance: p.allowance && {
          start: p.allowance.start,
          end: p.allowance.end,
          daysAllowed: p.allowance.dayHundredths / 100,
          creditAllowedPence: p.allowance.creditAllowedPence,
          dayRatePence: p.allowance.dayRatePence,
        },
        contactMinutes: [t.minutes],
        creditSpendsPence: [t.spends],
        transfersFromDays: [{ dayHundredths: t.fromDaysHundredths, amountPence: t.fromDaysPence }],
      };
    }),
    events,
    settings.minutesPerDay,
  );
  return {
    settings,
    events: events.length,
    rows: list.map((p, i) => ({
      partnershipId: p.id,
      name: p.name,
      allowance: p.allowance,
      totals: totals.get(p.id) ?? empty,
      cost: costs[i]!,
    })),
  };
}

const pounds = (pence: Fraction, places = 2) => Number(decimal(div(pence, frac(100)), places));

/** The summary as the CLI's columns, named by partnership. */
export async function supportSummary(db: Queryable, ctx: ProgrammeContext) {
  const { rows } = await costAndUseRows(db, ctx);
  return rows.map((r) => summaryRow({ ...r.cost, partnership: r.name }));
}

/** The summary page: each partnership's figures and balances, and the programme's totals. */
export async function supportOverview(db: Queryable, ctx: ProgrammeContext) {
  const { settings, rows, events } = await costAndUseRows(db, ctx);
  const out = rows.map((r) => {
    const b = r.allowance
      ? balances(
          r.allowance,
          [{ contactOn: '0000-01-01', minutes: r.totals.minutes }],
          [
            { kind: 'spend', entryOn: '0000-01-01', amountPence: r.totals.spends, dayHundredths: null },
            { kind: 'from_days', entryOn: '0000-01-01', amountPence: r.totals.fromDaysPence, dayHundredths: r.totals.fromDaysHundredths },
            { kind: 'to_days', entryOn: '0000-01-01', amountPence: r.totals.toDaysPence, dayHundredths: r.totals.toDaysHundredths },
            { kind: 'commitment', entryOn: '0000-01-01', amountPence: r.totals.committed, dayHundredths: null },
          ],
          settings.minutesPerDay,
        )
      : null;
    return {
      partnershipId: r.partnershipId,
      name: r.name,
      startOn: r.allowance?.start ?? null,
      endOn: r.allowance?.end ?? null,
      daysAllowed: r.cost.daysAllowed,
      daysUsed: Number(decimal(r.cost.daysUsed, 2)),
      daysLeft: b ? Number(decimal(b.daysLeft, 2)) : null,
      creditAllowedPence: r.cost.creditAllowedPence,
      creditSpentPence: r.cost.creditSpentPence,
      creditLeftPence: b ? b.creditLeftPence : null,
      committedPence: r.totals.committed,
      eventsAttended: r.cost.eventsAttended,
      attendanceRate: events ? r.cost.eventsAttended / events : null,
      costTotal: pounds(r.cost.costTotal),
      costPerYear: r.cost.costPerYear ? pounds(r.cost.costPerYear, 0) : null,
      lastContact: r.totals.lastContact,
    };
  });
  const withYear = rows.filter((r) => r.cost.costPerYear);
  const sum = (f: (r: SupportRow) => Fraction) => rows.reduce((s, r) => add(s, f(r)), frac(0));
  return {
    settings,
    events,
    rows: out,
    totals: {
      partnerships: rows.length,
      daysAllowed: out.reduce((s, r) => s + (r.daysAllowed ?? 0), 0),
      daysUsed: Number(
        decimal(
          sum((r) => r.cost.daysUsed),
          2,
        ),
      ),
      creditAllowedPence: out.reduce((s, r) => s + (r.creditAllowedPence ?? 0), 0),
      creditSpentPence: out.reduce((s, r) => s + r.creditSpentPence, 0),
      costTotal: pounds(sum((r) => r.cost.costTotal)),
      /** The mean of the partnerships' costs a year (those with a support period), in whole pounds. */
      costPerYearMean: withYear.length
        ? pounds(
            div(
              sum((r) => r.cost.costPerYear ?? frac(0)),
              frac(withYear.length),
            ),
            0,
          )
        : null,
    },
  };
}

/** The warnings as of a date (default today), by the programme's thresholds. */
export async function supportWarningList(db: Queryable, ctx: ProgrammeContext, asOf = todayIso()): Promise<SupportWarning[]> {
  const [settings, list, totals] = await Promise.all([
    settingsOf(db, ctx.programme.id),
    partnershipsWithAllowances(db, ctx),
    sums(db, ctx.programme.id, asOf),
  ]);
  return supportWarnings(
    list.flatMap((p) => {
      if (!p.allowance) return [];
      const t = totals.get(p.id);
      const daysUsed = frac((t?.minutes ?? 0) * 100 + (t?.fromDaysHundredths ?? 0) * settings.minutesPerDay, settings.minutesPerDay * 100);
      return [
        {
          partnership: p.name,
          start: p.allowance.start,
          end: p.allowance.end,
          // Credit left to spend: the allowance less spends and credit traded for days.
          creditAllowedPence: p.allowance.creditAllowedPence - (t?.toDaysPence ?? 0),
          creditSpentPence: t?.spends ?? 0,
          daysUsed: Number(daysUsed.n) / Number(daysUsed.d),
          lastContact: t?.lastContact ?? null,
        },
      ];
    }),
    asOf,
    {
      contactWeeks: settings.contactWeeks,
      recommendedDaysPerYear: settings.recommendedDaysPerYear,
      minimumDaysElapsed: 91,
      creditTimeShare: settings.creditTimeSharePercent / 100,
    },
  );
}

/** One partnership's balances and burn-down as of today (or `asOf`). */
export async function partnershipSupport(db: Queryable, ctx: ProgrammeContext, partnershipId: string, asOf = todayIso()) {
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  if (mine && !mine.includes(partnershipId)) throw new NotFound('That partnership');
  const list = await partnershipsWithAllowances(db, ctx);
  const p = list.find((x) => x.id === partnershipId);
  if (!p) throw new NotFound('That partnership');
  const settings = await settingsOf(db, ctx.programme.id);
  const [contacts, credit] = await Promise.all([
    db
      .select({ contactOn: supportContacts.contactOn, minutes: supportContacts.minutes })
      .from(supportContacts)
      .where(eq(supportContacts.partnershipId, p.id)),
    db.select().from(supportCredit).where(eq(supportCredit.partnershipId, p.id)),
  ]);
  if (!p.allowance) return { partnershipId: p.id, name: p.name, allowance: null, balances: null, burnDown: [] };
  const b = balances(p.allowance, contacts, credit as CreditEntry[], settings.minutesPerDay);
  return {
    partnershipId: p.id,
    name: p.name,
    allowance: {
      startOn: p.allowance.start,
      endOn: p.allowance.end,
      daysAllowed: p.allowance.dayHundredths / 100,
      creditAllowedPence: p.allowance.creditAllowedPence,
      dayRatePence: p.allowance.dayRatePence,
    },
    balances: {
      daysAvailable: Number(decimal(b.daysAvailable, 2)),
      daysUsed: Number(decimal(b.daysUsed, 2)),
      daysLeft: Number(decimal(b.daysLeft, 2)),
      creditSpentPence: b.creditSpentPence,
      creditLeftPence: b.creditLeftPence,
      committedPence: b.committedPence,
      creditUncommittedPence: b.creditUncommittedPence,
    },
    burnDown: burnDown(p.allowance, contacts, credit as CreditEntry[], settings.minutesPerDay, asOf),
  };
}

/** The programme's burn-down: contacts summed by month in the database, then the ledger's rules. */
export async function programmeSupportBurnDown(db: Queryable, ctx: ProgrammeContext, asOf = todayIso()) {
  const [settings, list] = await Promise.all([settingsOf(db, ctx.programme.id), partnershipsWithAllowances(db, ctx)]);
  const month = sql<string>`to_char((date_trunc('month', ${supportContacts.contactOn}) + interval '1 month - 1 day')::date, 'YYYY-MM-DD')`;
  const [contacts, credit] = await Promise.all([
    db
      .select({ partnershipId: supportContacts.partnershipId, contactOn: month, minutes: sql<string>`sum(${supportContacts.minutes})` })
      .from(supportContacts)
      .where(eq(supportContacts.programmeId, ctx.programme.id))
      .groupBy(supportContacts.partnershipId, month),
    db.select().from(supportCredit).where(eq(supportCredit.programmeId, ctx.programme.id)),
  ]);
  const parts = list.flatMap((p) => {
    if (!p.allowance) return [];
    const a = p.allowance;
    // A month's contacts count at its end, or on the last day of support when that comes first.
    const cs = contacts
      .filter((c) => c.partnershipId === p.id)
      .map((c) => ({ contactOn: [c.contactOn, a.end].sort()[0]!, minutes: Number(c.minutes) }));
    return [{ allowance: a, contacts: cs, credit: credit.filter((c) => c.partnershipId === p.id) as CreditEntry[] }];
  });
  return programmeBurnDown(parts, settings.minutesPerDay, asOf);
}
