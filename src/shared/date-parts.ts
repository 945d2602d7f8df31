/**
 * A date typed as day, month and year in three boxes (the GOV.UK date input), read and checked with the
 * GOV.UK messages: "Enter the start date, for example 27 3 2026", "Start date must include a month",
 * "Start date must be a real date". The web's date fields use it; the server is sent the ISO date.
 */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DateReading =
  | { ok: true; value: string | null }
  | { ok: false; message: string /** Which boxes to mark: the ones that are wrong. */; parts: ('day' | 'month' | 'year')[] };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "3", "03", "Mar" or "March" → 3; anything else → NaN. */
function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const i = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return i >= 0 && MONTHS[i]!.length <= text.length && /^[a-z]+$/i.test(text) ? i + 1 : Number.NaN;
}

/**
 * `words` names the date as a form does ("the start date"). An optional date left empty reads as null;
 * a required one asks to be entered.
 */
export function readDateParts(parts: DateParts, words: string, required = false): DateReading {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  const subject = `${words.replace(/^the /, '')[0]!.toUpperCase()}${words.replace(/^the /, '').slice(1)}`;
  if (!day && !month && !year) {
    return required
      ? { ok: false, message: `Enter ${words}, for example 27 3 2026`, parts: ['day', 'month', 'year'] }
      : { ok: true, value: null };
  }
  const missing = (
    [
      ['day', day],
      ['month', month],
      ['year', year],
    ] as const
  )
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) {
    const names = missing.length === 2 ? `a ${missing[0]} and a ${missing[1]}` : `a ${missing[0]}`;
    return { ok: false, message: `${subject} must include ${names}`, parts: [...missing] };
  }
  if (!/^\d+$/.test(year) || year.length !== 4) {
    return { ok: false, message: `${subject} must include a year with 4 numbers, for example 2026`, parts: ['year'] };
  }
  const d = /^\d{1,2}$/.test(day) ? Number(day) : Number.NaN;
  const m = monthNumber(month);
  const y = Number(year);
  if (realDate(y, m, d) === null) {
    const wrong: ('day' | 'month')[] = !(m >= 1 && m <= 12) ? ['month'] : ['day'];
    return { ok: false, message: `${subject} must be a real date`, parts: wrong };
  }
  return { ok: true, value: realDate(y, m, d)! };
}

/** The ISO date (2026-03-27) of a year, month and day that make a real date; null otherwise (31 April, month 13). */
export function realDate(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
