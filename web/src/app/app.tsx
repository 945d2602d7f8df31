import { type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type SessionUser, loadSession, post, whenSignedOut } from '../api/index.js';
import { pageApiPaths } from '../../../src/shared/page-data.js';
import { SessionContext, prefetch } from './data.js';
import { ProgrammeFrame } from './programme-frame.js';
import { Link, type Params, Redirect, match, navigate, useLocation } from './router.js';
import { accountRoutes } from '../accounts/routes.js';
import { homeRoutes } from '../home/routes.js';
import { engagementRoutes } from '../engagement/routes.js';
import { evaluationRoutes } from '../evaluation/routes.js';
import { theoryOfChangeRoutes } from '../theory-of-change/routes.js';
import { learningRoutes } from '../learning/routes.js';
import { monitoringRoutes } from '../monitoring/routes.js';
import { planRoutes } from '../plans/routes.js';
import { pbRoutes } from '../participation/pb/routes.js';
import { registryRoutes } from '../registry/routes.js';
import { brokerageRoutes } from '../support/brokerage/routes.js';
import { supportRoutes } from '../support/routes.js';
import { placeStandardRoutes } from '../participation/place-standard/routes.js';
import { Failed, Loading, Main, NotFound } from '../ui/index.js';
import type { Route } from './route.js';

// The sign-in page, the home page, the programmes list and the partnerships list load with the first bundle; the rest arrives when first needed,
// so a phone on a slow connection downloads only what it shows. Each section lists its pages in its routes.tsx.
// '/programmes/new' (registry) comes before '/programmes/:slug'; the first route that fits a path wins.
const routes: Route[] = [
  ...homeRoutes,
  ...accountRoutes,
  ...registryRoutes,
  ...monitoringRoutes,
  ...evaluationRoutes,
  ...planRoutes,
  ...brokerageRoutes,
  ...engagementRoutes,
  ...supportRoutes,
  ...theoryOfChangeRoutes,
  ...placeStandardRoutes,
  ...pbRoutes,
  ...learningRoutes,
];

function resolve(path: string): { route: Route; params: Params } | null {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const route of routes) {
    const params = match(route.path, clean);
    if (params) return { route, params };
  }
  return null;
}

/**
 * Whether the app's first render here is the markup prerendered for `made` (web/src/prerender.tsx), so the
 * browser can take that markup over: the sign-in page, or the frame every other non-public page starts with.
 */
export function startsAs(made: string, path: string, search: string): boolean {
  if (made === '/sign-in') return path === '/sign-in' && !new URLSearchParams(search).has('reset');
  return !resolve(path)?.route.public;
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
  const { path, href, search } = useLocation();
  const found = resolve(path);
  // Ask for the page's first data as the address opens (src/shared/page-data.ts), all at once: during
  // render, so it goes before the page's own effects ask (prefetch sends each path once). On a first
  // visit the HTML has preloaded them already, and these take those answers.
  const prefetched = useRef<string | null>(null);
  if (found && !found.route.public && prefetched.current !== href) {
    prefetched.current = href;
    prefetch(pageApiPaths(path, search));
  }

  let content: ReactNode;
  if (failure && user === undefined)
    content = (
      <Main>
        <Failed error={failure} retry={() => void refresh()} />
      </Main>
    );
  // A public page (sign in) shows at once, without waiting for the session check; it redirects if someone is signed in.
  else if (user === undefined && !found?.route.public)
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
                <Link href="/">Home</Link>
              </li>
              <li>
                <Link href="/programmes">Programmes</Link>
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
