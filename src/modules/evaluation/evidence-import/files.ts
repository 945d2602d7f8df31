/**
 * Reading an evidence folder (see import.ts for the whole): its three files opened as streams of
 * checked rows, their headings checked, projects.csv read whole (it is small), and how problems are
 * named (`<file> row <n>, <column>: …`) and gathered.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type FieldError, Invalid } from '../../../errors.js';
import { type CsvBatch, type CsvRecord, checkedCsvBatches, checkedCsvRecords, recordsOf } from './csv.js';

export const EVIDENCE_FILES = {
  'projects.csv': ['project', 'place', 'themes', 'coproduction_model'],
  'respondents.csv': ['respondent_id', 'project', 'participant_type', 'consent'],
  'codings.csv': ['respondent_id', 'family', 'code'],
  // Optional: who was asked each family's question (bases.ts).
  'bases.csv': ['family', 'respondent_id'],
} as const;
export type FileName = keyof typeof EVIDENCE_FILES;

/**
 * Progress: codings.csv read and checked (`total` an estimate from the bytes read until the end),
 * then respondents written with their codes.
 */
export type EvidenceProgress = (stage: 'codings' | 'respondents', done: number, total: number) => void;

const MAX_LISTED = 200;
/** Names and labels as the import matches them: trimmed, spaces collapsed, any case. */
export const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
export const REF_MAX = 60;

// ---- reading a file as a stream -----------------------------------------------------------------

export interface EvidenceImportResult {
  dryRun: boolean;
  evaluation: { slug: string; title: string; created: boolean };
  places: { created: string[] };
  terms: { created: string[] };
  projects: { matched: number; created: string[] };
  respondents: { created: number; updated: number; withdrawn: number };
  codes: { created: string[] };
  codings: { rows: number; added: number };
  /** The families whose base bases.csv recorded, and how many respondents were asked. */
  bases: { family: string; respondents: number }[];
}

/** A file's heading row, and a way to read its rows (again) from the top: cells by column position. */
export interface Sheet {
  file: FileName;
  headings: string[];
  column: (heading: string) => number;
  /** The file's size in bytes. */
  size: number;
  rows: () => AsyncGenerator<CsvRecord>;
  /** The rows in batches, for the large files; `onRead` hears the bytes read. */
  batches: (onRead?: (bytes: number) => void) => AsyncGenerator<CsvBatch>;
}

export async function openSheet(folder: string, file: FileName, required: boolean): Promise<Sheet | null> {
  const path = join(folder, file);
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return null;
    if (code === 'ENOENT')
      throw new Invalid(
        `The folder has no ${file}. It needs projects.csv, respondents.csv and codings.csv (projects.csv may be left out when every project is already in Cairn; bases.csv is optional).`,
        [{ path: [file], message: 'missing' }],
      );
    throw new Invalid(`Cannot read ${path} (${code}).`);
  }
  let headings: string[] | null = null;
  for await (const { cells } of checkedCsvRecords(path, file)) {
    headings = cells.map((h) => h.trim().toLowerCase());
    break;
  }
  if (!headings)
    throw new Invalid(`${file} is empty: it needs the heading row ${EVIDENCE_FILES[file].join(',')}.`, [
      { path: [file], message: 'empty' },
    ]);
  const at = new Map<string, number>();
  headings.forEach((h, i) => {
    if (!at.has(h)) at.set(h, i);
  });
  const sheet: Sheet = {
    file,
    headings,
    column: (h) => at.get(h) ?? -1,
    size,
    async *batches(onRead) {
      let first = true;
      for await (const batch of checkedCsvBatches(path, file, onRead)) {
        // The heading row is the first record of the first batch.
        yield first ? { length: batch.length - 1, rows: batch.rows.slice(1), start: batch.start.slice(1), cells: batch.cells } : batch;
        first = false;
      }
    },
    async *rows() {
      for await (const batch of sheet.batches()) yield* recordsOf(batch);
    },
  };
  return sheet;
}

/** Required headings present, none twice; respondents.csv may carry more columns, read as attributes. */
export function checkHeadings(sheet: Sheet, errors: FieldError[]) {
  const wanted: readonly string[] = EVIDENCE_FILES[sheet.file];
  const seen = new Set<string>();
  for (const h of sheet.headings) {
    if (seen.has(h)) errors.push({ path: [sheet.file, 'columns', h], message: `${sheet.file}: the column ${h} appears twice` });
    seen.add(h);
    if (h === '') errors.push({ path: [sheet.file, 'columns'], message: `${sheet.file}: a column has no heading` });
    else if (!wanted.includes(h) && sheet.file !== 'respondents.csv') {
      errors.push({
        path: [sheet.file, 'columns', h],
        message: `${sheet.file}: unknown column ${h} (the columns are ${wanted.join(',')})`,
      });
    }
  }
  for (const w of wanted)
    if (!seen.has(w)) errors.push({ path: [sheet.file, 'columns', w], message: `${sheet.file}: the column ${w} is missing` });
}

/** One record's cells (a small array: respondents.csv has a few columns). */
export const cellsOf = (batch: CsvBatch, r: number) => batch.cells.slice(batch.start[r], batch.start[r + 1]);

export const at = (file: FileName, row: number, column: string, message: string): FieldError => ({
  path: [file, row, column],
  message: `${file} row ${row}, ${column}: ${message}`,
});

/** Problems are gathered up to a point: a file wrong on every row need not fill memory with them. */
const KEPT_ERRORS = 10_000;
export class Problems {
  list: FieldError[] = [];
  count = 0;
  push(e: FieldError) {
    this.count++;
    if (this.list.length < KEPT_ERRORS) this.list.push(e);
  }
  get length() {
    return this.count;
  }
}

export function failWith(errors: Problems | FieldError[]) {
  const list = errors instanceof Problems ? errors.list : errors;
  const n = errors.length;
  if (!n) return;
  const listed = list.slice(0, MAX_LISTED);
  if (n > MAX_LISTED) listed.push({ path: ['more'], message: `…and ${n - MAX_LISTED} more problems` });
  throw new Invalid(`Nothing was imported: ${n} problem${n === 1 ? '' : 's'} in the folder. The first: ${list[0]!.message}`, listed);
}

/** The four columns respondents.csv must have, by position. */
export const respondentColumns = (people: Sheet) =>
  EVIDENCE_FILES['respondents.csv'].map((h) => people.column(h)) as [number, number, number, number];

/** respondents.csv's other columns: the respondents' attributes. */
export const attributeColumnsOf = (people: Sheet) =>
  people.headings
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h !== '' && !(EVIDENCE_FILES['respondents.csv'] as readonly string[]).includes(h));

export interface ProjectRow {
  row: number;
  name: string;
  place: string;
  themes: string[];
  model: string;
}

/** Reads projects.csv (a few hundred rows at most) and checks it. */
export async function readProjects(sheet: Sheet | null, errors: Problems): Promise<ProjectRow[]> {
  const rows: ProjectRow[] = [];
  if (!sheet) return rows;
  const [iName, iPlace, iThemes, iModel] = EVIDENCE_FILES['projects.csv'].map((h) => sheet.column(h));
  const names = new Map<string, number>();
  for await (const { row, cells } of sheet.rows()) {
    const name = cells[iName!] ?? '';
    if (!name) errors.push(at('projects.csv', row, 'project', 'enter the project’s name'));
    else if (names.has(norm(name))) errors.push(at('projects.csv', row, 'project', `${name} is already on row ${names.get(norm(name))}`));
    else names.set(norm(name), row);
    const themes = [
      ...new Set(
        (cells[iThemes!] ?? '')
          .split(';')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    rows.push({ row, name, place: cells[iPlace!] ?? '', themes, model: cells[iModel!] ?? '' });
  }
  return rows;
}
