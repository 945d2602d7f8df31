// The home page: where everyone lands after signing in, with what each of their roles has to do next,
// each task a link straight to the page where it is done. The programmes list is at /programmes.
import { useState } from 'react';
import { ApiError, type Home, type ReturnAnswer, post, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, Loading, Page, Tag, formatDate, formatDateTime, plural } from '../ui/index.js';
import './home.css';

type ReturnTask = NonNullable<Home['returns']>[number];
type ReviewTasks = NonNullable<Home['review']>[number];
type EvaluationTasks = NonNullable<Home['evaluation']>[number];
type Invitations = NonNullable<Home['invitations']>;

export const ROLE_WORDS: Record<Home['programmes'][number]['role'], string> = {
  programme_manager: 'programme manager',
  evaluator: 'evaluator',
  facilitator: 'facilitator',
  viewer: 'viewer',
  partnership_member: 'partnership member',
};

const programmeBase = (slug: string) => `/programmes/${encodeURIComponent(slug)}`;

export function HomePage() {
  const home = useApi<{ data: Home }>('/home');
  if (home.state === 'loading') return <Loading what="things for you to do" />;
  if (home.state === 'error') return <Failed error={home.error} retry={home.reload} />;
  const h = home.data.data;
  return (
    <Page title="What to do next">
      {h.nothingToDo && <NothingToDo home={h} />}
      {h.returns && <ReturnsSection tasks={h.returns} />}
      {h.review?.map((r) => (
        <ReviewSection key={r.programme.slug} tasks={r} />
      ))}
      {h.evaluation?.map((e) => (
        <EvaluationSection key={e.programme.slug} tasks={e} />
      ))}
      {h.invitations && <InvitationsSection invitations={h.invitations} />}
      <ProgrammesSection home={h} />
    </Page>
  );
}

function NothingToDo({ home }: { home: Home }) {
  return (
    <div className="inset">
      <p>
        <strong>You have nothing to do just now.</strong>
      </p>
      {home.programmes.length > 0 ? (
        <p>
          Nothing is waiting for you. You can still open {home.programmes.length === 1 ? 'your programme' : 'your programmes'} below to read
          what is there.
        </p>
      ) : home.isAdmin ? (
        <p>No invitations are waiting. You can invite someone or create a programme below.</p>
      ) : (
        <p>You do not belong to any programme yet. Ask your administrator to give you a role in one.</p>
      )}
    </div>
  );
}

// ---- a partnership member's returns

function ReturnsSection({ tasks }: { tasks: ReturnTask[] }) {
  return (
    <section aria-labelledby="home-returns">
      <h2 id="home-returns">Your returns</h2>
      {tasks.length === 0 ? (
        <p>No return is due from your partnerships just now.</p>
      ) : (
        <ul className="task-list">
          {tasks.map((t) => (
            <ReturnItem key={`${t.partnership.id}-${t.period.id}`} task={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReturnItem({ task: t }: { task: ReturnTask }) {
  const base = `${programmeBase(t.programme.slug)}/monitoring/returns`;
  const what = `${t.partnership.name}: return for ${t.period.label}`;
  return (
    <li className="task">
      <div className="task-head">
        {t.returnId ? <Link href={`${base}/${t.returnId}/edit`}>{what}</Link> : <span className="task-title">{what}</span>}{' '}
        {t.overdue && <Tag tone="red">Overdue</Tag>} {t.status === 'returned' && <Tag tone="yellow">Sent back</Tag>}
        {t.status === 'draft' && <Tag tone="grey">Draft</Tag>} {t.status === 'not_started' && <Tag tone="blue">Not started</Tag>}
      </div>
      <p className="task-detail">
        {t.overdue ? 'Was due' : 'Due'} {formatDate(t.period.dueOn)}. It covers {formatDate(t.period.startsOn)} to{' '}
        {formatDate(t.period.endsOn)}, in {t.programme.name}.
      </p>
      {t.status === 'returned' && t.reviewComment && (
        <p className="task-detail">
          The reviewer said: <q>{t.reviewComment}</q>
        </p>
      )}
      {!t.returnId && <StartReturn task={t} />}
    </li>
  );
}

/** A return nobody has started: starting it makes the draft, then opens it. */
function StartReturn({ task: t }: { task: ReturnTask }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const api = `${programmeBase(t.programme.slug)}/returns`;
      const { data } = await post<ReturnAnswer>(api, { partnershipId: t.partnership.id, periodId: t.period.id });
      navigate(`${programmeBase(t.programme.slug)}/monitoring/returns/${data.id}/edit`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button secondary" onClick={() => void start()} aria-disabled={busy || undefined}>
        Start the return
        <span className="visually-hidden">
          {' '}
          of {t.partnership.name} for {t.period.label}
        </span>
      </button>
    </>
  );
}

// ---- a programme manager's review

function ReviewSection({ tasks: r }: { tasks: ReviewTasks }) {
  const base = programmeBase(r.programme.slug);
  const returns = `${base}/monitoring/returns`;
  const id = `home-review-${r.programme.slug}`;
  const empty = r.submitted.total === 0 && r.overdue.length === 0 && r.imported.length === 0;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        <span className="caption">{r.programme.name}</span>Returns to review and chase
      </h2>
      {empty && <p>No return is waiting for review, none is overdue and no import is waiting to be accepted.</p>}
      {r.submitted.total > 0 && (
        <>
          <h3>{plural(r.submitted.total, 'return')} waiting for review</h3>
          <ul className="task-list">
            {r.submitted.returns.map((x) => (
              <li className="task" key={x.id}>
                <Link href={`${returns}/${x.id}`}>
                  {x.partnership.name}: return for {x.period.label}
                </Link>
                {x.submittedAt && <p className="task-detail">Submitted {formatDateTime(x.submittedAt)}</p>}
              </li>
            ))}
          </ul>
          {r.submitted.total > r.submitted.returns.length && (
            <p>
              <Link href={`${returns}${qs({ status: 'submitted' })}`}>See all {plural(r.submitted.total, 'submitted return')}</Link>
            </p>
          )}
        </>
      )}
      {r.overdue.length > 0 && (
        <>
          <h3>Partnerships overdue</h3>
          <ul className="task-list">
            {r.overdue.map((o) => (
              <li className="task" key={o.period.id}>
                <Link href={`${base}/monitoring/completeness${qs({ periodId: o.period.id, status: 'overdue' })}`}>
                  {o.period.label}: {plural(o.partnerships, 'partnership')} overdue
                </Link>
                <p className="task-detail">Was due {formatDate(o.period.dueOn)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      {r.imported.length > 0 && (
        <>
          <h3>Imports awaiting acceptance</h3>
          <ul className="task-list">
            {r.imported.map((i) => (
              <li className="task" key={i.period.id}>
                <Link href={`${returns}${qs({ periodId: i.period.id, status: 'submitted' })}`}>
                  {i.period.label}: {plural(i.returns, 'imported return')} to accept or send back
                </Link>
                {i.importedAt && <p className="task-detail">Imported {formatDateTime(i.importedAt)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

// ---- an evaluator's coding

function EvaluationSection({ tasks: p }: { tasks: EvaluationTasks }) {
  const id = `home-evaluation-${p.programme.slug}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        <span className="caption">{p.programme.name}</span>Your evaluations
      </h2>
      {p.evaluations.length === 0 && (
        <p>
          This programme has no evaluation yet. <Link href={`${programmeBase(p.programme.slug)}/evaluations`}>Go to its evaluations</Link>{' '}
          to start one.
        </p>
      )}
      {p.evaluations.map((e) => (
        <EvaluationItem key={e.evaluation.id} slug={p.programme.slug} e={e} />
      ))}
    </section>
  );
}

function EvaluationItem({ slug, e }: { slug: string; e: EvaluationTasks['evaluations'][number] }) {
  const home = `${programmeBase(slug)}/evaluations/${encodeURIComponent(e.evaluation.slug)}`;
  const a = e.agreement;
  const done = e.uncodedRespondents.total === 0 && e.uncodedTranscripts.total === 0 && (!a || a.codedByOthersNotYou === 0);
  return (
    <div className="task-group">
      <h3>
        <Link href={home}>{e.evaluation.title}</Link>
      </h3>
      <p className="task-detail">
        {plural(e.respondents, 'respondent')} with consent given, {plural(e.transcripts, 'transcript')}.
        {done && ' Nothing is left to code.'}
      </p>
      {e.uncodedRespondents.total > 0 && (
        <>
          <h4>{plural(e.uncodedRespondents.total, 'respondent')} not yet coded</h4>
          <ul className="task-list">
            {e.uncodedRespondents.first.map((r) => (
              <li className="task" key={r.id}>
                <Link href={`${home}/respondents/${r.id}`}>Code {r.ref}</Link>
              </li>
            ))}
          </ul>
          {e.uncodedRespondents.total > e.uncodedRespondents.first.length && (
            <p>
              <Link href={home}>See all the respondents</Link> ({e.uncodedRespondents.total - e.uncodedRespondents.first.length} more not
              yet coded)
            </p>
          )}
        </>
      )}
      {e.uncodedTranscripts.total > 0 && (
        <>
          <h4>{plural(e.uncodedTranscripts.total, 'transcript')} with no coded passage</h4>
          <ul className="task-list">
            {e.uncodedTranscripts.first.map((x) => (
              <li className="task" key={x.id}>
                <Link href={`${home}/transcripts/${x.id}`}>Code passages in {x.title}</Link>
              </li>
            ))}
          </ul>
          {e.uncodedTranscripts.total > e.uncodedTranscripts.first.length && (
            <p>
              <Link href={`${home}/transcripts`}>See all the transcripts</Link>
            </p>
          )}
        </>
      )}
      {a && (
        <>
          <h4>Agreement check</h4>
          <p>
            Blind coding is on, so each coder sees only their own codes. {plural(a.codedByTwoOrMore, 'respondent')}{' '}
            {a.codedByTwoOrMore === 1 ? 'has' : 'have'} been coded by two coders or more, {plural(a.codedByOneOnly, 'respondent')} by one
            only{a.codedByOthersNotYou > 0 ? `, and ${plural(a.codedByOthersNotYou, 'respondent')} by others but not yet by you` : ''}.
          </p>
          {a.codedByTwoOrMore > 0 && (
            <p>
              <Link href={`${home}/agreement`}>Check how far the coders agree</Link>
            </p>
          )}
        </>
      )}
    </div>
  );
}

// ---- an administrator's invitations

function InvitationsSection({ invitations }: { invitations: Invitations }) {
  return (
    <section aria-labelledby="home-invitations">
      <h2 id="home-invitations">Invitations outstanding</h2>
      {invitations.outstanding.length === 0 ? (
        <p>No invitation is waiting to be accepted.</p>
      ) : (
        <ul className="task-list">
          {invitations.outstanding.map((i) => (
            <li className="task" key={i.id}>
              <span className="task-title">{i.name}</span> <span className="break">({i.email})</span>
              <p className="task-detail">
                {i.programme ? `${ROLE_WORDS[i.role as keyof typeof ROLE_WORDS] ?? 'a role'} in ${i.programme}. ` : ''}
                Expires {formatDateTime(i.expiresAt)}.
              </p>
            </li>
          ))}
        </ul>
      )}
      {invitations.expired > 0 && <p>{plural(invitations.expired, 'invitation')} ran out before anyone accepted it.</p>}
      <p>
        <Link href="/admin/users">See everyone and their invitations</Link>
      </p>
      <div className="button-group">
        <ButtonLink href="/admin/invite" secondary>
          Invite someone
        </ButtonLink>
        <ButtonLink href="/programmes/new" secondary>
          Create a programme
        </ButtonLink>
      </div>
    </section>
  );
}

// ---- where to go

function ProgrammesSection({ home }: { home: Home }) {
  if (home.programmes.length === 0) return null;
  return (
    <section aria-labelledby="home-programmes">
      <h2 id="home-programmes">Your programmes</h2>
      <ul className="list">
        {home.programmes.map((p) => (
          <li key={p.slug}>
            <Link href={programmeBase(p.slug)}>{p.name}</Link> <span className="muted">(you are a {ROLE_WORDS[p.role]})</span>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/programmes">See all your programmes</Link>
      </p>
    </section>
  );
}
