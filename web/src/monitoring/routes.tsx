import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

// Each screen is a chunk of its own, fetched when first shown.
const Overview = lazyModule(() => import('./monitoring.js'));
const Periods = lazyModule(() => import('./periods.js'));
const Indicators = lazyModule(() => import('./indicators.js'));
const Returns = lazyModule(() => import('./returns.js'));
const ReturnForm = lazyModule(() => import('./return-form.js'));
const ReturnRecord = lazyModule(() => import('./return-record.js'));
const Portfolio = lazyModule(() => import('./portfolio.js'));
const Charts = lazyModule(() => import('./charts.js'));
const Import = lazyModule(() => import('./import.js'));
const Completeness = lazyModule(() => import('./completeness.js'));

export const monitoringRoutes: Route[] = [
  { path: '/programmes/:slug/monitoring', programme: true, render: () => <Overview.Overview /> },
  { path: '/programmes/:slug/monitoring/periods/new', programme: true, render: () => <Periods.PeriodForm /> },
  { path: '/programmes/:slug/monitoring/periods/:id/edit', programme: true, render: (p) => <Periods.PeriodForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/indicators/new', programme: true, render: () => <Indicators.IndicatorForm /> },
  { path: '/programmes/:slug/monitoring/indicators/:id/edit', programme: true, render: (p) => <Indicators.IndicatorForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/table', programme: true, render: () => <Portfolio.PortfolioPage /> },
  { path: '/programmes/:slug/monitoring/charts', programme: true, render: () => <Charts.Charts /> },
  { path: '/programmes/:slug/monitoring/import', programme: true, render: () => <Import.ImportReturnsPage /> },
  { path: '/programmes/:slug/monitoring/completeness', programme: true, render: () => <Completeness.CompletenessPage /> },
  { path: '/programmes/:slug/monitoring/returns', programme: true, render: () => <Returns.Returns /> },
  { path: '/programmes/:slug/monitoring/returns/:id', programme: true, render: (p) => <ReturnRecord.ReturnRecord id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/returns/:id/edit', programme: true, render: (p) => <ReturnForm.ReturnForm id={p.id!} /> },
];
