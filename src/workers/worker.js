// The entry of each worker thread in the pool (pool.ts). A worker thread starts as plain Node, without
// the tsx loader the main thread has (bin/cairn.js, vitest), so it registers tsx itself, as bin/cairn.js
// does, before loading the TypeScript tasks.
import { setPriority } from 'node:os';
import { register } from 'tsx/esm/api';

// On Linux a thread has its own priority: this one gives way to the request loop when both want a core.
try {
  setPriority(10);
} catch {
  // Not permitted here, or not per-thread on this system: the work still runs, at the usual priority.
}
register();
const { runHere } = await import('./tasks.ts');
export default runHere;
