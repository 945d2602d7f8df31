// The parts of a plan as the plan page, a past version and the printed page all show them.
import { formatDate } from '../ui/index.js';
import { ACTION_STATUS_WORDS, HORIZON_WORDS, JUDGEMENT_WORDS, type PlanContent, type Review, pounds } from './types.js';

export function Priorities({ content }: { content: PlanContent }) {
  return (
    <>
      {(['short', 'long'] as const).map((h) => {
        const list = content.priorities.filter((p) => p.horizon === h);
        return (
          <section key={h}>
            <h3>{HORIZON_WORDS[h]}</h3>
            {list.length ? (
              <ol className="list list-number">
                {list.map((p) => (
                  <li key={p.id}>{p.text}</li>
                ))}
              </ol>
            ) : (
              <p className="muted">No priorities yet.</p>
            )}
          </section>
        );
      })}
    </>
  );
}

export function Actions({ content }: { content: PlanContent }) {
  if (!content.actions.length) return <p className="muted">No actions yet.</p>;
  const priority = (id: string | null) => content.priorities.find((p) => p.id === id)?.text ?? 'The plan as a whole';
  return (
    <ul className="list plan-actions">
      {content.actions.map((a) => (
        <li key={a.id}>
          <strong>{a.text}</strong> — {ACTION_STATUS_WORDS[a.status]}
          <br />
          <span className="muted">
            For: {priority(a.priorityId)}. Who: {a.owner || 'not named'}. Due: {a.dueOn ? formatDate(a.dueOn) : 'no date'}.
          </span>
        </li>
      ))}
    </ul>
  );
}

export function Ownership({
  ownership,
  participants,
}: {
  ownership: { people: number; narrow: boolean; words: string };
  participants: PlanContent['participants'];
}) {
  return (
    <>
      <p className={ownership.narrow ? 'inset plan-nudge' : undefined}>{ownership.words}</p>
      {participants.length > 0 && (
        <ul className="list">
          {participants.map((p, i) => (
            <li key={i}>
              {p.who}: {p.count}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PhasePart({ phase }: { phase: NonNullable<PlanContent['phase']> }) {
  const confirmed = phase.matchFunding.filter((m) => m.confirmed).reduce((s, m) => s + m.amountPence, 0);
  const total = phase.matchFunding.reduce((s, m) => s + m.amountPence, 0);
  return (
    <>
      <h3>Impact sought</h3>
      <p>{phase.impact || <span className="muted">Not written yet.</span>}</p>
      <h3>Milestones</h3>
      {phase.milestones.length ? (
        <ul className="list">
          {phase.milestones.map((m) => (
            <li key={m.id}>
              {m.text}
              {m.dueOn ? ` — by ${formatDate(m.dueOn)}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No milestones yet.</p>
      )}
      <h3>Match funding</h3>
      {phase.matchFunding.length ? (
        <>
          <ul className="list">
            {phase.matchFunding.map((m, i) => (
              <li key={i}>
                {m.source}: {pounds(m.amountPence)} ({m.confirmed ? 'confirmed' : 'expected'})
              </li>
            ))}
          </ul>
          <p>
            {pounds(confirmed)} confirmed of {pounds(total)} in all.
          </p>
        </>
      ) : (
        <p className="muted">None recorded.</p>
      )}
      <h3>How reduced funding will be managed</h3>
      <p>{phase.reducedFunding || <span className="muted">Not written yet.</span>}</p>
    </>
  );
}

export function ReviewSummary({ review }: { review: Review }) {
  return (
    <>
      <p>
        <strong>{review.outcome.words}.</strong> {review.ownership.words}.
      </p>
      {review.summary && <p>{review.summary}</p>}
      <dl className="summary-list">
        {review.judgements.map((j) => (
          <div className="summary-row" key={j.priorityId}>
            <dt>{j.priority}</dt>
            <dd>
              <strong>{JUDGEMENT_WORDS[j.judgement]}</strong>
              {j.notes && <p>{j.notes}</p>}
              {j.next && <p>Next: {j.next}</p>}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
