// What a test file opened through the shared helpers (an app, its database) is closed when the file ends.
// A helper cannot register that itself: an `afterAll` called inside a `beforeAll`, where files start
// their app, is never run by Vitest. Left open, a file's database connections and embedded engine
// outlived it in the worker that ran it, and the next files in that worker paid for them.
import { afterAll } from 'vitest';

const closers: Array<() => Promise<void>> = [];

/** Closes `close` when the current test file ends, after the file's own `afterAll` hooks. */
export function closeWhenFileEnds(close: () => Promise<void>): void {
  closers.push(close);
}

// Registered by the setup file below, before the file's own hooks, so it runs after them.
export function registerFileEnd(): void {
  afterAll(async () => {
    const failures: unknown[] = [];
    while (closers.length) {
      try {
        await closers.pop()!();
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  });
}
