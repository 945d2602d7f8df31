// Support: the programme's balances, costs and warnings on one page, with the burn-down and cost charts
// (drawn by the server, as monitoring's are) and the same figures as tables.
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { ButtonLink, Failed, Loading, Page, Panel, SummaryList, Table, plural } from '../ui/index.js';
import { FIGURE, IMG, type Overview, type Warning, days, pounds, wholePounds } from './types.js';

export function SupportOverview() {
  const { programme, api, base, crumbs } = useProgramme();
  const overview = useApi<Overview>(`${api}/support/summary`);
  const warnings = useApi<{ data: Warning[] }>(`${api}/support/warnings`);
  const trail = crumbs({ href: `${base}/support`, label: 'Support' });
  if (overview.state === 'loading') return <Loading what="support" />;
  if (overview.state === 'error') return <Failed error={overview.error} retry={overview.reload} />;
  const { data, abilities } = overview.data;
  const t = data.totals;
  const canLog = abilities.logFor.length > 0;
  return (
    <Page title="Support" caption={programme.name} breadcrumbs={trail}>
      <p>
        Facilitator time, credit and events for each partnership, against its allowance. A facilitator day is{' '}
        {plural(data.settings.minutesPerDay / 60, 'hour')}.
      </p>
      {canLog && (
        <p className="button-group">
          <ButtonLink href={`${base}/support/log`}>Log a contact</ButtonLink>
          <ButtonLink href={`${base}/support/credit/new`} secondary>
            Record credit
          </ButtonLink>
        </p>
      )}
      <nav aria-label="Support pages">
        <ul className="list">
          <li>
            <Link href={`${base}/support/providers`}>Who supports whom</Link>
          </li>
          <li>
            <Link href={`${base}/support/allowances`}>Allowances</Link>
          </li>
          <li>
            <Link href={`${base}/support/events`}>Networking and learning events</Link>
          </li>
          <li>
            <Link href={`${base}/support/survival`}>Survival of the groups</Link>
          </li>
        </ul>
      </nav>
      <Panel title="The programme">
        <SummaryList
          rows={[
            ['Partnerships', t.partnerships.toLocaleString('en-GB')],
            ['Facilitator days used', `${days(t.daysUsed)} of ${days(t.daysAllowed)}`],
            ['Credit spent', `${pounds(t.creditSpentPence)} of ${pounds(t.creditAllowedPence)}`],
            ['Cost of support so far', wholePounds(Math.round(t.costTotal))],
            ['Average cost per partnership a year', wholePounds(t.costPerYearMean)],
          ]}
        />
      </Panel>
      <h2>Warnings</h2>
      {warnings.state === 'ready' ? (
        warnings.data.data.length ? (
          <Table caption="Warnings as of today" captionHidden head={['Partnership', 'Warning', 'Detail']}>
            {warnings.data.data.map((w) => (
              <tr key={`${w.partnership}-${w.warning}`}>
                <td>{w.partnership}</td>
                <td>{w.warning[0]!.toUpperCase() + w.warning.slice(1)}</td>
                <td>{w.detail}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>No warnings today.</p>
        )
      ) : (
        <p>Checking for warnings…</p>
      )}
      <h2>Cost and use by partnership</h2>
      <Table
        caption="Cost and use by partnership"
        captionHidden
        head={['Partnership', 'Days used', 'Days left', 'Credit spent', 'Credit left', 'Events attended', 'Cost so far', 'Cost a year']}
      >
        {data.rows.map((r) => (
          <tr key={r.partnershipId}>
            <td>
              <Link href={`${base}/support/partnerships/${r.partnershipId}`}>{r.name}</Link>
            </td>
            <td>{r.daysAllowed === null ? days(r.daysUsed) : `${days(r.daysUsed)} of ${days(r.daysAllowed)}`}</td>
            <td>{days(r.daysLeft)}</td>
            <td>{pounds(r.creditSpentPence)}</td>
            <td>{pounds(r.creditLeftPence)}</td>
            <td>{data.events ? `${r.eventsAttended} of ${data.events}` : '–'}</td>
            <td>{wholePounds(Math.round(r.costTotal))}</td>
            <td>{wholePounds(r.costPerYear)}</td>
          </tr>
        ))}
      </Table>
      <p className="hint">
        Cost = days used × the day rate + credit spent + each partnership’s equal share of the events it attended. Cost a year divides it by
        the support period in years.
      </p>
      {data.rows.some((r) => r.costPerYear !== null) && (
        <figure className="chart" style={FIGURE}>
          <img style={IMG} src={`/api/v1${api}/support/cost.svg`} alt="Cost a year for each partnership, as the table above shows" />
        </figure>
      )}
      <h2>Days and credit left across the programme</h2>
      <figure className="chart" style={FIGURE}>
        <img
          style={IMG}
          src={`/api/v1${api}/support/burn-down.svg`}
          alt="Facilitator days and credit left at each month’s end across the programme, beside an even pace"
        />
      </figure>
      <p>
        <a href={`/api/v1${api}/support/burn-down.svg`} download>
          Download the burn-down chart (SVG)
        </a>
      </p>
    </Page>
  );
}
