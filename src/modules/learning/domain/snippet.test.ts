import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet.js';

describe('snippetParts', () => {
  it('splits ts_headline’s marked text into plain parts and matches', () => {
    expect(snippetParts('we \u0002volunteered\u0003 at <b>the</b> \u0002volunteers\u0003’ café')).toEqual([
      { text: 'we ', match: false },
      { text: 'volunteered', match: true },
      { text: ' at <b>the</b> ', match: false },
      { text: 'volunteers', match: true },
      { text: '’ café', match: false },
    ]);
  });
  it('copes with no match, an unclosed match and adjacent matches', () => {
    expect(snippetParts('plain')).toEqual([{ text: 'plain', match: false }]);
    expect(snippetParts('a \u0002b')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
    ]);
    expect(snippetParts('\u0002a\u0003\u0002b\u0003')).toEqual([{ text: 'ab', match: true }]);
    expect(snippetParts('')).toEqual([]);
  });
});
