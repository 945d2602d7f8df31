import { describe, expect, it } from 'vitest';
import { BadIfMatch, etagOf, isVersion, parseIfMatch, withVersion } from './versions.js';

describe('If-Match', () => {
  it('is absent, any version, or a list of quoted tags', () => {
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch('"123"')).toEqual(['123']);
    expect(parseIfMatch(' "123" , "456.0123456789ab"')).toEqual(['123', '456.0123456789ab']);
    expect(parseIfMatch(['"1"', '"2"'])).toEqual(['1', '2']);
  });

  it('refuses what is not a quoted strong tag, with a plain message naming the header', () => {
    for (const bad of ['123', 'W/"123"', '"12"3"', '', '"1", 2', `"${'1'.repeat(1200)}"`]) {
      expect(() => parseIfMatch(bad), bad).toThrow(BadIfMatch);
    }
    try {
      parseIfMatch('123');
    } catch (err) {
      expect((err as BadIfMatch).status).toBe(400);
      expect((err as BadIfMatch).message).toMatch(/If-Match header must be the ETag Cairn sent/);
      expect((err as BadIfMatch).errors[0]!.path).toEqual(['headers', 'if-match']);
    }
  });

  it('knows the shape of a version Cairn gives: a row version, and for composite records a fingerprint of their parts', () => {
    expect(isVersion('1234')).toBe(true);
    expect(isVersion('1234.0123456789ab')).toBe(true);
    expect(isVersion('1234.xyz')).toBe(false);
    expect(isVersion('abc')).toBe(false);
    expect(etagOf('1234')).toBe('"1234"');
  });

  it('puts the version in a record answer’s data, and leaves it out once the record is gone', () => {
    expect(withVersion({ data: { id: 'a' }, abilities: {} }, '7')).toEqual({ data: { id: 'a', version: '7' }, abilities: {} });
    expect(withVersion({ data: { id: 'a' } }, null)).toEqual({ data: { id: 'a' } });
  });
});
