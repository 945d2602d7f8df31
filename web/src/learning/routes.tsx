import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Exchange = lazyModule(() => import('./exchange.js'));
const Study = lazyModule(() => import('./case-study.js'));
const Form = lazyModule(() => import('./case-study-form.js'));
const Sets = lazyModule(() => import('./sets.js'));
const SetForms = lazyModule(() => import('./set-forms.js'));
const SetEdit = lazyModule(() => import('./set-edit.js'));

export const learningRoutes: Route[] = [
  { path: '/programmes/:slug/case-studies', programme: true, render: () => <Exchange.ExchangePage /> },
  { path: '/programmes/:slug/case-studies/new', programme: true, render: () => <Form.NewCaseStudyPage /> },
  { path: '/programmes/:slug/case-studies/:id', programme: true, render: (p) => <Study.CaseStudyPage id={p.id!} /> },
  {
    path: '/programmes/:slug/case-studies/:id/:step',
    programme: true,
    render: (p) => <Form.CaseStudyStepPage key={`${p.id}/${p.step}`} id={p.id!} step={p.step!} />,
  },
  { path: '/programmes/:slug/learning-sets', programme: true, render: () => <Sets.SetsPage /> },
  { path: '/programmes/:slug/learning-sets/new', programme: true, render: () => <SetForms.NewSetPage /> },
  { path: '/programmes/:slug/learning-sets/:id', programme: true, render: (p) => <Sets.SetPage id={p.id!} /> },
  { path: '/programmes/:slug/learning-sets/:id/edit', programme: true, render: (p) => <SetEdit.EditSetPage id={p.id!} /> },
  {
    path: '/programmes/:slug/learning-sets/:id/sessions/new',
    programme: true,
    render: (p) => <SetForms.SetFormPage id={p.id!} kind="session" />,
  },
  {
    path: '/programmes/:slug/learning-sets/:id/sessions/:sessionId',
    programme: true,
    render: (p) => <SetForms.SetFormPage key={p.sessionId} id={p.id!} kind="change-session" sessionId={p.sessionId!} />,
  },
  {
    path: '/programmes/:slug/learning-sets/:id/actions/new',
    programme: true,
    render: (p) => <SetForms.SetFormPage id={p.id!} kind="action" />,
  },
  {
    path: '/programmes/:slug/learning-sets/:id/actions/:actionId',
    programme: true,
    render: (p) => <SetForms.SetFormPage key={p.actionId} id={p.id!} kind="follow-up" actionId={p.actionId!} />,
  },
];
