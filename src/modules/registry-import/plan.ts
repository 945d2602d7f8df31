import { realDate } from '../../shared/date-parts.js';
import { NATIONS } from '../places/schema.js';
import { COLUMNS, type Column, type SheetRow } from './sheet.js';

export type Nation = (typeof NATIONS)[number];

/** What the programme already holds, as far as an import needs to know. */
export interface Existing {
  places: { id: string; name: string; region: string; nation: string | null }[];
  organisations: { id: string; name: string; type: string }[];
  partnerships: { id: string; name: string; placeId: string | null; leadOrganisationId: string | null; inProgrammeFrom: string }[];
  /** Labels of the programme's `organisation_type` vocabulary. */
  organisationTypes: string[];
}

export interface RowProblem {
  /** As the spreadsheet numbers it: the header is row 1. */
  row: number;
  field: Column | 'row';
  message: string;
}

export interface ImportPlan {
  rows: number;
  creates: {
    places: { name: string; region: string; nation: Nation | null }[];
    organisations: { name: string; type: string }[];
    /** `place` and `leadOrganisation` are names: of a place/organisation matched or created above. */
    /** `inProgrammeFrom`: the sheet's date ('YYYY-MM-DD'), or null for today. */
    partnerships: { name: string; place: string; leadOrganisation: string | null; inProgrammeFrom: string | null }[];
  };
  matches: {
    places: { id: string; name: string }[];
    organisations: { id: string; name: string }[];
    /** An existing partnership; `setPlace` / `setLeadOrganisation` fill what it lacks, never replace. */
    partnerships: { id: string; name: string; setPlace: string | null; setLeadOrganisation: string | null }[];
  };
  /**
   * How many records the import would add or fill in. 0: every row is already in Cairn as the file has it
   * (an export imported back, the same file twice), so there is nothing to import.
   */
  changes: number;
  /** Things done differently from what the sheet says, and why; they do not stop the import. */
  warnings: RowProblem[];
  /** Any error means nothing is written. */
  errors: RowProblem[];
}

export const MAX_NAME = 200;
export const MAX_REGION = 100;

const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const tidy = (s: string) => s.trim().replace(/\s+/g, ' ');
const rowList = (rows: number[]) =>
  rows.length === 2 ? `rows ${rows[0]} and ${rows[1]}` : `rows ${rows.slice(0, -1).join(', ')} and ${rows.at(-1)}`;

interface CleanRow {
  row: number;
  partnership: string | null;
  place: string | null;
  region: string;
  nation: Nation | null;
  lead: string | null;
  type: string;
  inProgrammeFrom: string | null;
}

/**
 * A date cell: 2019-04-01 (as Excel's dates arrive), or day/month/year as people type it in the UK
 * (1/4/2019, 01-04-2019, 1.4.2019). Null when it is not a real date.
 */
export function sheetDate(cell: string): string | null {
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y || !m || !d) return null;
  return realDate(Number(y), Number(m), Number(d));
}

/** Checks one row's cells on their own; problems go to `errors`, usable values come back. */
function cleanRow(r: SheetRow, typeLabels: Map<string, string>, allTypes: string[], errors: RowProblem[]): CleanRow {
  const v = r.values;
  const problem = (field: RowProblem['field'], message: string) => errors.push({ row: r.row, field, message });
  const named = (field: Column, label: string, required: boolean): string | null => {
    const value = tidy(v[field]);
    if (!value) {
      if (required) problem(field, `Enter the ${label}`);
      return null;
    }
    if (value.length > MAX_NAME) {
      problem(field, `The ${label} must be ${MAX_NAME} characters or fewer (this one has ${value.length})`);
      return null;
    }
    return value;
  };
  if (r.extraCells > 0)
    problem(
      'row',
      `This row has ${r.extraCells} filled cell${r.extraCells === 1 ? '' : 's'} under no column heading; check its commas or columns`,
    );
  const partnership = named('partnership', 'partnership’s name', true);
  // A partnership Cairn already holds may leave its place empty (an export of one with no place yet).
  const place = named('place', 'place’s name', false);
  const lead = named('lead_organisation', 'lead organisation’s name', false);
  let region = tidy(v.region);
  if (region.length > MAX_REGION) {
    problem('region', `The region must be ${MAX_REGION} characters or fewer (this one has ${region.length})`);
    region = '';
  }
  let nation: Nation | null = null;
  if (tidy(v.nation)) {
    nation = NATIONS.find((n) => key(n) === key(v.nation)) ?? null;
    if (!nation) problem('nation', `“${tidy(v.nation)}” is not a nation Cairn knows: use England, Scotland, Wales or Northern Ireland`);
  }
  let type = '';
  if (tidy(v.organisation_type)) {
    const found = typeLabels.get(key(v.organisation_type));
    if (!tidy(v.lead_organisation)) {
      problem('organisation_type', 'An organisation type needs a lead organisation in the same row');
    } else if (!found) {
      problem(
        'organisation_type',
        allTypes.length
          ? `“${tidy(v.organisation_type)}” is not one of this programme’s organisation types: ${allTypes.join(', ')}`
          : 'This programme has no organisation types yet: add them under Vocabularies, or leave this cell empty',
      );
    } else {
      type = found;
    }
  }
  let inProgrammeFrom: string | null = null;
  if (tidy(v.in_programme_from)) {
    inProgrammeFrom = sheetDate(v.in_programme_from);
    if (!inProgrammeFrom)
      problem(
        'in_programme_from',
        `“${tidy(v.in_programme_from)}” is not a date: enter the day the partnership joined the programme as day/month/year, for example 1/4/2019`,
      );
  }
  return { row: r.row, partnership, place, region, nation, lead, type, inProgrammeFrom };
}

/** Within the sheet, one name must mean one thing: the same place in two regions is a mistake. */
function agree(what: string, name: string, field: Column, entries: { row: number; value: string }[], errors: RowProblem[]): string {
  const given = entries.filter((e) => e.value !== '');
  const distinct = [...new Map(given.map((e) => [key(e.value), e.value])).values()];
  if (distinct.length > 1) {
    const rows = given.map((e) => e.row);
    for (const e of given) {
      errors.push({
        row: e.row,
        field,
        message: `${what} “${name}” has different ${field.replace('_', ' ')}s in ${rowList(rows)} (${distinct.map((d) => `“${d}”`).join(', ')}); make them the same`,
      });
    }
    return '';
  }
  return distinct[0] ?? '';
}

/**
 * Decides what an import would do, without touching the database: which places, organisations and
 * partnerships it creates, which it matches (by name, ignoring case and extra spaces), and every problem
 * in every row. Matched records are not changed, except that a matched partnership with no place or no
 * lead organisation gets the sheet's; any difference from what Cairn holds is reported as a warning.
 */
export function planImport(rows: SheetRow[], existing: Existing): ImportPlan {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const typeLabels = new Map(existing.organisationTypes.map((t) => [key(t), t]));
  const clean = rows.map((r) => cleanRow(r, typeLabels, existing.organisationTypes, errors));

  // Gather each name's rows so the sheet can be checked against itself.
  const group = <T>(items: T[], by: (t: T) => string | null) => {
    const m = new Map<string, T[]>();
    for (const t of items) {
      const k = by(t);
      if (k === null) continue;
      m.set(key(k), [...(m.get(key(k)) ?? []), t]);
    }
    return m;
  };
  const placeRows = group(clean, (c) => c.place);
  const orgRows = group(clean, (c) => c.lead);
  const partnershipRows = group(clean, (c) => c.partnership);

  const sheetPlaces = new Map<string, { name: string; region: string; nation: Nation | null; rows: CleanRow[] }>();
  for (const [k, rs] of placeRows) {
    const name = rs[0]!.place!;
    const region = agree(
      'The place',
      name,
      'region',
      rs.map((r) => ({ row: r.row, value: r.region })),
      errors,
    );
    const nation = agree(
      'The place',
      name,
      'nation',
      rs.map((r) => ({ row: r.row, value: r.nation ?? '' })),
      errors,
    );
    sheetPlaces.set(k, { name, region, nation: (nation || null) as Nation | null, rows: rs });
  }
  const sheetOrgs = new Map<string, { name: string; type: string; rows: CleanRow[] }>();
  for (const [k, rs] of orgRows) {
    const name = rs[0]!.lead!;
    const type = agree(
      'The organisation',
      name,
      'organisation_type',
      rs.map((r) => ({ row: r.row, value: r.type })),
      errors,
    );
    sheetOrgs.set(k, { name, type, rows: rs });
  }
  const sheetPartnerships = new Map<
    string,
    { name: string; place: string | null; lead: string | null; inProgrammeFrom: string | null; row: number }
  >();
  for (const [k, rs] of partnershipRows) {
    const first = rs[0]!;
    const samePlaces = rs.every((r) => key(r.place ?? '') === key(first.place ?? '') && key(r.lead ?? '') === key(first.lead ?? ''));
    const sameDates = rs.every((r) => (r.inProgrammeFrom ?? '') === (first.inProgrammeFrom ?? ''));
    if (rs.length > 1 && !(samePlaces && sameDates)) {
      for (const r of rs) {
        errors.push({
          row: r.row,
          field: samePlaces ? 'in_programme_from' : 'partnership',
          message: `The partnership “${first.partnership}” is in ${rowList(rs.map((x) => x.row))} with a different ${samePlaces ? 'date it joined the programme' : 'place or lead organisation'}; keep one row for it`,
        });
      }
    } else if (rs.length > 1) {
      for (const r of rs.slice(1)) {
        warnings.push({
          row: r.row,
          field: 'partnership',
          message: `“${first.partnership}” repeats row ${first.row}; it is imported once`,
        });
      }
    }
    sheetPartnerships.set(k, {
      name: first.partnership!,
      place: first.place,
      lead: first.lead,
      inProgrammeFrom: first.inProgrammeFrom,
      row: first.row,
    });
  }

  // Then against what the programme already holds.
  const storedPlaces = new Map(existing.places.map((p) => [key(p.name), p]));
  const storedOrgs = new Map(existing.organisations.map((o) => [key(o.name), o]));
  const storedPartnerships = new Map(existing.partnerships.map((p) => [key(p.name), p]));
  const plan: ImportPlan = {
    rows: rows.length,
    changes: 0,
    creates: { places: [], organisations: [], partnerships: [] },
    matches: { places: [], organisations: [], partnerships: [] },
    warnings,
    errors,
  };

  for (const [k, p] of sheetPlaces) {
    const stored = storedPlaces.get(k);
    if (!stored) {
      plan.creates.places.push({ name: p.name, region: p.region, nation: p.nation });
      continue;
    }
    plan.matches.places.push({ id: stored.id, name: stored.name });
    const differs = (field: 'region' | 'nation', sheet: string, held: string) => {
      if (sheet && key(sheet) !== key(held)) {
        warnings.push({
          // The first row that says it, so the person finds the cell.
          row: (p.rows.find((r) => (field === 'region' ? r.region : r.nation)) ?? p.rows[0]!).row,
          field,
          message: `Cairn already has “${stored.name}” with ${field} “${held || 'not set'}”; it was left as it is (edit the place to change it)`,
        });
      }
    };
    differs('region', p.region, stored.region);
    differs('nation', p.nation ?? '', stored.nation ?? '');
  }
  for (const [k, o] of sheetOrgs) {
    const stored = storedOrgs.get(k);
    if (!stored) {
      plan.creates.organisations.push({ name: o.name, type: o.type });
      continue;
    }
    plan.matches.organisations.push({ id: stored.id, name: stored.name });
    if (o.type && key(o.type) !== key(stored.type)) {
      warnings.push({
        row: (o.rows.find((r) => r.type) ?? o.rows[0]!).row,
        field: 'organisation_type',
        message: `Cairn already has “${stored.name}” as “${stored.type || 'no type'}”; it was left as it is (edit the organisation to change it)`,
      });
    }
  }
  const placeIdOf = (name: string | null) => (name ? (storedPlaces.get(key(name))?.id ?? null) : null);
  const orgIdOf = (name: string | null) => (name ? (storedOrgs.get(key(name))?.id ?? null) : null);
  const placeName = (name: string) => sheetPlaces.get(key(name))?.name ?? name;
  const orgName = (name: string) => sheetOrgs.get(key(name))?.name ?? name;
  for (const [k, s] of sheetPartnerships) {
    const stored = storedPartnerships.get(k);
    if (!stored) {
      if (s.place)
        plan.creates.partnerships.push({
          name: s.name,
          place: placeName(s.place),
          leadOrganisation: s.lead ? orgName(s.lead) : null,
          inProgrammeFrom: s.inProgrammeFrom,
        });
      else errors.push({ row: s.row, field: 'place', message: 'Enter the place’s name: a new partnership needs one' });
      continue;
    }
    if (s.inProgrammeFrom && s.inProgrammeFrom !== stored.inProgrammeFrom) {
      warnings.push({
        row: s.row,
        field: 'in_programme_from',
        message: `Cairn already has “${stored.name}” in the programme from ${stored.inProgrammeFrom}; it was left as it is (edit the partnership to change it)`,
      });
    }
    const match = { id: stored.id, name: stored.name, setPlace: null as string | null, setLeadOrganisation: null as string | null };
    if (s.place) {
      if (!stored.placeId) match.setPlace = placeName(s.place);
      else if (placeIdOf(s.place) !== stored.placeId) {
        warnings.push({
          row: s.row,
          field: 'place',
          message: `“${stored.name}” already has a different place in Cairn; it was left as it is`,
        });
      }
    }
    if (s.lead) {
      if (!stored.leadOrganisationId) match.setLeadOrganisation = orgName(s.lead);
      else if (orgIdOf(s.lead) !== stored.leadOrganisationId) {
        warnings.push({
          row: s.row,
          field: 'lead_organisation',
          message: `“${stored.name}” already has a different lead organisation in Cairn; it was left as it is`,
        });
      }
    }
    plan.matches.partnerships.push(match);
  }

  plan.changes =
    plan.creates.places.length +
    plan.creates.organisations.length +
    plan.creates.partnerships.length +
    plan.matches.partnerships.filter((m) => m.setPlace || m.setLeadOrganisation).length;

  const order = (a: RowProblem, b: RowProblem) => a.row - b.row || fieldOrder(a.field) - fieldOrder(b.field);
  errors.sort(order);
  warnings.sort(order);
  // One message per row and field is enough: a cascade of the same complaint helps nobody.
  plan.errors = errors.filter(
    (e, i) => i === 0 || !(errors[i - 1]!.row === e.row && errors[i - 1]!.field === e.field && errors[i - 1]!.message === e.message),
  );
  return plan;
}

const fieldOrder = (f: RowProblem['field']) => (f === 'row' ? -1 : COLUMNS.indexOf(f));
