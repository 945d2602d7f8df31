import { afterEach, beforeEach, vi } from 'vitest';

// A test that makes Cairn print an error or a warning fails: a 500 in a test is a bug, not noise.
// Process warnings count too (pg warns about overlapping queries on one connection that way).
let problems: string[] = [];
const onWarning = (w: Error) => {
  if (w.name === 'ExperimentalWarning') return;
  problems.push(`process warning: ${w.name}: ${w.message}`);
};
beforeEach(() => {
  problems = [];
  process.on('warning', onWarning);
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      problems.push(`console.${level}: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`);
    });
  }
});
afterEach(() => {
  process.off('warning', onWarning);
  vi.restoreAllMocks();
  if (problems.length) throw new Error(`Unexpected console output:\n${problems.join('\n')}`);
});
