import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';
import { PartnershipList } from './partnerships-list.js';
import { Home, ProgrammeForm } from './programmes.js';

// The programmes list (/programmes; the home page is home/) and the partnerships list load with the first bundle; the rest when first needed.
const Programme = lazyModule(() => import('./programme.js'));
const Phases = lazyModule(() => import('./phases.js'));
const Vocabularies = lazyModule(() => import('./vocabularies.js'));
const Audit = lazyModule(() => import('./audit.js'));
const Places = lazyModule(() => import('./places.js'));
const Organisations = lazyModule(() => import('./organisations.js'));
const Partnerships = lazyModule(() => import('./partnerships.js'));
const Projects = lazyModule(() => import('./projects.js'));
const Grants = lazyModule(() => import('./grants.js'));
const Import = lazyModule(() => import('./import.js'));

export const registryRoutes: Route[] = [
  { path: '/programmes', render: () => <Home /> },
  { path: '/programmes/new', admin: true, render: () => <ProgrammeForm /> },
  { path: '/programmes/:slug', programme: true, render: () => <Programme.Overview /> },
  { path: '/programmes/:slug/edit', programme: true, render: () => <ProgrammeForm edit /> },
  { path: '/programmes/:slug/phases/new', programme: true, render: () => <Phases.PhaseForm /> },
  { path: '/programmes/:slug/phases/:phaseId/edit', programme: true, render: (p) => <Phases.PhaseForm id={p.phaseId!} /> },
  {
    path: '/programmes/:slug/phases/:phaseId/progression',
    programme: true,
    render: (p) => <Phases.ProgressionForm phaseId={p.phaseId!} />,
  },
  { path: '/programmes/:slug/vocabularies', programme: true, render: () => <Vocabularies.Vocabularies /> },
  { path: '/programmes/:slug/vocabulary-terms/:termId', programme: true, render: (p) => <Vocabularies.TermForm id={p.termId!} /> },
  { path: '/programmes/:slug/audit', programme: true, render: () => <Audit.Audit /> },
  { path: '/programmes/:slug/import', programme: true, render: () => <Import.ImportPage /> },
  { path: '/programmes/:slug/partnerships', programme: true, render: () => <PartnershipList /> },
  { path: '/programmes/:slug/partnerships/new', programme: true, render: () => <Partnerships.Form /> },
  { path: '/programmes/:slug/partnerships/:id', programme: true, render: (p) => <Partnerships.Record id={p.id!} /> },
  { path: '/programmes/:slug/partnerships/:id/edit', programme: true, render: (p) => <Partnerships.Form id={p.id!} /> },
  {
    path: '/programmes/:slug/partnerships/:id/members/new',
    programme: true,
    render: (p) => <Partnerships.MemberForm partnershipId={p.id!} />,
  },
  {
    path: '/programmes/:slug/partnerships/:id/members/:memberId',
    programme: true,
    render: (p) => <Partnerships.MemberForm partnershipId={p.id!} memberId={p.memberId!} />,
  },
  { path: '/programmes/:slug/places', programme: true, render: () => <Places.List /> },
  { path: '/programmes/:slug/places/new', programme: true, render: () => <Places.Form /> },
  { path: '/programmes/:slug/places/:id', programme: true, render: (p) => <Places.Record id={p.id!} /> },
  { path: '/programmes/:slug/places/:id/edit', programme: true, render: (p) => <Places.Form id={p.id!} /> },
  { path: '/programmes/:slug/organisations', programme: true, render: () => <Organisations.List /> },
  { path: '/programmes/:slug/organisations/new', programme: true, render: () => <Organisations.Form /> },
  { path: '/programmes/:slug/organisations/:id', programme: true, render: (p) => <Organisations.Record id={p.id!} /> },
  { path: '/programmes/:slug/organisations/:id/edit', programme: true, render: (p) => <Organisations.Form id={p.id!} /> },
  { path: '/programmes/:slug/organisations/:id/status', programme: true, render: (p) => <Organisations.StatusForm id={p.id!} /> },
  { path: '/programmes/:slug/projects', programme: true, render: () => <Projects.List /> },
  { path: '/programmes/:slug/projects/new', programme: true, render: () => <Projects.Form /> },
  { path: '/programmes/:slug/projects/:id', programme: true, render: (p) => <Projects.Record id={p.id!} /> },
  { path: '/programmes/:slug/projects/:id/edit', programme: true, render: (p) => <Projects.Form id={p.id!} /> },
  { path: '/programmes/:slug/grants', programme: true, render: () => <Grants.List /> },
  { path: '/programmes/:slug/grants/new', programme: true, render: () => <Grants.Form /> },
  { path: '/programmes/:slug/grants/:id', programme: true, render: (p) => <Grants.Record id={p.id!} /> },
  { path: '/programmes/:slug/grants/:id/edit', programme: true, render: (p) => <Grants.Form id={p.id!} /> },
];
