import { describe, expect, it } from 'vitest';
import { type StatusEvent, currentStatus, needsReason } from './lifecycle.js';

const at = (iso: string) => new Date(iso);

describe('currentStatus', () => {
  it('is active when nothing has been recorded', () => {
    expect(currentStatus([])).toBe('active');
  });

  it('is the status that took effect latest, whatever order they were recorded in', () => {
    const events: StatusEvent[] = [
      { status: 'wound_up', effectiveOn: '2021-03-31', recordedAt: at('2021-04-02T10:00:00Z') },
      // Recorded later, but about an earlier time: a back-filled history does not change "now".
      { status: 'struggling', effectiveOn: '2020-06-01', recordedAt: at('2022-01-01T10:00:00Z') },
    ];
    expect(currentStatus(events)).toBe('wound_up');
  });

  it('takes the one recorded last when two take effect on the same day', () => {
    const events: StatusEvent[] = [
      { status: 'struggling', effectiveOn: '2021-01-01', recordedAt: at('2021-01-02T09:00:00Z') },
      { status: 'active', effectiveOn: '2021-01-01', recordedAt: at('2021-01-02T11:00:00Z') },
      { status: 'merged', effectiveOn: '2020-12-01', recordedAt: at('2021-01-03T09:00:00Z') },
    ];
    expect(currentStatus(events)).toBe('active');
    expect(currentStatus([...events].reverse())).toBe('active');
  });
});

describe('needsReason', () => {
  it('asks for a reason only when an organisation merges or winds up', () => {
    expect(needsReason('merged')).toBe(true);
    expect(needsReason('wound_up')).toBe(true);
    expect(needsReason('active')).toBe(false);
    expect(needsReason('struggling')).toBe(false);
  });
});
