/**
 * Reading an uploaded spreadsheet, for any module: what kind of file it is (by its bytes), a CSV's
 * delimiter, a CSV's cells, and column headings compared as people write them. An .xlsx's cells are
 * xlsx.ts (streamed, capped, on a worker thread); control characters in cells are control-cells.ts.
 * Each module says what its columns are and what a row means.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { Invalid } from '../errors.js';

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

/**
 * A CSV file's cells, row by row as a spreadsheet numbers them (empty lines kept), in UTF-8 only, split
 * on the delimiter its header line uses. More than `limit.maxRows` lines with something in them (the
 * heading counts) stop the reading there with `limit.tooManyRows()`; a malformed file is a 422 naming
 * the line.
 */
export function csvGrid(bytes: Uint8Array, limit: { maxRows: number; tooManyRows: () => Invalid }): string[][] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) {
    throw new Invalid('This file is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.');
  }
  // Lines with something in them, the heading included, counted as they are read: a file of a million
  // rows is refused at row 10,002, not after all of it is parsed.
  let filled = 0;
  const countRow = (record: string[]) => {
    if (record.some((c) => c !== '') && ++filled > limit.maxRows) throw limit.tooManyRows();
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
