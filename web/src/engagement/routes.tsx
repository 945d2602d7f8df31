import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

// Engagement pages load when first needed.
const Register = lazyModule(() => import('./register.js'));
const Overlaps = lazyModule(() => import('./overlaps.js'));
const Standards = lazyModule(() => import('./standards.js'));

export const engagementRoutes: Route[] = [
  { path: '/programmes/:slug/engagements', programme: true, render: () => <Register.Calendar /> },
  { path: '/programmes/:slug/engagements/new', programme: true, render: () => <Register.Form /> },
  { path: '/programmes/:slug/engagements/overlaps', programme: true, render: () => <Overlaps.Overlaps /> },
  { path: '/programmes/:slug/engagements/standards', programme: true, render: () => <Standards.Portfolio /> },
  { path: '/programmes/:slug/engagements/:id', programme: true, render: (p) => <Register.Record id={p.id!} /> },
  { path: '/programmes/:slug/engagements/:id/edit', programme: true, render: (p) => <Register.Form id={p.id!} /> },
  { path: '/programmes/:slug/engagements/:id/self-assessment', programme: true, render: (p) => <Standards.RateForm id={p.id!} /> },
];
