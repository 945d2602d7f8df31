// Monitoring: a return's page: its figures, the checks on unusual ones, and the review (submit, return, accept, reopen).
import { type ReactNode, useState } from 'react';
import { type ReturnAnswer, type ReturnValue, patch, post } from '../api/index.js';
import { Checkbox, ErrorSummary, FormProblems, Submit, TextArea, fieldId, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, useLocation } from '../app/router.js';
import { Failed, History, Loading, NotAllowed, Page, Panel, SummaryList, Tag, formatDate, formatDateTime, plural } from '../ui/index.js';
import { ReviewerMessage, StatusTag, monitoringCrumbs, returnTitle, showFigure, useReturn } from './words.js';

export function ReturnRecord({ id }: { id: string }) {
  const loaded = useReturn(id);
  if (loaded.state === 'loading') return <Loading what="return" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <ReturnView answer={loaded.data} reload={loaded.reload} />;
}

function ReturnView({ answer, reload }: { answer: ReturnAnswer; reload: () => void }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const { search } = useLocation();
  const { data: r, abilities } = answer;
  const [done, setDone] = useState<string | null>(search.get('saved') ? 'Draft saved' : null);
  const checking = abilities.submit;
  const act: Act = {
    url: `${api}/returns/${r.id}`,
    done: (message) => {
      setDone(message);
      reload();
    },
  };
  // A required figure still unanswered comes back at ['values', key]: its row's Change link (or the row) is on this page.
  const submit = useAction(act, 'submit', 'Return submitted', false, (path) =>
    path[0] === 'values' && typeof path[1] === 'string' ? `values.${path[1]}` : String(path[0] ?? ''),
  );
  const own = pa.scope === 'partnership';
  // Sent back: the manager's page says so and leads with what the reviewer asked, not "check your answers";
  // the partnership's own page keeps checking its answers, under the reviewer's message.
  const heading =
    r.status === 'returned' && !own
      ? 'Sent back to the partnership'
      : checking
        ? 'Check your answers before submitting'
        : r.partnership.name;
  const title = heading === r.partnership.name ? returnTitle(r) : `${heading}: ${returnTitle(r)}`;
  const unusual = r.values.filter((v) => v.warnings.length > 0);
  return (
    <Page
      title={title}
      heading={heading}
      caption={heading === r.partnership.name ? `Return for ${r.period.label}` : returnTitle(r)}
      breadcrumbs={monitoringCrumbs(crumbs, base, { href: `${base}/monitoring/returns`, label: 'Returns' })}
    >
      {r.status === 'returned' && <ReviewerMessage r={r} />}
      {done && submit.errors.length === 0 && (
        <Panel title={done}>
          {done === 'Draft saved' && <p>Your figures are saved but not yet sent. Check them, then submit.</p>}
          {done === 'Return submitted' && <p>Your programme manager will review it. You will see here if they return it with comments.</p>}
        </Panel>
      )}
      {unusual.length > 0 && <UnusualSummary unusual={unusual} before={abilities.submit ? 'submit' : abilities.accept ? 'accept' : null} />}
      <TooLittleToCompare values={r.values} own={own} />
      <SummaryList
        rows={[
          ['Status', <StatusTag status={r.status} key="s" />],
          [
            'Due',
            <>
              {formatDate(r.period.dueOn)}
              {r.overdue && (
                <>
                  {' '}
                  <Tag tone="red">Overdue</Tag>
                </>
              )}
            </>,
          ],
          ...(r.submittedAt
            ? [['Submitted', `${formatDateTime(r.submittedAt)}${r.submittedBy ? ` by ${r.submittedBy}` : ''}`] as [string, string]]
            : []),
          ...(r.reviewedAt
            ? [['Reviewed', `${formatDateTime(r.reviewedAt)}${r.reviewedBy ? ` by ${r.reviewedBy}` : ''}`] as [string, string]]
            : []),
        ]}
      />
      {r.status !== 'returned' && r.reviewComment && (
        <p className="inset">
          <strong>Reviewer’s comment:</strong> {r.reviewComment}
        </p>
      )}
      <h2>Figures</h2>
      <dl className="summary-list answers">
        {r.values.map((v) => (
          <div className="summary-row" key={v.indicator.id} id={figureAnchor(v)} tabIndex={v.warnings.length > 0 ? -1 : undefined}>
            <dt>
              {v.indicator.label}
              {v.indicator.definition && <span className="hint definition">{v.indicator.definition}</span>}
            </dt>
            <dd>
              {showFigure(v, v.indicator.unit) || <span className="muted">Not answered{v.indicator.required ? ' (required)' : ''}</span>}
              {r.lastPeriod && v.lastPeriod && <LastPeriod label={r.lastPeriod.label} v={v} />}
              {v.warnings.map((w) => (
                <WarningText key={w.code}>{w.message}</WarningText>
              ))}
              {v.warnings.length > 0 && abilities.update && (
                <p className="warning-action">
                  <Link href={`${base}/monitoring/returns/${r.id}/edit#${fieldId(`values.${r.values.indexOf(v)}.value`)}`}>
                    Change the figure or add a note<span className="visually-hidden"> for {v.indicator.label}</span>
                  </Link>
                </p>
              )}
              {v.comparabilityNote && <span className="note">Note: {v.comparabilityNote}</span>}
              {v.followUp && (
                <>
                  {' '}
                  <Tag tone="yellow">Follow up</Tag>
                </>
              )}
              {v.reviewerComment && <span className="note">Reviewer: {v.reviewerComment}</span>}
              {abilities.review && <ValueReview r={r} v={v} reload={reload} />}
            </dd>
            {abilities.update && (
              <dd className="summary-action">
                <Link href={`${base}/monitoring/returns/${r.id}/edit`} id={fieldId(`values.${v.indicator.key}`)}>
                  Change<span className="visually-hidden"> {v.indicator.label}</span>
                </Link>
              </dd>
            )}
          </div>
        ))}
        <div className="summary-row">
          <dt>Note on the whole return</dt>
          <dd>{r.comparabilityNote || <span className="muted">None</span>}</dd>
          {abilities.update && (
            <dd className="summary-action">
              <Link href={`${base}/monitoring/returns/${r.id}/edit`}>
                Change<span className="visually-hidden"> the note on the whole return</span>
              </Link>
            </dd>
          )}
        </div>
      </dl>
      <HowChecked values={r.values} own={pa.scope === 'partnership'} />
      {abilities.submit && (
        <form onSubmit={submit.onSubmit} noValidate>
          <ErrorSummary form={submit} />
          <h2>Now send your return</h2>
          <p>
            By submitting you confirm these figures are correct to the best of your knowledge. You cannot change them while the return is
            being reviewed.
          </p>
          <Submit form={submit}>Submit return</Submit>
        </form>
      )}
      {(abilities.sendBack || abilities.accept) && <ReviewActions act={act} />}
      {abilities.reopen && <ReopenAction act={act} />}
      {r.status === 'accepted' && !abilities.reopen && <NotAllowed>This return has been accepted and is locked.</NotAllowed>}
      {r.status === 'submitted' && !abilities.sendBack && !abilities.accept && (
        <NotAllowed>This return has been submitted and is waiting for the programme manager’s review.</NotAllowed>
      )}
      <History events={answer.history} canSee={pa.seeAudit} />
    </Page>
  );
}

const figureAnchor = (v: ReturnValue) => `figure-${v.indicator.key}`;

/** GOV.UK "warning text": an icon, then the words, announced as a warning. */
export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="warning-text">
      <span className="warning-text-icon" aria-hidden="true">
        !
      </span>
      <strong className="warning-text-text">
        <span className="visually-hidden">Warning: </span>
        {children}
      </strong>
    </div>
  );
}

/** One line at the top when figures look unusual, linking to each; it never stops anyone submitting. */
function UnusualSummary({ unusual, before }: { unusual: ReturnValue[]; before: 'submit' | 'accept' | null }) {
  const one = unusual.length === 1;
  const line = `${plural(unusual.length, 'figure')} ${one ? 'looks' : 'look'} unusual`;
  return (
    <section className="unusual-summary" aria-labelledby="unusual-heading">
      <WarningText>
        <span id="unusual-heading">{before ? `${line} — check ${one ? 'it' : 'them'} before you ${before}` : line}</span>
      </WarningText>
      <ul className="list">
        {unusual.map((v) => (
          <li key={v.indicator.id}>
            <a href={`#${figureAnchor(v)}`}>{v.indicator.label}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What each figure was compared with, or why it was not: a warning's absence should not read as a clean bill. */
function HowChecked({ values, own }: { values: ReturnValue[]; own: boolean }) {
  const checked = values.filter((v) => v.outlierChecks);
  if (checked.length === 0) return null;
  return (
    <details className="how-checked">
      <summary>How the figures were checked</summary>
      <p>
        Each figure is compared with {own ? 'your' : 'the partnership’s'} earlier returns (the last one, or the middle of several) and with
        what other partnerships sent in for this period (at least 5 are needed; only their middle figure, the median, is shown). A figure
        far from either gets a warning. Big changes can be real: a warning asks for a check or a note, and never stops a return being
        submitted.
      </p>
      <ul className="list">
        {checked.map((v) => {
          const skipped = [v.outlierChecks!.ownHistory, v.outlierChecks!.portfolio].flatMap((c) => (c.checked ? [] : [c.message]));
          return (
            <li key={v.indicator.id}>
              <strong>{v.indicator.label}:</strong> {skipped.length === 0 ? 'compared with both.' : skipped.join(' ')}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

interface Act {
  url: string;
  done: (message: string) => void;
}

/** A status move (submit, return with comments, accept, reopen): the comment is required for some. */
function useAction(act: Act, path: string, message: string, needsComment: boolean, fieldOf?: (path: (string | number)[]) => string) {
  return useForm(
    async (v) => {
      if (needsComment && !v.text('comment'))
        throw new FormProblems([{ field: 'comment', message: 'Write a comment for the partnership' }]);
      await post(`${act.url}/${path}`, v.text('comment') ? { comment: v.text('comment') } : {});
      act.done(message);
    },
    fieldOf ? { fieldOf } : {},
  );
}

/** Last period's figure beside this one (as Akvo RSR shows it), so a jump is seen before anyone submits. */
export function LastPeriod({ label, v }: { label: string; v: ReturnValue }) {
  const last = v.lastPeriod!;
  const shown = showFigure(last, v.indicator.unit);
  return (
    <span className="note last-period">
      Last period ({label}): {shown || 'not answered'}
    </span>
  );
}

/** Said on the page, not only inside "How the figures were checked": which figures had nothing to be compared with. */
function TooLittleToCompare({ values, own }: { values: ReturnValue[]; own: boolean }) {
  const noHistory = values.filter((v) => v.outlierChecks && !v.outlierChecks.ownHistory.checked);
  const noPeers = values.filter((v) => v.outlierChecks && !v.outlierChecks.portfolio.checked);
  if (noHistory.length === 0 && noPeers.length === 0) return null;
  const names = (vs: ReturnValue[]) => vs.map((v) => v.indicator.label).join(', ');
  return (
    <div className="inset too-little">
      {noHistory.length > 0 && (
        <p>
          Too little history to check {noHistory.length === 1 ? 'this figure' : 'these figures'} against{' '}
          {own ? 'your' : 'the partnership’s'} earlier returns: {names(noHistory)}.
        </p>
      )}
      {noPeers.length > 0 && (
        <p>
          Too few other partnerships have reported for this period to compare {noPeers.length === 1 ? 'this figure' : 'these figures'} with:{' '}
          {names(noPeers)}.
        </p>
      )}
    </div>
  );
}

function ReviewActions({ act }: { act: Act }) {
  const sendBack = useAction(act, 'send-back', 'Returned to the partnership', true);
  const accept = useAction(act, 'accept', 'Return accepted', false);
  return (
    <>
      <h2>Review this return</h2>
      <form onSubmit={sendBack.onSubmit} noValidate aria-labelledby="send-back-heading">
        <h3 id="send-back-heading">Return it with comments</h3>
        <ErrorSummary form={sendBack} />
        <TextArea form={sendBack} name="comment" label="What needs changing" hint="The partnership sees this with their return" rows={3} />
        <Submit form={sendBack}>Return with comments</Submit>
      </form>
      <form onSubmit={accept.onSubmit} noValidate aria-labelledby="accept-heading">
        <h3 id="accept-heading">Accept it</h3>
        <p>Accepting locks the return. You can reopen it later, saying why.</p>
        <Submit form={accept}>Accept</Submit>
      </form>
    </>
  );
}

function ReopenAction({ act }: { act: Act }) {
  const reopen = useAction(act, 'reopen', 'Return reopened', true);
  return (
    <form onSubmit={reopen.onSubmit} noValidate aria-labelledby="reopen-heading">
      <h2 id="reopen-heading">Reopen this return</h2>
      <p>The return is locked. Reopening sends it back to the partnership to correct, and is kept in its history.</p>
      <ErrorSummary form={reopen} />
      <TextArea form={reopen} name="comment" label="Why it is being reopened" rows={3} />
      <Submit form={reopen}>Reopen</Submit>
    </form>
  );
}

/** A reviewer's note and follow-up flag on one figure. */
function ValueReview({ r, v, reload }: { r: ReturnAnswer['data']; v: ReturnValue; reload: () => void }) {
  const { api } = useProgramme();
  const key = v.indicator.key;
  const form = useForm(
    async (vals) => {
      await patch(`${api}/returns/${r.id}/values/${v.indicator.id}/review`, {
        reviewerComment: vals.text(`review.${key}.reviewerComment`),
        followUp: vals.checked(`review.${key}.followUp`),
      });
      reload();
    },
    { fieldOf: (p) => `review.${key}.${String(p[0])}` },
  );
  return (
    <details className="value-review">
      <summary>
        Comment on this figure<span className="visually-hidden">: {v.indicator.label}</span>
      </summary>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextArea
          form={form}
          name={`review.${key}.reviewerComment`}
          label={`Comment on ${v.indicator.label.toLowerCase()}`}
          rows={2}
          defaultValue={v.reviewerComment}
        />
        <Checkbox form={form} name={`review.${key}.followUp`} label="Flag for follow-up" defaultChecked={v.followUp} />
        <Submit form={form}>Save comment</Submit>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------- the portfolio table
