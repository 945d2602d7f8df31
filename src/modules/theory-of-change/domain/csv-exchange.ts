/**
 * The CSV exchange format, read back: an elements table (`Label,Type,Description,Evaluation questions`)
 * and a connections table (`From,To,Description,Interventions,Contextual assumptions,Theoretical
 * assumptions`), Kumu's spreadsheet headings, lists joined by ` | `, as exchange/service.ts writes them.
 *
 * They come as one or two parsed files (grids of cells), told apart by their headings, not by their
 * names or order: two files (`…-elements.csv` and `…-connections.csv`), or one file holding the
 * elements table, a blank line, then the connections table (what `cairn toc export --format csv`
 * prints), or an elements table alone (steps without links). Headings are matched case aside; other
 * columns are ignored. A cell Cairn neutralised against spreadsheet formulas on export (a `'` in front
 * of a leading `=`, `+`, `-`, `@`) is read back without the quote, so export → import → export is the
 * same files.
 *
 * The tables become a Kumu blueprint (the same fields), read by readKumu, so the rules are Kumu's: a
 * type names a stage, connections join elements by label. Problems are reported at their file and row
 * (the heading being row 1, blank lines counted) with every problem at once.
 */
import { isFormulaLike } from '../../../shared/safe-cells.js';
import type { KumuBlueprint, KumuRead } from './kumu.js';
import { readKumu } from './kumu.js';
import type { Stage } from './model.js';

export const ELEMENT_COLUMNS = ['Label', 'Type', 'Description', 'Evaluation questions'] as const;
export const CONNECTION_COLUMNS = [
  'From',
  'To',
  'Description',
  'Interventions',
  'Contextual assumptions',
  'Theoretical assumptions',
] as const;

export interface CsvFile {
  /** The file's name, as problems name it. */
  name: string;
  /** Its rows of cells, blank lines kept (so row numbers are the file's). */
  rows: string[][];
}

export interface CsvProblem {
  /** [file, 'rows', row, column] for a row's problem; [file] or [file, column] for the file's. */
  path: (string | number)[];
  message: string;
}

const norm = (s: string) =>
  s
    .trim()
    .replace(/[\s_]+/g, ' ')
    .toLowerCase();
const blank = (row: string[]) => row.every((c) => c.trim() === '');
/** A cell as it was before Cairn's export neutralised it. */
const unquoted = (cell: string) => (cell.startsWith("'") && isFormulaLike(cell.slice(1)) ? cell.slice(1) : cell);

interface Table {
  file: string;
  /** The heading's row number in the file (1-based). */
  headingRow: number;
  heading: string[];
  body: { row: number; cells: string[] }[];
}

const isConnectionsHeading = (row: string[]) => norm(row[0] ?? '') === 'from' && norm(row[1] ?? '') === 'to';
const isElementsHeading = (row: string[]) => row.some((c) => norm(c) === 'label') && row.some((c) => norm(c) === 'type');

/** A file's tables: each starts at a heading row (elements or connections) and runs to the next. */
function tablesOf(file: CsvFile): { tables: Table[]; problems: CsvProblem[] } {
  const tables: Table[] = [];
  const problems: CsvProblem[] = [];
  let current = null as Table | null;
  file.rows.forEach((cells, i) => {
    const row = i + 1;
    if (blank(cells)) return;
    if (isConnectionsHeading(cells) || (isElementsHeading(cells) && !current)) {
      current = { file: file.name, headingRow: row, heading: cells.map(norm), body: [] };
      tables.push(current);
      return;
    }
    if (!current) {
      problems.push({
        path: [file.name, 'rows', row],
        message: `${file.name} row ${row}: expected the headings ${ELEMENT_COLUMNS.join(',')} or ${CONNECTION_COLUMNS.join(',')} first`,
      });
      return;
    }
    current.body.push({ row, cells });
  });
  return { tables, problems };
}

/**
 * A theory's model from one or two CSV files (see above), its stages the given ones plus any a type
 * names that they lack; `problems` lists every problem at its file and row (the model is then not to be used).
 */
export function readCsvTheory(files: CsvFile[], stages: readonly Stage[]): { model: KumuRead['model']; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const found = files.map(tablesOf);
  for (const f of found) problems.push(...f.problems);
  const tables = found.flatMap((f) => f.tables);
  const elements = tables.filter((t) => !isConnectionsHeading(t.heading));
  const connections = tables.filter((t) => isConnectionsHeading(t.heading));
  const empty = { model: { stages: [...stages], nodes: [], links: [] }, problems };
  if (elements.length !== 1 || connections.length > 1) {
    const names = files.map((f) => f.name).join(' and ');
    problems.push({
      path: [files[0]?.name ?? 'file'],
      message:
        elements.length === 0
          ? `${names}: no elements table (headings ${ELEMENT_COLUMNS.join(',')})`
          : `${names}: give one elements table and at most one connections table, not ${elements.length} and ${connections.length}`,
    });
    return empty;
  }
  const el = elements[0]!;
  const con = connections[0];
  const col = (t: Table, name: string) => t.heading.indexOf(norm(name));
  const cell = (t: Table, cells: string[], name: string) => {
    const i = col(t, name);
    return i < 0 ? '' : unquoted((cells[i] ?? '').trim());
  };
  if (con && col(con, 'To') < 0)
    problems.push({ path: [con.file, 'To'], message: `${con.file}: the connections table needs a “To” column` });
  if (problems.length) return empty;

  const list = (s: string) =>
    s
      .split(' | ')
      .map((x) => x.trim())
      .filter(Boolean);
  const blueprint: KumuBlueprint = {
    elements: el.body.map(({ cells }) => ({
      label: cell(el, cells, 'Label'),
      type: cell(el, cells, 'Type'),
      description: cell(el, cells, 'Description'),
      'evaluation questions': list(cell(el, cells, 'Evaluation questions')),
    })),
    connections: (con?.body ?? []).map(({ cells }) => ({
      from: cell(con!, cells, 'From'),
      to: cell(con!, cells, 'To'),
      description: cell(con!, cells, 'Description'),
      interventions: list(cell(con!, cells, 'Interventions')),
      'contextual assumptions': list(cell(con!, cells, 'Contextual assumptions')),
      'theoretical assumptions': list(cell(con!, cells, 'Theoretical assumptions')),
    })),
  };
  const read = readKumu(blueprint, stages);
  // Kumu's problems ("Element 3 …", at elements.2.label) said at the file's row instead.
  for (const p of read.problems) {
    const [kind, index, field] = p.path.split('.');
    const t = kind === 'connections' ? con! : el;
    const at = t.body[Number(index)];
    if (!at) {
      problems.push({ path: [t.file], message: p.message });
      continue;
    }
    const where = `${t.file} row ${at.row}`;
    problems.push({
      path: [t.file, 'rows', at.row, ...(field ? [field] : [])],
      message: p.message.replace(/^(Element|Connection) \d+/, where),
    });
  }
  return { model: read.model, problems };
}
