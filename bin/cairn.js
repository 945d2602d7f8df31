#!/usr/bin/env node
// The `cairn` command. It runs the compiled JavaScript in build/ (bin/build.js; `npm ci`, `npm start`
// and `npm test` build it), which starts at once. When there is no build, or src/ has changed since the
// last one, it runs the TypeScript through tsx instead, as Cairn did before decision 014: slower to
// start, never out of date. On a terminal it says so, with the command that makes the build.
import { staleness } from './build-state.js';

const why = staleness();
if (why === null) {
  await import('../build/cli/main.js');
} else {
  if (process.stderr.isTTY) {
    process.stderr.write(`cairn: ${why}, so this runs from the TypeScript (slower to start); \`npm run build:server\` makes it current.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
