import { afterEach, beforeEach, vi } from 'vitest';

// A test that makes Cairn print an error or a warning fails: a 500 in a test is a bug, not noise.
let problems: string[] = [];
beforeEach(() => {
  problems = [];
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      problems.push(`console.${level}: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  if (problems.length) throw new Error(`Unexpected console output:\n${problems.join('\n')}`);
});
