import type { Command } from 'commander';
import { lazy, withDatabaseOptions } from '../define.js';

/** `cairn serve` (serve.ts) and `cairn migrate` (migrate.ts). */
export function serveCommands(program: Command): void {
  withDatabaseOptions(
    program
      .command('serve')
      .description('serve the web UI and the API (migrates first; loads demo data into an empty database)')
      .option('--port <port>', 'port to listen on (env PORT, default 3000; 0 picks a free one)')
      .option('--no-demo', 'do not load demo data into an empty database'),
  ).action(lazy(() => import('../serve.js'), 'serve'));
  withDatabaseOptions(program.command('migrate').description('apply database migrations')).action(
    lazy(() => import('../migrate.js'), 'migrate'),
  );
}
