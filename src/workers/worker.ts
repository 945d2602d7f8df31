// The entry of each worker thread in the pool (pool.ts): the tasks (tasks.ts), at a lower priority.
// Compiled, it is build/workers/worker.js; run from source (tests, `cairn` before a build), pool.ts
// starts worker-from-source.js instead, which registers tsx first.
import { setPriority } from 'node:os';
import { runHere } from './tasks.js';

// On Linux a thread has its own priority: this one gives way to the request loop when both want a core.
try {
  setPriority(10);
} catch {
  // Not permitted here, or not per-thread on this system: the work still runs, at the usual priority.
}

export default runHere;
