import type { Database } from '../db/database.js';
import { partnershipRoutes } from '../modules/partnerships/routes.js';
import { grantRoutes } from '../modules/grants/routes.js';
import { monitoringRoutes } from '../modules/monitoring/routes.js';
import { evaluationRoutes } from '../modules/evaluation/evaluations/routes.js';
import { codebookTreeRoutes } from '../modules/evaluation/codebook/routes.js';
import { respondentRoutes } from '../modules/evaluation/respondents/routes.js';
import { baseRoutes } from '../modules/evaluation/respondents/bases-routes.js';
import { analysisRoutes } from '../modules/evaluation/analysis/routes.js';
import { evidenceRoutes } from '../modules/evaluation/evidence/routes.js';
import { codingRoutes } from '../modules/evaluation/evidence/coding-routes.js';
import { figureRoutes } from '../modules/evaluation/figures/routes.js';
import { evaluationQualityRoutes } from '../modules/evaluation/quality/routes.js';
import { codebookRoutes } from '../modules/evaluation/codebook/file-routes.js';
import { homeRoutes } from '../modules/home/routes.js';
import { engagementPages } from '../modules/engagement/pages.js';
import { engagementRoutes } from '../modules/engagement/routes.js';
import { brokerageRoutes } from '../modules/support/brokerage/routes.js';
import { planRoutes } from '../modules/support/plans/routes.js';
import { organisationRoutes } from '../modules/organisations/routes.js';
import { placeRoutes } from '../modules/places/routes.js';
import { programmeRoutes } from '../modules/programmes/routes.js';
import { projectRoutes } from '../modules/projects/routes.js';
import { registryImportRoutes } from '../modules/registry-import/routes.js';
import { supportLogRoutes } from '../modules/support/log/routes.js';
import { supportProviderRoutes } from '../modules/support/providers/routes.js';
import { supportChartRoutes, supportSummaryRoutes } from '../modules/support/summary/routes.js';
import { theoryOfChangeRoutes } from '../modules/theory-of-change/routes.js';
import { placeStandardPages } from '../modules/participation/place-standard/resident-pages.js';
import { placeStandardRoutes } from '../modules/participation/place-standard/routes.js';
import { pbRoutes } from '../modules/participation/pb/routes.js';
import { pbResidentPages } from '../modules/participation/pb/resident-pages.js';
import { caseStudyPublicPages } from '../modules/learning/case-studies/public-pages.js';
import { caseStudyRoutes } from '../modules/learning/case-studies/routes.js';
import { exchangeRoutes } from '../modules/learning/exchange/routes.js';
import { learningSetRoutes } from '../modules/learning/sets/routes.js';
import type { App } from './app-type.js';
import type { FastifyInstance } from 'fastify';

/** Every capability's routes under /api/v1. A new module adds one line here. */
export async function registerModuleRoutes(app: App, database: Database): Promise<void> {
  await programmeRoutes(app, database);
  await placeRoutes(app, database);
  await organisationRoutes(app, database);
  await grantRoutes(app, database);
  await partnershipRoutes(app, database);
  await projectRoutes(app, database);
  await registryImportRoutes(app, database);
  // indicators, periods, returns, returns import, portfolio, charts
  await monitoringRoutes(app, database);
  await evaluationRoutes(app, database);
  await codebookTreeRoutes(app, database);
  await respondentRoutes(app, database);
  await baseRoutes(app, database);
  await analysisRoutes(app, database);
  await evidenceRoutes(app, database);
  await codingRoutes(app, database);
  await figureRoutes(app, database);
  await evaluationQualityRoutes(app, database);
  await codebookRoutes(app, database);
  // engagement register, overlaps, National Standards, feedback, you said we did
  await engagementRoutes(app, database);
  // support: action and phase plans, brokerage cases
  await planRoutes(app, database);
  await brokerageRoutes(app, database);
  // theories of change: versions, evidence mapped to steps, validation, exchange
  await theoryOfChangeRoutes(app, database);
  await placeStandardRoutes(app, database);
  await pbRoutes(app, database);
  // case studies, the exchange, action-learning sets
  await caseStudyRoutes(app, database);
  await exchangeRoutes(app, database);
  await learningSetRoutes(app, database);
  // what to do next, composed from the modules above
  await supportProviderRoutes(app, database);
  await supportLogRoutes(app, database);
  await supportSummaryRoutes(app, database);
  await supportChartRoutes(app, database);
  await homeRoutes(app, database);
}

/**
 * Every capability's resident pages (src/http/resident-pages.ts): plain HTML outside /api/v1 that residents
 * open without an account. A module with such pages adds one line here.
 */
export async function registerResidentPages(app: FastifyInstance, database: Database): Promise<void> {
  await engagementPages(app, database);
  await placeStandardPages(app, database);
  await pbResidentPages(app, database);
  // /stories/<programme>/…: case studies published to the public
  await caseStudyPublicPages(app, database);
}
