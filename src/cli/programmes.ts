import { z } from 'zod';
import { Slug, optionalText, text } from '../http/route-kit.js';
import { createProgramme, listProgrammes } from '../modules/programmes/service.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, renderRecord, renderRows } from './output.js';
import { checkOptions } from './validate.js';

const ProgrammeOptions = z.object({
  slug: Slug,
  name: text('the programme name'),
  funder: optionalText('funder', 200).optional(),
  description: optionalText('description').optional(),
});

export async function programmeCreate(opts: DatabaseOptions & z.input<typeof ProgrammeOptions> & { format: Format }) {
  const input = checkOptions(ProgrammeOptions, opts);
  const created = await withDatabase(opts, 'cairn programme create', (database) => createProgramme(database.db, null, cliActor(), input));
  print(opts.format === 'table' ? `Created the programme ${created!.name} (${created!.slug}).\n` : renderRecord(created!, opts.format));
}

export async function programmeList(opts: DatabaseOptions & { format: Format }) {
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
}
