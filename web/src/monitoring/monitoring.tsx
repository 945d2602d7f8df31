// Monitoring: reporting periods and indicators (set by programme managers), each partnership's return
// for a period (filled in by its members, on a phone as on a desktop), and its review. This file is the
// section's overview: periods, indicators and opening a return.
import { type Indicator, type ListAnswer, type PartnershipRow, type ReportingPeriod, type ReturnAnswer, post, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, Loading, NotAllowed, Page, Table, Tag, formatDate, plural } from '../ui/index.js';
import { UNIT_LABEL } from './words.js';

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
        <Link href={`${base}/monitoring/charts`}>charts</Link> of each indicator.{' '}
        <Link href={`${base}/monitoring/completeness`}>Who has reported</Link> shows each partnership’s return for each period, and which
        are overdue.
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
              head={['Period', 'Covers', 'Due', 'Reported', 'Overdue returns', ...(periods.data.abilities.create ? [''] : [])]}
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
                  <td>
                    <Link href={`${base}/monitoring/completeness${qs({ periodId: p.id })}`}>
                      {p.reported} of {p.expected}
                      <span className="visually-hidden"> partnerships reported for {p.label}</span>
                    </Link>
                  </td>
                  <td>
                    {p.overdue > 0 ? (
                      <Link href={`${base}/monitoring/completeness${qs({ periodId: p.id, status: 'overdue' })}`}>
                        <Tag tone="red">{plural(p.overdue, 'overdue return')}</Tag>
                        <span className="visually-hidden"> for {p.label}: see who</span>
                      </Link>
                    ) : (
                      'None'
                    )}
                  </td>
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
