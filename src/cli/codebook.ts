import { readFile, writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { Invalid } from '../errors.js';
import { exportCodebook, importCodebook } from '../modules/evaluation/codebook/io.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase, withDatabaseOptions } from './context.js';
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
export function codebookCommands(program: Command): void {
  const codebook =
    program.commands.find((c) => c.name() === 'codebook') ??
    program.command('codebook').description('an evaluation’s codebook, to and from NVivo, ATLAS.ti, MAXQDA or QualCoder');

  withDatabaseOptions(
    codebook
      .command('import')
      .description(
        'import a REFI-QDA codebook (.qdc) into an evaluation; codes keep their nesting, descriptions, colours and guids; all or nothing',
      )
      .argument('<file>', 'the .qdc file, as exported by a QDA program')
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation; created when missing')
      .option('--family <family>', 'put every top-level code in this family (a key or label; a new name makes a custom family)')
      .option('--title <title>', 'the title of an evaluation this creates (default: its slug)')
      .addOption(new Option('--format <format>', 'a summary for people, or json').choices(['table', 'json']).default('table')),
  ).action(async (file: string, opts: ImportOptions) => {
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
      ...(result.renumbered.length
        ? [`Another evaluation already uses the guids of ${result.renumbered.join(', ')}: here they have new ids.`]
        : []),
    ];
    print(`${lines.join('\n')}\n`);
  });

  withDatabaseOptions(
    codebook
      .command('export')
      .description(
        'the evaluation’s codebook as a REFI-QDA codebook (.qdc) for QDA programs, or CSV (family,code,parent,description,color,guid)',
      )
      .requiredOption('--programme <slug>', 'the programme')
      .requiredOption('--evaluation <slug>', 'the evaluation')
      .addOption(new Option('--format <format>', 'qdc or csv').choices(['qdc', 'csv']).default('qdc'))
      .option('--output <file>', 'write to this file instead of the screen'),
  ).action(async (opts: ExportOptions) => {
    const text = await withDatabase(opts, 'cairn codebook export', async (database) => {
      const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
      return exportCodebook(database.db, ctx, opts.evaluation, opts.format);
    });
    if (opts.output) {
      await writeFile(opts.output, text);
      process.stderr.write(`Wrote ${opts.output}\n`);
    } else print(text);
  });
}
