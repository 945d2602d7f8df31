/**
 * Cells that are safe to open in a spreadsheet (OWASP, "CSV Injection"). Excel, LibreOffice and Google
 * Sheets read a cell that begins with `=`, `+`, `-` or `@` as a formula, and a tab or carriage return
 * in front can smuggle one past a check; a formula from user data can run commands (DDE) or send the
 * sheet's contents away. Every CSV and XLSX Cairn writes passes each cell through `safeCell`.
 */

/** A number written out plainly (`12`, `-12.5`, `+3`, `1e6`): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A formula lead: `=` `+` `-` `@` (and their full-width forms ＝ ＋ － ＠, which some spreadsheets fold
 * into the ASCII ones on input), after any run of whitespace (some readers trim it), or a leading tab
 * or carriage return on its own.
 */
const FORMULA_LEAD = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** Cairn's own mark for "not reported" in published tables: kept as it is. */
export const NOT_REPORTED = '-';

/** Whether a text cell would be read as the start of a formula. */
export function isFormulaLike(text: string): boolean {
  return text !== NOT_REPORTED && !PLAIN_NUMBER.test(text) && FORMULA_LEAD.test(text);
}

/**
 * The one neutraliser: a text cell that a spreadsheet would read as a formula gets a single quote in
 * front (`=cmd|' /C calc'!A0` → `'=cmd|' /C calc'!A0`), shown as text. Numbers, plain-number text
 * (`-12.5`), Cairn's `-` for not reported, and everything else are returned unchanged.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && isFormulaLike(value) ? `'${value}` : value;
}

/** Every cell of a row (or of every row) through `safeCell`. */
export const safeRow = <T>(row: readonly T[]): (T | string)[] => row.map(safeCell);
export const safeRows = <T>(rows: readonly (readonly T[])[]): (T | string)[][] => rows.map(safeRow);

/** A cell as write-excel-file takes it: a value, or an object with the value and its styling. */
export type SheetCell = string | number | boolean | Date | null | undefined | { value?: unknown; type?: unknown; [style: string]: unknown };

/**
 * An XLSX cell through `safeCell`. write-excel-file stores text as a shared string (`t="s"`), which no
 * spreadsheet evaluates, but the sheet may be saved as CSV and opened again, so text gets the same
 * quote as in a CSV. A cell asking to be a formula is refused: Cairn never writes one.
 */
export function safeSheetCell<C extends SheetCell>(cell: C): C | string {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
    if (cell.type === 'Formula') throw new Error('Cairn does not write formulas into spreadsheets.');
    return { ...cell, value: safeCell(cell.value) } as C;
  }
  return safeCell(cell);
}

/** A whole sheet, row by row, through `safeSheetCell`; the rows keep their type (text stays text). */
export const safeSheet = <S extends readonly (readonly SheetCell[])[]>(rows: S): S => rows.map((r) => r.map(safeSheetCell)) as unknown as S;

/**
 * The inverse, for files Cairn reads back (a returns template or table.csv, filled in and imported):
 * a cell that is a quote in front of formula-like text is that text. Anything else is left alone.
 */
export function unquoteCell(text: string): string {
  return text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text;
}
