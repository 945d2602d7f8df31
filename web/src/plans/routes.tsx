import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

// Action plans and phase plans (issue 16, point 7); each screen a chunk of its own, fetched when first shown.
const List = lazyModule(() => import('./plans-list.js'));
const One = lazyModule(() => import('./plan.js'));
const Edit = lazyModule(() => import('./plan-edit.js'));
const Review = lazyModule(() => import('./review.js'));
const Print = lazyModule(() => import('./print.js'));

export const planRoutes: Route[] = [
  { path: '/programmes/:slug/plans', programme: true, render: () => <List.PlansList /> },
  { path: '/programmes/:slug/plans/new', programme: true, render: () => <List.NewPlan /> },
  { path: '/programmes/:slug/plans/:id', programme: true, render: (p) => <One.PlanPage id={p.id!} /> },
  { path: '/programmes/:slug/plans/:id/edit', programme: true, render: (p) => <Edit.EditPlan id={p.id!} /> },
  { path: '/programmes/:slug/plans/:id/review', programme: true, render: (p) => <Review.ReviewJourney id={p.id!} /> },
  { path: '/programmes/:slug/plans/:id/print', programme: true, render: (p) => <Print.PrintPlan id={p.id!} /> },
  {
    path: '/programmes/:slug/plans/:id/versions/:version',
    programme: true,
    render: (p) => <One.PlanVersionPage id={p.id!} version={p.version!} />,
  },
];
