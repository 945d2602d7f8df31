/**
 * `npm run db:sql -- <name>`: writes a NEW migration that (re)creates every function and trigger defined in
 * src/db/sql/*.sql (see `addMigration`). It never touches a migration that is already there.
 * Then review the file and record its checksum with `npm run db:checksums` (src/db/sql/README.md).
 */
import { fileURLToPath } from 'node:url';
import { addMigration, migrationText, readDefinitionFiles } from './definitions.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name)) {
  process.stderr.write('Usage: npm run db:sql -- <name_in_snake_case>   (e.g. returns_figures_checked_by_unit)\n');
  process.exit(2);
}
const tag = addMigration(fileURLToPath(new URL('../../../migrations', import.meta.url)), name, migrationText(readDefinitionFiles()));
process.stdout.write(
  `Wrote migrations/${tag}.sql (and its snapshot and journal entry).\n` +
    'Review it; when it is as it should land, record it with `npm run db:checksums` and commit it with the src/db/sql/ change.\n',
);
