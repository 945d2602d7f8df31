// From a link of the drawing or the outline: the respondents (consent given) at both of its ends in one
// evaluation, and the quotes of theirs that may be published. Managers and evaluators only: these are
// records about people.
import type { ReactNode } from 'react';
import { type Loaded, useApi } from '../../app/data.js';
import { Link, useLocation } from '../../app/router.js';
import { Failed, Loading, NotAllowed, Page, Table } from '../../ui/index.js';
import { type LinkRespondents, versionPath } from './api.js';
import { useDraft } from './draft.js';
import { type TheoryParams, useTheoryPaths } from './shell.js';

export function LinkDrillPage(params: TheoryParams & { programme: string; link: string }) {
  const draft = useDraft(params.programme, params.theory, params.version);
  const { search } = useLocation();
  const evaluation = search.get('evaluation') ?? '';
  const answer = useApi<{ data: LinkRespondents }>(
    evaluation
      ? `${versionPath(params.programme, params.theory, params.version)}/links/${encodeURIComponent(params.link)}/respondents?evaluation=${encodeURIComponent(evaluation)}`
      : null,
  );
  if (draft.status === 'error' && draft.error) return <Failed error={draft.error} retry={draft.reload} />;
  if (!draft.version) return <Loading what="link" />;
  return <Drill params={params} name={draft.version.theory.name} evaluation={evaluation} answer={answer} />;
}

function Drill(props: { params: TheoryParams; name: string; evaluation: string; answer: Loaded<{ data: LinkRespondents }> }) {
  const paths = useTheoryPaths(props.params, props.name);
  const back = `${paths.drawing}?evaluation=${encodeURIComponent(props.evaluation)}`;
  const { answer } = props;
  const page = (heading: string, children: ReactNode) => (
    <Page title={`${heading} – ${props.name}`} heading={heading} caption="Respondents and quotes behind a link" breadcrumbs={paths.trail}>
      {children}
      <p>
        <Link href={back}>Back to the drawing</Link>
      </p>
    </Page>
  );
  if (!props.evaluation) return page('Choose an evaluation', <p>Open this page from a link of a drawing tested against an evaluation.</p>);
  if (answer.state === 'loading') return <Loading what="respondents" />;
  if (answer.state === 'error') {
    if (answer.error.status === 403)
      return page(
        'Respondents behind a link',
        <NotAllowed>
          Only the programme’s evaluators and managers can see which respondents are behind a link, because they are records about people.
        </NotAllowed>,
      );
    return <Failed error={answer.error} retry={answer.reload} />;
  }
  const { link, found, respondents, quotes } = answer.data.data;
  const home = `/programmes/${encodeURIComponent(paths.programme)}/evaluations/${encodeURIComponent(props.evaluation)}`;
  return page(
    `${link.fromLabel} → ${link.toLabel}`,
    <>
      <p role="status">
        {found === 1 ? '1 respondent' : `${found} respondents`} identified a code mapped to both “{link.fromLabel}” and “{link.toLabel}”
        {found > respondents.length ? ` (the first ${respondents.length} by reference are listed)` : ''}. People who withdrew their consent
        are not counted or listed.
      </p>
      {respondents.length > 0 && (
        <Table caption="Respondents at both ends" head={['Reference', 'Participant type']}>
          {respondents.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`${home}/respondents/${r.id}`}>{r.ref}</Link>
              </th>
              <td>{r.participantType ?? <span className="muted">Not recorded</span>}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>What they said</h2>
      {quotes.length === 0 ? (
        <p>None of these respondents has a quote marked as one that may be published.</p>
      ) : (
        quotes.map((q) => (
          <figure key={q.id} className="inset">
            <blockquote>
              <p>“{q.text}”</p>
            </blockquote>
            <figcaption>
              {q.attribution} <span className="muted">({q.respondentRef})</span>
            </figcaption>
          </figure>
        ))
      )}
    </>,
  );
}
