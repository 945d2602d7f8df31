import type { Route } from '../../app/route.js';
import { lazyModule } from '../../app/lazy.js';

// Brokerage cases (issue 16, point 5): confidential, so the server decides who sees each; each screen loads when first shown.
const Cases = lazyModule(() => import('./cases.js'));
const One = lazyModule(() => import('./case.js'));

export const brokerageRoutes: Route[] = [
  { path: '/programmes/:slug/brokerage', programme: true, render: () => <Cases.CaseList /> },
  { path: '/programmes/:slug/brokerage/new', programme: true, render: () => <Cases.NewCase /> },
  { path: '/programmes/:slug/brokerage/:id', programme: true, render: (p) => <One.CasePage id={p.id!} /> },
];
