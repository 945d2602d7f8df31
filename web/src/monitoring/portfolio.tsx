// Monitoring: the portfolio table, every partnership's figures for a period.
import type { ReactNode } from 'react';
import { type ListAnswer, type PortfolioTable, type ReportingPeriod, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate, useLocation } from '../app/router.js';
import { Failed, Loading, Page, Table, formatDate } from '../ui/index.js';
import { monitoringCrumbs } from './words.js';

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
  const download = (file: string) => `/api/v1${api}/monitoring/${file}${qs({ period: data.period.id })}`;
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
                {r.returnState === 'none' && <span className="muted"> (no return)</span>}
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
          <a href={download('table.csv')} download>
            CSV<span className="visually-hidden"> of the portfolio table</span>
          </a>{' '}
          (the table only, as the returns import reads it)
        </li>
        <li>
          <a href={download('table-with-notes.csv')} download>
            CSV with notes
          </a>{' '}
          (whether each return came, on time or late, and every note in full)
        </li>
        <li>
          <a href={download('table.md')} download>
            Markdown<span className="visually-hidden"> of the portfolio table</span>
          </a>
        </li>
      </ul>
    </>,
  );
}
