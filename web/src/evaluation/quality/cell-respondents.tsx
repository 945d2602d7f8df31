// Evaluation quality: the respondents and publishable quotes behind one configuration (evaluators and managers).
import { Fragment } from 'react';
import { type EvaluationAnswer, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Link, useLocation } from '../../app/router.js';
import { Failed, Loading, NotAllowed, NotFound, Page, Table, plural } from '../../ui/index.js';
import { type CellAnswer, type CodeRef, usePaths } from './shared.js';

// ---------------------------------------------------------------- the respondents behind a cell

export function ConfigurationRespondents({ slug }: { slug: string }) {
  const { apiBase, home, trail } = usePaths(slug);
  const { search } = useLocation();
  const query = qs({
    context: search.get('context'),
    mechanism: search.get('mechanism'),
    outcome: search.get('outcome'),
    participantType: search.get('participantType'),
  });
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const cell = useApi<CellAnswer>(
    evaluation.state === 'ready' && evaluation.data.abilities.respondents ? `${apiBase}/configurations/respondents${query}` : null,
  );
  if (evaluation.state === 'loading') return <Loading what="respondents" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  const e = evaluation.data.data;
  const crumbs = trail(e.title, { href: `${home}/configurations`, label: 'Configurations' });
  if (!evaluation.data.abilities.respondents) {
    return (
      <Page
        title={`Respondents behind a configuration – ${e.title}`}
        heading="Respondents behind a configuration"
        caption={e.title}
        breadcrumbs={crumbs}
      >
        <NotAllowed>
          Only the programme’s evaluators and managers can see which respondents are behind a configuration, because they are records about
          people.
        </NotAllowed>
      </Page>
    );
  }
  if (cell.state === 'loading') return <Loading what="respondents" />;
  if (cell.state === 'error') {
    if (cell.error.status === 422)
      return (
        <NotFound detail="That configuration names a code this evaluation does not have. Go back to the configurations and choose one." />
      );
    return <Failed error={cell.error} retry={cell.reload} />;
  }
  const { cell: c, respondents, total, found } = cell.data.data;
  const names = [c.context, c.mechanism, c.outcome].filter((x): x is CodeRef => x !== null).map((x) => x.name);
  const withQuotes = respondents.filter((r) => r.quotes.length > 0);
  return (
    <Page
      title={`${names.join(' → ')} – ${e.title}`}
      heading={names.join(' → ')}
      caption="Respondents behind a configuration"
      breadcrumbs={crumbs}
    >
      <p role="status">
        {plural(found, 'respondent')} of the {total} counted identified{' '}
        {names.length === 1 ? 'this code' : `all ${names.length} of these codes`}
        {found > respondents.length ? ` (the first ${respondents.length} by reference are listed)` : ''}. People who withdrew their consent
        are not listed.
      </p>
      {respondents.length > 0 && (
        <Table caption="Respondents" head={['Reference', 'Participant type', 'Project', 'Quotes that may be published']}>
          {respondents.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`${home}/respondents/${r.id}`}>{r.ref}</Link>
              </th>
              <td>{r.participantType ?? <span className="muted">Not recorded</span>}</td>
              <td>{r.project ?? <span className="muted">Not recorded</span>}</td>
              <td>{r.quotes.length}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>What they said</h2>
      {withQuotes.length === 0 ? (
        <p>None of these respondents has a quote marked as one that may be published.</p>
      ) : (
        withQuotes.map((r) => (
          <Fragment key={r.id}>
            {r.quotes.map((q) => (
              <figure key={q.id} className="inset">
                <blockquote>
                  <p>“{q.text}”</p>
                </blockquote>
                <figcaption>
                  {q.attribution} <span className="muted">({r.ref})</span>
                </figcaption>
              </figure>
            ))}
          </Fragment>
        ))
      )}
      <p>
        <Link href={`${home}/configurations`}>Back to the configurations</Link>
      </p>
    </Page>
  );
}
