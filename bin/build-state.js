// Whether build/ holds the JavaScript of today's src/: read by bin/cairn.js on every start (a few
// milliseconds: one walk of src/ and a stat a file), written by bin/build.js at the end of a build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const srcDir = join(root, 'src');
/** src/ compiled file for file at the same depth, so a path a source file takes relative to itself holds there too. */
export const buildDir = join(root, 'build');
const stampFile = join(buildDir, 'build-state.json');

/** Tests and notes stay out of the build, and changing them does not make it stale. */
const isLeftOut = (name) => /\.(test|integration-test)\.tsx?$/.test(name) || name.endsWith('.md') || name.endsWith('.d.ts');

/** Besides src/, what shapes the build: a change to either makes it stale too. */
const buildInputs = [join(root, 'tsconfig.json'), join(root, 'bin', 'build.js')];

/** What the build is made from, as paths relative to src/ (sorted), and the newest modification time among them. */
export function sources() {
  const files = [];
  let newest = Math.max(...buildInputs.map((f) => statSync(f).mtimeMs));
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || isLeftOut(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files.push(relative(srcDir, path));
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  files.sort();
  return { files, newest };
}

/** The state a finished build records: what it was made from, so a file added, removed, renamed or edited since shows. */
export const stamp = (state) => JSON.stringify({ newest: state.newest, files: state.files });

/**
 * Why build/ cannot be run as it is (no build, or src/ changed since), or null when it is current. An
 * unfinished or failed build leaves no state file, so it is never taken for a finished one.
 */
export function staleness() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'there is no finished build in build/';
  }
  const now = sources();
  if (now.newest > recorded.newest) return 'src/ has changed since the last build';
  if (now.files.length !== recorded.files.length || now.files.some((f, i) => f !== recorded.files[i])) {
    return 'files were added to, moved in or removed from src/ since the last build';
  }
  return null;
}

export const stampPath = stampFile;
