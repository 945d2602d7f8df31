/**
 * What support has been given and what it cost, per partnership and for the programme: balances,
 * burn-down, warnings, cost and use. The sums are made in the database (one grouped query per table),
 * the definitions applied in domain/ (cost.ts, ledger.ts, warnings.ts), exactly.
 */
import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../../db/database.js';
import { NotFound } from '../../../errors.js';
import { todayIso } from '../../partnerships/membership.js';
import { partnerships } from '../../partnerships/schema.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { type CostAndUse, type Fraction, add, costAndUseOfTotals, decimal, div, frac, summaryRow } from '../domain/cost.js';
import { type Allowance as LedgerAllowance, type CreditEntry, balances, burnDown, programmeBurnDown } from '../domain/ledger.js';
import { type SupportWarning, supportWarnings } from '../domain/warnings.js';
import { supportContacts, supportCredit, supportEvents } from '../log/schema.js';
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

interface TotalsRow {
  id: string;
  name: string;
  start_on: string | null;
  end_on: string | null;
  days_allowed: string | null;
  credit_allowed_pence: number | null;
  day_rate_pence: number | null;
  minutes: string | null;
  last_contact: string | null;
  spends: string | null;
  from_h: string | null;
  from_p: string | null;
  to_h: string | null;
  to_p: string | null;
  committed: string | null;
  attended: string | null;
  /** Σ cost × (L ÷ partnerships there) over the events attended: the shares in pence, over L. */
  shares: string | null;
  /** L: the least common multiple of every event's count of partnerships there (1 without events). */
  l: string;
  events: string;
}

/**
 * Each visible partnership with its allowance and every sum the definitions need, in one grouped query
 * (one round trip; the database adds up the contacts and credit). Event shares stay exact: each event's
 * cost is multiplied by L ÷ (partnerships there), L being the least common multiple of those counts, so
 * the database only adds whole numbers and the share is that sum over L. The sums are MATERIALIZED so
 * each is one hash aggregate over its table; inlined, the planner walked 500,000 contacts by index in
 * partnership order to merge-join them (3× slower on the bench).
 */
/**
 * `costOnly`: just what cost and use needs (the summary's columns), leaving out the last contact, transfers
 * back to days and open commitments, which only the balances need: less to aggregate over every contact.
 */
async function totalsByPartnership(db: Queryable, ctx: ProgrammeContext, costOnly = false): Promise<TotalsRow[]> {
  const programmeId = ctx.programme.id;
  const mine = ctx.access.scope === 'partnership' ? ctx.access.partnershipIds : null;
  return rowsOf<TotalsRow>(
    db,
    sql`
    with recursive
      ev as (
        select e.id, e.cost_pence::numeric as cost, count(a.partnership_id) filter (where a.people > 0) as n
        from support_events e left join support_attendance a on a.event_id = e.id
        where e.programme_id = ${programmeId} group by e.id),
      ns as (select n, row_number() over (order by n) as i from (select distinct n from ev where n > 0) d),
      lc(i, v) as (select 0::bigint, 1::numeric union all select ns.i, lcm(lc.v, ns.n::numeric) from lc join ns on ns.i = lc.i + 1),
      l as (select v from lc order by i desc limit 1),
      sh as materialized (
        select a.partnership_id, count(*) as attended, sum(ev.cost * div((select v from l), ev.n)) as shares
        from support_attendance a join ev on ev.id = a.event_id
        where a.people > 0 and a.partnership_id is not null group by a.partnership_id),
      c as materialized (
        select partnership_id, sum(minutes) as minutes, ${costOnly ? sql`null::date` : sql`max(contact_on)`} as last_contact
        from support_contacts where programme_id = ${programmeId} group by partnership_id),
      k as materialized (
        select partnership_id,
          sum(amount_pence) filter (where kind = 'spend') as spends,
          sum(day_hundredths) filter (where kind = 'from_days') as from_h,
          sum(amount_pence) filter (where kind = 'from_days') as from_p,
          ${
            costOnly
              ? sql`null::bigint as to_h, null::bigint as to_p, null::bigint as committed`
              : sql`sum(day_hundredths) filter (where kind = 'to_days') as to_h,
          sum(amount_pence) filter (where kind = 'to_days') as to_p,
          sum(amount_pence) filter (where kind = 'commitment'
            and not exists (select 1 from support_credit s2 where s2.commitment_id = support_credit.id)) as committed`
          }
        from support_credit where programme_id = ${programmeId} group by partnership_id)
    select p.id, p.name, al.start_on::text as start_on, al.end_on::text as end_on, al.days_allowed::text as days_allowed,
      al.credit_allowed_pence, al.day_rate_pence, c.minutes::text as minutes, c.last_contact::text as last_contact,
      k.spends::text as spends, k.from_h::text as from_h, k.from_p::text as from_p, k.to_h::text as to_h, k.to_p::text as to_p,
      k.committed::text as committed, sh.attended::text as attended, sh.shares::text as shares,
      (select v from l)::text as l, (select count(*) from ev)::text as events
    from partnerships p
      left join support_allowances al on al.partnership_id = p.id
      left join c on c.partnership_id = p.id
      left join k on k.partnership_id = p.id
      left join sh on sh.partnership_id = p.id
    where p.programme_id = ${programmeId}${mine ? sql` and p.id in (${sql.join(mine.length ? mine.map((id) => sql`${id}`) : [sql`null`], sql`, `)})` : sql``}
    order by p.name, p.id`,
  );
}

const num = (v: string | null) => (v === null ? 0 : Number(v));

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
  costOnly = false,
): Promise<{ settings: SupportSettings; rows: SupportRow[]; events: number }> {
  const settings = await settingsOf(db, ctx.programme.id);
  const list = await totalsByPartnership(db, ctx, costOnly);
  const rows = list.map((r) => {
    const allowance: LedgerAllowance | null =
      r.start_on && r.end_on && r.days_allowed !== null
        ? {
            start: r.start_on,
            end: r.end_on,
            dayHundredths: allowanceDayHundredths({ daysAllowed: r.days_allowed }),
            creditAllowedPence: r.credit_allowed_pence!,
            dayRatePence: r.day_rate_pence!,
          }
        : null;
    const totals: Totals = {
      minutes: num(r.minutes),
      spends: num(r.spends),
      fromDaysHundredths: num(r.from_h),
      fromDaysPence: num(r.from_p),
      toDaysHundredths: num(r.to_h),
      toDaysPence: num(r.to_p),
      committed: num(r.committed),
      lastContact: r.last_contact,
    };
    return { r, allowance, totals };
  });
  const costs = costAndUseOfTotals(
    rows.map(({ r, allowance: a, totals: t }) => ({
      partnership: r.id,
      allowance: a && {
        start: a.start,
        end: a.end,
        daysAllowed: a.dayHundredths / 100,
        creditAllowedPence: a.creditAllowedPence,
        dayRatePence: a.dayRatePence,
      },
      minutes: t.minutes,
      creditSpendsPence: t.spends,
      fromDaysHundredths: t.fromDaysHundredths,
      fromDaysPence: t.fromDaysPence,
      eventsAttended: num(r.attended),
      eventSharesPence: { n: BigInt(r.shares ?? 0), d: BigInt(r.l) },
    })),
    settings.minutesPerDay,
  );
  return {
    settings,
    events: list.length ? num(list[0]!.events) : await eventCount(db, ctx.programme.id),
    rows: rows.map(({ r, allowance, totals }, i) => ({
      partnershipId: r.id,
      name: r.name,
      allowance,
      totals,
      cost: costs[i]!,
    })),
  };
}

async function eventCount(db: Queryable, programmeId: string) {
  const [row] = await db.select({ n: count() }).from(supportEvents).where(eq(supportEvents.programmeId, programmeId));
  return Number(row?.n ?? 0);
}

const pounds = (pence: Fraction, places = 2) => Number(decimal(div(pence, frac(100)), places));

/** The summary as the CLI's columns, named by partnership. */
export async function supportSummary(db: Queryable, ctx: ProgrammeContext) {
  const { rows } = await costAndUseRows(db, ctx, true);
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
