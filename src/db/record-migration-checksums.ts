/**
 * `npm run db:checksums`: adds to migrations/checksums.txt a line for each migration file (and journal
 * entry) that has none yet, i.e. a new migration, once it is as it should land. It never rewrites a line:
 * if a landed migration was changed or removed it says which and changes nothing (decision 013).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKSUMS_FILE, checkMigrations, migrationsFolder, withLinesFor } from './migration-checksums.js';

const { changed, unlisted } = checkMigrations(migrationsFolder);
if (changed.length > 0) {
  process.stderr.write(
    `A landed migration is never edited; undo these changes (and put what they meant in a new migration):\n${changed.map((c) => `  - migrations/${c}\n`).join('')}`,
  );
  process.exit(1);
}
if (unlisted.size === 0) {
  process.stdout.write(`migrations/${CHECKSUMS_FILE}: every migration is listed already.\n`);
} else {
  writeFileSync(join(migrationsFolder, CHECKSUMS_FILE), withLinesFor(migrationsFolder, unlisted));
  process.stdout.write(`migrations/${CHECKSUMS_FILE}: added\n${[...unlisted.keys()].map((name) => `  ${name}\n`).join('')}`);
}
