import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { normaliseHeader } from '../../spreadsheet/read.js';
import { parseSpreadsheet } from './parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/registry-import/${name}`, import.meta.url));
const csv = (text: string) => new TextEncoder().encode(text);

async function problemOf(bytes: Uint8Array, filename?: string): Promise<Invalid> {
  try {
    await parseSpreadsheet(bytes, filename);
  } catch (err) {
    if (err instanceof Invalid) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('reading a registry spreadsheet', () => {
  it('reads the PBSA partnerships from CSV and from Excel alike', async () => {
    const fromCsv = await parseSpreadsheet(fixture('pbsa-partnerships.csv'), 'pbsa.csv');
    const fromXlsx = await parseSpreadsheet(fixture('pbsa-partnerships.xlsx'), 'pbsa.xlsx');
    expect(fromCsv).toHaveLength(10);
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromCsv[7]).toEqual({
      row: 9,
      extraCells: 0,
      values: {
        in_programme_from: '',
        partnership: 'Onion Collective CIC',
        place: 'Watchet',
        region: 'South West',
        nation: 'England',
        lead_organisation: 'Onion Collective CIC',
        organisation_type: 'Community interest company',
      },
    });
  });

  it('matches headings whatever their case, spacing or spelling of organisation', () => {
    expect(normaliseHeader(' Lead Organization ')).toBe('lead_organisation');
    expect(normaliseHeader('ORGANISATION-TYPE')).toBe('organisation_type');
  });

  it('numbers rows as the spreadsheet shows them, counting blank lines', async () => {
    const rows = await parseSpreadsheet(csv('partnership,place\nA,X\n\nB,Y\n'));
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('only needs the partnership and place columns', async () => {
    const [row] = await parseSpreadsheet(csv('Place,Partnership\nHackney,Hackney Volunteer Centre\n'));
    expect(row!.values).toMatchObject({ partnership: 'Hackney Volunteer Centre', place: 'Hackney', nation: '' });
  });

  it('names every unknown column and every missing required one', async () => {
    const e = await problemOf(csv('partnership,volunteers,beneficiaries\nA,1,2\n'));
    expect(e.message).toContain('“volunteers”');
    expect(e.errors).toEqual([
      { path: ['columns', 'volunteers'], message: '“volunteers” is not a column Cairn knows' },
      { path: ['columns', 'beneficiaries'], message: '“beneficiaries” is not a column Cairn knows' },
      { path: ['columns', 'place'], message: 'The “place” column is missing' },
    ]);
  });

  it('reads semicolon- and tab-separated files as well as commas', async () => {
    for (const sep of [';', '\t']) {
      const [row] = await parseSpreadsheet(csv(`partnership${sep}place${sep}region\nSAFE Regeneration${sep}Bootle${sep}North West\n`));
      expect(row!.values).toMatchObject({ partnership: 'SAFE Regeneration', place: 'Bootle', region: 'North West' });
    }
    const [commas] = await parseSpreadsheet(csv('partnership,place\n"Broad Street; Broadgreen",Swindon\n'));
    expect(commas!.values.partnership).toBe('Broad Street; Broadgreen');
  });

  it('flags a row with cells beyond the headings', async () => {
    const rows = await parseSpreadsheet(csv('partnership,place\nA,X,stray\n'));
    expect(rows[0]!.extraCells).toBe(1);
  });

  it('refuses files that are not spreadsheets, each with a reason a person can act on', async () => {
    expect((await problemOf(fixture('not-a-spreadsheet.png'), 'registry.png')).message).toMatch(/picture, not a spreadsheet/);
    expect((await problemOf(fixture('malformed.csv'), 'malformed.csv')).message).toMatch(/quotation mark is opened but never closed/);
    expect((await problemOf(fixture('truncated.xlsx'), 'truncated.xlsx')).message).toMatch(/damaged or incomplete/);
    expect((await problemOf(new Uint8Array(0), 'empty.csv')).message).toMatch(/empty/);
    expect((await problemOf(csv('partnership,place\n'))).message).toMatch(/no partnerships/);
    expect((await problemOf(csv('hello'), 'registry.xlsx')).message).toMatch(/not an Excel workbook/);
    expect((await problemOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.xls')).message).toMatch(/old-style Excel/);
    expect((await problemOf(new Uint8Array([1, 2, 0, 4, 5]))).message).toMatch(/not a spreadsheet/);
  });

  it('stops reading a CSV at the row limit instead of reading a million rows first', async () => {
    // A broken quotation mark on the last line: only a reader that went all the way would find it.
    const text = `partnership,place\n${'Hollow Lane,Bootle\n'.repeat(1_000_000)}"never closed,Bootle\n`;
    const problem = await problemOf(csv(text), 'registry.csv');
    expect(problem.message).toBe('The file has more than 10,000 rows; Cairn imports up to 10,000 at a time. Split it into smaller files.');
  });
});
