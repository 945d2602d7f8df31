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
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Invalid } from '../../http/errors.js';

export interface CsvRecord {
  /** The line the record ends on, counting from 1 (the heading row is row 1). */
  row: number;
  cells: string[];
}

const notUtf8 = (file: string) =>
  new Invalid(`${file} is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then import it again.`, [{ path: [file], message: 'not UTF-8' }]);

const malformed = (file: string, line?: number) =>
  new Invalid(`${file} is not a well-formed CSV file${line ? ` (near row ${line})` : ''}: save it again from your spreadsheet as CSV.`, [{ path: [file], message: 'malformed' }]);

/** The file as UTF-8 text in pieces of about a megabyte; bytes that are not UTF-8 stop it. */
async function* textOf(path: string, file: string, onRead?: (bytes: number) => void): AsyncGenerator<string> {
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onRead?.(chunk.length);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(file);
      }
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

/** The rest of the file, from a line boundary, through csv-parse, with rows counted on from `before`. */
async function* throughCsvParse(pieces: AsyncIterable<string>, before: number, crlf: boolean | null, file: string): AsyncGenerator<CsvRecord[]> {
  // The line ending csv-parse would have found at the top of the file, when there was one.
  const parser = parse({ info: true, skip_empty_lines: true, trim: true, relax_column_count: true, ...(crlf === null ? {} : { record_delimiter: crlf ? '\r\n' : '\n' }) });
  const source = Readable.from(pieces, { objectMode: false });
  source.on('error', (e: Error) => parser.destroy(e));
  source.pipe(parser);
  let batch: CsvRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      batch.push({ row: before + info.lines, cells: record });
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
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
export async function* csvBatches(path: string, file: string, onRead?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  const pieces = textOf(path, file, onRead)[Symbol.asyncIterator]();
  let rest = '';
  let line = 0;
  let crlf: boolean | null = null;
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
      const batch: CsvRecord[] = [];
      let at = 0;
      let handOver = false;
      for (;;) {
        let nl = s.indexOf('\n', at);
        if (nl < 0) {
          if (!done || at >= s.length) break;
          nl = s.length; // the last line, without a line break
        }
        const cr = nl > at && s.charCodeAt(nl - 1) === 13;
        if (crlf === null && nl < s.length) crlf = cr;
        const body = s.slice(at, cr ? nl - 1 : nl);
        let cells: string[] | null = null;
        let blank = false;
        if (!(nl < s.length ? cr !== crlf : cr) && !body.includes('\r')) {
          if (!body.includes('"')) {
            cells = body.split(',');
            for (let i = 0; i < cells.length; i++) cells[i] = trimCell(cells[i]!);
            // A line that trims to nothing is passed over, as csv-parse's skip_empty_lines does
            // (a quoted empty cell is a record).
            blank = cells.length === 1 && cells[0] === '';
          } else cells = quotedCells(body);
        }
        if (!cells) {
          handOver = true;
          break;
        }
        line++;
        at = nl + 1;
        if (!blank) batch.push({ row: line, cells });
      }
      if (batch.length) yield batch;
      if (handOver) {
        const from = s.slice(at);
        yield* throughCsvParse((async function* () {
          yield from;
          if (done) return;
          for (;;) {
            const more = await pieces.next();
            if (more.done) return;
            yield more.value;
          }
        })(), line, crlf, file);
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
  for await (const batch of csvBatches(path, file)) yield* batch;
}
