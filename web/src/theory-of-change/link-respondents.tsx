// Theory of change: the respondents at both ends of a link and the quotes of theirs that may be published
// (evaluators and managers only: these are records about people).
import { useApi } from '../app/data.js';
import { Link, useLocation } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, Table, plural } from '../ui/index.js';
import { type DrillAnswer, type VersionRecord, useTocPaths } from './shared.js';

export function LinkRespondentsPage({ theoryId, versionId, linkKey }: { theoryId: string; versionId: string; linkKey: string }) {
  const { programme, versionApi, version: home, trail } = useTocPaths(theoryId, versionId);
  const evaluation = useLocation().search.get('evaluation') ?? '';
  const version = useApi<{ data: VersionRecord }>(versionApi);
  const drill = useApi<DrillAnswer>(
    `${versionApi}/links/${encodeURIComponent(linkKey)}/respondents?evaluation=${encodeURIComponent(evaluation)}`,
  );
  if (version.state === 'loading' || drill.state === 'loading') return <Loading what="respondents" />;
  if (version.state === 'error') return <Failed error={version.error} retry={version.reload} />;
  const v = version.data.data;
  const crumbs = [
    ...trail(v.theory.name, v.name),
    { href: `${home}/validation?evaluation=${encodeURIComponent(evaluation)}`, label: 'Links tested' },
  ];
  if (drill.state === 'error') {
    if (drill.error.status === 403)
      return (
        <Page title={`Respondents behind a link – ${programme.name}`} heading="Respondents behind a link" breadcrumbs={crumbs}>
          <NotAllowed>
            Only the programme’s evaluators and managers can see which respondents are behind a link, because they are records about people.
          </NotAllowed>
        </Page>
      );
    return <Failed error={drill.error} retry={drill.reload} />;
  }
  const { link, found, respondents, quotes } = drill.data.data;
  const heading = `${link.fromLabel} → ${link.toLabel}`;
  return (
    <Page
      title={`${heading} – ${v.theory.name} – ${programme.name}`}
      heading={heading}
      caption="Respondents behind a link"
      breadcrumbs={crumbs}
    >
      <p role="status">
        {plural(found, 'respondent')} identified a code mapped to both steps
        {found > respondents.length ? ` (the first ${respondents.length} by reference are listed)` : ''}. People who withdrew their consent
        are not listed.
      </p>
      {respondents.length > 0 && (
        <Table caption="Respondents" head={['Reference', 'Participant type']}>
          {respondents.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link
                  href={`/programmes/${encodeURIComponent(programme.slug)}/evaluations/${encodeURIComponent(evaluation)}/respondents/${r.id}`}
                >
                  {r.ref}
                </Link>
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
    </Page>
  );
}
