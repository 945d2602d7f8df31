import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { Invalid } from '../../../errors.js';
import { controlCellErrors, refuseControlCells } from '../../../spreadsheet/control-cells.js';
import { unquoteCell } from '../../../shared/safe-cells.js';
import { runTask } from '../../../workers/pool.js';
import { detectKind, sniffDelimiter } from '../../../spreadsheet/read.js';

/**
 * Rows a returns file may have under its heading: five times the largest programme Cairn is measured
 * with (20,000 partnerships). Counted as the file is read, so a file of millions of lines is refused
 * at this row, not after all of it is read.
 */
export const MAX_RETURNS_ROWS = 100_000;

const tooManyRows = () =>
  new Invalid(
    `The file has more than ${MAX_RETURNS_ROWS.toLocaleString('en-GB')} rows under its heading; Cairn imports up to that many returns at a time. Split it into smaller files.`,
  );

/** A returns file: bytes already in memory (an upload) or a path on disk (the CLI), read as a stream. */
export type ReturnsSource = { bytes: Uint8Array; filename?: string | undefined } | { path: string; filename?: string | undefined };

/** One line of the sheet, numbered as a spreadsheet program shows it (the header is row 1). */
export interface SheetLine {
  row: number;
  cells: string[];
}

function head(source: ReturnsSource): Uint8Array {
  if ('bytes' in source) return source.bytes.subarray(0, 8192);
  let fd: number;
  try {
    fd = openSync(source.path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(
      code === 'ENOENT'
        ? `There is no file at ${source.path}.`
        : code === 'EISDIR'
          ? `${source.path} is a folder, not a file.`
          : `Cannot read ${source.path} (${code}).`,
    );
  }
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Refuses text that is not UTF-8 as it streams past, instead of quietly turning it into �. */
function utf8Check(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        decoder.decode(chunk, { stream: true });
        done(null, chunk);
      } catch {
        done(new Invalid('This file is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.'));
      }
    },
  });
}

function csvProblem(err: unknown): Error {
  if (err instanceof Invalid) return err;
  const e = err as { code?: string; lines?: number };
  const line = e.lines ? ` near line ${e.lines}` : '';
  if (e.code === 'CSV_QUOTE_NOT_CLOSED')
    return new Invalid(`The CSV file is malformed${line}: a quotation mark is opened but never closed.`);
  if (e.code === 'CSV_INVALID_CLOSING_QUOTE')
    return new Invalid(`The CSV file is malformed${line}: a quotation mark is in the middle of a cell.`);
  return new Invalid(`The CSV file is malformed${line}. Save it again from your spreadsheet program as CSV.`);
}

/**
 * The sheet's lines one at a time. A CSV is parsed as it streams (csv-parse's streaming API), so a
 * file of hundreds of thousands of figures is never held whole; an .xlsx is a zip, unpacked as a stream
 * with a cap on what it unpacks to and read on a worker thread (registry-import/xlsx.ts). Either way
 * the rows with something in them are counted as they come and the read stops past MAX_RETURNS_ROWS.
 * Blank lines are yielded too (as empty cells) only through their numbering: row numbers match the sheet.
 */
export async function* readReturnsFile(source: ReturnsSource): AsyncGenerator<SheetLine> {
  let headings: string[] | null = null;
  for await (const line of readLines(source)) {
    // A control character (a NUL byte, say) stops the read at its row, before anything is planned.
    headings ??= line.cells.some((c) => c !== '') ? line.cells : null;
    refuseControlCells(controlCellErrors(line.cells, line.row, headings ?? []));
    // The template and table.csv quote formula-like names (safe-cells.ts): read back, they are the names.
    yield { row: line.row, cells: line.cells.map(unquoteCell) };
  }
}

async function* readLines(source: ReturnsSource): AsyncGenerator<SheetLine> {
  const first = head(source);
  const kind = detectKind(first, source.filename ?? ('path' in source ? source.path : ''));
  if (kind === 'xlsx') {
    const bytes = 'bytes' in source ? source.bytes : await readWhole(source.path);
    // The heading and every row may be filled: MAX_RETURNS_ROWS + 1 rows in the sheet.
    const rows = await runTask('xlsxRows', { bytes, maxRows: MAX_RETURNS_ROWS + 1 });
    let filled = 0;
    for (const [i, cells] of rows.entries()) {
      if (cells.some((c) => c !== '') && ++filled > MAX_RETURNS_ROWS + 1) throw tooManyRows();
      yield { row: i + 1, cells };
    }
    return;
  }
  const delimiter = sniffDelimiter(new TextDecoder('utf-8', { fatal: false }).decode(first));
  const input = 'bytes' in source ? Readable.from([Buffer.from(source.bytes)]) : createReadStream(source.path);
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: true });
  const checked = utf8Check();
  input.on('error', (e: Error) => parser.destroy(e));
  checked.on('error', (e: Error) => parser.destroy(e));
  input.pipe(checked).pipe(parser);
  let row = 0;
  let filled = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (record.some((c) => c !== '') && ++filled > MAX_RETURNS_ROWS + 1) throw tooManyRows();
      yield { row: ++row, cells: record };
    }
  } catch (err) {
    throw csvProblem(err);
  } finally {
    input.destroy();
  }
}

async function readWhole(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * About how many rows a CSV has under its header (its line breaks, less one), for a progress bar
 * before the rows are read; a quoted line break inside a cell counts too, so it may be a little high.
 * Null for a workbook, whose rows are only known once it is unzipped.
 */
export function estimateRows(source: ReturnsSource): number | null {
  const first = head(source);
  if (detectKind(first, source.filename ?? ('path' in source ? source.path : '')) === 'xlsx') return null;
  let lines = 0;
  let last = 10;
  const count = (chunk: Uint8Array) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  };
  if ('bytes' in source) count(source.bytes);
  else {
    // A chunk at a time: the file is never held whole.
    const fd = openSync(source.path, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) count(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }
  if (last !== 10) lines++;
  return Math.max(0, lines - 1);
}
