/**
 * `cairn support import <folder>` (issue 16, point 10), the checking half: any of five files, each with
 * exact columns, read into rows that name their file and row. Pure: the partnerships, providers,
 * allowances and events already in the programme are handed in; nothing is written here.
 *
 * - allowances.csv `partnership,start,end,days_allowed,credit_allowed,day_rate`
 * - contacts.csv   `date,partnership,facilitator,hours,type,notes`
 * - credit.csv     `date,partnership,amount,purpose,approved_by` (spends)
 * - events.csv     `event,date,place,cost`
 * - attendance.csv `event,partnership,people`
 *
 * Dates are ISO (2025-04-30) or day/month/year (30/04/2025); money is pounds ("7500", "£7,500.00");
 * hours may have decimals (1.5 = 1 hour 30 minutes, kept to the minute).
 */
import type { FieldError } from '../../../errors.js';
import { realDate } from '../../../shared/date-parts.js';
import { dayHundredthsOf } from '../domain/ledger.js';

export const IMPORT_FILES = {
  'allowances.csv': ['partnership', 'start', 'end', 'days_allowed', 'credit_allowed', 'day_rate'],
  'contacts.csv': ['date', 'partnership', 'facilitator', 'hours', 'type', 'notes'],
  'credit.csv': ['date', 'partnership', 'amount', 'purpose', 'approved_by'],
  'events.csv': ['event', 'date', 'place', 'cost'],
  'attendance.csv': ['event', 'partnership', 'people'],
} as const;
export type ImportFile = keyof typeof IMPORT_FILES;

export interface ImportWorld {
  /** lower(name) → id */
  partnerships: ReadonlyMap<string, { id: string; name: string }>;
  /** Each partnership's support period already recorded, by id. */
  allowances: ReadonlyMap<string, { startOn: string; endOn: string }>;
  /** lower(name) and lower(email) → provider, facilitators first. */
  providers: ReadonlyMap<string, { id: string; name: string }>;
  /** lower(name) of events already recorded. */
  events: ReadonlySet<string>;
}

export interface ImportPlan {
  allowances: {
    partnershipId: string;
    startOn: string;
    endOn: string;
    dayHundredths: number;
    creditAllowedPence: number;
    dayRatePence: number;
  }[];
  contacts: { partnershipId: string; facilitator: string; contactOn: string; minutes: number; type: string; notes: string }[];
  credit: { partnershipId: string; entryOn: string; amountPence: number; purpose: string; approvedBy: string }[];
  events: { name: string; heldOn: string; place: string; costPence: number }[];
  attendance: { event: string; partnershipId: string; people: number }[];
  /** Facilitators named in contacts.csv but not yet providers (lower case key → as written). */
  newFacilitators: Map<string, string>;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function readDate(text: string): string | null {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = DMY.exec(t);
  return dmy ? realDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])) : null;
}

/** Pounds to pence: "7500", "7,500.5", "£7,500.00"; null when not a non-negative amount with at most 2 decimals. */
export function readPounds(text: string): number | null {
  const t = text
    .trim()
    .replace(/^£/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** Hours with decimals to whole minutes ("1.5" → 90); null when not a non-negative number. */
export function readHours(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}(\.\d+)?$/.test(t)) return null;
  return Math.round(Number(t) * 60);
}

/** "Mediation/brokerage", "critical friend" → the stored type (mediation_brokerage, critical_friend). */
export function contactType(text: string): string {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (t === 'mediation' || t === 'brokerage' || t === 'mediation_or_brokerage' || t === 'mediation_and_brokerage')
    return 'mediation_brokerage';
  return t || 'facilitation';
}

type Cells = Record<string, string>;

/**
 * The plan, or every row's problem: each names its file, row and column. `files` holds each file's rows
 * as cells by column (row numbers as a spreadsheet shows them, the header being row 1).
 */
export function planImport(
  files: Partial<Record<ImportFile, { row: number; cells: Cells }[]>>,
  world: ImportWorld,
): { plan: ImportPlan; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (file: ImportFile, row: number, column: string, message: string) =>
    errors.push({ path: [file, 'rows', row, column], message });
  const plan: ImportPlan = { allowances: [], contacts: [], credit: [], events: [], attendance: [], newFacilitators: new Map() };
  const partnership = (file: ImportFile, row: number, name: string) => {
    const p = world.partnerships.get(name.trim().toLowerCase());
    if (!p)
      err(
        file,
        row,
        'partnership',
        name.trim() ? `There is no partnership named “${name.trim()}” in this programme` : 'Enter the partnership’s name',
      );
    return p;
  };
  const date = (file: ImportFile, row: number, column: string, text: string) => {
    const d = readDate(text);
    if (!d) err(file, row, column, `“${text}” is not a date: write it as 2025-04-30 or 30/04/2025`);
    return d;
  };

  const periods = new Map(world.allowances);
  for (const { row, cells } of files['allowances.csv'] ?? []) {
    const p = partnership('allowances.csv', row, cells.partnership!);
    const start = date('allowances.csv', row, 'start', cells.start!);
    const end = date('allowances.csv', row, 'end', cells.end!);
    const days = dayHundredthsOf(cells.days_allowed!);
    const credit = readPounds(cells.credit_allowed!);
    const rate = readPounds(cells.day_rate!);
    if (days === null)
      err('allowances.csv', row, 'days_allowed', 'Enter the days allowed as a number of 0 or more, with at most 2 decimals');
    if (credit === null) err('allowances.csv', row, 'credit_allowed', 'Enter the credit allowed in pounds, 0 or more');
    if (rate === null) err('allowances.csv', row, 'day_rate', 'Enter the day rate in pounds, 0 or more');
    if (start && end && end < start) err('allowances.csv', row, 'end', 'The end of support must be on or after its start');
    if (p && start && end && days !== null && credit !== null && rate !== null) {
      plan.allowances.push({
        partnershipId: p.id,
        startOn: start,
        endOn: end,
        dayHundredths: days,
        creditAllowedPence: credit,
        dayRatePence: rate,
      });
      periods.set(p.id, { startOn: start, endOn: end });
    }
  }
  const inPeriod = (file: ImportFile, row: number, partnershipId: string, d: string) => {
    const a = periods.get(partnershipId);
    if (a && (d < a.startOn || d > a.endOn))
      err(file, row, 'date', `${d} is outside the partnership’s support period, ${a.startOn} to ${a.endOn}`);
  };

  for (const { row, cells } of files['contacts.csv'] ?? []) {
    const p = partnership('contacts.csv', row, cells.partnership!);
    const d = date('contacts.csv', row, 'date', cells.date!);
    const minutes = readHours(cells.hours!);
    if (minutes === null)
      err(
        'contacts.csv',
        row,
        'hours',
        /^\s*-/.test(cells.hours!)
          ? `Hours cannot be negative (${cells.hours!.trim()})`
          : `Enter the hours as a number of 0 or more (“${cells.hours}”)`,
      );
    const who = cells.facilitator!.trim();
    if (!who) err('contacts.csv', row, 'facilitator', 'Enter the facilitator’s name or email address');
    else if (!world.providers.has(who.toLowerCase()) && !plan.newFacilitators.has(who.toLowerCase()))
      plan.newFacilitators.set(who.toLowerCase(), who);
    if (p && d) inPeriod('contacts.csv', row, p.id, d);
    if (p && d && minutes !== null && who)
      plan.contacts.push({
        partnershipId: p.id,
        facilitator: who.toLowerCase(),
        contactOn: d,
        minutes,
        type: contactType(cells.type!),
        notes: cells.notes!.trim(),
      });
  }

  for (const { row, cells } of files['credit.csv'] ?? []) {
    const p = partnership('credit.csv', row, cells.partnership!);
    const d = date('credit.csv', row, 'date', cells.date!);
    const amount = readPounds(cells.amount!);
    if (amount === null || amount === 0)
      err(
        'credit.csv',
        row,
        'amount',
        /^\s*-/.test(cells.amount!)
          ? `The amount cannot be negative (${cells.amount!.trim()})`
          : 'Enter the amount spent in pounds, more than £0',
      );
    if (p && d) inPeriod('credit.csv', row, p.id, d);
    if (p && d && amount)
      plan.credit.push({
        partnershipId: p.id,
        entryOn: d,
        amountPence: amount,
        purpose: cells.purpose!.trim(),
        approvedBy: cells.approved_by!.trim(),
      });
  }

  const events = new Set(world.events);
  for (const { row, cells } of files['events.csv'] ?? []) {
    const name = cells.event!.trim();
    if (!name) err('events.csv', row, 'event', 'Enter the event’s name');
    else if (plan.events.some((e) => e.name.toLowerCase() === name.toLowerCase()))
      err('events.csv', row, 'event', `The event “${name}” is named twice`);
    const d = date('events.csv', row, 'date', cells.date!);
    const cost = readPounds(cells.cost!.trim() === '' ? '0' : cells.cost!);
    if (cost === null) err('events.csv', row, 'cost', 'Enter the cost in pounds, 0 or more');
    if (name && d && cost !== null) {
      plan.events.push({ name, heldOn: d, place: cells.place!.trim(), costPence: cost });
      events.add(name.toLowerCase());
    }
  }

  const seen = new Set<string>();
  for (const { row, cells } of files['attendance.csv'] ?? []) {
    const name = cells.event!.trim();
    if (!events.has(name.toLowerCase()))
      err('attendance.csv', row, 'event', `There is no event named “${name}” (in events.csv or already recorded)`);
    const p = partnership('attendance.csv', row, cells.partnership!);
    const people = /^\d{1,6}$/.test(cells.people!.trim()) ? Number(cells.people!.trim()) : null;
    if (people === null) err('attendance.csv', row, 'people', 'Enter the number of people as a whole number, 0 or more');
    if (p && seen.has(`${name.toLowerCase()}\n${p.id}`))
      err('attendance.csv', row, 'partnership', `${p.name} is listed twice for “${name}”`);
    if (p) seen.add(`${name.toLowerCase()}\n${p.id}`);
    if (p && people !== null && events.has(name.toLowerCase()))
      plan.attendance.push({ event: name.toLowerCase(), partnershipId: p.id, people });
  }
  return { plan, errors };
}
