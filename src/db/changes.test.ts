import { describe, expect, it } from 'vitest';
import { ChangeFeed } from './changes.js';

describe('ChangeFeed', () => {
  it('moves a programme’s revision only when that programme changes', () => {
    const feed = new ChangeFeed();
    const a0 = feed.revision('a');
    const b0 = feed.revision('b');
    feed.receive('a|partnership');
    expect(feed.revision('a')).not.toBe(a0);
    expect(feed.revision('b')).toBe(b0);
  });

  it('moves every revision on a change outside programmes, and tells account listeners about people', () => {
    const feed = new ChangeFeed();
    let told = 0;
    feed.onAccountChange(() => told++);
    const a0 = feed.revision('a');
    feed.receive('*|user');
    expect(feed.revision('a')).not.toBe(a0);
    expect(told).toBe(1);
    feed.receive('a|user');
    expect(told).toBe(2);
    feed.receive('a|place');
    expect(told).toBe(2);
  });

  it('forgets everything when the listening connection is lost, and never repeats a revision', () => {
    const feed = new ChangeFeed();
    feed.resumed();
    const before = feed.revision('a');
    feed.lost();
    expect(feed.live).toBe(false);
    feed.resumed();
    expect(feed.live).toBe(true);
    expect(feed.revision('a')).not.toBe(before);
  });
});
