import { Command, CommanderError } from 'commander';
import { isDatabaseUnreachable } from '../db/unavailable.js';
import { AppError, DatabaseUnavailable, formatFieldPath } from '../errors.js';
import { registerCommands } from './commands.js';
import { refuseControlCharactersInArguments } from './control-characters.js';

const program = new Command();
program
  .name('cairn')
  .description('Cairn: plan, monitor, evaluate and learn in community-led regeneration programmes')
  .configureOutput({
    // Commander's own complaints (unknown option, missing value) become the same one line as ours.
    outputError: (message, write) =>
      write(
        `cairn: ${message
          .trim()
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ')} (see \`cairn --help\`)\n`,
      ),
  })
  .exitOverride();

registerCommands(program);
refuseControlCharactersInArguments(program);

/** How a field problem reads on a terminal: "row 4, nation" for spreadsheet rows, else the field. */
function where(path: (string | number)[]): string {
  if (path[0] === 'rows' && typeof path[1] === 'number') return `row ${path[1]}${path[2] ? `, ${path[2]}` : ''}`;
  // A folder's files: ['contacts.csv', 'rows', 4, 'hours'] → "contacts.csv row 4, hours".
  if (path[1] === 'rows' && typeof path[2] === 'number') return `${path[0]} row ${path[2]}${path[3] ? `, ${path[3]}` : ''}`;
  return formatFieldPath(path);
}

/** Failure is one line on stderr and a non-zero exit; field errors follow, one per line. */
function fail(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (!(err instanceof AppError) && isDatabaseUnreachable(err)) err = new DatabaseUnavailable();
  if (err instanceof AppError) {
    process.stderr.write(`cairn: ${err.message}\n`);
    for (const e of err.errors) process.stderr.write(`  ${where(e.path)}: ${e.message}\n`);
  } else {
    process.stderr.write(`cairn: ${((err as Error).message ?? String(err)).split('\n')[0]}\n`);
    if (process.env.CAIRN_DEBUG) console.error(err);
  }
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
  // A command that drew or read a spreadsheet started worker threads; they would keep the process open.
  // pool.js is small: piscina itself is loaded only when a task runs.
  await (await import('../workers/pool.js')).closeWorkerPool();
} catch (err) {
  fail(err);
}
