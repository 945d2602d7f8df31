import { Document, Packer, Paragraph } from 'docx';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTranscriptFile } from './transcript-upload.js';

const wordFile = (...paragraphs: string[]) =>
  Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

async function refusal(bytes: Buffer, name?: string) {
  const err = (await readTranscriptFile(bytes, name).catch((e: unknown) => e)) as {
    status: number;
    message: string;
    errors: { path: string[] }[];
  };
  expect(err.status).toBe(422);
  expect(err.errors[0]!.path).toEqual(['file']);
  return err.message;
}

describe('readTranscriptFile', () => {
  it('reads the text of a Word document, paragraph by paragraph', async () => {
    const got = await readTranscriptFile(
      await wordFile('Interviewer: How did it start?', 'R01: With the larder. It felt like ours.'),
      'interview.docx',
    );
    expect(got).toEqual({ format: 'docx', text: 'Interviewer: How did it start?\n\nR01: With the larder. It felt like ours.' });
  });

  it('reads plain text in UTF-8 (with or without a byte-order mark) or Windows-1252, with Windows line endings made plain', async () => {
    expect(await readTranscriptFile(Buffer.from('\uFEFFCaf\u00e9 talk.\r\nSecond line.  \r\n'))).toEqual({
      format: 'text',
      text: 'Caf\u00e9 talk.\nSecond line.',
    });
    expect((await readTranscriptFile(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]))).text).toBe(
      'Caf\u00e9 \u201cok\u201d',
    );
  });

  it('says a picture renamed .docx is a picture', async () => {
    expect(await refusal(PNG, 'interview.docx')).toBe(
      'This file is a picture (PNG), not a transcript: upload the transcript as a Word document (.docx) or plain text.',
    );
  });

  it('says a truncated Word document cannot be read', async () => {
    const whole = await wordFile('Interviewer: How did it start?');
    expect(await refusal(whole.subarray(0, Math.floor(whole.length / 2)), 'interview.docx')).toMatch(
      /^Cairn cannot read this Word document: it may be damaged, cut short/,
    );
  });

  it('refuses an empty file, a file with no text, a binary file and one that is too large', async () => {
    expect(await refusal(Buffer.alloc(0))).toMatch(/^The file is empty/);
    expect(await refusal(Buffer.from(' \n\r\n\t'))).toMatch(/^The file has no text in it/);
    expect(await refusal(await wordFile(''), 'blank.docx')).toMatch(/^The file has no text in it/);
    expect(await refusal(Buffer.from([0x41, 0x00, 0x42]))).toMatch(/^This file is not plain text/);
    expect(await refusal(Buffer.from('Not really a Word file'), 'x.docx')).toMatch(/named \.docx but is not a Word document/);
    expect(await refusal(Buffer.alloc(5 * 1024 * 1024 + 1, 0x61))).toMatch(/^The file is larger than 5 MB/);
    expect(await refusal(Buffer.alloc(1_000_001, 0x61))).toMatch(/^The transcript is longer than 1,000,000 characters/);
  });

  it('refuses a small Word file that unpacks to far more than a transcript, before reading it', async () => {
    // 80 MB of one letter packs into well under a megabyte: a "zip bomb" of the simplest kind.
    const bomb = Buffer.from(
      zipSync(
        { '[Content_Types].xml': new Uint8Array(10), 'word/document.xml': new Uint8Array(80 * 1024 * 1024).fill(0x61) },
        { level: 9 },
      ),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(bomb, 'interview.docx')).toBe(
      'This Word document unpacks to more than 64 MB, far more than a transcript: save the transcript again as plain text and upload that.',
    );
    // An ordinary document is untouched by the check.
    expect((await readTranscriptFile(await wordFile('R01: It felt like ours.'), 'interview.docx')).text).toBe('R01: It felt like ours.');
  });

  it('refuses a control character in the text, naming its line, and keeps tabs', async () => {
    expect(await refusal(Buffer.from('R01: fine\nR02: a bell\u0007 here\n'), 'interview.txt')).toBe(
      'Line 2 of the transcript has an invisible control character (U+0007): remove it and upload the file again.',
    );
    expect((await readTranscriptFile(Buffer.from('R01:\tindented\nR02: next'), 'interview.txt')).text).toBe('R01:\tindented\nR02: next');
  });
});
