import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedCsvBatches, checkedCsvRecords, csvRecords } from '../modules/evaluation/evidence-import/csv.js';
import { CONTROL_CELL_MESSAGE, controlCellErrors, refuseControlCellsInGrid } from './control-cells.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-control-cells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { status: number; message: string; errors: { path: unknown[]; message: string }[] };
  }
  throw new Error('expected a refusal');
};

describe('controlCellErrors', () => {
  it('names the row and the column heading of each cell that holds one', () => {
    expect(controlCellErrors(['ok', 'a\u0000b', 'c\u0085'], 4, ['partnership', 'place', ''])).toEqual([
      { path: ['rows', 4, 'place'], message: CONTROL_CELL_MESSAGE },
      { path: ['rows', 4, 'column 3'], message: CONTROL_CELL_MESSAGE },
    ]);
  });
  it('keeps tabs and line breaks inside a cell', () => {
    expect(controlCellErrors(['two\nlines', 'a\tb', 'crlf\r\n'], 2, ['a', 'b', 'c'])).toEqual([]);
  });
  it('puts the file first when asked', () => {
    expect(controlCellErrors(['R1', 'x\u0001'], 7, ['respondent_id', 'code'], ['codings.csv'])[0]!.path).toEqual([
      'codings.csv',
      7,
      'code',
    ]);
  });
});

describe('refuseControlCellsInGrid', () => {
  it('is a 422 that says where the first one is and how many more', () => {
    const err = problemOf(() =>
      refuseControlCellsInGrid(
        [
          ['partnership', 'place'],
          ['A\u0000', 'X'],
          ['B', 'Y\u0007'],
        ],
        0,
      ),
    );
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'The file has an invisible control character, such as a NUL byte, in row 2, partnership (and 1 more cell). Remove it and import the file again.',
    );
    expect(err.errors.map((e) => e.path)).toEqual([
      ['rows', 2, 'partnership'],
      ['rows', 3, 'place'],
    ]);
  });
  it('lets a clean grid through', () => {
    expect(() => refuseControlCellsInGrid([['partnership'], ['A']], 0)).not.toThrow();
  });
});

describe('the evidence reader, checked', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const read = async (path: string) => {
    const out = [];
    for await (const r of checkedCsvRecords(path, 'codings.csv')) out.push(r);
    return out;
  };

  it('refuses a NUL on the plain-line path and on the csv-parse path, naming file, row and column', async () => {
    const plain = await read(file('plain.csv', 'respondent_id,family,code\nR1,context,Trust\nR2,context,Tr\u0000ust\n')).catch(
      (e: unknown) => e,
    );
    expect(plain).toMatchObject({ status: 422, errors: [{ path: ['codings.csv', 3, 'code'] }] });
    expect((plain as Error).message).toMatch(/in codings\.csv row 3, code/);
    const quoted = await read(
      file('quoted.csv', 'respondent_id,family,code\n"R1","context","multi\nline"\nR2,context,"Tr\u0000ust"\n'),
    ).catch((e: unknown) => e);
    expect(quoted).toMatchObject({ status: 422, errors: [{ path: ['codings.csv', 4, 'code'] }] });
  });

  it('reads a clean file as the plain reader does', async () => {
    const path = file('clean.csv', 'respondent_id,family,code\nR1,context,Trust\n');
    const plain = [];
    for await (const r of csvRecords(path, 'codings.csv')) plain.push(r);
    expect(await read(path)).toEqual(plain);
    let batches = 0;
    for await (const _ of checkedCsvBatches(path, 'codings.csv')) batches++;
    expect(batches).toBe(1);
  });
});
