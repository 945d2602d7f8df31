import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The house's size rule (issue 13, docs/architecture.md): a file that outgrows these has several things
// in it, and gets split by meaning. Tests and generated files aside.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_LIMIT = 600;
const PAGE_LIMIT = 400;
const CAPABILITIES = ['accounts', 'registry', 'monitoring', 'evaluation'];

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|js)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}
const isTestOrGenerated = (path: string) => /\.(test|integration-test|e2e)\.ts$|\.generated\.ts$/.test(path);
const linesOf = (path: string) => readFileSync(join(ROOT, path), 'utf8').split('\n').length;

describe('file sizes', () => {
  const sources = ['src', 'web/src', 'bin'].flatMap(filesUnder).filter((p) => !isTestOrGenerated(p));

  it(`no source file in src/, web/src/ or bin/ is over ${SOURCE_LIMIT} lines`, () => {
    expect(sources.length).toBeGreaterThan(100);
    const over = sources.filter((p) => linesOf(p) > SOURCE_LIMIT).map((p) => `${p}: ${linesOf(p)} lines`);
    expect(over).toEqual([]);
  });

  it(`no web page file is over ${PAGE_LIMIT} lines`, () => {
    const pages = sources.filter((p) => p.endsWith('.tsx') && CAPABILITIES.some((c) => p.startsWith(`web/src/${c}/`)));
    expect(pages.length).toBeGreaterThan(20);
    const over = pages.filter((p) => linesOf(p) > PAGE_LIMIT).map((p) => `${p}: ${linesOf(p)} lines`);
    expect(over).toEqual([]);
  });
});
