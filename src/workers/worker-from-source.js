// The worker threads' entry when Cairn runs from its TypeScript (tests, or `cairn` with no current
// build: see bin/cairn.js). A worker thread starts as plain Node, without the tsx loader the main
// thread has, so it registers tsx itself before loading worker.ts. The compiled build starts
// build/workers/worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
const { default: runHere } = await import('./worker.ts');
export default runHere;
