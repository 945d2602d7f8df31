/**
 * `cairn --help` and `cairn <command> --help` answer at once (decision 014): they load commander and the
 * command definitions, never the database, the HTTP server, zod or any module's code. Run from the
 * TypeScript through tsx, with a resolve hook noting every module the process loads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-help-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.CAIRN_LOADED_LOG, r.url + '\\n');
  return r;
}
`,
);
writeFileSync(
  join(dir, 'register.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
);

/** What `cairn <args>` loads: packages by name, and Cairn's own files relative to src/. */
function loaded(args: string[]): Promise<{ code: number; stdout: string; packages: string[]; files: string[] }> {
  const log = join(dir, `${args.join('-')}.log`);
  writeFileSync(log, '');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', join(dir, 'register.mjs'), 'src/cli/main.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, CAIRN_LOADED_LOG: log, DATABASE_URL: '', CAIRN_DATA_DIR: join(dir, 'never-made') } },
      (err, stdout) => {
        const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
        const packages = new Set<string>();
        const files = new Set<string>();
        for (const url of urls) {
          const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
          if (pkg) packages.add(pkg);
          else if (url.startsWith(pathToFileURL(join(repoRoot, 'src')).href))
            files.add(url.slice(pathToFileURL(join(repoRoot, 'src')).href.length + 1));
        }
        // tsx and its compiler are how this test runs the TypeScript; the compiled build does without them.
        for (const runner of ['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']) packages.delete(runner);
        resolve({
          code: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout,
          packages: [...packages].sort(),
          files: [...files].sort(),
        });
      },
    );
  });
}

const CLI_ONLY =
  /^cli\/(main|commands|define|control-characters|commands\/[a-z-]+)\.ts$|^http\/(errors|control-characters)\.ts$|^errors\.ts$|^db\/unavailable\.ts$/;

describe('cairn --help', () => {
  for (const args of [['--help'], ['programme', '--help'], ['programme', 'list', '--help'], ['analyse', 'figures', '--help']]) {
    it(`cairn ${args.join(' ')} loads commander and the command definitions only`, async () => {
      const run = await loaded(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: cairn/);
      expect(run.packages).toEqual(['commander']);
      expect(run.files.filter((f) => !CLI_ONLY.test(f))).toEqual([]);
    }, 60_000);
  }
});
