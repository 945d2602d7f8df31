import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Monitoring = lazyModule(() => import('./monitoring.js'));
const MonitoringCharts = lazyModule(() => import('./charts.js'));
const MonitoringImport = lazyModule(() => import('./import.js'));

export const monitoringRoutes: Route[] = [
  { path: '/programmes/:slug/monitoring', programme: true, render: () => <Monitoring.Overview /> },
  { path: '/programmes/:slug/monitoring/periods/new', programme: true, render: () => <Monitoring.PeriodForm /> },
  { path: '/programmes/:slug/monitoring/periods/:id/edit', programme: true, render: (p) => <Monitoring.PeriodForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/indicators/new', programme: true, render: () => <Monitoring.IndicatorForm /> },
  { path: '/programmes/:slug/monitoring/indicators/:id/edit', programme: true, render: (p) => <Monitoring.IndicatorForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/table', programme: true, render: () => <Monitoring.PortfolioPage /> },
  { path: '/programmes/:slug/monitoring/charts', programme: true, render: () => <MonitoringCharts.Charts /> },
  { path: '/programmes/:slug/monitoring/import', programme: true, render: () => <MonitoringImport.ImportReturnsPage /> },
  { path: '/programmes/:slug/monitoring/returns', programme: true, render: () => <Monitoring.Returns /> },
  { path: '/programmes/:slug/monitoring/returns/:id', programme: true, render: (p) => <Monitoring.ReturnRecord id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/returns/:id/edit', programme: true, render: (p) => <Monitoring.ReturnForm id={p.id!} /> },
];
