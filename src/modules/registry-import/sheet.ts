/**
 * A registry spreadsheet read into rows keyed by its columns (partnership, place, …), in this thread:
 * the worker's task `registrySheet` (src/workers/tasks.ts) runs it; parse.ts sends it there.
 */
import { Invalid } from '../../errors.js';
import { refuseControlCellsInGrid } from '../../spreadsheet/control-cells.js';
import { csvGrid, detectKind, normaliseHeader } from '../../spreadsheet/read.js';
import { readXlsxRows } from '../../spreadsheet/xlsx.js';

/** The columns a registry spreadsheet may have; the first two are required. */
export const COLUMNS = ['partnership', 'place', 'region', 'nation', 'lead_organisation', 'organisation_type', 'in_programme_from'] as const;
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

const tooManyRows = () =>
  new Invalid(
    `The file has more than ${MAX_ROWS.toLocaleString('en-GB')} rows; Cairn imports up to ${MAX_ROWS.toLocaleString('en-GB')} at a time. Split it into smaller files.`,
  );

/** parseSpreadsheet in this thread (the worker's task). */
export async function parseSpreadsheetHere(bytes: Uint8Array, filename = ''): Promise<SheetRow[]> {
  const kind = detectKind(bytes, filename);
  // The heading and every row may be filled: MAX_ROWS + 1 rows with something in them.
  const grid =
    kind === 'csv' ? csvGrid(bytes, { maxRows: MAX_ROWS + 1, tooManyRows }) : await readXlsxRows(bytes, { maxRows: MAX_ROWS + 1 });
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
