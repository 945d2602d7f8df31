// Codebook: a code's page, with where it is used and its history.
import { Fragment } from 'react';
import type { AuditEvent } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Link, useLocation } from '../../app/router.js';
import { History, NotAllowed, NotFound, Page, Panel, SummaryList, plural } from '../../ui/index.js';
import { CodeRetrieval } from './retrieval.js';
import { ONLY_EVALUATORS, Swatch, type CodeUse, useCode, useCodebookPaths } from './shared.js';

export function CodeRecord({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, book, trail, codePage, home } = useCodebookPaths(slug);
  const { search } = useLocation();
  const { gate, evaluation: e, here, canChange } = useCode(slug, codeId);
  const use = useApi<{ data: CodeUse }>(canChange && here ? `${apiBase}/codebook/codes/${codeId}/codings` : null);
  const history = useApi<{ data: AuditEvent[] }>(canChange && here ? `${apiBase}/codebook/history?codeId=${codeId}` : null);
  if (gate || !e) return gate;
  if (!here) return <NotFound detail="This evaluation’s codebook has no such code. It may have been merged into another." />;
  const { code, family, parent } = here;
  const done = search.get('done');
  const base = codePage(code.id);
  return (
    <Page
      title={`${code.name} – Codebook – ${e.title}`}
      heading={code.name}
      caption={`Code in ${family.label}`}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {done && <Panel title={done} />}
      <SummaryList
        rows={[
          ['Family', family.label],
          ['Under', parent ? <Link href={codePage(parent.id)}>{parent.name}</Link> : `The top of ${family.label}`],
          ['Description', code.description || <span className="muted">None</span>],
          [
            'Colour',
            code.colour ? (
              <>
                <Swatch colour={code.colour} />
                {code.colour}
              </>
            ) : (
              <span className="muted">None</span>
            ),
          ],
          [
            'Codes under it',
            code.children.length ? (
              code.children.map((c, i) => (
                <Fragment key={c.id}>
                  {i > 0 && ', '}
                  <Link href={codePage(c.id)}>{c.name}</Link>
                </Fragment>
              ))
            ) : (
              <span className="muted">None</span>
            ),
          ],
          ...(use.state === 'ready'
            ? [
                [
                  'Coded',
                  `${plural(use.data.data.respondentCount, 'respondent')} (${plural(use.data.data.codings, 'coding')}, every coder’s)`,
                ] as [string, string],
              ]
            : []),
        ]}
      />
      {canChange && <CodeRetrieval apiBase={apiBase} home={home} codeId={code.id} hasChildren={code.children.length > 0} />}
      {canChange ? (
        <>
          <h2>Change this code</h2>
          <ul className="list">
            <li>
              <Link href={`${base}/edit`}>Rename, describe or recolour</Link>
            </li>
            <li>
              <Link href={`${base}/move`}>Move under another code</Link>
            </li>
            <li>
              <Link href={`${base}/merge`}>Merge other codes into this one</Link>
            </li>
            <li>
              <Link href={`${base}/split`}>Split into new codes</Link>
            </li>
            <li>
              <Link href={`${book}/new-code?family=${encodeURIComponent(family.key)}&parent=${code.id}`}>Add a code under this one</Link>
            </li>
          </ul>
          {history.state === 'ready' && <History events={history.data.data} />}
        </>
      ) : (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      )}
      <p>
        <Link href={book}>Back to the codebook</Link>
      </p>
    </Page>
  );
}
