// `node --import tsx test/support/build-web.ts`: the web UI built for the browser tests when it is stale,
// run by bin/test-prepare.js beside the type check, before Vitest starts.
import { buildWebIfStale } from './e2e-setup.js';

buildWebIfStale();
