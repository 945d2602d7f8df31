import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { MAX_XLSX_UNPACKED_BYTES, readXlsxRows, scanXlsx } from './xlsx.js';

const CONTENT_TYPES = new TextEncoder().encode(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);
const sheetXml = (rows: number) => {
  let xml = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  for (let r = 1; r <= rows; r++) xml += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Partnership ${r}</t></is></c></row>`;
  return new TextEncoder().encode(`${xml}</sheetData></worksheet>`);
};

describe('reading an .xlsx as a stream', () => {
  it('refuses a small workbook that unpacks past the cap, and stops unpacking there', async () => {
    // 80 MB of one letter packs into well under a megabyte: a "zip bomb" of the simplest kind.
    const huge = new Uint8Array(80 * 1024 * 1024).fill(0x61);
    const bomb = zipSync({ '[Content_Types].xml': CONTENT_TYPES, 'xl/sharedStrings.xml': huge }, { level: 1 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const scan = scanXlsx(bomb, { maxRows: 10 });
    expect(scan.refusal?.message).toBe(
      'This Excel file unpacks to more than 64 MB, far more than a sheet of rows needs. Save the sheet as CSV and import that.',
    );
    // Stopped soon after the cap, not at the end of the 80 MB.
    expect(scan.unpackedBytes).toBeGreaterThan(MAX_XLSX_UNPACKED_BYTES);
    expect(scan.unpackedBytes).toBeLessThan(MAX_XLSX_UNPACKED_BYTES + 20 * 1024 * 1024);
    expect(scan.stoppedEarly).toBe(true);
    const err = (await readXlsxRows(bomb, { maxRows: 10 }).catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^This Excel file unpacks to more than 64 MB/);
  });

  it('counts the rows while unpacking, and stops reading at the row limit', () => {
    const sheet = sheetXml(50_000);
    const file = zipSync({ '[Content_Types].xml': CONTENT_TYPES, 'xl/worksheets/sheet1.xml': sheet });
    const scan = scanXlsx(file, { maxRows: 101 });
    expect(scan.refusal?.message).toBe(
      'The sheet has more than 100 rows under its heading; Cairn imports up to that many at a time. Split it into smaller files.',
    );
    // Past the limit by at most the rows of one unpacked chunk, and only a little of the sheet unpacked: the read stopped there.
    expect(scan.rowsSeen).toBeGreaterThan(101);
    expect(scan.rowsSeen).toBeLessThan(50_000 / 4);
    expect(scan.unpackedBytes).toBeLessThan(sheet.length / 4);
    expect(scan.stoppedEarly).toBe(true);
    // A limit the sheet is within reads it all.
    const whole = scanXlsx(file, { maxRows: 50_000 });
    expect(whole).toMatchObject({ refusal: null, rowsSeen: 50_000, stoppedEarly: false });
  });

  it('counts rows split across the chunks the zip is unpacked in, and rows with a namespace prefix', () => {
    const prefixed = new TextEncoder().encode(
      `<x:worksheet xmlns:x="urn:x"><x:sheetData>${'<x:row r="1"><x:c/></x:row><x:row r="2"/>'.repeat(20_000)}</x:sheetData></x:worksheet>`,
    );
    const scan = scanXlsx(zipSync({ 'xl/worksheets/sheet1.xml': prefixed }, { level: 0 }), { maxRows: 1_000_000 });
    expect(scan.rowsSeen).toBe(40_000);
  });

  it('reads a real workbook within its limits, and refuses one with more rows than allowed in the same words', async () => {
    const rows = [['partnership', 'place'], ...Array.from({ length: 150 }, (_, i) => [`Partnership ${i + 1}`, `Place ${i + 1}`])];
    const xlsx = await writeXlsxFile(rows.map((r) => r.map((value) => ({ value })))).toBuffer();
    const read = await readXlsxRows(xlsx, { maxRows: 151 });
    expect(read).toHaveLength(151);
    expect(read[150]).toEqual(['Partnership 150', 'Place 150']);
    const err = (await readXlsxRows(xlsx, { maxRows: 101 }).catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^The sheet has more than 100 rows under its heading/);
  });
});
