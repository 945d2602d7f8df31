import { lazyModule } from '../app/lazy.js';
import type { Route } from '../app/route.js';

// Each screen is a chunk of its own, fetched when first shown.
const Overview = lazyModule(() => import('./support.js'));
const Partnership = lazyModule(() => import('./partnership.js'));
const Forms = lazyModule(() => import('./log-forms.js'));
const Lists = lazyModule(() => import('./lists.js'));

export const supportRoutes: Route[] = [
  { path: '/programmes/:slug/support', programme: true, render: () => <Overview.SupportOverview /> },
  { path: '/programmes/:slug/support/log', programme: true, render: () => <Forms.ContactForm /> },
  { path: '/programmes/:slug/support/credit/new', programme: true, render: () => <Forms.CreditForm /> },
  { path: '/programmes/:slug/support/partnerships/:id', programme: true, render: (p) => <Partnership.PartnershipSupport id={p.id!} /> },
  { path: '/programmes/:slug/support/providers', programme: true, render: () => <Lists.ProvidersPage /> },
  { path: '/programmes/:slug/support/allowances', programme: true, render: () => <Lists.AllowancesPage /> },
  { path: '/programmes/:slug/support/events', programme: true, render: () => <Lists.EventsPage /> },
  { path: '/programmes/:slug/support/survival', programme: true, render: () => <Lists.SurvivalPage /> },
];
