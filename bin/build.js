// `npm run build:server` (and so `npm ci`'s prepare, `npm start`, `npm test`, the bench): src/ compiled to
// JavaScript in build/, file for file, by esbuild (decision 014). No bundling: each .ts becomes one .js
// at the same place, every other file (reference data, SQL) is copied, so `new URL('../../x',
// import.meta.url)` finds in build/ what it finds in src/. Type checking is `tsc -p .`'s job, not this.
//
// The new build is made in a folder of its own and swapped in whole, so a `cairn` starting meanwhile
// sees the old build or the new one, never half of one; the state file bin/cairn.js checks is written
// last.
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { buildDir, root, sources, srcDir, stamp, staleness } from './build-state.js';

const quiet = process.argv.includes('--quiet');
// A current build is left as it is (`--force` makes a new one anyway): `npm test`, `npm start` and the
// bench each build first, and a `cairn` already running from build/ is then not disturbed.
if (!process.argv.includes('--force') && staleness() === null) {
  if (!quiet) process.stdout.write('build/ is up to date with src/\n');
  process.exit(0);
}
const started = performance.now();
// Read before compiling: a file saved during the build is newer than the state says, so the build shows as stale.
const state = sources();
const next = `${buildDir}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });

const isTypeScript = (f) => f.endsWith('.ts');
await build({
  entryPoints: state.files.filter(isTypeScript).map((f) => join(srcDir, f)),
  outdir: next,
  outbase: srcDir,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // As tsx compiles: the same esbuild, the project's tsconfig, class and function names kept.
  tsconfig: join(root, 'tsconfig.json'),
  keepNames: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
for (const f of state.files.filter((f) => !isTypeScript(f))) {
  mkdirSync(dirname(join(next, f)), { recursive: true });
  copyFileSync(join(srcDir, f), join(next, f));
}
writeFileSync(join(next, 'build-state.json'), stamp(state));

const old = `${buildDir}.old-${process.pid}`;
try {
  renameSync(buildDir, old);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
try {
  renameSync(next, buildDir);
} catch (err) {
  // Another build put its own in place first: made from the same src/, so this one is not needed.
  if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  rmSync(next, { recursive: true, force: true });
}
rmSync(old, { recursive: true, force: true });
if (!quiet) {
  process.stdout.write(
    `Built ${state.files.filter(isTypeScript).length} files into build/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
