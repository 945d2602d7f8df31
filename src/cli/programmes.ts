import type { Command } from 'commander';
import { z } from 'zod';
import { Slug, optionalText, text } from '../http/route-kit.js';
import { createProgramme, listProgrammes } from '../modules/programmes/service.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase, withDatabaseOptions } from './context.js';
import { type Format, print, renderRecord, renderRows, withFormatOption } from './output.js';
import { checkOptions } from './validate.js';

const ProgrammeOptions = z.object({
  slug: Slug,
  name: text('the programme name'),
  funder: optionalText('funder', 200).optional(),
  description: optionalText('description').optional(),
});

export function programmeCommands(program: Command): void {
  const programme = program.command('programme').description('programmes: create and list');

  withFormatOption(
    withDatabaseOptions(
      programme
        .command('create')
        .description('create a programme; it starts with the default vocabularies (organisation types, social action typology)')
        .requiredOption('--slug <slug>', 'short name for addresses, e.g. pbsa (lower-case letters, digits, hyphens)')
        .requiredOption('--name <name>', 'the programme’s name')
        .option('--funder <funder>', 'who funds it')
        .option('--description <text>', 'what it is for'),
    ),
  ).action(async (opts: DatabaseOptions & z.input<typeof ProgrammeOptions> & { format: Format }) => {
    const input = checkOptions(ProgrammeOptions, opts);
    const created = await withDatabase(opts, 'cairn programme create', (database) => createProgramme(database.db, null, cliActor(), input));
    print(opts.format === 'table' ? `Created the programme ${created!.name} (${created!.slug}).\n` : renderRecord(created!, opts.format));
  });

  withFormatOption(withDatabaseOptions(programme.command('list').description('list programmes'))).action(
    async (opts: DatabaseOptions & { format: Format }) => {
      const { rows } = await withDatabase(opts, 'cairn programme list', (database) =>
        listProgrammes(database.db, cliCaller(), { page: 1, pageSize: 100_000 }),
      );
      print(
        renderRows(
          rows,
          [
            { header: 'slug', value: (p) => p.slug },
            { header: 'name', value: (p) => p.name },
            { header: 'funder', value: (p) => p.funder },
          ],
          opts.format,
          'No programmes yet. Create one with `cairn programme create --slug … --name …`, or load the demo with `cairn seed demo`.',
        ),
      );
    },
  );
}
