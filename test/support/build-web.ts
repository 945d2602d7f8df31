// `node --import tsx test/support/build-web.ts`: the web UI built for the browser tests when it is stale,
// run by bin/test-run.js before Vitest starts (the type check runs beside it).
import { buildWebIfStale } from './e2e-setup.js';

buildWebIfStale();
