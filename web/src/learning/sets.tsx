// Action-learning sets: the list, and one set's page — its partnerships, sessions (date, who attended,
// notes), the actions each partnership committed to by level (by us / with us / for us) with priority,
// status and what came of them, and the case studies the set produced.
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { LEVELS, type LearningSet } from './set-levels.js';
import { ButtonLink, Failed, Loading, Page, Table, Tag, formatDate, humanise, plural } from '../ui/index.js';

type Summary = {
  id: string;
  name: string;
  description: string;
  partnerships: { id: string; name: string }[];
  sessions: number;
  lastSessionOn: string | null;
  openActions: number;
};

const STATUS_TONE = { open: 'blue', done: 'green', dropped: 'grey' } as const;

export function SetsPage() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: Summary[]; abilities: { create: boolean } }>(`${api}/learning-sets`);
  return (
    <Page
      title={`Action-learning sets – ${programme.name}`}
      heading="Action-learning sets"
      caption={programme.name}
      breadcrumbs={crumbs({ href: `${base}/case-studies`, label: 'Case studies' })}
    >
      <p>Partnerships meeting to share practice, the actions each committed to between sessions, and what came of them.</p>
      {loaded.state === 'ready' && loaded.data.abilities.create && (
        <p>
          <ButtonLink href={`${base}/learning-sets/new`}>Start a set</ButtonLink>
        </p>
      )}
      {loaded.state === 'loading' ? (
        <Loading what="sets" />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : loaded.data.data.length === 0 ? (
        <p>There are no action-learning sets you can see yet.</p>
      ) : (
        <Table caption="Action-learning sets" captionHidden head={['Set', 'Partnerships', 'Sessions', 'Last session', 'Open actions']}>
          {loaded.data.data.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link href={`${base}/learning-sets/${s.id}`}>{s.name}</Link>
              </th>
              <td>{s.partnerships.map((p) => p.name).join(', ')}</td>
              <td>{s.sessions}</td>
              <td>{formatDate(s.lastSessionOn) || 'None yet'}</td>
              <td>{s.openActions}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

export function SetPage({ id }: { id: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: LearningSet }>(`${api}/learning-sets/${id}`);
  const trail = crumbs({ href: `${base}/learning-sets`, label: 'Action-learning sets' });
  if (loaded.state !== 'ready')
    return (
      <Page title={`Action-learning set – ${programme.name}`} breadcrumbs={trail}>
        {loaded.state === 'loading' ? <Loading what="set" /> : <Failed error={loaded.error} retry={loaded.reload} />}
      </Page>
    );
  const s = loaded.data.data;
  const here = `${base}/learning-sets/${s.id}`;
  const sessionTitle = (sid: string | null) => s.sessions.find((x) => x.id === sid)?.title;
  return (
    <Page title={`${s.name} – ${programme.name}`} heading={s.name} caption="Action-learning set" breadcrumbs={trail}>
      {s.description && <p>{s.description}</p>}
      {s.abilities.update && (
        <p>
          <Link href={`${here}/edit`}>
            Change the set<span className="visually-hidden">: its name, partnerships, learning and case studies</span>
          </Link>
        </p>
      )}
      <h2>Partnerships</h2>
      <p>{s.partnerships.map((p) => p.name).join(', ') || 'None yet.'}</p>
      {s.learning && (
        <>
          <h2>What the set is learning</h2>
          <p style={{ whiteSpace: 'pre-line' }}>{s.learning}</p>
        </>
      )}

      <h2>Sessions</h2>
      {s.sessions.length === 0 ? (
        <p>No sessions recorded yet.</p>
      ) : (
        <ol className="plain-list">
          {s.sessions.map((x) => (
            <li key={x.id}>
              <h3>
                {x.title}, {formatDate(x.heldOn)}
              </h3>
              <p>
                <strong>Who attended:</strong> {x.attendees.join(', ') || 'Not recorded'}
              </p>
              {x.notes && <p style={{ whiteSpace: 'pre-line' }}>{x.notes}</p>}
              {s.abilities.update && (
                <p>
                  <Link href={`${here}/sessions/${x.id}`}>
                    Change<span className="visually-hidden"> the record of {x.title}</span>
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {s.abilities.update && (
        <p>
          <ButtonLink href={`${here}/sessions/new`} secondary>
            Record a session
          </ButtonLink>
        </p>
      )}

      <h2>Actions</h2>
      {LEVELS.map((level) => {
        const actions = s.actions.filter((a) => a.level === level.value);
        return (
          <section key={level.value} aria-labelledby={`level-${level.value}`}>
            <h3 id={`level-${level.value}`}>
              {level.label} <span className="muted">({level.hint.toLowerCase()})</span>
            </h3>
            {actions.length === 0 ? (
              <p>{`No “${level.label.toLowerCase()}” actions yet.`}</p>
            ) : (
              <Table
                caption={`${level.label}: actions`}
                captionHidden
                head={['Action', 'Partnership', 'Priority', 'Status', 'What came of it']}
              >
                {actions.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.action}
                      {sessionTitle(a.sessionId) && <span className="muted"> (agreed at {sessionTitle(a.sessionId)})</span>}
                    </th>
                    <td>{a.partnership.name}</td>
                    <td>{humanise(a.priority)}</td>
                    <td>
                      <Tag tone={STATUS_TONE[a.status]}>{humanise(a.status)}</Tag>
                    </td>
                    <td>
                      {a.followUp || <span className="muted">Not yet recorded</span>}
                      {a.followUpOn && <span className="muted"> ({formatDate(a.followUpOn)})</span>}
                      {a.abilities.update && (
                        <>
                          <br />
                          <Link href={`${here}/actions/${a.id}`}>
                            Record follow-up<span className="visually-hidden"> for “{a.action}”</span>
                          </Link>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </section>
        );
      })}
      {s.abilities.addAction && (
        <p>
          <ButtonLink href={`${here}/actions/new`} secondary>
            Add an action
          </ButtonLink>
        </p>
      )}

      <h2>Case studies from this set</h2>
      {s.caseStudies.length === 0 ? (
        <p>None yet. A case study names its set on its first page{s.abilities.update ? ', or link it when you change the set' : ''}.</p>
      ) : (
        <ul className="plain-list">
          {s.caseStudies.map((c) => (
            <li key={c.id}>
              <Link href={`${base}/case-studies/${c.id}`}>{c.title}</Link>
              {c.status === 'draft' && <span className="muted"> (draft)</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{plural(s.actions.filter((a) => a.status === 'open').length, 'open action')}</p>
    </Page>
  );
}
