import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { chartRoutes } from './charts/routes.js';
import { completenessRoutes } from './completeness/routes.js';
import { exportRoutes } from './exports/routes.js';
import { returnsImportRoutes } from './import/routes.js';
import { indicatorImportRoutes } from './indicators/import-routes.js';
import { indicatorRoutes } from './indicators/routes.js';
import { periodRoutes } from './periods/routes.js';
import { portfolioRoutes } from './portfolio/routes.js';
import { returnRoutes } from './returns/routes.js';

/** Every monitoring route, one sub-capability at a time (README.md says which folder holds which). */
export async function monitoringRoutes(app: App, database: Database) {
  await indicatorRoutes(app, database);
  await periodRoutes(app, database);
  await completenessRoutes(app, database);
  await returnRoutes(app, database);
  await returnsImportRoutes(app, database);
  await portfolioRoutes(app, database);
  await exportRoutes(app, database);
  await indicatorImportRoutes(app, database);
  await chartRoutes(app, database);
}
