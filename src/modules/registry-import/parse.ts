import { parse as parseCsv } from 'csv-parse/sync';
import { Invalid } from '../../errors.js';
import { refuseControlCellsInGrid } from '../../spreadsheet/control-cells.js';
import { runTask } from '../../workers/pool.js';
import { readXlsxRows } from '../../spreadsheet/xlsx.js';

/** The columns a registry spreadsheet may have; the first two are required. */
export const COLUMNS = ['partnership', 'place', 'region', 'nation', 'lead_organisation', 'organisation_type'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED_COLUMNS: Column[] = ['partnership', 'place'];

/** More rows than any programme's registry; beyond this a file is a mistake, not a registry. */
export const MAX_ROWS = 10_000;

/** One data row, numbered as the spreadsheet shows it (the header is row 1). */
export interface SheetRow {
  row: number;
  values: Record<Column, string>;
  /** Filled cells under no column heading: a sign the row's commas are off. */
  extraCells: number;
}

export type FileKind = 'csv' | 'xlsx';

/** "Lead Organisation", "lead-organization " and "LEAD_ORGANISATION" all name the same column. */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/organization/g, 'organisation')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * What kind of file this is, by its first bytes (names and content types lie, bytes do not), with a
 * plain answer for the usual wrong files.
 */
export function detectKind(bytes: Uint8Array, filename = ''): FileKind {
  if (bytes.length === 0 || (bytes.length <= 3 && bytes.every((b) => b === 0xef || b === 0xbb || b === 0xbf))) {
    throw new Invalid('The file is empty. Choose the spreadsheet with your partnerships in it.');
  }
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new Invalid(
      'This is an old-style Excel file (.xls). In Excel, choose Save As and pick “Excel Workbook (.xlsx)” or “CSV”, then import that.',
    );
  }
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) {
    throw new Invalid('This file is a picture, not a spreadsheet. Import a CSV or an Excel (.xlsx) file.');
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    throw new Invalid('This file is a PDF, not a spreadsheet. Import a CSV or an Excel (.xlsx) file.');
  }
  if (/\.xlsx$/i.test(filename)) {
    throw new Invalid(
      'This file is named .xlsx but is not an Excel workbook; it may be damaged. Save it again from Excel, or export it as CSV.',
    );
  }
  // Binary files are full of control bytes (NUL among them); text has none, or a stray one or two,
  // which the readers then refuse with its row and column.
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  if (controls > Math.max(2, sample.length / 100)) {
    throw new Invalid('This file is not a spreadsheet Cairn can read. Import a CSV or an Excel (.xlsx) file.');
  }
  return 'csv';
}

/**
 * Spreadsheet programmes in some locales save "CSV" with semicolons, and text copied out of a sheet has
 * tabs: the header line says which, since headings never contain them.
 */
export function sniffDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

const tooManyRows = () =>
  new Invalid(
    `The file has more than ${MAX_ROWS.toLocaleString('en-GB')} rows; Cairn imports up to ${MAX_ROWS.toLocaleString('en-GB')} at a time. Split it into smaller files.`,
  );

function csvGrid(bytes: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) {
    throw new Invalid('This file is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.');
  }
  // Lines with something in them, the heading included, counted as they are read: a file of a million
  // rows is refused at row 10,002, not after all of it is parsed.
  let filled = 0;
  const countRow = (record: string[]) => {
    if (record.some((c) => c !== '') && ++filled > MAX_ROWS + 1) throw tooManyRows();
    return record;
  };
  try {
    // Empty lines are kept so row numbers match what a spreadsheet program shows.
    return parseCsv(text, {
      bom: true,
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      on_record: countRow,
    }) as string[][];
  } catch (err) {
    if (err instanceof Invalid) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    const line = e.lines ? ` near line ${e.lines}` : '';
    if (e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new Invalid(`The CSV file is malformed${line}: a quotation mark is opened but never closed.`);
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE')
      throw new Invalid(`The CSV file is malformed${line}: a quotation mark is in the middle of a cell.`);
    throw new Invalid(`The CSV file is malformed${line}. Save it again from your spreadsheet program as CSV.`);
  }
}

/**
 * Reads a CSV or Excel workbook (first sheet) into rows keyed by column. Header problems (unknown or
 * missing columns) stop here; cell problems are for `planImport`, which reports every one. Read on a
 * worker thread: unpacking and parsing a large sheet takes CPU that requests need.
 */
export const parseSpreadsheet = (bytes: Uint8Array, filename = ''): Promise<SheetRow[]> => runTask('registrySheet', { bytes, filename });

/** parseSpreadsheet in this thread (the worker's task). */
export async function parseSpreadsheetHere(bytes: Uint8Array, filename = ''): Promise<SheetRow[]> {
  const kind = detectKind(bytes, filename);
  // The heading and every row may be filled: MAX_ROWS + 1 rows with something in them.
  const grid = kind === 'csv' ? csvGrid(bytes) : await readXlsxRows(bytes, { maxRows: MAX_ROWS + 1 });
  const headerIndex = grid.findIndex((r) => r.some((c) => c !== ''));
  if (headerIndex < 0) throw new Invalid('The file has no rows. The first row should name the columns: partnership, place, …');
  refuseControlCellsInGrid(grid, headerIndex);
  const header = grid[headerIndex]!.map((h) => normaliseHeader(String(h)));
  const known = new Set<string>(COLUMNS);
  const unknown = grid[headerIndex]!.filter((_, i) => header[i] !== '' && !known.has(header[i]!));
  const errors = unknown.map((h) => ({ path: ['columns', String(h)], message: `“${h}” is not a column Cairn knows` }));
  const seen = new Set<string>();
  for (const [i, h] of header.entries()) {
    if (h === '') continue;
    if (seen.has(h)) errors.push({ path: ['columns', String(grid[headerIndex]![i])], message: `The column “${h}” appears twice` });
    seen.add(h);
  }
  for (const col of REQUIRED_COLUMNS) {
    if (!seen.has(col)) errors.push({ path: ['columns', col], message: `The “${col}” column is missing` });
  }
  if (errors.length) {
    const names = unknown.length ? ` Unknown: ${unknown.map((u) => `“${u}”`).join(', ')}.` : '';
    throw new Invalid(
      `The first row must name the columns: ${COLUMNS.join(', ')} (partnership and place are required; the rest are optional).${names}`,
      errors,
    );
  }
  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.every((c) => c === '')) continue;
    const values = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
    header.forEach((h, j) => {
      if (h) values[h as Column] = cells[j] ?? '';
    });
    rows.push({ row: i + 1, values, extraCells: cells.filter((c, j) => (j >= header.length || header[j] === '') && c !== '').length });
  }
  if (rows.length === 0) throw new Invalid('The file has a header row but no partnerships under it.');
  if (rows.length > MAX_ROWS) throw tooManyRows();
  return rows;
}
