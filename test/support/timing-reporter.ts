// A reporter beside vitest's own: at the end of a run it prints each tier's wall time (first file started
// to last file ended), its files' summed durations and slowest files, and every test that took more than
// half of its timeout (a test that close to its limit fails on a slower or busier machine).
// CAIRN_TEST_TIMINGS=<file> also writes every file's and test's duration there as JSON.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

interface Tier {
  start: number;
  end: number;
  files: { file: string; ms: number }[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export default class TimingReporter implements Reporter {
  private readonly tiers = new Map<string, Tier>();
  private readonly root = process.cwd();
  private runStart = Date.now();

  onTestRunStart(): void {
    this.runStart = Date.now();
  }

  onTestModuleStart(module: TestModule): void {
    const name = module.project.name;
    const now = Date.now();
    const tier = this.tiers.get(name) ?? { start: now, end: now, files: [] };
    tier.start = Math.min(tier.start, now);
    this.tiers.set(name, tier);
  }

  onTestModuleEnd(module: TestModule): void {
    const tier = this.tiers.get(module.project.name);
    if (!tier) return;
    tier.end = Math.max(tier.end, Date.now());
    tier.files.push({ file: module.moduleId.replace(`${this.root}/`, ''), ms: module.diagnostic().duration });
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const out: string[] = ['', ' Time by tier (wall: first file started to last file ended)'];
    for (const [name, tier] of this.tiers) {
      const sum = tier.files.reduce((a, f) => a + f.ms, 0);
      const slowest = [...tier.files].sort((a, b) => b.ms - a.ms).slice(0, 3);
      out.push(
        `   ${name.padEnd(9)} wall ${seconds(tier.end - tier.start).padStart(8)} (${seconds(tier.start - this.runStart)} to ${seconds(tier.end - this.runStart)} into the run)   ${String(tier.files.length).padStart(3)} files, ${seconds(sum)} summed` +
          `   slowest: ${slowest.map((f) => `${f.file} ${seconds(f.ms)}`).join(', ')}`,
      );
    }
    out.push(`   all       wall ${seconds(Date.now() - this.runStart).padStart(8)}`);

    const close: string[] = [];
    const tests: { project: string; file: string; test: string; ms: number; timeout: number | undefined }[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const ms = test.diagnostic()?.duration ?? 0;
        const timeout = test.options.timeout ?? module.project.config.testTimeout;
        const file = module.moduleId.replace(`${this.root}/`, '');
        tests.push({ project: module.project.name, file, test: test.fullName, ms, timeout });
        if (timeout && ms > timeout / 2)
          close.push(`   ${module.project.name} ${file} > ${test.fullName}: ${seconds(ms)} of ${seconds(timeout)}`);
      }
    }
    if (close.length) out.push('', ' Tests over half their timeout:', ...close);
    else out.push('', ' No test took more than half its timeout.');
    process.stdout.write(`${out.join('\n')}\n`);

    if (process.env.CAIRN_TEST_TIMINGS) {
      const files = [...this.tiers].flatMap(([project, tier]) => tier.files.map((f) => ({ project, ...f })));
      const tiers = Object.fromEntries(
        [...this.tiers].map(([name, t]) => [name, { wallMs: t.end - t.start, fromMs: t.start - this.runStart, files: t.files.length }]),
      );
      writeFileSync(process.env.CAIRN_TEST_TIMINGS, JSON.stringify({ wallMs: Date.now() - this.runStart, tiers, files, tests }, null, 2));
    }
  }
}
