import { type Command, Option } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

const actions = () => import('../codebook.js');

/** `cairn codebook import|export` (codebook.ts): an evaluation's codebook as a REFI-QDA file (.qdc) or CSV. */
export function codebookCommands(program: Command): void {
  const codebook = program.command('codebook').description('an evaluation’s codebook, to and from NVivo, ATLAS.ti, MAXQDA or QualCoder');

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
  ).action(lazy(actions, 'codebookImport'));

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
  ).action(lazy(actions, 'codebookExport'));
}
