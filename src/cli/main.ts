import { Command, CommanderError } from 'commander';
import { AppError, formatFieldPath } from '../http/errors.js';
import { registerCommands } from './commands.js';

const program = new Command();
program
  .name('cairn')
  .description('Cairn: plan, monitor, evaluate and learn in community-led regeneration programmes')
  .showHelpAfterError('(run `cairn --help` for the commands)')
  .exitOverride();

registerCommands(program);

/** Failure is one line on stderr and a non-zero exit; field errors follow, one per line. */
function fail(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof AppError) {
    process.stderr.write(`cairn: ${err.message}\n`);
    for (const e of err.errors) process.stderr.write(`  ${formatFieldPath(e.path)}: ${e.message}\n`);
  } else {
    process.stderr.write(`cairn: ${(err as Error).message ?? String(err)}\n`);
    if (process.env.CAIRN_DEBUG) console.error(err);
  }
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  fail(err);
}
