import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/**
 * The source modules behind the two pages a phone must show quickly: the sign-in page and the
 * partnerships list (inside the programme frame). When one is split into a lazy chunk, that chunk and
 * what it imports count too; while they are in the entry bundle they add nothing extra.
 */
export const FIRST_PAGES = ['src/accounts/auth.tsx', 'src/app/programme-frame.tsx', 'src/registry/partnerships-list.tsx'];

export interface DownloadFile {
  file: string;
  raw: number;
  gzip: number;
  /** Brotli at its best quality, as the build writes it beside each asset (vite.config.ts) and Cairn sends it. */
  brotli: number;
}

/** Files a browser fetches to show FIRST_PAGES from a built dist/web (the entry, its static imports, CSS, their lazy chunks). */
export function firstPageDownload(outDir: string): { files: DownloadFile[]; html: DownloadFile } {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const keys = new Set<string>();
  const add = (key: string) => {
    if (keys.has(key) || !manifest[key]) return;
    keys.add(key);
    for (const i of manifest[key]!.imports ?? []) add(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) add(key);
  for (const key of FIRST_PAGES) add(key);
  const files = new Set<string>();
  for (const key of keys) {
    files.add(manifest[key]!.file);
    for (const css of manifest[key]!.css ?? []) files.add(css);
  }
  const measure = (file: string): DownloadFile => {
    const bytes = readFileSync(join(outDir, file));
    // Level 6 is what a reverse proxy or @fastify/compress uses by default.
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 6 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  return { files: [...files].sort().map(measure), html: measure('index.html') };
}
