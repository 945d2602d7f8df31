/**
 * "A landed migration is never edited" (decision 013), kept by a list: migrations/checksums.txt holds the
 * sha256 of every file under migrations/ and of each entry of meta/_journal.json (the journal itself grows
 * by an entry per migration, so its entries are listed one by one). `checkMigrations` says what differs
 * from the list; `npm run db:checksums` adds the lines of new migrations and never rewrites a line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
export const CHECKSUMS_FILE = 'checksums.txt';
const JOURNAL = 'meta/_journal.json';
/** Keeps git from changing line endings under migrations/ (a checkout with CRLF would change every checksum). */
const GITATTRIBUTES = '.gitattributes';

export const CHECKSUMS_HEADER = [
  '# sha256 of every landed migration file, and of each entry of meta/_journal.json (decision 013).',
  '# A landed migration is never edited: src/db/migration-checksums.test.ts fails when a file or entry',
  '# differs from its line, is gone, or has no line. Lines for a new migration: `npm run db:checksums`.',
];

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under the folder, as a path relative to it with `/`, in name order. */
function filesUnder(folder: string, under = ''): string[] {
  return readdirSync(join(folder, under), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = under ? `${under}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(folder, path) : [path];
    });
}

/** What the list should say of the folder as it is now: name → sha256, in the order lines are written. */
export function currentChecksums(folder: string = migrationsFolder): Map<string, string> {
  const sums = new Map<string, string>();
  for (const path of filesUnder(folder)) {
    if (path === CHECKSUMS_FILE || path === JOURNAL || path === GITATTRIBUTES) continue;
    sums.set(path, sha256(readFileSync(join(folder, ...path.split('/')))));
  }
  const journalPath = join(folder, ...JOURNAL.split('/'));
  if (existsSync(journalPath)) {
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    for (const entry of journal.entries) sums.set(`${JOURNAL}#${entry.tag}`, sha256(JSON.stringify(entry)));
  }
  return sums;
}

/** The list as committed: name → sha256. Lines are `<sha256>  <name>` (as sha256sum writes them); `#` starts a comment. */
export function listedChecksums(folder: string = migrationsFolder): Map<string, string> {
  const listed = new Map<string, string>();
  const path = join(folder, CHECKSUMS_FILE);
  if (!existsSync(path)) return listed;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, k) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const match = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
      if (!match) throw new Error(`migrations/${CHECKSUMS_FILE} line ${k + 1} is not "<sha256>  <name>": ${line}`);
      if (listed.has(match[2]!)) throw new Error(`migrations/${CHECKSUMS_FILE} lists ${match[2]} twice`);
      listed.set(match[2]!, match[1]!);
    });
  return listed;
}

export interface MigrationsCheck {
  /** Landed files or journal entries that were changed or removed: each a sentence. */
  changed: string[];
  /** Files or journal entries with no line yet (a new migration): name → sha256. */
  unlisted: Map<string, string>;
}

export function checkMigrations(folder: string = migrationsFolder): MigrationsCheck {
  const now = currentChecksums(folder);
  const listed = listedChecksums(folder);
  const changed: string[] = [];
  for (const [name, sum] of listed) {
    const current = now.get(name);
    if (current === undefined) changed.push(`${name} has landed but is gone`);
    else if (current !== sum) changed.push(`${name} has landed but was changed since (its sha256 is not the one listed)`);
  }
  const unlisted = new Map([...now].filter(([name]) => !listed.has(name)));
  return { changed, unlisted };
}

/** The checksum file's text with lines for `unlisted` added after the existing ones (those stay as they are). */
export function withLinesFor(folder: string, unlisted: Map<string, string>): string {
  const path = join(folder, CHECKSUMS_FILE);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : `${CHECKSUMS_HEADER.join('\n')}\n`;
  const lines = [...unlisted].map(([name, sum]) => `${sum}  ${name}\n`).join('');
  return (before === '' || before.endsWith('\n') ? before : `${before}\n`) + lines;
}
