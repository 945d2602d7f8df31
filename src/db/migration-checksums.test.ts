/**
 * A landed migration is never edited (decision 013): every file under migrations/ and every journal entry
 * has its sha256 in migrations/checksums.txt, and matches it. The checker itself is tried on a copy of the
 * folder, changed in each way it must notice.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKSUMS_FILE, checkMigrations, migrationsFolder, withLinesFor } from './migration-checksums.js';

describe('the migrations in the repository', () => {
  it('are each listed in migrations/checksums.txt, with the bytes they landed with', () => {
    const { changed, unlisted } = checkMigrations();
    expect(changed, 'a landed migration was changed: undo it and write a new migration instead').toEqual([]);
    expect([...unlisted.keys()], 'a migration has no checksum line yet: run `npm run db:checksums`').toEqual([]);
  });
});

describe('the checksum check', () => {
  let copy: string | undefined;
  afterEach(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    copy = undefined;
  });
  const aCopy = () => {
    copy = mkdtempSync(join(tmpdir(), 'cairn-migrations-'));
    cpSync(migrationsFolder, copy, { recursive: true });
    expect(checkMigrations(copy)).toEqual({ changed: [], unlisted: new Map() });
    return copy;
  };

  it('notices one changed byte in a landed migration, and a removed one', () => {
    const folder = aCopy();
    const first = join(folder, '0000_init.sql');
    writeFileSync(first, readFileSync(first, 'utf8').replace('CREATE TABLE', 'CREATE  TABLE'));
    unlinkSync(join(folder, 'meta', '0001_snapshot.json'));
    expect(checkMigrations(folder).changed).toEqual([
      '0000_init.sql has landed but was changed since (its sha256 is not the one listed)',
      'meta/0001_snapshot.json has landed but is gone',
    ]);
  });

  it('notices a landed journal entry changed or gone, but not a new one added', () => {
    const folder = aCopy();
    const path = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: { tag: string; when: number }[] };
    journal.entries[1]!.when += 1;
    const removed = journal.entries.splice(2, 1)[0]!;
    journal.entries.push({ ...removed, tag: '9999_new' });
    writeFileSync(path, JSON.stringify(journal, null, 2));
    const { changed, unlisted } = checkMigrations(folder);
    expect(changed).toEqual([
      `meta/_journal.json#${journal.entries[1]!.tag} has landed but was changed since (its sha256 is not the one listed)`,
      `meta/_journal.json#${removed.tag} has landed but is gone`,
    ]);
    expect([...unlisted.keys()]).toEqual(['meta/_journal.json#9999_new']);
  });

  it('finds a new migration unlisted until its lines are added, leaving the landed lines as they were', () => {
    const folder = aCopy();
    writeFileSync(join(folder, '9999_new.sql'), 'SELECT 1;\n');
    const { changed, unlisted } = checkMigrations(folder);
    expect(changed).toEqual([]);
    expect([...unlisted.keys()]).toEqual(['9999_new.sql']);
    const before = readFileSync(join(folder, CHECKSUMS_FILE), 'utf8');
    const after = withLinesFor(folder, unlisted);
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(`${unlisted.get('9999_new.sql')}  9999_new.sql\n`);
    writeFileSync(join(folder, CHECKSUMS_FILE), after);
    expect(checkMigrations(folder)).toEqual({ changed: [], unlisted: new Map() });
  });
});
