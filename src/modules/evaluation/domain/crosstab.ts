/**
 * The cross-tab behind the PCF review's figures C.4–C.19: for every group of respondents and every code of
 * one family, how many respondents are in the group (nGroup), how many identified the code (nCode), and
 * the percent of the group, to one decimal. Plus disclosure control for small groups, the CSV the CLI
 * writes, and the respondent × code matrix for SPSS, R or Excel.
 */
import { csvOf } from '../../../spreadsheet/write.js';
import { type Base, inBase, wasAsked } from './bases.js';
import {
  NOT_RECORDED,
  inAnalysis,
  recorded,
  resolveCodes,
  type CodeRef,
  type Coding,
  type Respondent,
  type RespondentFilters,
} from './respondents.js';

export { NOT_RECORDED } from './respondents.js';

/** The one group when there is no dimension. */
export const ALL = 'All';

export const DIMENSIONS = ['participant_type', 'theme', 'coproduction_model', 'place', 'phase'] as const;
export type BuiltInDimension = (typeof DIMENSIONS)[number];
/** A built-in dimension, or `attribute:<name>` for one of the respondents' recorded attributes. */
export type Dimension = BuiltInDimension | `attribute:${string}`;

/**
 * Reads what a person typed after `--by`: a built-in dimension, `attribute:<name>`, or (when the
 * evaluation's attribute names are given) a bare attribute name. Nothing → null (one group, All).
 */
export function parseDimension(text: string | null | undefined, attributeNames: readonly string[] = []): Dimension | null {
  const t = text?.trim() ?? '';
  if (t === '') return null;
  if ((DIMENSIONS as readonly string[]).includes(t)) return t as BuiltInDimension;
  if (t.startsWith('attribute:')) {
    const name = t.slice('attribute:'.length).trim();
    if (name === '') throw new Error('attribute: needs a name after it, e.g. attribute:age_band');
    return `attribute:${name}`;
  }
  if (attributeNames.includes(t)) return `attribute:${t}`;
  const known = [...DIMENSIONS, ...attributeNames.map((a) => `attribute:${a}`)].join(', ');
  throw new Error(`Cannot group by ${t}: use one of ${known}`);
}

/**
 * The groups a respondent falls in for a dimension. Themes: each distinct theme once, since a project may
 * carry several. A missing value (null, blank, no themes, attribute not recorded) gives `Not recorded`,
 * so nobody silently drops out of a table and the group sizes still add up to the total.
 */
export function groupsOf(respondent: Respondent, by: Dimension | null): string[] {
  if (by === null) return [ALL];
  let value: string | null | undefined;
  switch (by) {
    case 'theme': {
      const themes = [...new Set(respondent.themes.map(recorded).filter((t): t is string => t !== null))];
      return themes.length ? themes : [NOT_RECORDED];
    }
    case 'participant_type':
      value = respondent.participantType;
      break;
    case 'coproduction_model':
      value = respondent.coproductionModel;
      break;
    case 'place':
      value = respondent.place;
      break;
    case 'phase':
      value = respondent.phase;
      break;
    default: {
      const name = by.slice('attribute:'.length);
      // Own properties only: an attribute called "constructor" must not find Object's.
      value = Object.hasOwn(respondent.attributes, name) ? respondent.attributes[name] : null;
    }
  }
  return [recorded(value) ?? NOT_RECORDED];
}

/**
 * A percent to one decimal, rounded half away from zero on the exact ratio n/d (whole-number
 * arithmetic: no floating-point error). 1/8 → 12.5; 5/120 → 4.2 (4.1666…); 23/80 → 28.8 (28.75 exactly,
 * which `toFixed(1)` gets wrong as 28.7); 201/400 → 50.3 (which Math.round(n / d * 1000) / 10 gets
 * wrong as 50.2).
 */
export function percentOf(n: number, d: number): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 0 || d <= 0) {
    throw new Error(`A percent needs whole counts with a group of at least one: got ${n} of ${d}`);
  }
  // Tenths of a percent: 1000·n/d. Exact while 1000·n stays a safe integer (n up to 9 trillion).
  const scaled = 1000 * n;
  const whole = Math.floor(scaled / d);
  const remainder = scaled - whole * d;
  return (2 * remainder >= d ? whole + 1 : whole) / 10;
}

export interface CrosstabInput {
  respondents: readonly Respondent[];
  /** Codings of any family: those of codes not in `codes`, or of respondents not counted, are ignored. */
  codings: readonly Coding[];
  /** The family's codes in codebook order; a code nobody identified still gets a row with 0. */
  codes: readonly CodeRef[];
  /** null or absent: one group, `All`. */
  by?: Dimension | null;
  filters?: RespondentFilters;
  /** The vocabulary's order for the groups (participant types, models, …). */
  groupOrder?: readonly string[];
  /**
   * The family's base (bases.ts): only the respondents asked its question are counted, in the groups'
   * N and in each code's count. Absent or null: everyone was asked.
   */
  base?: Base;
}

export interface CrosstabRow {
  group: string;
  nGroup: number;
  code: string;
  /** What codings refer to: the code's id (or its name, when codes are plain names). */
  codeId: string;
  nCode: number;
  percent: number;
}

export interface CrosstabGroup {
  group: string;
  nGroup: number;
}

export interface Crosstab {
  by: Dimension | null;
  groups: CrosstabGroup[];
  rows: CrosstabRow[];
  /** Distinct respondents counted (asked, consent given, filters matched). */
  total: number;
  /**
   * True when a respondent is in more than one group (several themes), so the group sizes add up to
   * more than `total`. Say so beside the chart.
   */
  overlapping: boolean;
}

/** Vocabulary order first, then other groups alphabetically (numbers in numeric order), `Not recorded` last. */
export function orderGroups(groups: Iterable<string>, groupOrder: readonly string[] = []): string[] {
  const rank = new Map(groupOrder.map((g, i) => [g, i] as const));
  const alphabetical = (a: string, b: string) =>
    a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
  return [...groups].sort((a, b) => {
    const lastA = a === NOT_RECORDED ? 1 : 0;
    const lastB = b === NOT_RECORDED ? 1 : 0;
    if (lastA !== lastB) return lastA - lastB;
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return alphabetical(a, b);
  });
}

/**
 * The cross-tab. Withdrawn respondents are left out of every count. A respondent who identified a code
 * twice counts once. Groups with nobody in them are not listed (no respondent, no row). Rows come group
 * by group (in `orderGroups` order), codes in codebook order within each group.
 *
 * Cost: O(respondents × groups per respondent × codes) time, a byte per respondent × code of memory.
 */
export function crosstab(input: CrosstabInput): Crosstab {
  const by = input.by ?? null;
  const counted = inAnalysis(inBase(input.respondents, input.base), input.filters);
  const { list: codes, positionOf } = resolveCodes(input.codes);
  const k = codes.length;

  const indexOf = new Map(counted.map((r, i) => [r.id, i] as const));
  // identified[i·k + c] = 1 when respondent i identified code c: duplicates collapse to one.
  const identified = new Uint8Array(counted.length * k);
  for (const coding of input.codings) {
    const i = indexOf.get(coding.respondentId);
    if (i === undefined) continue;
    const c = positionOf(coding.code);
    if (c === undefined) continue;
    identified[i * k + c] = 1;
  }

  const tallies = new Map<string, { n: number; counts: number[] }>();
  let memberships = 0;
  counted.forEach((r, i) => {
    for (const group of groupsOf(r, by)) {
      let tally = tallies.get(group);
      if (!tally) tallies.set(group, (tally = { n: 0, counts: new Array<number>(k).fill(0) }));
      tally.n += 1;
      memberships += 1;
      for (let c = 0; c < k; c++) tally.counts[c]! += identified[i * k + c]!;
    }
  });

  const groups: CrosstabGroup[] = [];
  const rows: CrosstabRow[] = [];
  for (const group of orderGroups(tallies.keys(), input.groupOrder)) {
    const tally = tallies.get(group)!;
    groups.push({ group, nGroup: tally.n });
    codes.forEach((code, c) => {
      const nCode = tally.counts[c]!;
      rows.push({ group, nGroup: tally.n, code: code.code, codeId: code.codeId, nCode, percent: percentOf(nCode, tally.n) });
    });
  }
  return { by, groups, rows, total: counted.length, overlapping: memberships > counted.length };
}

// ---- Disclosure control -----------------------------------------------------------------------

/** Groups smaller than this may identify people: suppressed in every format (disclosure.ts). */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new Error(`The disclosure threshold must be a whole number of respondents, 0 or more: got ${threshold}`);
  }
}

export type FlaggedRow<R extends CrosstabRow = CrosstabRow> = R & { small: boolean };

/** Marks each row whose group has fewer than `threshold` respondents. */
export function flagSmallGroups<R extends CrosstabRow>(
  rows: readonly R[],
  threshold: number = DEFAULT_DISCLOSURE_THRESHOLD,
): FlaggedRow<R>[] {
  checkThreshold(threshold);
  return rows.map((row) => ({ ...row, small: row.nGroup < threshold }));
}

// Suppression itself (primary and secondary) is disclosure.ts's `protectCrosstab`: every format is
// written from the table it returns.

// ---- Files ------------------------------------------------------------------------------------

/** One decimal always (12.0, not 12), from the exact tenths. */
function formatPercent(percent: number | null): string {
  if (percent === null) return '';
  const tenths = Math.round(percent * 10);
  return `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}`;
}

/** A row as written to a file: null where disclosure control suppressed it. */
export interface CsvRow {
  group: string;
  nGroup: number | null;
  code: string;
  nCode: number | null;
  percent: number | null;
}

/**
 * The CSV the CLI writes: columns exactly `group,n_group,code,n_code,percent`, code names (not ids),
 * percent with one decimal, blank cells where suppressed (a suppressed group's size included).
 */
export function crosstabToCsv(rows: readonly CsvRow[]): string {
  const blank = (n: number | null) => (n === null ? '' : String(n));
  return csvOf([
    ['group', 'n_group', 'code', 'n_code', 'percent'],
    ...rows.map((r) => [r.group, blank(r.nGroup), r.code, blank(r.nCode), formatPercent(r.percent)]),
  ]);
}

const SPSS_RESERVED = new Set(['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with']);
const SPSS_MAX_LENGTH = 64;

/**
 * A column name SPSS, R and Excel all accept:
 *  1. accents dropped (é → e), lower case;
 *  2. every run of anything other than a–z or 0–9 becomes one `_`, and `_` is trimmed from both ends;
 *  3. a name that is empty, starts with a digit or is an SPSS reserved word (ALL, AND, BY, EQ, GE, GT,
 *     LE, LT, NE, NOT, OR, TO, WITH) gets `v_` in front;
 *  4. cut to 64 characters (SPSS's limit; the names are plain ASCII, so 64 bytes);
 *  5. the second name that comes out the same (SPSS ignores case) gets `_2`, the third `_3`, and so on,
 *     still within 64 characters.
 * Variables therefore start with a letter, hold only letters, digits and `_`, and never end in `_`.
 * The original text goes into the column's label.
 */
export function spssNames(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let base = label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (base === '' || /^[0-9]/.test(base) || SPSS_RESERVED.has(base)) base = base === '' ? 'v' : `v_${base}`;
    base = base.slice(0, SPSS_MAX_LENGTH).replace(/_+$/, '');
    let name = base;
    for (let n = 2; used.has(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, SPSS_MAX_LENGTH - suffix.length).replace(/_+$/, '') + suffix;
    }
    used.add(name);
    return name;
  });
}

export interface MatrixColumn {
  /** The SPSS-safe variable name used in the header. */
  name: string;
  /** What it means, for variable labels. */
  label: string;
  kind: 'respondent' | 'attribute' | 'code';
}

export interface RespondentMatrix {
  columns: MatrixColumn[];
  header: string[];
  /** One row per respondent counted: text for who they are, 0 or 1 per code. */
  rows: (string | number)[][];
}

const FIXED_COLUMNS: { label: string; value: (r: Respondent) => string }[] = [
  { label: 'respondent_id', value: (r) => r.id },
  { label: 'participant_type', value: (r) => r.participantType ?? '' },
  { label: 'project', value: (r) => r.project ?? '' },
  // Several themes in one cell, separated as the import file separates them.
  { label: 'themes', value: (r) => [...new Set(r.themes)].join(';') },
  { label: 'coproduction_model', value: (r) => r.coproductionModel ?? '' },
  { label: 'place', value: (r) => r.place ?? '' },
  { label: 'phase', value: (r) => r.phase ?? '' },
];

/**
 * The respondent × code table: a header, then one row per consented respondent (in the order given)
 * with who they are, their attributes (every attribute name anyone has, alphabetically; blank where not
 * recorded) and a 0/1 column per code in the order given. Column names follow `spssNames`.
 * `bases[c]`, when given, is code c's family's base: a respondent not asked gets a blank cell for the
 * code, not a 0 ("not asked" is not "did not mention").
 */
export function respondentMatrix(
  respondents: readonly Respondent[],
  codings: readonly Coding[],
  codes: readonly CodeRef[],
  options: { filters?: RespondentFilters; bases?: readonly Base[] } = {},
): RespondentMatrix {
  const counted = inAnalysis(respondents, options.filters);
  const { list, positionOf } = resolveCodes(codes);
  const attributeNames = [...new Set(counted.flatMap((r) => Object.keys(r.attributes)))].sort();

  const identified = new Map<string, Set<number>>(counted.map((r) => [r.id, new Set<number>()]));
  for (const coding of codings) {
    const set = identified.get(coding.respondentId);
    if (!set) continue;
    const c = positionOf(coding.code);
    if (c !== undefined) set.add(c);
  }

  const labels = [...FIXED_COLUMNS.map((f) => f.label), ...attributeNames, ...list.map((c) => c.code)];
  const names = spssNames(labels);
  const kinds: MatrixColumn['kind'][] = [
    ...FIXED_COLUMNS.map(() => 'respondent' as const),
    ...attributeNames.map(() => 'attribute' as const),
    ...list.map(() => 'code' as const),
  ];
  const columns = labels.map((label, i) => ({ name: names[i]!, label, kind: kinds[i]! }));
  const rows = counted.map((r) => {
    const set = identified.get(r.id)!;
    return [
      ...FIXED_COLUMNS.map((f) => f.value(r)),
      ...attributeNames.map((a) => (Object.hasOwn(r.attributes, a) ? (recorded(r.attributes[a]) ?? '') : '')),
      ...list.map((_, c) => (!wasAsked(options.bases?.[c], r.id) ? '' : set.has(c) ? 1 : 0)),
    ];
  });
  return { columns, header: names, rows };
}

/** The matrix as CSV: the SPSS-safe header, then the rows. */
export function matrixToCsv(matrix: RespondentMatrix): string {
  return csvOf([matrix.header, ...matrix.rows.map((row) => row.map(String))]);
}
