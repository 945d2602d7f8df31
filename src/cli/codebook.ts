import { readFile, writeFile } from 'node:fs/promises';
import { Invalid } from '../errors.js';
import { exportCodebook, importCodebook } from '../modules/evaluation/codebook/io.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { print } from './output.js';

interface ImportOptions extends DatabaseOptions {
  programme: string;
  evaluation: string;
  family?: string;
  title?: string;
  format: 'table' | 'json';
}
interface ExportOptions extends DatabaseOptions {
  programme: string;
  evaluation: string;
  format: 'qdc' | 'csv';
  output?: string;
}

/** `cairn codebook import|export`: an evaluation's codebook as a REFI-QDA file (.qdc) or CSV. */
export async function codebookImport(file: string, opts: ImportOptions) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid(code === 'ENOENT' ? `There is no file at ${file}.` : `Cannot read ${file} (${code}).`);
  }
  const result = await withDatabase(opts, 'cairn codebook import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importCodebook(database.db, ctx, cliActor(), bytes, { evaluation: opts.evaluation, family: opts.family, title: opts.title });
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const lines = [
    `Imported the codebook into ${result.evaluation.slug}${result.evaluation.created ? ' (a new evaluation, with the seven standard code families)' : ''}.`,
    ...(result.family?.created ? [`Added the code family ${result.family.key}.`] : []),
    ...result.families.map(
      (f) =>
        `${f.label} (${f.key}): ${f.added} codes added, ${f.updated} updated — placed by ${f.placedBy.join(', ') || 'the family chosen'}`,
    ),
    ...(result.sets.added || result.sets.updated
      ? [`Sets of codes kept as made, for export: ${result.sets.added} added, ${result.sets.updated} updated.`]
      : []),
    ...(result.renumbered.length
      ? [`Another evaluation already uses the guids of ${result.renumbered.join(', ')}: here they have new ids.`]
      : []),
  ];
  print(`${lines.join('\n')}\n`);
}

export async function codebookExport(opts: ExportOptions) {
  const text = await withDatabase(opts, 'cairn codebook export', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return exportCodebook(database.db, ctx, await loadEvaluation(database.db, ctx, opts.evaluation), opts.format);
  });
  if (opts.output) {
    await writeFile(opts.output, text);
    process.stderr.write(`Wrote ${opts.output}\n`);
  } else print(text);
}
