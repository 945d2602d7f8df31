import type { Command } from 'commander';
import { analyseCommands } from './analyse.js';
import { analyseQualityCommands } from './analyse-quality.js';
import { analyseFigureCommands } from './analyse-figures.js';
import { codebookCommands } from './codebook.js';
import { evidenceCommands } from './evidence.js';
import { grantCommands } from './grants.js';
import { indicatorCommands } from './indicators.js';
import { monitoringCommands } from './monitoring.js';
import { monitoringImportCommands } from './monitoring-import.js';
import { monitoringChartCommands } from './monitoring-chart.js';
import { programmeCommands } from './programmes.js';
import { registryCommands } from './registry.js';
import { seedCommands } from './seed.js';
import { serveCommand } from './serve.js';
import { usersCommands } from './users.js';
import { withDatabase, withDatabaseOptions } from './context.js';

/** Every `cairn` command. A module's commands live beside its CLI file and are added here. */
export function registerCommands(program: Command): void {
  serveCommand(program);
  withDatabaseOptions(program.command('migrate').description('apply database migrations')).action(async (opts) => {
    await withDatabase(opts, 'cairn migrate', async (database) => {
      process.stdout.write(`Migrated ${database.where}\n`);
    });
  });
  usersCommands(program);
  programmeCommands(program);
  registryCommands(program);
  indicatorCommands(program);
  monitoringCommands(program);
  grantCommands(program);
  monitoringImportCommands(program);
  monitoringChartCommands(program);
  evidenceCommands(program);
  analyseCommands(program);
  analyseQualityCommands(program);
  analyseFigureCommands(program);
  codebookCommands(program);
  seedCommands(program);
}
