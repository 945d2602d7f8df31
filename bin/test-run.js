#!/usr/bin/env node
// `npm test` after the lint and the server's build: the web UI built for the browser tests (when stale),
// then Vitest, with the type check (`tsc -p .`) running beside both. The type check takes tens of seconds
// of one core and nothing waits for its answer, so it no longer runs before Vitest: it fills the time
// Vitest's global set-up leaves a core idle, at a slightly lower priority than the tests. Its output is
// printed when it ends; either failing fails `npm test`. Arguments go to `vitest run`.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

function run(name, args, { capture = false, nice = 0 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (nice) {
      try {
        setPriority(child.pid, nice);
      } catch {
        // Not permitted here: it runs at the usual priority.
      }
    }
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code, signal) => {
      if (output) process.stdout.write(output);
      const status = code ?? (signal ? 1 : 0);
      if (status !== 0) process.stderr.write(`\n${name} failed (exit ${code ?? signal})\n`);
      resolve(status);
    });
  });
}

const typeCheck = run('type check (tsc -p .)', ['node_modules/typescript/bin/tsc', '-p', '.'], { capture: true, nice: 5 });
const web = await run('web UI build for the browser tests', ['--import', 'tsx', 'test/support/build-web.ts'], { capture: true });
const tests = web === 0 ? await run('vitest run', ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]) : 1;
const types = await typeCheck;
process.exit(tests || types || web);
