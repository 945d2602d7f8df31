// Registry: a programme's audit trail, filtered by the kind of record changed.
import { type AuditEvent, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, Table, formatDateTime, plural } from '../ui/index.js';

interface AuditPage {
  data: AuditEvent[];
  nextBefore: number | null;
}

/** The kinds of record the log can be filtered to, in the words the server's audit wording uses. */
const ENTITY_TYPES: [string, string][] = [
  ['programme', 'Programme'],
  ['phase', 'Phase'],
  ['place', 'Place'],
  ['organisation', 'Organisation'],
  ['partnership', 'Partnership'],
  ['project', 'Project'],
  ['grant', 'Grant'],
  ['vocabulary_term', 'Vocabulary term'],
  ['indicator', 'Indicator'],
  ['reporting_period', 'Reporting period'],
  ['monitoring_return', 'Return'],
  ['evaluation', 'Evaluation'],
  ['evaluation_code', 'Code'],
  ['respondent', 'Respondent'],
  ['invitation', 'Invitation'],
  ['user', 'Person'],
];

export function Audit() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const { search } = useLocation();
  const before = search.get('before') ?? '';
  const entityType = search.get('entityType') ?? '';
  const loaded = useApi<AuditPage>(abilities.seeAudit ? `${api}/audit${qs({ limit: 50, before, entityType })}` : null, {
    keepPrevious: true,
  });
  const title = `Audit log – ${programme.name}`;
  if (!abilities.seeAudit) {
    return (
      <Page title={title} heading="Audit log" breadcrumbs={crumbs()}>
        <NotAllowed>Only programme managers and administrators can read the audit log.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} heading="Audit log" caption={programme.name} breadcrumbs={crumbs()}>
      <p>Every change in this programme: who made it, when, and what it was before and after. Newest first.</p>
      <form
        role="search"
        aria-label="Filter the audit log"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          const t = new FormData(e.currentTarget).get('entityType');
          navigate(`${base}/audit${qs({ entityType: typeof t === 'string' ? t : '' })}`);
        }}
      >
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="audit-type">
              Kind of record
            </label>
            <select id="audit-type" name="entityType" className="select" defaultValue={entityType} key={entityType}>
              <option value="">Any</option>
              {ENTITY_TYPES.map(([t, words]) => (
                <option key={t} value={t}>
                  {words}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button secondary">
          Show
        </button>
      </form>
      {loaded.state === 'loading' ? (
        <Loading what="audit log" />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : (
        <>
          <p role="status" className="result-count">
            {loaded.data.data.length === 0
              ? 'No changes recorded.'
              : `Showing ${plural(loaded.data.data.length, 'change')}${before ? ', older ones' : ''}`}
          </p>
          {loaded.data.data.length > 0 && (
            <Table caption="Changes, newest first" captionHidden head={['When', 'Who', 'What', 'Changed']}>
              {loaded.data.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <th scope="row">
                    {e.summary || `${e.kind}: ${e.subject}`}
                    <br />
                    <span className="muted">
                      {e.kind}: {e.subject}
                    </span>
                  </th>
                  <td>
                    {e.changed.length ? (
                      <ul className="changes">
                        {e.changed.map((c, i) => (
                          <li key={i}>
                            {c.field}: {c.before} → {c.after}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <nav className="pagination" aria-label="Pages">
            {before && <Link href={`${base}/audit${qs({ entityType })}`}>Newest changes</Link>}
            {loaded.data.nextBefore && (
              <Link href={`${base}/audit${qs({ entityType, before: loaded.data.nextBefore })}`}>Older changes →</Link>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}
