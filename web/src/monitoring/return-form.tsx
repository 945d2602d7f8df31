// Monitoring: a partnership's return form (filled in by its members, on a phone as on a desktop).
import { useEffect, useState } from 'react';
import { type ReturnAnswer, type MonitoringReturn, type ReturnValue, patch } from '../api/index.js';
import { returnConflict } from './return-conflict.js';
import { valueProblems } from '../../../src/shared/return-values.js';
import { ErrorSummary, type FieldError, FormProblems, Submit, TextArea, TextField, type Values, fieldId, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, formatDate } from '../ui/index.js';
import { WarningText } from './return-record.js';
import {
  FIGURE_LABEL,
  ReviewerMessage,
  STATUS_LABEL,
  StatusTag,
  figureOf,
  monitoringCrumbs,
  returnTitle,
  showFigure,
  useReturn,
} from './words.js';

export function ReturnForm({ id }: { id: string }) {
  const loaded = useReturn(id);
  if (loaded.state === 'loading') return <Loading what="return" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <ReturnFields answer={loaded.data} />;
}

function ReturnFields({ answer }: { answer: ReturnAnswer }) {
  const { api, base, crumbs } = useProgramme();
  const r = answer.data;
  const [notReported, setNotReported] = useState(() => r.values.map((v) => v.notReported));
  // The server names a bad figure by its place in what was sent (values[i].value) or, for a required
  // indicator still unanswered, by its key (values[key]): both point at that indicator's fieldset here.
  const fieldOf = (path: (string | number)[]) => {
    if (path[0] !== 'values') return String(path[0] ?? '');
    const at = typeof path[1] === 'number' ? path[1] : r.values.findIndex((v) => v.indicator.key === path[1]);
    if (at < 0) return '';
    return `values.${at}.${path[2] === 'notReportedReason' || path[2] === 'comparabilityNote' ? path[2] : r.values[at]!.indicator.unit === 'text' ? 'textValue' : 'value'}`;
  };
  const form = useForm(
    async (v: Values) => {
      // Every problem of the form at once: the same checks as the server's, before anything is sent.
      const problems: FieldError[] = [];
      const values = r.values.map((val, i) => {
        const nr = v.checked(`values.${i}.notReported`);
        const ind = val.indicator;
        const body: { indicatorId: string; notReported: boolean; notReportedReason: string; comparabilityNote: string } & {
          value?: number | null;
          textValue?: string | null;
        } = {
          indicatorId: ind.id,
          notReported: nr,
          notReportedReason: nr ? v.text(`values.${i}.notReportedReason`) : '',
          comparabilityNote: v.text(`values.${i}.comparabilityNote`),
        };
        if (ind.unit === 'text') body.textValue = nr ? null : v.nullable(`values.${i}.textValue`);
        else {
          const n = nr ? null : figureOf(v.text(`values.${i}.value`));
          if (n === 'bad') problems.push({ field: `values.${i}.value`, message: `${ind.label}: enter a number, like 120` });
          body.value = n === 'bad' ? null : n;
        }
        for (const p of valueProblems(ind.unit, body)) {
          // Only fields on the page: a hidden box (text for a number, a number under "not reported") cannot be fixed here.
          const shown = p.field === 'notReportedReason' ? nr : !nr && p.field === (ind.unit === 'text' ? 'textValue' : 'value');
          if (shown) problems.push({ field: `values.${i}.${p.field}`, message: `${ind.label}: ${p.message}` });
        }
        return body;
      });
      if (problems.length) throw new FormProblems(problems);
      await patch(`${api}/returns/${r.id}`, { comparabilityNote: v.text('comparabilityNote'), values });
      navigate(`${base}/monitoring/returns/${r.id}?saved=1`);
    },
    { fieldOf, describeConflict: (now, el) => returnConflict(r, now as unknown as MonitoringReturn, el) },
  );
  const title = `Your return: ${returnTitle(r)}`;
  const trail = monitoringCrumbs(crumbs, base, { href: `${base}/monitoring/returns`, label: 'Returns' });
  useEffect(() => {
    // "Change the figure or add a note" links here with the field's id after #: put the person on it.
    // This runs after the page has focused its heading, so the field keeps the focus.
    const target = window.location.hash.slice(1);
    if (!target.startsWith('f-values-')) return;
    const field = document.getElementById(target);
    field?.focus();
    field?.scrollIntoView({ block: 'center' });
  }, []);
  if (!answer.abilities.update) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <p>
          <StatusTag status={r.status} />
        </p>
        <NotAllowed>
          {r.status === 'submitted' || r.status === 'accepted'
            ? `This return is ${STATUS_LABEL[r.status].toLowerCase()}, so it cannot be changed now.`
            : 'Only the partnership’s members and programme managers can fill in this return.'}{' '}
          <Link href={`${base}/monitoring/returns/${r.id}`}>See the return</Link>.
        </NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} heading={r.partnership.name} caption={`Return for ${r.period.label}`} breadcrumbs={trail}>
      <p>
        <StatusTag status={r.status} /> Due {formatDate(r.period.dueOn)}
      </p>
      {r.status === 'returned' && <ReviewerMessage r={r} />}
      <p>
        Enter each figure for the period. If you do not have a figure, tick “Not reported” and say why. Nothing is sent until you submit on
        the next page.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="return-form">
        <ErrorSummary form={form} />
        {r.values.map((val, i) => (
          <IndicatorFieldset
            key={val.indicator.id}
            i={i}
            val={val}
            form={form}
            notReported={notReported[i]!}
            lastPeriod={r.lastPeriod?.label ?? null}
            setNotReported={(on) => setNotReported((all) => all.map((x, j) => (j === i ? on : x)))}
          />
        ))}
        <TextArea
          form={form}
          name="comparabilityNote"
          label="A note on the whole return (optional)"
          hint="For example if your figures cover a different window: “reporting period Nov 2021 – Feb 2022”"
          rows={3}
          defaultValue={r.comparabilityNote}
        />
        <Submit form={form}>Save draft and check answers</Submit>
      </form>
    </Page>
  );
}

function IndicatorFieldset(props: {
  i: number;
  val: ReturnValue;
  form: ReturnType<typeof useForm>;
  notReported: boolean;
  setNotReported: (on: boolean) => void;
  /** The label of the last period the partnership reported for, if any. */
  lastPeriod: string | null;
}) {
  const { i, val, form } = props;
  const ind = val.indicator;
  const name = (f: string) => `values.${i}.${f}`;
  const legendId = `${fieldId(name('legend'))}`;
  const unitHint =
    ind.unit === 'count'
      ? 'A whole number'
      : ind.unit === 'gbp'
        ? 'In pounds, like 4500 or 4500.50'
        : ind.unit === 'percent'
          ? 'A percentage from 0 to 100'
          : ind.unit === 'hours'
            ? 'In hours'
            : '';
  return (
    <fieldset className="fieldset indicator" aria-labelledby={legendId}>
      <legend className="legend" id={legendId}>
        {ind.label}
        {!ind.required && <span className="muted"> (optional)</span>}
      </legend>
      {val.reviewerComment && (
        <p className="inset">
          <strong>Reviewer’s comment:</strong> {val.reviewerComment}
        </p>
      )}
      {/* The warnings are about the figure as last saved: shown here so whoever came to change it sees why. */}
      {!props.notReported && val.warnings.map((w) => <WarningText key={w.code}>{w.message}</WarningText>)}
      {!props.notReported &&
        (ind.unit === 'text' ? (
          <TextArea
            form={form}
            name={name('textValue')}
            label={
              <>
                Answer<span className="visually-hidden"> for {ind.label}</span>
              </>
            }
            hint={ind.definition || undefined}
            rows={3}
            defaultValue={val.textValue}
          />
        ) : (
          <TextField
            form={form}
            name={name('value')}
            label={
              <>
                {FIGURE_LABEL[ind.unit]}
                <span className="visually-hidden"> of {ind.label}</span>
              </>
            }
            hint={
              <>
                {ind.definition && <span className="definition">{ind.definition}</span>}
                {ind.definition && unitHint && <br />}
                {unitHint}
                {props.lastPeriod && val.lastPeriod && (
                  <>
                    <br />
                    <span className="last-period">
                      Last period ({props.lastPeriod}): {showFigure(val.lastPeriod, ind.unit) || 'not answered'}
                    </span>
                  </>
                )}
              </>
            }
            width="short"
            inputMode={ind.unit === 'count' ? 'numeric' : 'decimal'}
            prefix={ind.unit === 'gbp' ? '£' : undefined}
            defaultValue={val.value === null ? '' : String(val.value)}
          />
        ))}
      <div className="form-group">
        <div className="choice">
          <input
            id={fieldId(name('notReported'))}
            type="checkbox"
            name={name('notReported')}
            value="yes"
            checked={props.notReported}
            onChange={(e) => props.setNotReported(e.target.checked)}
          />
          <label htmlFor={fieldId(name('notReported'))}>
            Not reported<span className="visually-hidden">: {ind.label}</span>
          </label>
        </div>
      </div>
      {props.notReported && (
        <TextArea
          form={form}
          name={name('notReportedReason')}
          label={`Why ${ind.label.toLowerCase()} was not reported`}
          hint={ind.definition ? `Definition: ${ind.definition}` : undefined}
          rows={2}
          defaultValue={val.notReportedReason}
        />
      )}
      <TextField
        form={form}
        name={name('comparabilityNote')}
        label={`Note on ${ind.label.toLowerCase()} (optional)`}
        hint="If this figure is not directly comparable, say why"
        defaultValue={val.comparabilityNote}
      />
    </fieldset>
  );
}
