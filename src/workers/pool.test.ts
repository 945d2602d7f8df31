import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.js';
import { poolSize, runTask } from './pool.js';

describe('the worker pool', () => {
  it('keeps a core for the request loop: one or two threads, or as many as CAIRN_WORKER_THREADS says', () => {
    expect(poolSize({})).toBeGreaterThanOrEqual(1);
    expect(poolSize({})).toBeLessThanOrEqual(2);
    expect(poolSize({ CAIRN_WORKER_THREADS: '3' })).toBe(3);
    expect(() => poolSize({ CAIRN_WORKER_THREADS: 'many' })).toThrow(
      'CAIRN_WORKER_THREADS must be a whole number from 1 to 64, not “many”.',
    );
    expect(() => poolSize({ CAIRN_WORKER_THREADS: '0' })).toThrow(/from 1 to 64/);
  });

  it('runs TypeScript tasks on a thread, and brings a refusal in words back as the same kind of error', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#1d70b8"/></svg>';
    const png = await runTask('png', { svg });
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const refused = await runTask('registrySheet', { bytes: new Uint8Array(0), filename: 'empty.csv' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).message).toBe('The file is empty. Choose the spreadsheet with your partnerships in it.');
  });
});
