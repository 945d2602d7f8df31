import { describe, expect, it } from 'vitest';
import { CopySpool, copyCell, copyLine } from './copy.js';

describe('COPY text format', () => {
  it('writes null as \\N and booleans as t/f, so PostgreSQL reads them back as they were', () => {
    expect(copyLine([null, undefined, true, false, 0, 'x'])).toBe('\\N\t\\N\tt\tf\t0\tx\n');
  });

  it('escapes what would split a cell or a row, and backslashes first so nothing is escaped twice', () => {
    expect(copyCell('a\tb')).toBe('a\\tb');
    expect(copyCell('line one\nline two\r')).toBe('line one\\nline two\\r');
    expect(copyCell('C:\\new')).toBe('C:\\\\new');
    expect(copyCell('\\N')).toBe('\\\\N');
  });

  it('leaves ordinary text, quotes and non-ASCII letters alone', () => {
    expect(copyCell('Grapevine “Coventry” – £1,200')).toBe('Grapevine “Coventry” – £1,200');
  });
});

describe('CopySpool', () => {
  it('gives back exactly the lines added, as UTF-8, in blocks of whole lines', () => {
    const spool = new CopySpool();
    const lines = [
      ...Array.from({ length: 3000 }, (_, i) => `${i}\tBradford’s return — row ${i}\n`),
      `${'long cell '.repeat(10_000)}\n`,
      'last\n',
    ];
    for (const l of lines) spool.add(l);
    const blocks = spool.contents();
    expect(blocks.length).toBeGreaterThan(1);
    expect(Buffer.concat(blocks).toString('utf8')).toBe(lines.join(''));
    // Lines added whole stay whole within a block (COPY itself would take a line split across two).
    expect(blocks.every((b) => b[b.length - 1] === 10)).toBe(true);
    expect(spool.lines).toBe(lines.length);
  });

  it('holds nothing once cleared', () => {
    const spool = new CopySpool();
    spool.add('a\tb\n');
    spool.clear();
    expect(spool.contents()).toEqual([]);
  });
});
