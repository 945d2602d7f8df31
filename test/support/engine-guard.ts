// Integration files share their worker's modules (vitest.config.ts), so `testEngine` is read once per
// worker. A worker that ran one tier's files and then another's would run the second tier on the first
// tier's engine and pass for the wrong reason: this stops the file instead.
import { testEngine } from './database.js';

const wanted = process.env.CAIRN_TEST_ENGINE ?? 'pglite';
if (wanted !== testEngine) throw new Error(`This file is for the ${wanted} tier, but its worker was set up for ${testEngine}.`);
