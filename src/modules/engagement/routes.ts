import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { feedbackRoutes } from './feedback/routes.js';
import { engagementRegisterRoutes } from './register/routes.js';
import { standardsRoutes } from './standards/routes.js';
import { youSaidWeDidRoutes } from './you-said-we-did/routes.js';

/** The engagement register, overlaps, National Standards, feedback and "you said, we did" under /api/v1. */
export async function engagementRoutes(app: App, database: Database) {
  // Records that hang off an engagement first: the authorisation matrix removes records in document order.
  await youSaidWeDidRoutes(app, database);
  await standardsRoutes(app, database);
  await feedbackRoutes(app, database);
  await engagementRegisterRoutes(app, database);
}
