import type { Route } from '../../app/route.js';
import { lazyModule } from '../../app/lazy.js';

// Participatory budgeting, for the programme team; residents vote on server pages (/take-part/pb/...).
const Rounds = lazyModule(() => import('./rounds.js'));
const Round = lazyModule(() => import('./round.js'));
const ProposalForm = lazyModule(() => import('./proposal-form.js'));
const Codes = lazyModule(() => import('./codes.js'));
const Paper = lazyModule(() => import('./paper.js'));
const Results = lazyModule(() => import('./results.js'));
const Phases = lazyModule(() => import('./phases.js'));
const Panel = lazyModule(() => import('./panel.js'));

export const pbRoutes: Route[] = [
  { path: '/programmes/:slug/pb', programme: true, render: () => <Rounds.Rounds /> },
  { path: '/programmes/:slug/pb/new', programme: true, render: () => <Rounds.NewRound /> },
  { path: '/programmes/:slug/pb/:round', programme: true, render: (p) => <Round.RoundPage slug={p.round!} /> },
  { path: '/programmes/:slug/pb/:round/proposals/new', programme: true, render: (p) => <ProposalForm.ProposalForm slug={p.round!} /> },
  {
    path: '/programmes/:slug/pb/:round/proposals/:id',
    programme: true,
    render: (p) => <ProposalForm.ProposalForm slug={p.round!} id={p.id!} />,
  },
  { path: '/programmes/:slug/pb/:round/codes', programme: true, render: (p) => <Codes.CodesPage slug={p.round!} /> },
  { path: '/programmes/:slug/pb/:round/paper', programme: true, render: (p) => <Paper.PaperPage slug={p.round!} /> },
  { path: '/programmes/:slug/pb/:round/results', programme: true, render: (p) => <Results.ResultsPage slug={p.round!} /> },
  { path: '/programmes/:slug/pb/:round/phases', programme: true, render: (p) => <Phases.PhasesPage slug={p.round!} /> },
  { path: '/programmes/:slug/pb/:round/panel', programme: true, render: (p) => <Panel.PanelPage slug={p.round!} /> },
];
