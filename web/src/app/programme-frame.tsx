// Every page inside a programme: the programme's own navigation, and the programme (its name, phases,
// vocabularies and what the person may do in it) for the page to use.
import { type ReactNode, createContext, useContext, useEffect, useRef } from 'react';
import type { ProgrammeAbilities, ProgrammeDetail, RecordAnswer } from '../api/index.js';
import { useApi } from './data.js';
import { Link, useLocation } from './router.js';
import { type Crumb, Failed, Loading, Main } from '../ui/index.js';

export interface ProgrammeInfo {
  programme: ProgrammeDetail;
  abilities: ProgrammeAbilities;
  history: RecordAnswer<unknown>['history'];
  /** The base of this programme's addresses: /programmes/<slug>. */
  base: string;
  /** API base: /programmes/<slug>. */
  api: string;
  crumbs: (...more: Crumb[]) => Crumb[];
  reload: () => void;
}

const ProgrammeContext = createContext<ProgrammeInfo | null>(null);
export function useProgramme(): ProgrammeInfo {
  const p = useContext(ProgrammeContext);
  if (!p) throw new Error('useProgramme outside a programme page');
  return p;
}

type Answer = { data: ProgrammeDetail; abilities: ProgrammeAbilities; history: ProgrammeInfo['history'] };

export function ProgrammeFrame({ slug, children }: { slug: string; children: ReactNode }) {
  const api = `/programmes/${encodeURIComponent(slug)}`;
  const loaded = useApi<Answer>(api);
  const { path } = useLocation();
  const { reload } = loaded;
  // Counts and phases change as people add records: read the programme again on each new page.
  const seen = useRef(path);
  useEffect(() => {
    if (seen.current === path) return;
    seen.current = path;
    reload();
  }, [path, reload]);

  if (loaded.state !== 'ready') {
    return <Main>{loaded.state === 'loading' ? <Loading what="programme" /> : <Failed error={loaded.error} retry={reload} />}</Main>;
  }
  const { data: programme, abilities, history } = loaded.data;
  const base = `/programmes/${encodeURIComponent(programme.slug)}`;
  const info: ProgrammeInfo = {
    programme,
    abilities,
    history,
    base,
    api,
    reload,
    crumbs: (...more) => [{ href: '/programmes', label: 'Programmes' }, { href: base, label: programme.name }, ...more],
  };
  const items: [string, string][] = [
    [base, 'Overview'],
    [`${base}/partnerships`, 'Partnerships'],
    [`${base}/places`, 'Places'],
    [`${base}/organisations`, 'Organisations'],
    [`${base}/projects`, 'Projects'],
    ...(programme.counts.grants !== null ? [[`${base}/grants`, 'Grants'] as [string, string]] : []),
    [`${base}/monitoring`, 'Monitoring'],
    [`${base}/vocabularies`, 'Vocabularies'],
    ...(abilities.manageRegistry ? [[`${base}/import`, 'Import'] as [string, string]] : []),
    ...(abilities.seeAudit ? [[`${base}/audit`, 'Audit log'] as [string, string]] : []),
  ];
  const current = (href: string) => (href === base ? path === base : path === href || path.startsWith(`${href}/`));
  return (
    <ProgrammeContext.Provider value={info}>
      <nav className="sub-nav" aria-label={`${programme.name}: sections`}>
        <div className="width-container">
          <p className="sub-nav-title">{programme.name}</p>
          <ul>
            {items.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={current(href) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </nav>
      <Main>{children}</Main>
    </ProgrammeContext.Provider>
  );
}
