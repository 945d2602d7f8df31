import { readFileSync } from 'node:fs';
import { Invalid } from '../errors.js';
import { importDefinitions } from '../modules/monitoring/indicators/definitions-import.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print } from './output.js';

export function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(
      code === 'ENOENT'
        ? `There is no file at ${file}.`
        : code === 'EISDIR'
          ? `${file} is a folder, not a file.`
          : `Cannot read ${file} (${code}).`,
    );
  }
}

export async function indicatorsImport(file: string, opts: DatabaseOptions & { programme: string; format: Format }) {
  const bytes = readInput(file);
  const result = await withDatabase(opts, 'cairn indicators import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importDefinitions(database.db, ctx, cliActor(), bytes);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  if (opts.format === 'csv')
    return print(`created,updated,unchanged\n${result.created.length},${result.updated.length},${result.unchanged.length}\n`);
  const list = (keys: string[]) => (keys.length ? `: ${keys.join(', ')}` : '');
  print(
    `Imported ${result.rows} indicator${result.rows === 1 ? '' : 's'}.\n` +
      `  created ${result.created.length}${list(result.created)}\n` +
      `  updated ${result.updated.length}${list(result.updated)}\n` +
      `  unchanged ${result.unchanged.length}${list(result.unchanged)}\n`,
  );
}
