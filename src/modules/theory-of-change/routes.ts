// Every route of the theory-of-change module, registered by src/http/modules.ts.
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { evidenceRoutes } from './evidence/routes.js';
import { exchangeRoutes } from './exchange/routes.js';
import { theoryRoutes } from './theories/routes.js';

export async function theoryOfChangeRoutes(app: App, database: Database) {
  await theoryRoutes(app, database);
  await evidenceRoutes(app, database);
  await exchangeRoutes(app, database);
}
