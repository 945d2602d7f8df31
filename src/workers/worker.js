// The entry of each worker thread in the pool (pool.ts). A worker thread starts as plain Node, without
// the tsx loader the main thread has (bin/cairn.js, vitest), so it registers tsx itself, as bin/cairn.js
// does, before loading the TypeScript tasks.
import { register } from 'tsx/esm/api';

register();
const { runHere } = await import('./tasks.ts');
export default runHere;
