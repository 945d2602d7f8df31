// Monitoring: reporting periods and indicators (set by programme managers), each partnership's return
// for a period (filled in by its members, on a phone as on a desktop), and its review.
import { type ReactNode, useEffect, useState } from 'react';
import {
  AGGREGATIONS,
  type Indicator,
  type ListAnswer,
  type PartnershipRow,
  type PortfolioTable,
  RETURN_STATUSES,
  type ReportingPeriod,
  type ReturnAnswer,
  type MonitoringReturn,
  type ReturnRow,
  type ReturnStatus,
  type ReturnValue,
  UNITS,
  patch,
  post,
  qs,
} from '../api/index.js';
import { returnConflict } from '../ui/record-conflicts.js';
import { useApi } from '../app/data.js';
import {
  Checkbox,
  ErrorSummary,
  type FieldError,
  FormProblems,
  SelectField,
  Submit,
  TextArea,
  TextField,
  type Values,
  fieldId,
  numberOrNull,
  useForm,
} from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import {
  ButtonLink,
  Failed,
  History,
  Loading,
  NotAllowed,
  NotFound,
  Page,
  Panel,
  SummaryList,
  Table,
  Tag,
  formatDate,
  formatDateTime,
  plural,
} from '../ui/index.js';
import './monitoring.css';

const STATUS_LABEL: Record<ReturnStatus, string> = { draft: 'Draft', submitted: 'Submitted', returned: 'Returned', accepted: 'Accepted' };
const STATUS_TONE = { draft: 'grey', submitted: 'blue', returned: 'red', accepted: 'green' } as const;
export const StatusTag = ({ status }: { status: ReturnStatus }) => <Tag tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Tag>;

const UNIT_LABEL: Record<Indicator['unit'], string> = {
  count: 'Count',
  gbp: 'Pounds (£)',
  percent: 'Percent',
  hours: 'Hours',
  text: 'Words',
};
const FIGURE_LABEL: Record<Indicator['unit'], string> = {
  count: 'Number',
  gbp: 'Amount',
  percent: 'Percentage',
  hours: 'Hours',
  text: 'Answer',
};
const AGGREGATION_LABEL: Record<Indicator['aggregation'], string> = { sum: 'Add them up', mean: 'Average', latest: 'Latest figure' };

const monitoringCrumbs = (crumbs: ReturnType<typeof useProgramme>['crumbs'], base: string, ...more: { href: string; label: string }[]) =>
  crumbs({ href: `${base}/monitoring`, label: 'Monitoring' }, ...more);

/** A figure as a person reads it: 1,234 · £4,500.50 · 12% · 3.5 hours. */
function showFigure(v: Pick<ReturnValue, 'value' | 'textValue' | 'notReported' | 'notReportedReason'>, unit: Indicator['unit']): string {
  if (v.notReported) return `Not reported${v.notReportedReason ? `: ${v.notReportedReason}` : ''}`;
  if (unit === 'text') return v.textValue ?? '';
  if (v.value === null) return '';
  const n = v.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'gbp'
    ? `£${v.value.toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(v.value) ? 0 : 2, maximumFractionDigits: 2 })}`
    : unit === 'percent'
      ? `${n}%`
      : unit === 'hours'
        ? `${n} hours`
        : n;
}

// ---------------------------------------------------------------- the section's front page

export function Overview() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const periods = useApi<ListAnswer<ReportingPeriod>>(`${api}/reporting-periods?pageSize=200`);
  const indicators = useApi<ListAnswer<Indicator>>(`${api}/indicators?pageSize=200`);
  return (
    <Page title={`Monitoring – ${programme.name}`} heading="Monitoring" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        Each partnership sends one return for each reporting period. <Link href={`${base}/monitoring/returns`}>See the returns</Link>
        {abilities.scope === 'partnership' ? ' of your partnerships' : ''}, or{' '}
        <Link href={`${base}/monitoring/table`}>the portfolio table</Link> of what was reported, and{' '}
        <Link href={`${base}/monitoring/charts`}>charts</Link> of each indicator.
      </p>
      {abilities.manageRegistry && (
        <p>
          <Link href={`${base}/monitoring/import`}>Import returns from a spreadsheet</Link>
        </p>
      )}
      <OpenReturn periods={periods.state === 'ready' ? periods.data.data : []} />
      <h2>Reporting periods</h2>
      {periods.state === 'loading' ? (
        <Loading what="reporting periods" />
      ) : periods.state === 'error' ? (
        <Failed error={periods.error} retry={periods.reload} />
      ) : (
        <>
          {periods.data.abilities.create ? (
            <ButtonLink href={`${base}/monitoring/periods/new`} secondary>
              Add a reporting period
            </ButtonLink>
          ) : (
            <NotAllowed>Only programme managers can set reporting periods.</NotAllowed>
          )}
          {periods.data.data.length === 0 ? (
            <p>There are no reporting periods yet.</p>
          ) : (
            <Table
              caption="Reporting periods, newest first"
              head={['Period', 'Covers', 'Due', 'Overdue returns', ...(periods.data.abilities.create ? [''] : [])]}
            >
              {periods.data.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link href={`${base}/monitoring/returns${qs({ periodId: p.id })}`}>{p.label}</Link>
                  </th>
                  <td>
                    {formatDate(p.startsOn)} to {formatDate(p.endsOn)}
                  </td>
                  <td>{formatDate(p.dueOn)}</td>
                  <td>{p.overdue > 0 ? <Tag tone="red">{plural(p.overdue, 'overdue return')}</Tag> : 'None'}</td>
                  {periods.data.abilities.create && (
                    <td>
                      <Link href={`${base}/monitoring/periods/${p.id}/edit`}>
                        Change<span className="visually-hidden"> {p.label}</span>
                      </Link>
                    </td>
                  )}
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      <h2>Indicators</h2>
      {indicators.state === 'loading' ? (
        <Loading what="indicators" />
      ) : indicators.state === 'error' ? (
        <Failed error={indicators.error} retry={indicators.reload} />
      ) : (
        <>
          {indicators.data.abilities.create ? (
            <ButtonLink href={`${base}/monitoring/indicators/new`} secondary>
              Add an indicator
            </ButtonLink>
          ) : (
            <NotAllowed>Only programme managers can set the indicators.</NotAllowed>
          )}
          {indicators.data.data.length === 0 ? (
            <p>There are no indicators yet.</p>
          ) : (
            <Table
              caption="Indicators, in the order returns show them"
              head={['Indicator', 'Definition', 'Unit', 'Required', ...(indicators.data.abilities.create ? [''] : [])]}
            >
              {indicators.data.data.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.label}
                    <br />
                    <span className="muted">{i.key}</span>
                  </th>
                  <td>{i.definition || <span className="muted">No definition yet</span>}</td>
                  <td>{UNIT_LABEL[i.unit]}</td>
                  <td>{i.required ? 'Required' : 'Optional'}</td>
                  {indicators.data.abilities.create && (
                    <td>
                      <Link href={`${base}/monitoring/indicators/${i.id}/edit`}>
                        Change<span className="visually-hidden"> {i.label}</span>
                      </Link>
                    </td>
                  )}
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </Page>
  );
}

/** Opens (or starts) the return of a partnership for a period: members choose among their own partnerships. */
function OpenReturn({ periods }: { periods: ReportingPeriod[] }) {
  const { api, base, abilities } = useProgramme();
  const partnerships = useApi<ListAnswer<PartnershipRow>>(
    abilities.scope === 'partnership' || abilities.manageRegistry ? `${api}/partnerships?pageSize=200` : null,
  );
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    if (!v.text('partnershipId')) problems.push({ field: 'partnershipId', message: 'Choose a partnership' });
    if (!v.text('periodId')) problems.push({ field: 'periodId', message: 'Choose a reporting period' });
    if (problems.length) throw new FormProblems(problems);
    const { data } = await post<ReturnAnswer>(`${api}/returns`, { partnershipId: v.text('partnershipId'), periodId: v.text('periodId') });
    navigate(`${base}/monitoring/returns/${data.id}${data.status === 'draft' || data.status === 'returned' ? '/edit' : ''}`);
  });
  if (partnerships.state !== 'ready' || periods.length === 0 || partnerships.data.data.length === 0) return null;
  const mine = partnerships.data.data;
  return (
    <section aria-labelledby="open-return" className="inset">
      <h2 id="open-return">{abilities.scope === 'partnership' ? 'Fill in a return' : 'Enter a return for a partnership'}</h2>
      {abilities.scope !== 'partnership' && <p>For a return sent in by email or on paper.</p>}
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="partnershipId"
          label="Partnership"
          options={mine.map((p) => ({ value: p.id, label: p.name }))}
          empty={mine.length > 1 ? 'Choose a partnership' : undefined}
        />
        <SelectField
          form={form}
          name="periodId"
          label="Reporting period"
          options={periods.map((p) => ({ value: p.id, label: `${p.label} (due ${formatDate(p.dueOn)})` }))}
        />
        <Submit form={form}>Open the return</Submit>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------- returns list

export function Returns() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const periods = useApi<ListAnswer<ReportingPeriod>>(`${api}/reporting-periods?pageSize=200`);
  if (periods.state === 'loading') return <Loading what="reporting periods" />;
  if (periods.state === 'error') return <Failed error={periods.error} retry={periods.reload} />;
  return (
    <Page title={`Returns – ${programme.name}`} heading="Returns" caption={programme.name} breadcrumbs={monitoringCrumbs(crumbs, base)}>
      {abilities.scope === 'partnership' && <p>You see the returns of the partnerships you are a member of.</p>}
      <ListView<ReturnRow>
        api={`${api}/returns`}
        noun={['return', 'returns']}
        caption="Monitoring returns"
        searchLabel="Search returns by partnership name"
        filters={[
          { name: 'periodId', label: 'Reporting period', options: periods.data.data.map((p) => ({ value: p.id, label: p.label })) },
          { name: 'status', label: 'Status', options: RETURN_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] })) },
        ]}
        columns={[
          {
            head: 'Partnership',
            cell: (r) => (
              <Link href={`${base}/monitoring/returns/${r.id}`}>
                {r.partnership.name}
                <span className="visually-hidden">, {r.period.label}</span>
              </Link>
            ),
          },
          { head: 'Period', cell: (r) => r.period.label },
          { head: 'Status', cell: (r) => <StatusTag status={r.status} /> },
          {
            head: 'Due',
            cell: (r) => (
              <>
                {formatDate(r.period.dueOn)}
                {r.overdue && (
                  <>
                    {' '}
                    <Tag tone="red">Overdue</Tag>
                  </>
                )}
              </>
            ),
          },
          { head: 'Submitted', cell: (r) => (r.submittedAt ? formatDateTime(r.submittedAt) : '') },
        ]}
      />
    </Page>
  );
}

// ---------------------------------------------------------------- periods and indicators (managers)

export function PeriodForm({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<ListAnswer<ReportingPeriod>>(id ? `${api}/reporting-periods?pageSize=200` : null);
  if (id && loaded.state === 'loading') return <Loading what="reporting period" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const period = id && loaded.state === 'ready' ? loaded.data.data.find((p) => p.id === id) : undefined;
  if (id && !period) return <NotFound detail="This programme has no such reporting period." />;
  return <PeriodFields period={period} />;
}

function PeriodFields({ period }: { period?: ReportingPeriod | undefined }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const body = {
      label: v.text('label'),
      phaseId: v.nullable('phaseId'),
      startsOn: v.text('startsOn'),
      endsOn: v.text('endsOn'),
      dueOn: v.text('dueOn'),
    };
    if (period) await patch(`${api}/reporting-periods/${period.id}`, body);
    else await post(`${api}/reporting-periods`, body);
    navigate(`${base}/monitoring`);
  });
  const title = period ? `Change ${period.label}` : 'Add a reporting period';
  const trail = monitoringCrumbs(crumbs, base);
  if (!abilities.update) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can set reporting periods.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField
          form={form}
          name="label"
          label="Label"
          hint="How partnerships will know it, for example 2024–25 or Phase 2"
          width="medium"
          defaultValue={period?.label}
        />
        {programme.phases.length > 0 && (
          <SelectField
            form={form}
            name="phaseId"
            label="Phase (optional)"
            options={programme.phases.map((p) => ({ value: p.id, label: `${p.number}. ${p.name}` }))}
            empty="Not tied to a phase"
            defaultValue={period?.phase?.id}
          />
        )}
        <TextField form={form} name="startsOn" type="date" width="medium" label="Starts on" defaultValue={period?.startsOn} />
        <TextField form={form} name="endsOn" type="date" width="medium" label="Ends on" defaultValue={period?.endsOn} />
        <TextField
          form={form}
          name="dueOn"
          type="date"
          width="medium"
          label="Returns due on"
          hint="After this day a return not yet submitted counts as overdue"
          defaultValue={period?.dueOn}
        />
        <Submit form={form}>{period ? 'Save changes' : 'Add reporting period'}</Submit>
      </form>
    </Page>
  );
}

export function IndicatorForm({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<ListAnswer<Indicator>>(id ? `${api}/indicators?pageSize=200` : null);
  if (id && loaded.state === 'loading') return <Loading what="indicator" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const indicator = id && loaded.state === 'ready' ? loaded.data.data.find((i) => i.id === id) : undefined;
  if (id && !indicator) return <NotFound detail="This programme has no such indicator." />;
  return <IndicatorFields indicator={indicator} />;
}

function IndicatorFields({ indicator: ind }: { indicator?: Indicator | undefined }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    const position = numberOrNull(v, 'position', 'Position must be a whole number, like 1 or 10', problems, { whole: true });
    if (problems.length) throw new FormProblems(problems);
    const body = {
      key: v.text('key'),
      label: v.text('label'),
      definition: v.text('definition'),
      unit: v.text('unit'),
      aggregation: v.text('aggregation'),
      required: v.checked('required'),
      ...(position !== null ? { position } : {}),
    };
    if (ind) await patch(`${api}/indicators/${ind.id}`, body);
    else await post(`${api}/indicators`, body);
    navigate(`${base}/monitoring`);
  });
  const title = ind ? `Change ${ind.label}` : 'Add an indicator';
  const trail = monitoringCrumbs(crumbs, base);
  if (!abilities.update) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can set the indicators.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="label" label="Name" hint="For example Volunteers" defaultValue={ind?.label} />
        <TextField
          form={form}
          name="key"
          label="Key"
          hint="A short name for spreadsheets and downloads: small letters, numbers and dashes, for example volunteers"
          width="medium"
          spellCheck={false}
          defaultValue={ind?.key}
        />
        <TextArea
          form={form}
          name="definition"
          label="Definition"
          hint="What counts and what does not. Partnerships see this wherever they enter the figure."
          defaultValue={ind?.definition}
        />
        <SelectField
          form={form}
          name="unit"
          label="Unit"
          hint={ind ? 'Cannot change once returns hold figures for it' : undefined}
          options={UNITS.map((u) => ({ value: u, label: UNIT_LABEL[u] }))}
          defaultValue={ind?.unit ?? 'count'}
        />
        <SelectField
          form={form}
          name="aggregation"
          label="In the portfolio table"
          options={AGGREGATIONS.map((a) => ({ value: a, label: AGGREGATION_LABEL[a] }))}
          defaultValue={ind?.aggregation ?? 'sum'}
        />
        <TextField
          form={form}
          name="position"
          label="Position (optional)"
          hint="Lower numbers come first in the return"
          width="short"
          inputMode="numeric"
          defaultValue={ind?.position}
        />
        <Checkbox
          form={form}
          name="required"
          label="Every return must answer it"
          hint="With a figure, or marked not reported with a reason"
          defaultChecked={ind?.required ?? false}
        />
        <Submit form={form}>{ind ? 'Save changes' : 'Add indicator'}</Submit>
      </form>
    </Page>
  );
}

// ---------------------------------------------------------------- one return: the form

function useReturn(id: string) {
  const { api } = useProgramme();
  return useApi<ReturnAnswer>(`${api}/returns/${id}`);
}

const returnTitle = (r: ReturnAnswer['data']) => `${r.partnership.name}: ${r.period.label}`;

/** Reads a typed figure the way people write them: 1,200 · £4,500.50 · 12% all count. */
function figureOf(raw: string): number | null | 'bad' {
  const clean = raw.replace(/[£,%\s]/g, '');
  if (!clean) return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : 'bad';
}

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
      const problems: FieldError[] = [];
      const values = r.values.map((val, i) => {
        const nr = v.checked(`values.${i}.notReported`);
        const body: Record<string, unknown> = {
          indicatorId: val.indicator.id,
          notReported: nr,
          notReportedReason: nr ? v.text(`values.${i}.notReportedReason`) : '',
          comparabilityNote: v.text(`values.${i}.comparabilityNote`),
        };
        if (val.indicator.unit === 'text') body.textValue = nr ? null : v.nullable(`values.${i}.textValue`);
        else {
          const n = nr ? null : figureOf(v.text(`values.${i}.value`));
          if (n === 'bad') problems.push({ field: `values.${i}.value`, message: `${val.indicator.label}: enter a number, like 120` });
          body.value = n === 'bad' ? null : n;
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

function ReviewerMessage({ r }: { r: ReturnAnswer['data'] }) {
  return (
    <div className="inset warning-inset" role="note" aria-label="Comments from the reviewer">
      <h2>Returned with comments</h2>
      <p>{r.reviewComment || 'The reviewer did not leave a comment.'}</p>
      {r.values.some((v) => v.reviewerComment) && <p>Comments on single figures are shown beside them.</p>}
    </div>
  );
}

// ---------------------------------------------------------------- one return: check answers, submit, review

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
  const submit = useAction(act, 'submit', 'Return submitted', false);
  const title = checking ? `Check your answers: ${returnTitle(r)}` : returnTitle(r);
  const unusual = r.values.filter((v) => v.warnings.length > 0);
  return (
    <Page
      title={title}
      heading={checking ? 'Check your answers before submitting' : r.partnership.name}
      caption={checking ? returnTitle(r) : `Return for ${r.period.label}`}
      breadcrumbs={monitoringCrumbs(crumbs, base, { href: `${base}/monitoring/returns`, label: 'Returns' })}
    >
      {done && (
        <Panel title={done}>
          {done === 'Draft saved' && <p>Your figures are saved but not yet sent. Check them, then submit.</p>}
          {done === 'Return submitted' && <p>Your programme manager will review it. You will see here if they return it with comments.</p>}
        </Panel>
      )}
      {unusual.length > 0 && <UnusualSummary unusual={unusual} before={abilities.submit ? 'submit' : abilities.accept ? 'accept' : null} />}
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
      {r.status === 'returned' && <ReviewerMessage r={r} />}
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
                <Link href={`${base}/monitoring/returns/${r.id}/edit`}>
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
function WarningText({ children }: { children: ReactNode }) {
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
        Each figure is compared with {own ? 'your' : 'the partnership’s'} earlier returns (at least 2 are needed) and with what other
        partnerships sent in for this period (at least 5 are needed; only their middle figure, the median, is shown). A figure far from
        either gets a warning. Big changes can be real: a warning asks for a check or a note, and never stops a return being submitted.
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
function useAction(act: Act, path: string, message: string, needsComment: boolean) {
  return useForm(async (v) => {
    if (needsComment && !v.text('comment')) throw new FormProblems([{ field: 'comment', message: 'Write a comment for the partnership' }]);
    await post(`${act.url}/${path}`, v.text('comment') ? { comment: v.text('comment') } : {});
    act.done(message);
  });
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

const tableNumber = (n: number, unit: string) => {
  const s = n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'gbp' ? `£${s}` : unit === 'percent' ? `${s}%` : s;
};

function Markers({ markers }: { markers: string[] }) {
  if (!markers.length) return null;
  return (
    <sup className="marker">
      {markers.join(' ')}
      <span className="visually-hidden"> (see note {markers.join(' and ')} below the table)</span>
    </sup>
  );
}

export function PortfolioPage() {
  const { programme, api, base, crumbs } = useProgramme();
  const { path, search } = useLocation();
  const period = search.get('period') ?? '';
  const periods = useApi<ListAnswer<ReportingPeriod>>(`${api}/reporting-periods?pageSize=200`);
  const hasPeriods = periods.state === 'ready' && periods.data.data.length > 0;
  const loaded = useApi<{ data: PortfolioTable }>(hasPeriods ? `${api}/monitoring/table${qs({ period })}` : null, { keepPrevious: true });
  const trail = monitoringCrumbs(crumbs, base);
  const page = (children: ReactNode) => (
    <Page title={`Portfolio table – ${programme.name}`} heading="Portfolio table" caption={programme.name} breadcrumbs={trail}>
      {children}
    </Page>
  );
  if (periods.state === 'loading') return <Loading what="reporting periods" />;
  if (periods.state === 'error') return <Failed error={periods.error} retry={periods.reload} />;
  if (!hasPeriods) return page(<p>There are no reporting periods yet, so there is nothing to show.</p>);
  if (loaded.state === 'loading') return <Loading what="portfolio table" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data } = loaded.data;
  const t = data.table;
  const download = (ext: string) => `/api/v1${api}/monitoring/table.${ext}${qs({ period: data.period.id })}`;
  return page(
    <>
      <form
        className="search"
        action={path}
        method="get"
        onSubmit={(e) => {
          e.preventDefault();
          const chosen = new FormData(e.currentTarget).get('period');
          navigate(`${path}${qs({ period: typeof chosen === 'string' ? chosen : '' })}`);
        }}
      >
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="table-period">
              Reporting period
            </label>
            <select id="table-period" name="period" className="select" defaultValue={data.period.id} key={data.period.id}>
              {periods.data.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button secondary">
          Show
        </button>
      </form>
      <p>
        {data.period.label}: {formatDate(data.period.startsOn)} to {formatDate(data.period.endsOn)}, due {formatDate(data.period.dueOn)}.
        Only submitted and accepted returns count; drafts and returns sent back do not.
        {data.scope === 'own-partnerships' && ' You see your own partnerships’ rows, and totals over those rows only.'}
      </p>
      {t.rows.length === 0 ? (
        <p>No partnerships to show yet.</p>
      ) : (
        <Table caption={`${programme.name} in numbers, ${data.period.label}`} head={['Partnership', ...t.indicators.map((i) => i.label)]}>
          {t.rows.map((r) => (
            <tr key={r.partnershipId}>
              <th scope="row">
                {r.name}
                <Markers markers={r.markers} />
              </th>
              {t.indicators.map((i) => {
                const c = r.cells[i.key];
                return (
                  <td key={i.key} className="numeric">
                    {c?.status !== 'reported' || c.value === null ? (
                      <>
                        <span aria-hidden="true">-</span>
                        <span className="visually-hidden">{c?.status === 'not-reported' ? 'not reported' : 'no return'}</span>
                      </>
                    ) : (
                      tableNumber(c.value, i.unit)
                    )}
                    {c && <Markers markers={c.markers} />}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr className="total-row">
            <th scope="row">Total</th>
            {t.indicators.map((i) => {
              const total = t.totals[i.key];
              return (
                <td key={i.key} className="numeric">
                  {total && total.value !== null ? `${total.basis === 'mean' ? 'Average ' : ''}${tableNumber(total.value, i.unit)}` : '-'}
                </td>
              );
            })}
          </tr>
          <tr>
            <th scope="row">Reported by</th>
            {t.indicators.map((i) => {
              const c = t.coverage[i.key];
              return (
                <td key={i.key}>{c ? `${c.reported} of ${c.partnerships}${t.onTimeKnown ? ` (${c.reportedOnTime} on time)` : ''}` : ''}</td>
              );
            })}
          </tr>
        </Table>
      )}
      {t.footnotes.length > 0 && (
        <section aria-labelledby="footnotes-heading">
          <h2 id="footnotes-heading">Notes</h2>
          <dl className="footnotes">
            {t.footnotes.map((f) => (
              <div key={f.marker}>
                <dt>{f.marker}</dt>
                <dd>{f.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <h2>Download</h2>
      <ul className="actions">
        <li>
          <a href={download('csv')} download>
            CSV<span className="visually-hidden"> of the portfolio table</span>
          </a>
        </li>
        <li>
          <a href={download('md')} download>
            Markdown<span className="visually-hidden"> of the portfolio table</span>
          </a>
        </li>
      </ul>
    </>,
  );
}
