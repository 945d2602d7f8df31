import type { Command } from 'commander';
import { serveCommand } from './serve.js';
import { withDatabase, withDatabaseOptions } from './context.js';

/** Every `cairn` command. A module's commands live beside its CLI file and are added here. */
export function registerCommands(program: Command): void {
  serveCommand(program);
  withDatabaseOptions(program.command('migrate').description('apply database migrations'))
    .action(async (opts) => {
      await withDatabase(opts, 'cairn migrate', async (database) => {
        process.stdout.write(`Migrated ${database.where}\n`);
      });
    });
}
