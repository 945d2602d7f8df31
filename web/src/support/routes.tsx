import { lazyModule } from '../app/lazy.js';
import type { Route } from '../app/route.js';

// Each screen is a chunk of its own, fetched when first shown.
const Overview = lazyModule(() => import('./support.js'));
const Partnership = lazyModule(() => import('./partnership.js'));
const Forms = lazyModule(() => import('./log-forms.js'));
const Lists = lazyModule(() => import('./lists.js'));
const Providers = lazyModule(() => import('./provider-forms.js'));
const Allowances = lazyModule(() => import('./allowance-forms.js'));
const Events = lazyModule(() => import('./event-forms.js'));

const S = '/programmes/:slug/support';
export const supportRoutes: Route[] = [
  { path: S, programme: true, render: () => <Overview.SupportOverview /> },
  { path: `${S}/log`, programme: true, render: () => <Forms.ContactForm /> },
  { path: `${S}/credit/new`, programme: true, render: () => <Forms.CreditForm /> },
  { path: `${S}/partnerships/:id`, programme: true, render: (p) => <Partnership.PartnershipSupport id={p.id!} /> },
  { path: `${S}/providers`, programme: true, render: () => <Lists.ProvidersPage /> },
  { path: `${S}/providers/new`, programme: true, render: () => <Providers.ProviderForm /> },
  { path: `${S}/providers/:id`, programme: true, render: (p) => <Providers.ProviderPage id={p.id!} /> },
  { path: `${S}/providers/:id/edit`, programme: true, render: (p) => <Providers.ProviderForm id={p.id!} /> },
  { path: `${S}/allowances`, programme: true, render: () => <Lists.AllowancesPage /> },
  { path: `${S}/allowances/:id`, programme: true, render: (p) => <Allowances.AllowanceForm partnershipId={p.id!} /> },
  { path: `${S}/settings`, programme: true, render: () => <Allowances.SettingsForm /> },
  { path: `${S}/events`, programme: true, render: () => <Lists.EventsPage /> },
  { path: `${S}/events/new`, programme: true, render: () => <Events.EventForm /> },
  { path: `${S}/events/:id`, programme: true, render: (p) => <Events.EventPage id={p.id!} /> },
  { path: `${S}/events/:id/edit`, programme: true, render: (p) => <Events.EventForm id={p.id!} /> },
  { path: `${S}/survival`, programme: true, render: () => <Lists.SurvivalPage /> },
];
