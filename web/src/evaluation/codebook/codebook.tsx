// An evaluation's codebook, kept in the browser: the codes of each family as a nested list of links,
// with its exports (REFI-QDA .qdc, CSV) and its history. Changes are for the programme's evaluators and managers;
// the API refuses everyone else.
import type { AuditEvent } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, useLocation } from '../../app/router.js';
import { Failed, History, Loading, NotAllowed, Page, Panel, plural } from '../../ui/index.js';
import { CodeList, ONLY_EVALUATORS, Swatch, flatten, useCodebook, useCodebookPaths } from './shared.js';

export function CodebookPage({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail, codePage } = useCodebookPaths(slug);
  const { search } = useLocation();
  const { gate, evaluation: e, families, canChange } = useCodebook(slug);
  const history = useApi<{ data: AuditEvent[]; nextBefore: number | null }>(canChange ? `${apiBase}/codebook/history?limit=50` : null);
  if (gate || !e) return gate;
  const total = flatten(families).length;
  const added = search.get('added');
  return (
    <Page title={`Codebook – ${e.title} – ${programme.name}`} heading="Codebook" caption={e.title} breadcrumbs={trail(e.title)}>
      {added && <Panel title={`Code family ${added} added`} />}
      <p>
        The codes respondents’ answers are coded with, in families such as contexts, mechanisms and outcomes. {plural(total, 'code')} in{' '}
        {plural(families.length, 'family', 'families')}. Choose a code to change, move, merge or split it.
      </p>
      {canChange ? (
        <ul className="list">
          <li>
            <Link href={`${book}/new-code`}>Add a code</Link>
          </li>
          <li>
            <Link href={`${book}/new-family`}>Add a code family</Link>
          </li>
          <li>
            <Link href={`${book}/import`}>Import a codebook from a QDA program (.qdc)</Link>
          </li>
        </ul>
      ) : (
        <NotAllowed>{ONLY_EVALUATORS} They also see the codebook’s history.</NotAllowed>
      )}
      {families.map((f) => (
        <section key={f.id} aria-labelledby={`family-${f.key}`}>
          <h2 id={`family-${f.key}`}>
            {f.colour && <Swatch colour={f.colour} />}
            {f.label}
          </h2>
          {f.description && <p className="muted">{f.description}</p>}
          {f.codes.length === 0 ? <p className="muted">No codes yet.</p> : <CodeList codes={f.codes} codePage={codePage} />}
          {canChange && (
            <p>
              <Link href={`${book}/new-code?family=${encodeURIComponent(f.key)}`}>
                Add a code<span className="visually-hidden"> to {f.label}</span>
              </Link>
            </p>
          )}
        </section>
      ))}
      <h2>Download the codebook</h2>
      {total === 0 ? (
        <p>There are no codes to download yet.</p>
      ) : (
        <ul className="list">
          <li>
            <a href={`/api/v1${apiBase}/codebook.qdc`} download>
              REFI-QDA codebook (.qdc)
            </a>{' '}
            <span className="muted">– opens in NVivo, ATLAS.ti, MAXQDA and QualCoder</span>
          </li>
          <li>
            <a href={`/api/v1${apiBase}/codebook.csv`} download>
              Spreadsheet (.csv)
            </a>
          </li>
        </ul>
      )}
      {canChange &&
        (history.state === 'loading' ? (
          <Loading what="history" />
        ) : history.state === 'error' ? (
          <Failed error={history.error} retry={history.reload} />
        ) : (
          <>
            <History events={history.data.data} />
            {history.data.nextBefore !== null && (
              <p className="muted">The latest 50 changes are shown. Each code’s page shows all of its own.</p>
            )}
          </>
        ))}
    </Page>
  );
}
