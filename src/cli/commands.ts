import type { Command } from 'commander';
import { analyseCommands } from './commands/analyse.js';
import { codebookCommands } from './commands/codebook.js';
import { engagementCommands } from './commands/engagements.js';
import { evidenceCommands } from './commands/evidence.js';
import { grantCommands } from './commands/grants.js';
import { indicatorCommands } from './commands/indicators.js';
import { learningCommands } from './commands/learning.js';
import { monitoringCommands } from './commands/monitoring.js';
import { placeStandardCommands } from './commands/placestandard.js';
import { pbCommands } from './commands/pb.js';
import { programmeCommands } from './commands/programme.js';
import { registryCommands } from './commands/registry.js';
import { seedCommands } from './commands/seed.js';
import { serveCommands } from './commands/serve.js';
import { supportCommands } from './commands/support.js';
import { tocCommands } from './commands/toc.js';
import { usersCommands } from './commands/users.js';

/**
 * Every `cairn` command, in the order `cairn --help` lists them. A definition (commands/*.ts) says what
 * a command takes and loads what it does (the file beside this one) only when it runs, so that help
 * and a mistyped option answer at once (decision 014).
 */
export function registerCommands(program: Command): void {
  serveCommands(program);
  usersCommands(program);
  programmeCommands(program);
  registryCommands(program);
  indicatorCommands(program);
  monitoringCommands(program);
  grantCommands(program);
  evidenceCommands(program);
  analyseCommands(program);
  codebookCommands(program);
  engagementCommands(program);
  supportCommands(program);
  tocCommands(program);
  placeStandardCommands(program);
  pbCommands(program);
  learningCommands(program);
  seedCommands(program);
}
