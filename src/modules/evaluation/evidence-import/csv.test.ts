import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRecords } from './csv.js';
import { seededRandom } from '../domain/synthetic-pcf.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(text: string | Buffer) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const out: { row: number; cells: string[] }[] = [];
  for await (const r of csvRecords(path, 'codings.csv')) out.push(r);
  return out;
}

/** What csv-parse makes of the same text with the options the import used before: the reference. */
const reference = (text: string) =>
  (
    parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[]
  ).map(({ record, info }) => ({ row: info.lines, cells: record }));

describe('the evidence import’s CSV reading (plain lines split, quoting through csv-parse)', () => {
  it('reads as csv-parse does: quotes, doubled quotes, commas and line breaks in cells, CRLF, BOM, blank lines, spaces, ragged rows', async () => {
    const text =
      '\ufeffrespondent_id,family,code\nR1 , context ,"Trust, built"\n\nR2,context,"He said ""yes"""\nR3,"mechanism","two\nlines"\nR4,context\nR5,, \n"R6" ,context,x';
    expect(await read(text)).toEqual(reference(text));
    const windows = 'respondent_id,family,code\r\nR1,context,"Trust, built"\r\n\r\nR2,context,"He said ""yes"""\r\n';
    expect(await read(windows)).toEqual(reference(windows));
  });

  it('gives the same rows over many chunks as in one', async () => {
    const lines = ['respondent_id,family,code'];
    for (let i = 0; i < 60_000; i++) lines.push(i % 1000 === 0 ? `R${i},context,"A, quoted\ncode ${i}"` : `R${i},context,Code ${i % 7}`);
    const text = `${lines.join('\n')}\n`;
    const got = await read(text);
    expect(got.length).toBe(60_001);
    expect(got).toEqual(reference(text));
  });

  it('stops at a quotation mark never closed, or in the middle of a cell, and at bytes that are not UTF-8', async () => {
    await expect(read('a,b,c\nR1,context,"Trust\n')).rejects.toThrow(/codings.csv is not a well-formed CSV file/);
    await expect(read('a,b,c\nR1,con"text,Trust\n')).rejects.toThrow(/near row 2/);
    await expect(read(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x0a]))).rejects.toThrow(/not saved as UTF-8/);
  });

  it('reads plain files as csv-parse does: spaces and tabs round cells, cells quoted whole, doubled quotes, blank and white lines, ragged rows, CRLF, a BOM', async () => {
    const random = seededRandom(11);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    for (let round = 0; round < 40; round++) {
      const eol = round % 3 === 0 ? '\r\n' : '\n';
      const lines = ['respondent_id,family,code'];
      for (let i = 0; i < 200; i++) {
        const shape = random();
        if (shape < 0.05) lines.push('');
        else if (shape < 0.08) lines.push(pick(['  ', '\t', ' \f ']));
        else {
          const n = pick([1, 2, 3, 3, 3, 4]);
          lines.push(
            Array.from({ length: n }, () =>
              pick([
                '',
                ' ',
                ' R1',
                'R2 ',
                '\tcontext',
                'Trust built',
                'Café ☕',
                'x\fy',
                '"Trust, built"',
                ' "spaced, out" ',
                '"He said ""yes"""',
                '""',
                '"a ""b"", c"',
              ]),
            ).join(','),
          );
        }
      }
      const text = (round % 4 === 0 ? '\ufeff' : '') + lines.join(eol) + (round % 2 ? eol : '');
      expect(await read(text)).toEqual(reference(text));
    }
  });

  it('hands the rest of a file to csv-parse at a quotation mark, a stray carriage return or a change of line ending, counting rows on', async () => {
    for (const text of [
      'a,b,c\nR1,context,x\nR2,"context",y\nR3,z,"two\nlines"\nR4,w,v\n',
      'a,b,c\nR1,context,x\rR2,context,y\n',
      'a,b,c\r\nR1,context,x\r\nR2,context,y\nR3,context,z\r\n',
      'a,b,c\nR1,context,x\r\nR2,context,y\n',
      'a,b,c\nR1,context,x\r',
    ])
      expect(await read(text)).toEqual(reference(text));
    const lines = ['respondent_id,family,code'];
    for (let i = 0; i < 80_000; i++) lines.push(i === 70_000 ? `R${i},context,"late, quoted"` : `R${i},context,Code ${i % 7}`);
    const text = `${lines.join('\n')}\n`;
    const got = await read(text);
    expect(got.length).toBe(80_001);
    expect(got).toEqual(reference(text));
  });
});
