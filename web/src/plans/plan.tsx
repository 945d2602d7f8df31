import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, formatDate, formatDateTime } from '../ui/index.js';
import { Actions, Ownership, PhasePart, Priorities, ReviewSummary } from './plan-parts.js';
import type { PlanAnswer } from './types.js';

/** One plan as it is now, with its reviews and every earlier version. */
export function PlanPage({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<PlanAnswer>(`${api}/plans/${id}`);
  if (loaded.state === 'loading') return <Loading what="plan" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: plan, abilities, history } = loaded.data;
  const c = plan.content;
  const here = `${base}/plans/${plan.id}`;
  return (
    <Page
      title={c.title}
      caption={`${plan.kind === 'phase' ? 'Phase plan' : 'Action plan'} for ${plan.owner.name}`}
      breadcrumbs={crumbs({ href: `${base}/plans`, label: 'Plans' })}
    >
      <div className="button-group">
        {abilities.update && <ButtonLink href={`${here}/edit`}>Change the plan</ButtonLink>}
        {abilities.update && c.priorities.length > 0 && (
          <ButtonLink href={`${here}/review`} secondary>
            Start the annual review
          </ButtonLink>
        )}
        <ButtonLink href={`${here}/print`} secondary>
          One-page version to print
        </ButtonLink>
      </div>
      {!abilities.update && <NotAllowed>The partnership’s members, its facilitators and programme managers change this plan.</NotAllowed>}
      <p className="muted">
        Version {plan.number}, saved {formatDateTime(plan.updatedAt)}.
      </p>
      <h2>Purpose</h2>
      <p>{c.purpose || <span className="muted">Not written yet.</span>}</p>
      <h2>Priorities</h2>
      <Priorities content={c} />
      <h2>Actions</h2>
      <Actions content={c} />
      <h2>Who took part in making it</h2>
      <Ownership ownership={plan.ownership} participants={c.participants} />
      {c.phase && (
        <>
          <h2>For the next phase</h2>
          <PhasePart phase={c.phase} />
        </>
      )}
      <h2>Annual reviews</h2>
      {plan.reviews.length === 0 ? (
        <p>Not reviewed yet.</p>
      ) : (
        plan.reviews.map((r) => (
          <section key={r.id}>
            <h3>Reviewed {formatDate(r.reviewedOn)}</h3>
            <ReviewSummary review={r} />
          </section>
        ))
      )}
      <h2>Earlier versions</h2>
      <ul className="list">
        {plan.versions.map((v) => (
          <li key={v.version}>
            <Link href={`${here}/versions/${v.version}`}>Version {v.version}</Link>, saved by {v.savedBy} on {formatDateTime(v.savedAt)}
          </li>
        ))}
      </ul>
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

/** One earlier version of a plan, whole, and what changed from the one before. */
export function PlanVersionPage({ id, version }: { id: string; version: string }) {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<{
    data: {
      version: number;
      savedBy: string;
      savedAt: string;
      content: PlanAnswer['data']['content'];
      ownership: PlanAnswer['data']['ownership'];
      changes: { words: string }[];
      latest: number;
    };
  }>(`${api}/plans/${id}/versions/${encodeURIComponent(version)}`);
  if (loaded.state === 'loading') return <Loading what="version" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const v = loaded.data.data;
  return (
    <Page
      title={`${v.content.title}: version ${v.version}`}
      caption={`Version ${v.version} of ${v.latest}`}
      breadcrumbs={crumbs({ href: `${base}/plans`, label: 'Plans' }, { href: `${base}/plans/${id}`, label: v.content.title })}
    >
      <p>
        Saved by {v.savedBy} on {formatDateTime(v.savedAt)}.
      </p>
      <h2>What changed from the version before</h2>
      {v.version === 1 ? (
        <p>This is the first version.</p>
      ) : v.changes.length ? (
        <ul className="list">
          {v.changes.map((c, i) => (
            <li key={i}>{c.words}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing.</p>
      )}
      <h2>Purpose</h2>
      <p>{v.content.purpose || <span className="muted">Not written.</span>}</p>
      <h2>Priorities</h2>
      <Priorities content={v.content} />
      <h2>Actions</h2>
      <Actions content={v.content} />
      <h2>Who took part</h2>
      <Ownership ownership={v.ownership} participants={v.content.participants} />
      {v.content.phase && (
        <>
          <h2>For the next phase</h2>
          <PhasePart phase={v.content.phase} />
        </>
      )}
    </Page>
  );
}
