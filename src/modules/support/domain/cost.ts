/**
 * What support costs, per partnership (issue 16, point 9). The definitions, exactly:
 *
 * - `days_used` = logged time ÷ the programme's hours in a facilitator day (time is kept in whole
 *   minutes; shown to 2 decimals, exact in every sum below);
 * - `credit_spent` = the credit spends (commitments not yet spent are not spent); a transfer from days
 *   (facilitator days traded for credit at the day rate) counts as credit spent, and its days as days
 *   used — read literally, so its value is in `cost_total` twice (see the module README);
 * - `events_attended` = events at which the partnership had at least one person;
 * - an event's cost is shared equally among the partnerships that had at least one person there;
 * - `cost_total` = days_used × day rate + credit_spent + the partnership's shares of event costs
 *   (shown in pounds and pence);
 * - `cost_per_year` = cost_total ÷ the support period in years, (end − start + 1 day) ÷ 365.25, in
 *   whole pounds.
 *
 * Money is whole pence. Sums are exact fractions (an event shared three ways is a third of its cost,
 * not a rounded one); only what is shown is rounded, half away from zero.
 */

/** An exact non-negative fraction n/d in BigInt, enough for money shared among partnerships. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};
export const frac = (n: bigint | number, d: bigint | number = 1n): Fraction => {
  const nn = BigInt(n);
  const dd = BigInt(d);
  const g = gcd(nn, dd);
  return dd < 0n ? { n: -nn / g, d: -dd / g } : { n: nn / g, d: dd / g };
};
export const add = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d, a.d * b.n);

/** The fraction rounded to `places` decimals, half away from zero, as a string ("12.50"). */
export function decimal(x: Fraction, places: number): string {
  const scale = 10n ** BigInt(places);
  const negative = x.n < 0n;
  const n = negative ? -x.n : x.n;
  const scaled = (n * scale * 2n + x.d) / (x.d * 2n);
  const whole = scaled / scale;
  const part = (scaled % scale).toString().padStart(places, '0');
  return `${negative && scaled > 0n ? '-' : ''}${whole}${places ? `.${part}` : ''}`;
}

export interface SupportAllowance {
  /** ISO dates, both days included. */
  start: string;
  end: string;
  daysAllowed: number;
  creditAllowedPence: number;
  dayRatePence: number;
}

export interface PartnershipSupport {
  partnership: string;
  allowance: SupportAllowance | null;
  /** Minutes of each contact logged. */
  contactMinutes: readonly number[];
  /** Each credit spend, in pence (commitments are not spends). */
  creditSpendsPence: readonly number[];
  /** Facilitator days traded for credit: the days in hundredths, the credit at the day rate in pence. */
  transfersFromDays?: readonly { dayHundredths: number; amountPence: number }[];
}

export interface SupportEvent {
  costPence: number;
  /** People there from each partnership (by name); 0 or missing: not there. */
  people: ReadonlyMap<string, number>;
}

export interface CostAndUse {
  partnership: string;
  daysAllowed: number | null;
  daysUsed: Fraction;
  creditAllowedPence: number | null;
  creditSpentPence: number;
  eventsAttended: number;
  /** In pence. */
  costTotal: Fraction;
  /** In pence; null without a support period. */
  costPerYear: Fraction | null;
}

/** The number of days from `start` to `end`, both included. */
export function daysInPeriod(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Each partnership's cost and use. `minutesPerDay` is the programme's hours in a facilitator day in
 * minutes (7 hours: 420).
 */
export function costAndUse(
  partnerships: readonly PartnershipSupport[],
  events: readonly SupportEvent[],
  minutesPerDay: number,
): CostAndUse[] {
  const shares = new Map<string, Fraction>();
  const attended = new Map<string, number>();
  for (const event of events) {
    const there = [...event.people].filter(([, people]) => people > 0).map(([name]) => name);
    if (there.length === 0) continue;
    const share = frac(event.costPence, there.length);
    for (const name of there) {
      shares.set(name, add(shares.get(name) ?? frac(0), share));
      attended.set(name, (attended.get(name) ?? 0) + 1);
    }
  }
  return partnerships.map((p) => {
    const minutes = p.contactMinutes.reduce((s, m) => s + m, 0);
    const transfers = p.transfersFromDays ?? [];
    const daysUsed = add(
      frac(minutes, minutesPerDay),
      frac(
        transfers.reduce((s, t) => s + t.dayHundredths, 0),
        100,
      ),
    );
    const creditSpentPence = p.creditSpendsPence.reduce((s, c) => s + c, 0) + transfers.reduce((s, t) => s + t.amountPence, 0);
    const rate = p.allowance ? frac(p.allowance.dayRatePence) : frac(0);
    const costTotal = add(add(mul(daysUsed, rate), frac(creditSpentPence)), shares.get(p.partnership) ?? frac(0));
    const years = p.allowance ? div(frac(daysInPeriod(p.allowance.start, p.allowance.end)), frac(36525, 100)) : null;
    return {
      partnership: p.partnership,
      daysAllowed: p.allowance?.daysAllowed ?? null,
      daysUsed,
      creditAllowedPence: p.allowance?.creditAllowedPence ?? null,
      creditSpentPence,
      eventsAttended: attended.get(p.partnership) ?? 0,
      costTotal,
      costPerYear: years && years.n > 0n ? div(costTotal, years) : null,
    };
  });
}

/** A row as `cairn support summary` writes it: days to 2 decimals, money in pounds, cost a year in whole pounds. */
export function summaryRow(c: CostAndUse): Record<string, string> {
  // Pence to pounds without reducing the fraction first (its value is the same; `decimal` rounds it as it is).
  const pounds = (pence: Fraction, places: number) => decimal({ n: pence.n, d: pence.d * 100n }, places);
  return {
    partnership: c.partnership,
    days_allowed: c.daysAllowed === null ? '' : String(c.daysAllowed),
    days_used: decimal(c.daysUsed, 2),
    credit_allowed: c.creditAllowedPence === null ? '' : pounds(frac(c.creditAllowedPence), 2),
    credit_spent: pounds(frac(c.creditSpentPence), 2),
    events_attended: String(c.eventsAttended),
    cost_total: pounds(c.costTotal, 2),
    cost_per_year: c.costPerYear === null ? '' : pounds(c.costPerYear, 0),
  };
}

/** A partnership's totals as the database sums them: the same inputs as `PartnershipSupport`, added up. */
export interface PartnershipTotals {
  partnership: string;
  allowance: SupportAllowance | null;
  /** All its contacts' minutes. */
  minutes: number;
  /** All its credit spends, in pence. */
  creditSpendsPence: number;
  /** All its transfers from days: the days in hundredths, and their credit in pence. */
  fromDaysHundredths: number;
  fromDaysPence: number;
  /** Events at which it had at least one person. */
  eventsAttended: number;
  /** Its shares of those events' costs, in pence: Σ cost ÷ partnerships there, exactly. */
  eventSharesPence: Fraction;
}

/**
 * `costAndUse` over totals the database has already summed (the summary of thousands of partnerships):
 * the same definitions, the same exact answers (a unit test holds the two together), computed with one
 * common denominator per partnership and no reduction — a fraction's value does not depend on it, and
 * `decimal` rounds it as it is.
 */
export function costAndUseOfTotals(partnerships: readonly PartnershipTotals[], minutesPerDay: number): CostAndUse[] {
  const perDay = BigInt(minutesPerDay);
  const periods = new Map<string, bigint>();
  const daysOf = (a: SupportAllowance) => {
    const key = `${a.start}/${a.end}`;
    let days = periods.get(key);
    if (days === undefined) periods.set(key, (days = BigInt(daysInPeriod(a.start, a.end))));
    return days;
  };
  return partnerships.map((p) => {
    const shares = p.eventSharesPence;
    // days_used = minutes ÷ minutes a day + transfer days: over minutes a day × 100.
    const daysN = BigInt(p.minutes) * 100n + BigInt(p.fromDaysHundredths) * perDay;
    const daysD = perDay * 100n;
    const creditSpentPence = p.creditSpendsPence + p.fromDaysPence;
    const rate = BigInt(p.allowance?.dayRatePence ?? 0);
    // cost_total = days_used × day rate + credit_spent + event shares: over daysD × shares.d.
    const costD = daysD * shares.d;
    const costN = daysN * rate * shares.d + BigInt(creditSpentPence) * costD + shares.n * daysD;
    const days = p.allowance ? daysOf(p.allowance) : 0n;
    return {
      partnership: p.partnership,
      daysAllowed: p.allowance?.daysAllowed ?? null,
      daysUsed: { n: daysN, d: daysD },
      creditAllowedPence: p.allowance?.creditAllowedPence ?? null,
      creditSpentPence,
      eventsAttended: p.eventsAttended,
      costTotal: { n: costN, d: costD },
      // cost_per_year = cost_total ÷ (days ÷ 365.25) = cost_total × 36525 ÷ (days × 100).
      costPerYear: days > 0n ? { n: costN * 36525n, d: costD * days * 100n } : null,
    };
  });
}
