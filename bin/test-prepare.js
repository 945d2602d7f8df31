#!/usr/bin/env node
// Before `vitest run` (npm test): the type check and the web UI's build for the browser tests, at the same
// time. Each takes tens of seconds on CI's two cores and needs one; one after the other, the second core
// sat idle. Each job's output is printed when it ends; the first failure fails the step.
import { spawn } from 'node:child_process';

const jobs = [
  { name: 'type check (tsc -p .)', args: ['node_modules/typescript/bin/tsc', '-p', '.'] },
  { name: 'web UI build for the browser tests', args: ['--import', 'tsx', 'test/support/build-web.ts'] },
];

const results = await Promise.all(
  jobs.map(
    (job) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, job.args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => {
          if (output) process.stdout.write(output);
          if (code !== 0) process.stderr.write(`${job.name} failed (exit ${code})\n`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.find((code) => code !== 0) ?? 0);
