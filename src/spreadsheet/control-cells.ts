/**
 * Spreadsheet uploads hold the same control characters a form may (see src/http/control-characters.ts),
 * and PostgreSQL cannot store a NUL: every reader checks each row's cells here, so a stray byte is a
 * 422 naming its row and column instead of a 500 or an invisible character in a name.
 */
import { type FieldError, Invalid } from '../errors.js';
import { hasControlCharacter } from '../http/control-characters.js';

export const CONTROL_CELL_MESSAGE = 'remove the invisible control character from this cell';

/** Beyond this many, more errors say nothing new. */
const MAX_ERRORS = 20;

/**
 * The cells of one row that hold a control character (tab and line breaks are fine: a quoted cell may
 * hold several lines), at `[...prefix, row, heading]`: ['rows', 3, 'partnership'] by default, as the
 * importers name a cell; the evidence import puts its file name first instead (['codings.csv', 3, 'code']).
 */
export function controlCellErrors(
  cells: readonly string[],
  row: number,
  headings: readonly string[],
  prefix: (string | number)[] = ['rows'],
): FieldError[] {
  const errors: FieldError[] = [];
  cells.forEach((cell, i) => {
    if (typeof cell === 'string' && hasControlCharacter(cell, 'text')) {
      const heading = headings[i]?.trim() || '';
      const column = heading === '' || hasControlCharacter(heading, 'line') ? `column ${i + 1}` : heading;
      errors.push({ path: [...prefix, row, column], message: CONTROL_CELL_MESSAGE });
    }
  });
  return errors;
}

/** A 422 for these errors, if there are any, saying where the first one is. */
export function refuseControlCells(errors: readonly FieldError[]): void {
  const first = errors[0];
  if (!first) return;
  const [row, column] = first.path.slice(-2);
  const file = typeof first.path[0] === 'string' && first.path[0] !== 'rows' ? `${first.path[0]} ` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more cell${errors.length > 2 ? 's' : ''})` : '';
  throw new Invalid(
    `The file has an invisible control character, such as a NUL byte, in ${file}row ${row}, ${column}${more}. Remove it and import the file again.`,
    errors.slice(0, MAX_ERRORS),
  );
}

/** Every row of a grid read whole (row numbers as a spreadsheet shows them: the first row is 1). */
export function refuseControlCellsInGrid(grid: readonly (readonly string[])[], headerIndex: number): void {
  const headings = grid[headerIndex] ?? [];
  const errors: FieldError[] = [];
  for (const [i, cells] of grid.entries()) {
    if (errors.length >= MAX_ERRORS) break;
    errors.push(...controlCellErrors(cells, i + 1, headings));
  }
  refuseControlCells(errors);
}
