/**
 * Reads an uploaded transcript: plain text or a Word document (.docx), decided by the bytes rather
 * than the name or the type the browser claims. Only the text is kept. Anything else gets one plain
 * sentence saying what is wrong and what to do, at path ['file'].
 */
import { Unzip, UnzipInflate } from 'fflate';
import mammoth from 'mammoth';
import { CONTROL_IN_TEXT } from '../../../http/control-characters.js';
import { Invalid } from '../../../errors.js';
import type { TranscriptFormat } from '../schema.js';

export const MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024;
export const MAX_TRANSCRIPT_CHARACTERS = 1_000_000;
/** A .docx may unpack to this much: a transcript's text and its styles are a few megabytes. */
export const MAX_DOCX_UNPACKED_BYTES = 64 * 1024 * 1024;

const refuse = (message: string): never => {
  throw new Invalid(message, [{ path: ['file'], message }]);
};

const startsWith = (bytes: Buffer, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** What a file that is neither text nor .docx is, in words, when its first bytes say so. */
function kindOf(bytes: Buffer): string | null {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'a picture (PNG)';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'a picture (JPEG)';
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'a picture (GIF)';
  if (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'a picture (WebP)';
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'a PDF';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return 'an old-style Word (.doc) file';
  return null;
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F (curly quotes, dashes, €…). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Older Windows editors save text as Windows-1252 rather than UTF-8; Node may lack that decoder. */
function windows1252(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
  return out;
}

/**
 * Whether a .docx unpacks to more than `limit` bytes. A zip may say anything of its sizes, and a
 * few kilobytes can unpack to gigabytes (a "zip bomb"), which mammoth would inflate in memory whole;
 * so the parts are unpacked here as a stream, counting, and given up at the limit. A zip this
 * cannot read is left for mammoth to refuse.
 */
function unpacksToMoreThan(bytes: Buffer, limit: number): boolean {
  let total = 0;
  let over = false;
  const unzip = new Unzip((part) => {
    if (over) return;
    part.ondata = (err, chunk) => {
      if (err || over) return;
      total += chunk.length;
      if (total > limit) {
        over = true;
        part.terminate();
      }
    };
    part.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch {
    // Damaged, cut short or of a kind this reader does not know: mammoth says so below.
  }
  return over;
}

export interface TranscriptText {
  text: string;
  format: TranscriptFormat;
}

/** The transcript's text, read in this thread: the worker's task (`readTranscriptFile` in transcript-upload.ts runs it there). */
export async function readTranscriptFileHere(bytes: Buffer, fileName = ''): Promise<TranscriptText> {
  if (bytes.length === 0) refuse('The file is empty: choose the transcript file again.');
  if (bytes.length > MAX_TRANSCRIPT_BYTES)
    refuse(`The file is larger than ${MAX_TRANSCRIPT_BYTES / 1024 / 1024} MB: save the transcript as plain text, or split it into parts.`);
  const kind = kindOf(bytes);
  if (kind) refuse(`This file is ${kind}, not a transcript: upload the transcript as a Word document (.docx) or plain text.`);

  let text: string;
  let format: TranscriptFormat;
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) {
    format = 'docx';
    if (unpacksToMoreThan(bytes, MAX_DOCX_UNPACKED_BYTES)) {
      refuse(
        `This Word document unpacks to more than ${MAX_DOCX_UNPACKED_BYTES / 1024 / 1024} MB, far more than a transcript: save the transcript again as plain text and upload that.`,
      );
    }
    try {
      text = (await mammoth.extractRawText({ buffer: bytes })).value;
    } catch {
      // A truncated file, a spreadsheet or any other zip: mammoth cannot find the document inside.
      text = refuse(
        'Cairn cannot read this Word document: it may be damaged, cut short or not a .docx file. Open it in Word, save it again as .docx and upload that.',
      );
    }
  } else {
    if (/\.docx$/i.test(fileName))
      refuse('This file is named .docx but is not a Word document: save the transcript again as .docx or as plain text.');
    if (bytes.includes(0)) refuse('This file is not plain text: upload the transcript as a Word document (.docx) or plain text.');
    format = 'text';
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = windows1252(bytes);
    }
  }
  text = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
  if (!text) refuse('The file has no text in it: check it is the right file.');
  const control = CONTROL_IN_TEXT.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    refuse(
      `Line ${line} of the transcript has an invisible control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}): remove it and upload the file again.`,
    );
  }
  if (text.length > MAX_TRANSCRIPT_CHARACTERS) {
    refuse(
      `The transcript is longer than ${MAX_TRANSCRIPT_CHARACTERS.toLocaleString('en-GB')} characters: split it into parts and upload each.`,
    );
  }
  return { text, format };
}
