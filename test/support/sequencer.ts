// The order test files start in. All tiers share one queue of two workers (vitest.config.ts), so the
// order decides how well the run packs: long files first, short ones filling in at the end, so that
// neither worker waits idle while the other finishes one long file.
//
// Vitest orders files it has timings for tier by tier, longest first. On a fresh clone (CI) it has none
// and runs the largest files first, and size says little here: a short file that runs the CLI as a child
// process again and again takes minutes. So when the run has no timings at all, each tier's files go in
// three bands, each largest first: those that start processes (browser tests, CLI tests), then the other
// integration tests, then the unit tests.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const startsProcesses = /support\/cli\.js|node:child_process|startCairn\(/;

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = sorted.some((spec) =>
      Boolean(this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`)),
    );
    if (timed) return sorted;
    const weight = new Map<TestSpecification, [number, number, number]>();
    for (const spec of sorted) {
      const band = spec.project.name === 'unit' ? 0 : startsProcesses.test(readFileSync(spec.moduleId, 'utf8')) ? 2 : 1;
      weight.set(spec, [spec.project.config.sequence.groupOrder, band, statSync(spec.moduleId).size]);
    }
    // Each tier's files stay together, tiers in Vitest's own order (by name, as with timings): a worker
    // serves one tier at a time, so files of several tiers mixed in the queue had workers started and
    // the server imported again at every change of tier (import time 147 s in a fresh clone's run,
    // against 32 s with the tiers together).
    return [...sorted].sort((a, b) => {
      const [ga, ba, sa] = weight.get(a)!;
      const [gb, bb, sb] = weight.get(b)!;
      const tier = a.project.name === b.project.name ? 0 : a.project.name < b.project.name ? -1 : 1;
      return ga - gb || tier || bb - ba || sb - sa;
    });
  }
}
