/**
 * The credit ledger and the balances of a partnership's allowance (issue 16, point 3), and its
 * burn-down. Our reading of "transfers between days and credit at the day rate, recorded as such" and
 * of point 9's "transfers from days count as credit spent, and their days as days used":
 *
 * - a **transfer from days** (`from_days`) trades D facilitator days for credit worth D × the day rate,
 *   recorded with its purpose like a spend. It comes out of the *days* allowance: its D days count as
 *   days used (the days balance falls by D) and its amount counts as credit spent (in `credit_spent`),
 *   but it does not lower the credit balance, since the credit came from the days;
 * - a **transfer to days** (`to_days`) trades credit for facilitator days: the credit balance falls by
 *   its amount and the days balance rises by its days. It is not a spend and uses no days: the days it
 *   buys are used, and costed, as the facilitator's contacts are logged;
 * - a **commitment** is credit promised but not yet spent: it leaves the credit balance alone and shows
 *   as committed until a spend settles it (a spend naming the commitment settles it, whatever its amount);
 * - amounts are whole pence; a transfer's amount is its days × the day rate, rounded to the penny.
 */
import { type Fraction, add, decimal, div, frac, mul } from './cost.js';

export type CreditKind = 'spend' | 'commitment' | 'from_days' | 'to_days';

export interface CreditEntry {
  id?: string;
  kind: CreditKind;
  entryOn: string;
  amountPence: number;
  /** For a transfer: days in hundredths. */
  dayHundredths: number | null;
  /** A spend that settles a commitment. */
  commitmentId?: string | null;
}

export interface ContactTime {
  contactOn: string;
  minutes: number;
}

export interface Allowance {
  start: string;
  end: string;
  /** Days allowed, in hundredths (24 days: 2400). */
  dayHundredths: number;
  creditAllowedPence: number;
  dayRatePence: number;
}

/** A transfer's credit: its days at the day rate, to the nearest penny (half up). */
export function transferAmountPence(dayHundredths: number, dayRatePence: number): number {
  return Number(decimal(frac(BigInt(dayHundredths) * BigInt(dayRatePence), 100n), 0));
}

export interface Balances {
  /** Days allowed plus days bought with credit. */
  daysAvailable: Fraction;
  /** Logged contact time plus days traded for credit. */
  daysUsed: Fraction;
  daysLeft: Fraction;
  creditAllowedPence: number;
  /** Spends plus transfers from days (the definition of credit_spent). */
  creditSpentPence: number;
  /** Spends only: what left the credit allowance. */
  creditSpendsPence: number;
  /** Credit traded for days. */
  creditToDaysPence: number;
  /** Credit allowed − spends − credit traded for days. */
  creditLeftPence: number;
  /** Commitments no spend has settled yet. */
  committedPence: number;
  /** Credit left after the open commitments. */
  creditUncommittedPence: number;
}

/** The balances of one partnership's allowance, from entries on or before `asOf` (all when omitted). */
export function balances(
  allowance: Pick<Allowance, 'dayHundredths' | 'creditAllowedPence'>,
  contacts: readonly ContactTime[],
  credit: readonly CreditEntry[],
  minutesPerDay: number,
  asOf?: string,
): Balances {
  const on = (d: string) => asOf === undefined || d <= asOf;
  const cs = contacts.filter((c) => on(c.contactOn));
  const es = credit.filter((e) => on(e.entryOn));
  const sum = (kind: CreditKind, f: (e: CreditEntry) => number) => es.filter((e) => e.kind === kind).reduce((s, e) => s + f(e), 0);
  const minutes = cs.reduce((s, c) => s + c.minutes, 0);
  const daysUsed = add(
    frac(minutes, minutesPerDay),
    frac(
      sum('from_days', (e) => e.dayHundredths ?? 0),
      100,
    ),
  );
  const daysAvailable = frac(allowance.dayHundredths + sum('to_days', (e) => e.dayHundredths ?? 0), 100);
  const spends = sum('spend', (e) => e.amountPence);
  const toDays = sum('to_days', (e) => e.amountPence);
  const settled = new Set(es.filter((e) => e.kind === 'spend' && e.commitmentId).map((e) => e.commitmentId));
  const committed = es.filter((e) => e.kind === 'commitment' && !(e.id && settled.has(e.id))).reduce((s, e) => s + e.amountPence, 0);
  const creditLeft = allowance.creditAllowedPence - spends - toDays;
  return {
    daysAvailable,
    daysUsed,
    daysLeft: add(daysAvailable, mul(daysUsed, frac(-1))),
    creditAllowedPence: allowance.creditAllowedPence,
    creditSpentPence: spends + sum('from_days', (e) => e.amountPence),
    creditSpendsPence: spends,
    creditToDaysPence: toDays,
    creditLeftPence: creditLeft,
    committedPence: committed,
    creditUncommittedPence: creditLeft - committed,
  };
}

export interface BurnDownPoint {
  /** The last day of each month of support (the support's last day for the final one), and the as-of date within it. */
  date: string;
  /** What was left at the end of that day; null for days after `asOf`. */
  daysLeft: number | null;
  creditLeft: number | null;
  /** Where an even pace from the start would have left it. */
  daysPlanned: number;
  creditPlanned: number;
}

const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
const toNumber = (f: Fraction, places: number) => Number(decimal(f, places));

/**
 * The burn-down of one allowance: at each month's end from the start to the end of support, and on the
 * as-of date when it falls within a month of support, the days and credit (in pounds) left, beside an
 * even pace — days to 2 decimals, pounds to the penny.
 */
export function burnDown(
  allowance: Allowance,
  contacts: readonly ContactTime[],
  credit: readonly CreditEntry[],
  minutesPerDay: number,
  asOf: string,
): BurnDownPoint[] {
  const points: BurnDownPoint[] = [];
  const [sy, sm] = allowance.start.split('-').map(Number) as [number, number];
  const totalDays = (Date.parse(allowance.end) - Date.parse(allowance.start)) / 86_400_000 + 1;
  let previous = '';
  for (let i = 0; ; i++) {
    let date = monthEnd(sy, sm - 1 + i);
    if (date > allowance.end) date = allowance.end;
    // The as-of date itself, when it falls inside a month of support: what is left today, not only at
    // the last month's end, so a contact logged today shows at once.
    if (asOf > previous && asOf < date && asOf >= allowance.start) points.push(point(asOf));
    points.push(point(date));
    previous = date;
    if (date === allowance.end) break;
  }
  return points;

  function point(date: string): BurnDownPoint {
    const gone = frac((Date.parse(date) - Date.parse(allowance.start)) / 86_400_000 + 1, totalDays);
    const left = add(frac(1), mul(gone, frac(-1)));
    const b = date <= asOf ? balances(allowance, contacts, credit, minutesPerDay, date) : null;
    return {
      date,
      daysLeft: b ? toNumber(b.daysLeft, 2) : null,
      creditLeft: b ? toNumber(div(frac(b.creditLeftPence), frac(100)), 2) : null,
      daysPlanned: toNumber(mul(frac(allowance.dayHundredths, 100), left), 2),
      creditPlanned: toNumber(div(mul(frac(allowance.creditAllowedPence), left), frac(100)), 2),
    };
  }
}

/** Hundredths of a day from a decimal string ("1.5" → 150); null when it is not one with at most 2 places. */
export function dayHundredthsOf(text: string): number | null {
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * The programme's burn-down: at each month's end across every allowance's period, the days and credit
 * left summed over the partnerships (an allowance counts in full before it starts and as it ended after).
 */
export function programmeBurnDown(
  parts: readonly { allowance: Allowance; contacts: readonly ContactTime[]; credit: readonly CreditEntry[] }[],
  minutesPerDay: number,
  asOf: string,
): BurnDownPoint[] {
  if (parts.length === 0) return [];
  const start = parts.map((p) => p.allowance.start).sort()[0]!;
  const end = parts
    .map((p) => p.allowance.end)
    .sort()
    .at(-1)!;
  const frame = burnDown({ start, end, dayHundredths: 0, creditAllowedPence: 0, dayRatePence: 0 }, [], [], minutesPerDay, asOf);
  return frame.map((f) => {
    let days = frac(0);
    let credit = 0;
    let daysPlanned = frac(0);
    let creditPlanned = frac(0);
    for (const p of parts) {
      const a = p.allowance;
      const at = f.date < a.start ? null : [f.date, a.end].sort()[0]!;
      const share = at === null ? frac(1) : frac(daysInPeriodOf(at, a.end) - 1, daysInPeriodOf(a.start, a.end));
      daysPlanned = add(daysPlanned, mul(frac(a.dayHundredths, 100), share));
      creditPlanned = add(creditPlanned, mul(frac(a.creditAllowedPence), share));
      const b = balances(
        a,
        at === null ? [] : p.contacts,
        at === null ? [] : p.credit,
        minutesPerDay,
        at === null ? a.start : [at, asOf].sort()[0],
      );
      days = add(days, b.daysLeft);
      credit += b.creditLeftPence;
    }
    return {
      date: f.date,
      daysLeft: f.daysLeft === null ? null : toNumber(days, 2),
      creditLeft: f.daysLeft === null ? null : credit / 100,
      daysPlanned: toNumber(daysPlanned, 2),
      creditPlanned: toNumber(div(creditPlanned, frac(100)), 2),
    };
  });
}

const daysInPeriodOf = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
