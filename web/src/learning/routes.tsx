import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Exchange = lazyModule(() => import('./exchange.js'));
const Study = lazyModule(() => import('./case-study.js'));

export const learningRoutes: Route[] = [
  { path: '/programmes/:slug/case-studies', programme: true, render: () => <Exchange.ExchangePage /> },
  { path: '/programmes/:slug/case-studies/:id', programme: true, render: (p) => <Study.CaseStudyPage id={p.id!} /> },
];
