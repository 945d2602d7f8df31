/**
 * Writing spreadsheets, for every module: the one place a CSV or an .xlsx is made, so no writer can
 * forget the CSV-injection neutraliser (src/shared/safe-cells.ts; the rule is in README.md).
 */
import { stringify } from 'csv-stringify/sync';
import { Invalid } from '../errors.js';
import { type SheetCell, safeRows, safeSheet } from '../shared/safe-cells.js';

/** Rows as CSV text (RFC 4180 quoting), each cell neutralised first. */
export const csvOf = <T>(rows: readonly (readonly T[])[]): string => stringify(safeRows(rows));

export interface XlsxOptions {
  sheet: string;
  columns?: { width: number }[];
}

/**
 * Rows (plain values, or write-excel-file's `{ value, fontWeight… }` cells) written as an .xlsx file,
 * each cell neutralised and no formula ever written. write-excel-file is loaded only here, when a sheet
 * is asked for.
 */
export async function writeXlsx(file: string, rows: readonly (readonly SheetCell[])[], options: XlsxOptions): Promise<void> {
  await (await xlsxOf(rows, options)).toFile(file);
}

async function xlsxOf(rows: readonly (readonly SheetCell[])[], options: XlsxOptions) {
  let writeXlsxFile: typeof import('write-excel-file/node').default;
  try {
    writeXlsxFile = (await import('write-excel-file/node')).default;
  } catch {
    throw new Invalid(
      'Writing .xlsx needs the write-excel-file package, which this installation does not have. Use --format csv and open that in your spreadsheet.',
    );
  }
  return writeXlsxFile(safeSheet(rows) as never, options);
}

export interface XlsxSheet {
  /** The sheet's tab name (31 characters at most in Excel). */
  sheet: string;
  rows: (readonly SheetCell[])[];
  columns?: { width: number }[];
}

/**
 * Several sheets as the bytes of one .xlsx file (for a download), each cell neutralised and no formula
 * written. Run it on a worker thread (the task `xlsxFile`): zipping a large registry takes CPU.
 */
export async function xlsxBytes(sheets: XlsxSheet[]): Promise<Uint8Array> {
  const writeXlsxFile = (await import('write-excel-file/node')).default;
  const buffer = await writeXlsxFile(
    sheets.map((s) => ({ data: safeSheet(s.rows) as never, sheet: s.sheet, columns: s.columns })),
  ).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
