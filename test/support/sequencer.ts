// The order test files start in. Vitest runs files it has timings for longest first; on a fresh clone
// (CI) it has none and runs the largest files first. Size says little here: a short file that runs the
// CLI as a child process again and again takes minutes, and started last it leaves the other worker
// idle at the end of its tier. So where a tier has no timings yet, files that start processes go first,
// then the rest, each largest first: the long files overlap, and the short ones fill in at the end.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const startsProcesses = /support\/cli\.js|node:child_process/;

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = (spec: TestSpecification) =>
      Boolean(this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`));
    const untimedProjects = new Set(
      sorted.filter((s) => !sorted.some((t) => t.project.name === s.project.name && timed(t))).map((s) => s.project.name),
    );
    if (untimedProjects.size === 0) return sorted;
    const weight = new Map<TestSpecification, [number, number]>();
    for (const spec of sorted) {
      if (!untimedProjects.has(spec.project.name)) continue;
      const text = readFileSync(spec.moduleId, 'utf8');
      weight.set(spec, [startsProcesses.test(text) ? 1 : 0, statSync(spec.moduleId).size]);
    }
    // Stable: only files of the same untimed project change places among themselves.
    const result = [...sorted];
    const slots = result.map((s, i) => [s, i] as const).filter(([s]) => weight.has(s));
    const byProject = new Map<string, (typeof slots)[number][]>();
    for (const slot of slots) byProject.set(slot[0].project.name, [...(byProject.get(slot[0].project.name) ?? []), slot]);
    for (const group of byProject.values()) {
      const order = group
        .map(([s]) => s)
        .sort((a, b) => {
          const [pa, sa] = weight.get(a)!;
          const [pb, sb] = weight.get(b)!;
          return pb - pa || sb - sa;
        });
      group.forEach(([, index], k) => {
        result[index] = order[k]!;
      });
    }
    return result;
  }
}
