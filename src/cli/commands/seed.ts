import type { Command } from 'commander';
import { lazy, withDatabaseOptions, withFormatOption } from '../define.js';

/** `cairn seed demo` (seed.ts). */
export function seedCommands(program: Command): void {
  const seed = program.command('seed').description('load sample data');
  withFormatOption(
    withDatabaseOptions(
      seed
        .command('demo')
        .description(
          'load the demo programmes (PBSA, JRF Neighbourhood Programme, People and Communities Fund) and demo accounts; running it again adds nothing',
        ),
    ),
  ).action(lazy(() => import('../seed.js'), 'seedDemo'));
}
