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

/** The same .xlsx as bytes, for an HTTP download. */
export async function xlsxBytes(rows: readonly (readonly SheetCell[])[], options: XlsxOptions): Promise<Buffer> {
  return (await xlsxOf(rows, options)).toBuffer();
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
