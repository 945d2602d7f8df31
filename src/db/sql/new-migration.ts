/**
 * `npm run db:sql -- <name>`: writes a NEW migration that (re)creates every function and trigger defined in
 * src/db/sql/*.sql, registered as drizzle-kit registers a custom migration (the next number, the previous
 * schema snapshot carried forward, a journal entry). It never touches a migration that is already there.
 * Then review the file and record its checksum with `npm run db:checksums` (src/db/sql/README.md).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationText, readDefinitionFiles } from './definitions.js';

interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

function main(): void {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name)) {
    process.stderr.write('Usage: npm run db:sql -- <name_in_snake_case>   (e.g. returns_figures_checked_by_unit)\n');
    process.exit(2);
  }
  const journalPath = join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('migrations/meta/_journal.json has no entries');
  const number = String(last.idx + 1).padStart(4, '0');
  const tag = `${number}_${name}`;
  const sqlPath = join(migrationsFolder, `${tag}.sql`);
  const snapshotPath = join(migrationsFolder, 'meta', `${number}_snapshot.json`);
  if (existsSync(sqlPath) || existsSync(snapshotPath)) throw new Error(`${tag} is there already`);

  // drizzle-kit's custom migrations carry the schema snapshot forward unchanged, chained by id.
  const previous = JSON.parse(readFileSync(join(migrationsFolder, 'meta', `${last.tag.slice(0, 4)}_snapshot.json`), 'utf8')) as {
    id: string;
    prevId: string;
  };
  const snapshot = { ...previous, id: randomUUID(), prevId: previous.id };

  writeFileSync(sqlPath, migrationText(readDefinitionFiles()));
  writeFileSync(snapshotPath, JSON.stringify(snapshot, null, 2));
  // The migrator applies a migration whose `when` is later than the last one applied: it must grow.
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: Math.max(Date.now(), last.when + 1), tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  process.stdout.write(
    `Wrote migrations/${tag}.sql (and its snapshot and journal entry).\n` +
      'Review it; when it is as it should land, record it with `npm run db:checksums` and commit it with the src/db/sql/ change.\n',
  );
}

main();
