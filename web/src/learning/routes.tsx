import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Exchange = lazyModule(() => import('./exchange.js'));
const Study = lazyModule(() => import('./case-study.js'));
const Form = lazyModule(() => import('./case-study-form.js'));

export const learningRoutes: Route[] = [
  { path: '/programmes/:slug/case-studies', programme: true, render: () => <Exchange.ExchangePage /> },
  { path: '/programmes/:slug/case-studies/new', programme: true, render: () => <Form.NewCaseStudyPage /> },
  { path: '/programmes/:slug/case-studies/:id', programme: true, render: (p) => <Study.CaseStudyPage id={p.id!} /> },
  {
    path: '/programmes/:slug/case-studies/:id/:step',
    programme: true,
    render: (p) => <Form.CaseStudyStepPage id={p.id!} step={p.step!} />,
  },
];
