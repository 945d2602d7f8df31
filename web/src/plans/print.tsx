import './print.css';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Failed, Loading, Page, formatDate } from '../ui/index.js';
import { ACTION_STATUS_WORDS, HORIZON_WORDS, JUDGEMENT_WORDS, type PlanAnswer, pounds } from './types.js';

/** The plan on one page, to print and pin up: the print stylesheet (print.css) leaves out everything else. */
export function PrintPlan({ id }: { id: string }) {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<PlanAnswer>(`${api}/plans/${id}`);
  if (loaded.state === 'loading') return <Loading what="plan" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const plan = loaded.data.data;
  const c = plan.content;
  const review = plan.reviews[0];
  const judged = new Map(review?.judgements.map((j) => [j.priorityId, j]) ?? []);
  return (
    <Page
      title={`${c.title} (to print)`}
      breadcrumbs={crumbs({ href: `${base}/plans`, label: 'Plans' }, { href: `${base}/plans/${id}`, label: c.title })}
    >
      <div className="print-plan">
        <p className="no-print">
          <button type="button" className="button secondary" onClick={() => window.print()}>
            Print this page
          </button>
        </p>
        <h2>
          {c.title} — {plan.owner.name}
        </h2>
        <p>
          {plan.kind === 'phase' ? 'Phase plan' : 'Action plan'}, version {plan.number}. {plan.ownership.words}
        </p>
        <p>
          <strong>Purpose:</strong> {c.purpose || 'not written yet'}
        </p>
        <div className="print-columns">
          {(['short', 'long'] as const).map((h) => (
            <section key={h}>
              <h3>{HORIZON_WORDS[h]}</h3>
              <ol>
                {c.priorities
                  .filter((p) => p.horizon === h)
                  .map((p) => (
                    <li key={p.id}>
                      {p.text}
                      {judged.get(p.id) && ` (${JUDGEMENT_WORDS[judged.get(p.id)!.judgement].toLowerCase()})`}
                    </li>
                  ))}
              </ol>
            </section>
          ))}
        </div>
        <h3>Actions</h3>
        <ul>
          {c.actions.map((a) => (
            <li key={a.id}>
              {a.text} — {a.owner || 'no one named'}, {a.dueOn ? `by ${formatDate(a.dueOn)}` : 'no date'} (
              {ACTION_STATUS_WORDS[a.status].toLowerCase()})
            </li>
          ))}
        </ul>
        {c.phase && (
          <div className="print-columns">
            <section>
              <h3>Impact</h3>
              <p>{c.phase.impact}</p>
              <h3>Milestones</h3>
              <ul>
                {c.phase.milestones.map((m) => (
                  <li key={m.id}>
                    {m.text}
                    {m.dueOn ? `, by ${formatDate(m.dueOn)}` : ''}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3>Match funding</h3>
              <ul>
                {c.phase.matchFunding.map((m, i) => (
                  <li key={i}>
                    {m.source}: {pounds(m.amountPence)} ({m.confirmed ? 'confirmed' : 'expected'})
                  </li>
                ))}
              </ul>
              <h3>With less funding</h3>
              <p>{c.phase.reducedFunding}</p>
            </section>
          </div>
        )}
        {review && (
          <p>
            <strong>Last reviewed {formatDate(review.reviewedOn)}:</strong> {review.outcome.words}.
          </p>
        )}
      </div>
    </Page>
  );
}
