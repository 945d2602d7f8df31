// Every page inside a programme: the programme's own navigation, and the programme (its name, phases,
// vocabularies and what the person may do in it) for the page to use.
import { type ReactNode, createContext, useContext, useEffect, useId, useRef, useState } from 'react';
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
    [`${base}/engagements`, 'Engagements'],
    [`${base}/plans`, 'Plans'],
    // Brokerage cases are confidential: the list shows a facilitator only their partnerships' and others none.
    ...(abilities.scope === 'programme' ? [[`${base}/brokerage`, 'Brokerage'] as [string, string]] : []),
    [`${base}/support`, 'Support'],
    ...(abilities.scope === 'programme' ? [[`${base}/theories-of-change`, 'Theory of change'] as [string, string]] : []),
    // Surveys are the programme team's: partnership members do not see them.
    ...(abilities.scope === 'programme' ? [[`${base}/place-standard`, 'Place Standard'] as [string, string]] : []),
    ...(abilities.scope === 'programme' ? [[`${base}/pb`, 'Participatory budgeting'] as [string, string]] : []),
    [`${base}/case-studies`, 'Case studies'],
    [`${base}/vocabularies`, 'Vocabularies'],
    ...(abilities.manageRegistry ? [[`${base}/import`, 'Import'] as [string, string]] : []),
    ...(abilities.seeAudit ? [[`${base}/audit`, 'Audit log'] as [string, string]] : []),
  ];
  const current = (href: string) => (href === base ? path === base : path === href || path.startsWith(`${href}/`));
  return (
    <ProgrammeContext.Provider value={info}>
      <SectionNav title={programme.name} items={items} current={current} path={path} />
      <Main>{children}</Main>
    </ProgrammeContext.Provider>
  );
}

/**
 * The programme's sections. On a wide screen, a row of links; on a phone (CSS, up to 640 px) one button
 * naming the section you are in, which opens the list of sections under it, so the links do not take
 * four rows before the content. The button says whether the list is open (aria-expanded); the list
 * closes when you go to another page.
 */
function SectionNav(props: { title: string; items: [string, string][]; current: (href: string) => boolean; path: string }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const here = props.items.find(([href]) => props.current(href))?.[1];
  const shown = useRef(props.path);
  useEffect(() => {
    if (shown.current === props.path) return;
    shown.current = props.path;
    setOpen(false);
  }, [props.path]);
  return (
    <nav className={`sub-nav${open ? ' sub-nav-open' : ''}`} aria-label={`${props.title}: sections`}>
      <div className="width-container">
        <p className="sub-nav-title">{props.title}</p>
        <button type="button" className="sub-nav-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span className="sub-nav-toggle-words">{here ? `Section: ${here}` : 'Sections'}</span>
          <span className="sub-nav-toggle-action">{open ? 'Close' : 'Menu'}</span>
        </button>
        <ul id={listId}>
          {props.items.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={props.current(href) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
