import { csvOf } from '../spreadsheet/write.js';
import type { Format } from './define.js';

export { FORMATS, type Format } from './define.js';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** A plain text table: a header, a rule, then one line a row, columns padded to their widest cell. */
export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r)).replace(/\s+/g, ' ')));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

/**
 * Rows in the chosen format. JSON gives the records themselves (every field, for scripts); csv and the
 * table give the named columns.
 */
export function renderRows<T>(rows: T[], columns: Column<T>[], format: Format, empty = '(none)'): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    return csvOf([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => cell(c.value(r))))]);
  }
  return rows.length ? table(rows, columns) : `${empty}\n`;
}

/** One record: JSON as is, otherwise a two-column field/value listing (a one-row CSV for csv). */
export function renderRecord(record: Record<string, unknown>, format: Format): string {
  if (format === 'json') return `${JSON.stringify(record, null, 2)}\n`;
  const keys = Object.keys(record);
  if (format === 'csv') return csvOf([keys, keys.map((k) => cell(record[k]))]);
  const width = Math.max(...keys.map((k) => k.length));
  return `${keys.map((k) => `${k.padEnd(width)}  ${cell(record[k])}`).join('\n')}\n`;
}

export const print = (text: string) => void process.stdout.write(text);
