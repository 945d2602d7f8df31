import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTER_MESSAGE, controlCharacterErrors, hasControlCharacter } from './control-characters.js';

describe('hasControlCharacter', () => {
  it.each(['\u0000', 'a\u0007b', '\u001b[31m', '\u007f', '\u0085', '\u009f', '\u000b', '\u000c'])('finds %j in text and in a line', (s) => {
    expect(hasControlCharacter(s, 'text')).toBe(true);
    expect(hasControlCharacter(s, 'line')).toBe(true);
  });
  it('allows tab and line breaks in text, not in a line', () => {
    for (const s of ['a\tb', 'a\nb', 'a\r\nb']) {
      expect(hasControlCharacter(s, 'text')).toBe(false);
      expect(hasControlCharacter(s, 'line')).toBe(true);
    }
  });
  it.each(['plain', 'Café – £5 “quoted”', '\u00a0', 'emoji 🌱', ''])('lets %j through', (s) => {
    expect(hasControlCharacter(s, 'line')).toBe(false);
  });
});

describe('controlCharacterErrors', () => {
  it('names every field that holds one, keys included', () => {
    const body = {
      name: 'ok\u0000',
      notes: 'line one\nline two',
      list: ['fine', 'bad\u0007'],
      nested: { 'k\u0000ey': 1, deep: { x: '\u001f' } },
    };
    expect(controlCharacterErrors(body, [], 'text')).toEqual([
      { path: ['name'], message: CONTROL_CHARACTER_MESSAGE },
      { path: ['list', 1], message: CONTROL_CHARACTER_MESSAGE },
      { path: ['nested', 'k\uFFFDey'], message: expect.stringMatching(/field’s name/) },
      { path: ['nested', 'deep', 'x'], message: CONTROL_CHARACTER_MESSAGE },
    ]);
  });
  it('passes numbers, booleans, null and bytes', () => {
    expect(controlCharacterErrors({ a: 1, b: true, c: null, d: Buffer.from([0]) }, [], 'text')).toEqual([]);
    expect(controlCharacterErrors(Buffer.from([0, 1]), [], 'text')).toEqual([]);
  });
  it('reads the query as lines', () => {
    expect(controlCharacterErrors({ q: 'a\tb' }, ['query'], 'line')).toEqual([
      { path: ['query', 'q'], message: CONTROL_CHARACTER_MESSAGE },
    ]);
  });
});
