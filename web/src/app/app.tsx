import { type ComponentType, type ReactNode, Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, type SessionUser, loadSession, post, whenSignedOut } from '../api/index.js';
import { SessionContext } from './data.js';
import { ProgrammeFrame } from './programme-frame.js';
import { Link, type Params, Redirect, match, navigate, useLocation } from './router.js';
import { AcceptInvitation, ResetPassword, SignIn } from '../accounts/auth.js';
import { Home, ProgrammeForm } from '../registry/programmes.js';
import { PartnershipList } from '../registry/partnerships-list.js';
import { Failed, Loading, Main, NotFound } from '../ui/index.js';

// The sign-in page and the partnerships list load with the first bundle; the rest arrives when first needed,
// so a phone on a slow connection downloads only what it shows.
const Programme = lazyModule(() => import('../registry/programme.js'));
const Places = lazyModule(() => import('../registry/places.js'));
const Organisations = lazyModule(() => import('../registry/organisations.js'));
const Partnerships = lazyModule(() => import('../registry/partnerships.js'));
const Projects = lazyModule(() => import('../registry/projects.js'));
const Grants = lazyModule(() => import('../registry/grants.js'));
const Import = lazyModule(() => import('../registry/import.js'));
const Admin = lazyModule(() => import('../accounts/people.js'));
const Monitoring = lazyModule(() => import('../monitoring/monitoring.js'));
const MonitoringCharts = lazyModule(() => import('../monitoring/charts.js'));
const MonitoringImport = lazyModule(() => import('../monitoring/import.js'));
const Evaluation = lazyModule(() => import('../evaluation/evaluations.js'));
const EvaluationEvidence = lazyModule(() => import('../evaluation/evidence/evidence.js'));
const EvaluationQuality = lazyModule(() => import('../evaluation/quality/quality.js'));
const Codebook = lazyModule(() => import('../evaluation/codebook/codebook.js'));

/** Each named component of a module, loaded on first use (one stable lazy component per name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: each page has props of its own; the map only needs them to be components
function lazyModule<M extends Record<string, ComponentType<any>>>(load: () => Promise<M>): M {
  let loading: Promise<M> | null = null;
  const cache: Record<string, unknown> = {};
  return new Proxy({} as M, {
    get: (_t, key: string) => (cache[key] ??= lazy(async () => ({ default: (await (loading ??= load()))[key]! }))),
  });
}

interface Route {
  path: string;
  render: (p: Params) => ReactNode;
  /** Open to everyone; every other page needs someone signed in. */
  public?: boolean;
  /** Inside a programme: shows the programme's navigation. */
  programme?: boolean;
  admin?: boolean;
}

const routes: Route[] = [
  { path: '/sign-in', public: true, render: () => <SignIn /> },
  { path: '/invitations/:token', public: true, render: (p) => <AcceptInvitation token={p.token!} /> },
  { path: '/password-reset/:token', public: true, render: (p) => <ResetPassword token={p.token!} /> },
  { path: '/', render: () => <Home /> },
  { path: '/programmes/new', admin: true, render: () => <ProgrammeForm /> },
  { path: '/admin/users', admin: true, render: () => <Admin.Users /> },
  { path: '/admin/users/:userId', admin: true, render: (p) => <Admin.User id={p.userId!} /> },
  { path: '/admin/invite', admin: true, render: () => <Admin.Invite /> },
  { path: '/programmes/:slug', programme: true, render: () => <Programme.Overview /> },
  { path: '/programmes/:slug/edit', programme: true, render: () => <ProgrammeForm edit /> },
  { path: '/programmes/:slug/phases/new', programme: true, render: () => <Programme.PhaseForm /> },
  { path: '/programmes/:slug/phases/:phaseId/edit', programme: true, render: (p) => <Programme.PhaseForm id={p.phaseId!} /> },
  {
    path: '/programmes/:slug/phases/:phaseId/progression',
    programme: true,
    render: (p) => <Programme.ProgressionForm phaseId={p.phaseId!} />,
  },
  { path: '/programmes/:slug/vocabularies', programme: true, render: () => <Programme.Vocabularies /> },
  { path: '/programmes/:slug/vocabulary-terms/:termId', programme: true, render: (p) => <Programme.TermForm id={p.termId!} /> },
  { path: '/programmes/:slug/audit', programme: true, render: () => <Programme.Audit /> },
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
  { path: '/programmes/:slug/monitoring', programme: true, render: () => <Monitoring.Overview /> },
  { path: '/programmes/:slug/monitoring/periods/new', programme: true, render: () => <Monitoring.PeriodForm /> },
  { path: '/programmes/:slug/monitoring/periods/:id/edit', programme: true, render: (p) => <Monitoring.PeriodForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/indicators/new', programme: true, render: () => <Monitoring.IndicatorForm /> },
  { path: '/programmes/:slug/monitoring/indicators/:id/edit', programme: true, render: (p) => <Monitoring.IndicatorForm id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/table', programme: true, render: () => <Monitoring.PortfolioPage /> },
  { path: '/programmes/:slug/monitoring/charts', programme: true, render: () => <MonitoringCharts.Charts /> },
  { path: '/programmes/:slug/monitoring/import', programme: true, render: () => <MonitoringImport.ImportReturnsPage /> },
  { path: '/programmes/:slug/monitoring/returns', programme: true, render: () => <Monitoring.Returns /> },
  { path: '/programmes/:slug/monitoring/returns/:id', programme: true, render: (p) => <Monitoring.ReturnRecord id={p.id!} /> },
  { path: '/programmes/:slug/monitoring/returns/:id/edit', programme: true, render: (p) => <Monitoring.ReturnForm id={p.id!} /> },
  { path: '/programmes/:slug/evaluations', programme: true, render: () => <Evaluation.Evaluations /> },
  {
    path: '/programmes/:slug/evaluations/:evaluation',
    programme: true,
    render: (p) => <Evaluation.EvaluationRecord slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/crosstab',
    programme: true,
    render: (p) => <Evaluation.CrosstabPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations',
    programme: true,
    render: (p) => <EvaluationQuality.ConfigurationsPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations/respondents',
    programme: true,
    render: (p) => <EvaluationQuality.ConfigurationRespondents slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/agreement',
    programme: true,
    render: (p) => <EvaluationQuality.AgreementPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook',
    programme: true,
    render: (p) => <Codebook.CodebookPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-family',
    programme: true,
    render: (p) => <Codebook.AddFamily slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-code',
    programme: true,
    render: (p) => <Codebook.AddCode slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/import',
    programme: true,
    render: (p) => <Codebook.ImportCodebook slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId',
    programme: true,
    render: (p) => <Codebook.CodeRecord slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/edit',
    programme: true,
    render: (p) => <Codebook.EditCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/move',
    programme: true,
    render: (p) => <Codebook.MoveCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/merge',
    programme: true,
    render: (p) => <Codebook.MergeCodes slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/split',
    programme: true,
    render: (p) => <Codebook.SplitCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts',
    programme: true,
    render: (p) => <EvaluationEvidence.Transcripts slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts/:transcript',
    programme: true,
    render: (p) => <EvaluationEvidence.TranscriptPage slug={p.evaluation!} id={p.transcript!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/respondents/:respondent',
    programme: true,
    render: (p) => <Evaluation.RespondentRecord slug={p.evaluation!} id={p.respondent!} />,
  },
];

function resolve(path: string): { route: Route; params: Params } | null {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const route of routes) {
    const params = match(route.path, clean);
    if (params) return { route, params };
  }
  return null;
}

export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const refresh = useCallback(async () => {
    try {
      const u = await loadSession();
      setUser(u);
      setFailure(null);
      return u;
    } catch (err) {
      setFailure(err instanceof ApiError ? err : new ApiError({ title: 'Error', status: 0, detail: String(err) }));
      return null;
    }
  }, []);
  useEffect(() => {
    void refresh();
    whenSignedOut(() => void refresh());
  }, [refresh]);
  const session = useMemo(() => ({ user: user ?? null, refresh }), [user, refresh]);
  const { path, href } = useLocation();
  const found = resolve(path);

  let content: ReactNode;
  if (failure && user === undefined)
    content = (
      <Main>
        <Failed error={failure} retry={() => void refresh()} />
      </Main>
    );
  else if (user === undefined)
    content = (
      <Main>
        <Loading />
      </Main>
    );
  else if (!found)
    content = (
      <Main>
        <NotFound />
      </Main>
    );
  else if (!found.route.public && !user) {
    content = <Redirect to={`/sign-in${path === '/' ? '' : `?next=${encodeURIComponent(href)}`}`} />;
  } else if (found.route.admin && !user?.isAdmin) {
    content = (
      <Main>
        <NotFound detail="Only an administrator can open this page." />
      </Main>
    );
  } else {
    const page = <Suspense fallback={<Loading />}>{found.route.render(found.params)}</Suspense>;
    content = found.route.programme ? <ProgrammeFrame slug={found.params.slug!}>{page}</ProgrammeFrame> : <Main>{page}</Main>;
  }

  return (
    <SessionContext.Provider value={session}>
      <a href="#main-content" className="skip-link">
        Skip to main content
      </a>
      <Header user={user ?? null} refresh={refresh} />
      {content}
      <footer className="footer">
        <div className="width-container">
          <p>
            Cairn: plan, monitor, evaluate and learn in community-led regeneration programmes.{' '}
            <a href="/api/openapi.json">API description</a>
          </p>
        </div>
      </footer>
    </SessionContext.Provider>
  );
}

function Header({ user, refresh }: { user: SessionUser | null; refresh: () => Promise<SessionUser | null> }) {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      await post('/auth/logout');
    } catch {
      // Signed out already, or the server is away: either way the next step is the sign-in page.
    }
    setBusy(false);
    await refresh();
    navigate('/sign-in');
  };
  return (
    <header className="header">
      <div className="width-container header-inner">
        <Link href="/" className="header-logo">
          Cairn
        </Link>
        {user && (
          <nav aria-label="Account" className="header-nav">
            <ul>
              <li>
                <Link href="/">Programmes</Link>
              </li>
              {user.isAdmin && (
                <li>
                  <Link href="/admin/users">People</Link>
                </li>
              )}
              <li className="header-user">
                <span className="visually-hidden">Signed in as </span>
                {user.name}
              </li>
              <li>
                <button type="button" className="link-button" onClick={() => void signOut()} aria-disabled={busy || undefined}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}
