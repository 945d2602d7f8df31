import { describe, expect, it } from 'vitest';
import { diffRecords } from './audit.js';

describe('diffRecords', () => {
  it('records each changed field as [old, new] and leaves unchanged ones out', () => {
    expect(diffRecords({ name: 'Old', region: 'East' }, { name: 'New', region: 'East' })).toEqual({ name: ['Old', 'New'] });
  });

  it('shows a created record as null → value and a deleted one as value → null', () => {
    expect(diffRecords(null, { name: 'A' })).toEqual({ name: [null, 'A'] });
    expect(diffRecords({ name: 'A' }, null)).toEqual({ name: ['A', null] });
  });

  it('compares lists and dates by value, and ignores bookkeeping timestamps', () => {
    const d = new Date('2020-01-01T00:00:00Z');
    expect(diffRecords({ ids: ['GB-CHC-1'], at: d, updatedAt: 1 }, { ids: ['GB-CHC-1'], at: new Date(d), updatedAt: 2 })).toEqual({});
    expect(diffRecords({ ids: ['a'] }, { ids: ['a', 'b'] })).toEqual({ ids: [['a'], ['a', 'b']] });
  });
});
