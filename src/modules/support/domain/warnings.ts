/**
 * Warnings a facilitator or programme manager acts on (issue 16, point 4), each as of a date (default
 * today) and with thresholds the programme sets:
 *
 * - **no recent contact**: more than `contactWeeks` × 7 days (default 8 weeks: more than 56 days) since
 *   the last contact; with none logged, since support started;
 * - **below the recommended days**: on course to use fewer than `recommendedDaysPerYear` (default 8) a
 *   year — the days used so far ÷ the years of support gone by — once at least `minimumDaysElapsed`
 *   (default 91, a quarter of a year) have passed, since a few weeks in say nothing yet;
 * - **credit not spent**: credit left unspent (allowed − spent) while less than `creditTimeShare`
 *   (default a quarter) of the support period is left.
 * Support not yet started, or already ended, gives no warning.
 */
import { daysInPeriod } from './cost.js';

export interface WarningSettings {
  contactWeeks: number;
  recommendedDaysPerYear: number;
  minimumDaysElapsed: number;
  creditTimeShare: number;
}

export const DEFAULT_WARNING_SETTINGS: WarningSettings = {
  contactWeeks: 8,
  recommendedDaysPerYear: 8,
  minimumDaysElapsed: 91,
  creditTimeShare: 0.25,
};

export type WarningKind = 'no recent contact' | 'below the recommended days' | 'credit not spent';

export interface SupportWarning {
  partnership: string;
  warning: WarningKind;
  detail: string;
}

export interface WarningInput {
  partnership: string;
  start: string;
  end: string;
  creditAllowedPence: number;
  creditSpentPence: number;
  /** Days used so far (logged time ÷ hours in a day). */
  daysUsed: number;
  /** ISO date of the latest contact on or before the as-of date, or null. */
  lastContact: string | null;
}

const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function supportWarnings(
  inputs: readonly WarningInput[],
  asOf: string,
  settings: WarningSettings = DEFAULT_WARNING_SETTINGS,
): SupportWarning[] {
  const out: SupportWarning[] = [];
  for (const p of inputs) {
    if (asOf < p.start || asOf > p.end) continue;
    const since = p.lastContact ?? p.start;
    const quiet = daysInPeriod(since, asOf) - 1;
    if (quiet > settings.contactWeeks * 7)
      out.push({
        partnership: p.partnership,
        warning: 'no recent contact',
        detail: p.lastContact
          ? `No contact for ${plural(quiet, 'day', 'days')}, since ${longDate(p.lastContact)}`
          : `No contact logged since support began on ${longDate(p.start)} (${plural(quiet, 'day', 'days')})`,
      });
    const elapsed = daysInPeriod(p.start, asOf);
    if (elapsed >= settings.minimumDaysElapsed) {
      const perYear = p.daysUsed / (elapsed / 365.25);
      if (perYear < settings.recommendedDaysPerYear)
        out.push({
          partnership: p.partnership,
          warning: 'below the recommended days',
          detail: `On course for ${perYear.toFixed(1)} days a year, below the ${settings.recommendedDaysPerYear} recommended`,
        });
    }
    const left = p.creditAllowedPence - p.creditSpentPence;
    const total = daysInPeriod(p.start, p.end);
    const remaining = daysInPeriod(asOf, p.end) - 1;
    if (left > 0 && remaining / total < settings.creditTimeShare)
      out.push({
        partnership: p.partnership,
        warning: 'credit not spent',
        detail: `${pounds(left)} of credit unspent with ${plural(remaining, 'day', 'days')} of support left`,
      });
  }
  return out;
}
