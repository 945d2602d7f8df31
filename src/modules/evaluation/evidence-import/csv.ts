/**
 * Reading the evidence folder's CSV files as they stream, in batches of records.
 *
 * csv-parse reads about 160,000 records a second here, and codings.csv holds twelve million of them
 * at a national programme's size (decision 011). Almost every line of an evidence file is plain:
 * ids, family keys and code names, a cell quoted only when it holds a comma. The reader splits such
 * lines itself, at line breaks and commas, taking the quotes off a cell quoted whole and halving
 * doubled quotes inside it, and trims as csv-parse's `trim` does. From the first line that is not
 * plain — a quoted cell running onto the next line, a quotation mark inside an unquoted cell,
 * text after a closing quote, a stray carriage return, a line ending unlike the file's first — the
 * rest of the file goes through csv-parse, which also says what is wrong with it.
 * `evidence-csv.test.ts` checks both paths against csv-parse over the same text.
 */
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { hasControlCharacter } from '../../../http/control-characters.js';
import { Invalid } from '../../../errors.js';
import { controlCellErrors, refuseControlCells } from '../../../spreadsheet/control-cells.js';

export interface CsvRecord {
  /** The line the record ends on, counting from 1 (the heading row is row 1). */
  row: number;
  cells: string[];
}

/**
 * Records in bulk, flat: record i is on row `rows[i]` and its cells are `cells[start[i]]` up to (not
 * including) `cells[start[i + 1]]`. Twelve million records as objects and arrays of their own kept
 * the garbage collector busier than the reading itself.
 */
export interface CsvBatch {
  length: number;
  rows: number[];
  start: number[];
  cells: string[];
}

const emptyBatch = (): CsvBatch => ({ length: 0, rows: [], start: [0], cells: [] });
function pushRecord(batch: CsvBatch, row: number, cells: string[]) {
  batch.rows.push(row);
  for (const c of cells) batch.cells.push(c);
  batch.start.push(batch.cells.length);
  batch.length++;
}

/** The records of a batch as objects (for small files and tests). */
export function recordsOf(batch: CsvBatch): CsvRecord[] {
  return batch.rows.map((row, i) => ({ row, cells: batch.cells.slice(batch.start[i], batch.start[i + 1]) }));
}

const notUtf8 = (file: string) =>
  new Invalid(`${file} is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.`, [
    { path: [file], message: 'not UTF-8' },
  ]);

const malformed = (file: string, line?: number) =>
  new Invalid(`${file} is not a well-formed CSV file${line ? ` (near row ${line})` : ''}: save it again from your spreadsheet as CSV.`, [
    { path: [file], message: 'malformed' },
  ]);

/** The file as UTF-8 text in pieces of about a megabyte; bytes that are not UTF-8 stop it. */
async function* textOf(path: string, file: string, onRead?: (bytes: number) => void, seen?: { control: boolean }): AsyncGenerator<string> {
  const input = createReadStream(path, { highWaterMark: 1 << 16 });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // Whether the decoder may hold the start of a character cut off at the end of the last piece.
    let pending = false;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onRead?.(chunk.length);
      // Plain ASCII (most evidence files) is UTF-8 as it is: read it as one-byte text, which is
      // several times quicker than decoding; anything else goes through the checking decoder.
      if (!pending && isAscii(chunk)) {
        const ascii = chunk.toString('latin1');
        if (seen && !seen.control) seen.control = hasControlCharacter(ascii, 'text');
        yield ascii;
        continue;
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(file);
      }
      pending = chunk.length > 0 && chunk[chunk.length - 1]! >= 0x80;
      if (seen && !seen.control) seen.control = hasControlCharacter(text, 'text');
      if (text) yield text;
    }
    let last: string;
    try {
      last = decoder.decode();
    } catch {
      throw notUtf8(file);
    }
    if (last) yield last;
  } finally {
    input.destroy();
  }
}

// What csv-parse's `trim` takes off a cell outside quotes: space, tab, form feed (and line breaks,
// which cannot be inside an unquoted cell here).
const isTrimmed = (c: number) => c === 32 || c === 9 || c === 12;
function trimCell(s: string): string {
  if (s === '' || (!isTrimmed(s.charCodeAt(0)) && !isTrimmed(s.charCodeAt(s.length - 1)))) return s;
  let a = 0;
  let b = s.length;
  while (a < b && isTrimmed(s.charCodeAt(a))) a++;
  while (b > a && isTrimmed(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Where `c` next is in `s` from `from`, or beyond the end when nowhere. */
const indexOr = (s: string, c: string, from: number) => {
  const i = s.indexOf(c, from);
  return i < 0 ? Infinity : i;
};

/**
 * The cells of a line holding quotation marks, when every quote opens a cell and closes it on this
 * line (doubled inside it); null for anything else, which csv-parse then reads.
 */
function quotedCells(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isTrimmed(line.charCodeAt(i))) i++;
    if (line.charCodeAt(i) === 34) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null; // runs onto the next line, or never closes
        if (line.charCodeAt(q + 1) === 34) {
          cell += line.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        cell += line.slice(from, q);
        i = q + 1;
        break;
      }
      while (i < n && isTrimmed(line.charCodeAt(i))) i++;
      cells.push(cell);
      if (i === n) return cells;
      if (line.charCodeAt(i) !== 44) return null; // text after the closing quote
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const cell = trimCell(line.slice(i, comma < 0 ? n : comma));
      if (cell.includes('"')) return null;
      cells.push(cell);
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

/** Where reading has got to: lines so far, the file's line ending once seen, and whether csv-parse takes over. */
interface ReadState {
  line: number;
  crlf: boolean | null;
  handOver: boolean;
}

/**
 * The plain lines of a piece of text into `batch`, up to the last whole line (every line when
 * `done`), or up to the first line that is not plain (`state.handOver`). Answers where it stopped.
 * (A function of its own, not part of the generator, so the engine optimises the loop.)
 */
function readPlainLines(s: string, done: boolean, state: ReadState, batch: CsvBatch): number {
  let at = 0;
  let quoteAt = -1;
  let crAt = -1;
  let commaAt = -1;
  for (;;) {
    let nl = s.indexOf('\n', at);
    if (nl < 0) {
      if (!done || at >= s.length) break;
      nl = s.length; // the last line, without a line break
    }
    const cr = nl > at && s.charCodeAt(nl - 1) === 13;
    if (state.crlf === null && nl < s.length) state.crlf = cr;
    const end = cr ? nl - 1 : nl;
    // Where the next quotation mark and carriage return are, looked for again only once passed.
    if (quoteAt < at) quoteAt = indexOr(s, '"', at);
    if (crAt < at) crAt = indexOr(s, '\r', at);
    const plain = !(nl < s.length ? cr !== state.crlf : cr) && crAt >= end;
    if (plain && quoteAt >= end) {
      // Cells straight into the batch; a line that trims to nothing is passed over, as
      // csv-parse's skip_empty_lines does (a quoted empty cell, below, is a record).
      const from = batch.cells.length;
      for (let c = at; ; ) {
        const comma = commaAt >= c ? commaAt : (commaAt = indexOr(s, ',', c));
        if (comma >= end) {
          batch.cells.push(trimCell(s.slice(c, end)));
          break;
        }
        batch.cells.push(trimCell(s.slice(c, comma)));
        c = comma + 1;
      }
      state.line++;
      at = nl + 1;
      if (batch.cells.length === from + 1 && batch.cells[from] === '') batch.cells.length = from;
      else {
        batch.rows.push(state.line);
        batch.start.push(batch.cells.length);
        batch.length++;
      }
      continue;
    }
    const cells = plain ? quotedCells(s.slice(at, end)) : null;
    if (!cells) {
      state.handOver = true;
      break;
    }
    state.line++;
    at = nl + 1;
    pushRecord(batch, state.line, cells);
  }
  return at;
}

/** The rest of the file, from a line boundary, through csv-parse, with rows counted on from `before`. */
async function* throughCsvParse(
  pieces: AsyncIterable<string>,
  before: number,
  crlf: boolean | null,
  file: string,
): AsyncGenerator<CsvBatch> {
  // The line ending csv-parse would have found at the top of the file, when there was one.
  const parser = parse({
    info: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    ...(crlf === null ? {} : { record_delimiter: crlf ? '\r\n' : '\n' }),
  });
  const source = Readable.from(pieces, { objectMode: false });
  source.on('error', (e: Error) => parser.destroy(e));
  source.pipe(parser);
  let batch = emptyBatch();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      pushRecord(batch, before + info.lines, record);
      if (batch.length >= 10_000) {
        yield batch;
        batch = emptyBatch();
      }
    }
    if (batch.length) yield batch;
  } catch (err) {
    if (err instanceof Invalid) throw err;
    const line = (err as { lines?: number }).lines;
    throw malformed(file, line ? before + line : undefined);
  } finally {
    source.destroy();
  }
}

/**
 * The records of a CSV file in batches (one per piece read), with the row a spreadsheet shows each on
 * (the last line when a quoted cell holds line breaks). Cells are trimmed outside quotes, blank lines
 * passed over, a BOM dropped; rows may have any number of cells. Bad bytes or quoting stop it with
 * the file named. `onRead` hears how many bytes each piece read held, for progress.
 */
export function csvBatches(path: string, file: string, onRead?: (bytes: number) => void): AsyncGenerator<CsvBatch> {
  return batchesOf(path, file, onRead, { control: false });
}

/**
 * `csvBatches`, refusing a cell that holds a control character (a NUL byte, say) with its file, row
 * and column, as every upload does (src/spreadsheet/control-cells.ts). Each piece of text is looked
 * over in one pass; only once one is seen are the batches' cells checked one by one, to name the row,
 * so twelve million rows stay quick.
 */
export async function* checkedCsvBatches(path: string, file: string, onRead?: (bytes: number) => void): AsyncGenerator<CsvBatch> {
  const seen = { control: false };
  let headings: string[] | null = null;
  for await (const batch of batchesOf(path, file, onRead, seen)) {
    headings ??= batch.length ? batch.cells.slice(batch.start[0], batch.start[1]) : null;
    if (seen.control) {
      const errors = [];
      for (let r = 0; r < batch.length && errors.length < 20; r++) {
        errors.push(...controlCellErrors(batch.cells.slice(batch.start[r], batch.start[r + 1]), batch.rows[r]!, headings ?? [], [file]));
      }
      refuseControlCells(errors);
    }
    yield batch;
  }
}

async function* batchesOf(
  path: string,
  file: string,
  onRead: ((bytes: number) => void) | undefined,
  seen: { control: boolean },
): AsyncGenerator<CsvBatch> {
  const pieces = textOf(path, file, onRead, seen)[Symbol.asyncIterator]();
  let rest = '';
  const state: ReadState = { line: 0, crlf: null, handOver: false };
  let first = true;
  try {
    for (;;) {
      const next = await pieces.next();
      const done = next.done === true;
      let s = done ? rest : rest + next.value;
      if (first && !done) {
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
      }
      const batch = emptyBatch();
      const at = readPlainLines(s, done, state, batch);
      if (batch.length) yield batch;
      if (state.handOver) {
        const from = s.slice(at);
        yield* throughCsvParse(
          (async function* () {
            yield from;
            if (done) return;
            for (;;) {
              const more = await pieces.next();
              if (more.done) return;
              yield more.value;
            }
          })(),
          state.line,
          state.crlf,
          file,
        );
        return;
      }
      if (done) return;
      rest = s.slice(at);
    }
  } finally {
    await pieces.return?.(undefined);
  }
}

/** The same records one at a time, for small files. */
export async function* csvRecords(path: string, file: string): AsyncGenerator<CsvRecord> {
  for await (const batch of csvBatches(path, file)) yield* recordsOf(batch);
}

/** `csvRecords` with control characters refused, as `checkedCsvBatches`. */
export async function* checkedCsvRecords(path: string, file: string): AsyncGenerator<CsvRecord> {
  for await (const batch of checkedCsvBatches(path, file)) yield* recordsOf(batch);
}
