import { describe, expect, it } from 'vitest';
import { copyCell, copyLine } from './copy.js';

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
