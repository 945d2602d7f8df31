/**
 * Reads the first sheet of an Excel workbook (.xlsx) safely. An .xlsx is a zip of XML files, and a zip
 * may say anything of its sizes: a few hundred kilobytes can unpack to gigabytes, which a reader that
 * inflates the whole file in memory would do before finding out. So the workbook is first unpacked as a
 * stream (fflate), counting what it unpacks to and the sheet's rows as they come, and given up as soon
 * as either passes its limit; only a workbook within both is handed to read-excel-file to read its cells.
 * Runs on a worker thread (src/workers/tasks.ts, task `xlsxRows`).
 */
import { Unzip, UnzipInflate } from 'fflate';
import { Invalid } from '../errors.js';

/** What a workbook may unpack to: a sheet of 100,000 rows of twenty figures is well under it. */
export const MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** Fed to the unzipper this much at a time, so reading stops soon after a limit is passed. */
const CHUNK = 16 * 1024;

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
// A row element, with or without a namespace prefix (some writers use <x:row>).
const ROW_TAG = /<(?:[A-Za-z][\w.-]*:)?row[\s>/]/g;

export interface XlsxLimits {
  /** Rows the sheet may have, its heading row included. */
  maxRows: number;
  maxUnpackedBytes?: number | undefined;
}

/** What the streamed pass found, and how far it read before stopping (the tests check it stops early). */
export interface XlsxScan {
  refusal: Invalid | null;
  unpackedBytes: number;
  rowsSeen: number;
  /** Whether the file's bytes were not all read. */
  stoppedEarly: boolean;
}

/** Counts rows in a sheet's XML as it streams past, a chunk at a time (a tag may span two chunks). */
function rowCounter() {
  const decoder = new TextDecoder();
  let tail = '';
  return (chunk: Uint8Array): number => {
    const text = tail + decoder.decode(chunk, { stream: true });
    let n = 0;
    for (const m of text.matchAll(ROW_TAG)) if (m.index + m[0].length > tail.length) n++;
    tail = text.slice(-32);
    return n;
  };
}

/**
 * The streamed pass: unpacks only the XML parts (pictures and the like are passed over unread), counts
 * every byte they unpack to and the rows of the worksheets, and stops with a refusal in plain words the
 * moment a limit is passed. A zip it cannot read is left for read-excel-file to refuse.
 */
export function scanXlsx(bytes: Uint8Array, limits: XlsxLimits): XlsxScan {
  const cap = limits.maxUnpackedBytes ?? MAX_XLSX_UNPACKED_BYTES;
  let unpacked = 0;
  let worst = 0;
  let refusal: Invalid | null = null;
  const unzip = new Unzip((part) => {
    if (refusal || !(part.name.endsWith('.xml') || part.name.endsWith('.xml.rels'))) return;
    const count = WORKSHEET.test(part.name) ? rowCounter() : null;
    let rows = 0;
    part.ondata = (err, chunk) => {
      if (err || refusal) return;
      unpacked += chunk.length;
      if (count) {
        rows += count(chunk);
        worst = Math.max(worst, rows);
      }
      if (unpacked > cap) {
        refusal = new Invalid(
          `This Excel file unpacks to more than ${Math.round(cap / 1024 / 1024)} MB, far more than a sheet of rows needs. Save the sheet as CSV and import that.`,
        );
      } else if (rows > limits.maxRows) {
        refusal = new Invalid(
          `The sheet has more than ${(limits.maxRows - 1).toLocaleString('en-GB')} rows under its heading; Cairn imports up to that many at a time. Split it into smaller files.`,
        );
      }
      if (refusal) part.terminate();
    };
    part.start();
  });
  unzip.register(UnzipInflate);
  let at = 0;
  try {
    for (; at < bytes.length && !refusal; at += CHUNK) unzip.push(bytes.subarray(at, at + CHUNK), at + CHUNK >= bytes.length);
  } catch {
    // Damaged, cut short or of a kind this reader does not know: read-excel-file says so after.
  }
  return { refusal, unpackedBytes: unpacked, rowsSeen: worst, stoppedEarly: at < bytes.length };
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

/**
 * The first sheet's rows as text cells (dates as 2024-03-31), or a refusal in plain words: too large
 * unpacked, too many rows, damaged, or empty.
 */
export async function readXlsxRows(bytes: Uint8Array, limits: XlsxLimits): Promise<string[][]> {
  const { refusal } = scanXlsx(bytes, limits);
  if (refusal) throw refusal;
  let rows: unknown[][];
  try {
    // Loaded here, not at the top: the server and the CLI import this module's callers at start, and
    // the reader (with its zip and XML libraries, ~0.1 s to load) is needed only on the worker that reads.
    const { readSheet } = await import('read-excel-file/node');
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    if ((err as { code?: string }).code === 'NO_DATA') throw new Invalid('The workbook’s first sheet is empty.');
    // Unzip failures, missing parts, broken XML: all mean the same thing to the person importing.
    throw new Invalid('This Excel file is damaged or incomplete, so Cairn cannot read it. Save it again from Excel, or export it as CSV.');
  }
  return rows.map((r) => r.map(cellText));
}
