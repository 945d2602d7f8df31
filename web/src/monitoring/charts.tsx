// Charts of one indicator: by partnership for a period, or across periods. The server draws them (SVG and
// PNG, see src/modules/monitoring/charts/service.ts), so no charting code comes to the browser; the page shows the
// picture, the same figures as a table, and the downloads.
import { type FormEvent, type ReactNode, useState } from 'react';
import type { ApiError, Indicator, ListAnswer, ReportingPeriod } from '../api/index.js';
import { qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { Failed, Loading, Page, Table } from '../ui/index.js';

interface Footnote {
  marker: string;
  text: string;
}
type FigureStatus = 'reported' | 'not-reported' | 'missing';
interface ChartWords {
  title: string;
  subtitle: string[];
  valueTitle: string;
  description: string;
  scope: 'programme' | 'own-partnerships';
  footnotes: Footnote[];
  indicator: { key: string; label: string; unit: string };
}
interface ByPartnership extends ChartWords {
  kind: 'by-partnership';
  period: { id: string; label: string };
  partnerships: { partnershipId: string; name: string; nameMarkers: string[]; status: FigureStatus; text: string; markers: string[] }[];
  total: { basis: 'sum' | 'mean'; value: number | null; text: string };
  reported: number;
}
interface AcrossPeriods extends ChartWords {
  kind: 'across-periods';
  basis: 'sum' | 'mean';
  periods: {
    periodId: string;
    label: string;
    value: number | null;
    text: string;
    reported: number;
    partnerships: number;
    markers: string[];
  }[];
  partnerships: { partnershipId: string; name: string; figures: { periodId: string; status: FigureStatus; text: string }[] }[] | null;
}
type Chart = ByPartnership | AcrossPeriods;

type View = 'by-partnership' | 'across-periods';

/** Asterisks as they are; numbers bracketed, so a note's number is not read as part of the figure. */
const markerText = (m: string) => (/^\*+$/.test(m) ? m : `[${m}]`);

function Markers({ markers }: { markers: string[] }) {
  if (!markers.length) return null;
  return (
    <sup className="marker">
      {' '}
      {markers.map(markerText).join(' ')}
      <span className="visually-hidden"> (see note {markers.join(' and ')} below the table)</span>
    </sup>
  );
}

/** A figure in the table, with "not reported" and "no figure" said in words, never as 0. */
function Figure({ status, text, markers }: { status: FigureStatus; text: string; markers: string[] }) {
  return (
    <>
      {status === 'reported' ? text : <span className="muted">{text}</span>}
      <Markers markers={markers} />
    </>
  );
}

export function Charts() {
  const { programme, api, base, crumbs } = useProgramme();
  const { path, search } = useLocation();
  const indicators = useApi<ListAnswer<Indicator>>(`${api}/indicators?pageSize=200`);
  const periods = useApi<ListAnswer<ReportingPeriod>>(`${api}/reporting-periods?pageSize=200`);
  const trail = crumbs({ href: `${base}/monitoring`, label: 'Monitoring' });
  const page = (children: ReactNode) => (
    <Page title={`Charts – ${programme.name}`} heading="Charts" caption={programme.name} breadcrumbs={trail}>
      {children}
    </Page>
  );

  if (indicators.state === 'loading' || periods.state === 'loading') return <Loading what="indicators and reporting periods" />;
  if (indicators.state === 'error') return <Failed error={indicators.error} retry={indicators.reload} />;
  if (periods.state === 'error') return <Failed error={periods.error} retry={periods.reload} />;
  // Text answers have no figures to draw.
  const chartable = indicators.data.data.filter((i) => i.unit !== 'text');
  if (!chartable.length)
    return page(<p>No indicator has figures to chart yet. Charts appear once the programme has indicators counted in numbers.</p>);
  if (!periods.data.data.length) return page(<p>There are no reporting periods yet, so there is nothing to chart.</p>);

  const chosen = {
    indicator: chartable.find((i) => i.key === search.get('indicator'))?.key ?? chartable[0]!.key,
    view: (search.get('view') === 'across-periods' ? 'across-periods' : 'by-partnership') as View,
    period: search.get('period') ?? '',
    partnerships: search.get('partnerships') === '1',
  };
  return page(
    <ChartView
      key={`${chosen.view}|${chosen.indicator}|${chosen.period}|${chosen.partnerships}`}
      chosen={chosen}
      indicators={chartable}
      periods={periods.data.data}
      path={path}
    />,
  );
}

interface Chosen {
  indicator: string;
  view: View;
  period: string;
  partnerships: boolean;
}

function ChartView({
  chosen,
  indicators,
  periods,
  path,
}: {
  chosen: Chosen;
  indicators: Indicator[];
  periods: ReportingPeriod[];
  path: string;
}) {
  const { api, base } = useProgramme();
  const [view, setView] = useState<View>(chosen.view);
  const [pictureFailed, setPictureFailed] = useState(false);
  const query =
    chosen.view === 'by-partnership'
      ? qs({ indicator: chosen.indicator, period: chosen.period })
      : qs({ indicator: chosen.indicator, partnerships: chosen.partnerships ? '1' : undefined });
  const chart = useApi<{ data: Chart }>(`${api}/monitoring/charts/${chosen.view}${query}`);
  const file = (ext: 'svg' | 'png') => `/api/v1${api}/monitoring/charts/${chosen.view}.${ext}${query}`;
  // The newest period is the server's choice when none is named; the answer says which it took.
  const shownPeriod = chart.state === 'ready' && chart.data.data.kind === 'by-partnership' ? chart.data.data.period.id : chosen.period;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : '');
    const next =
      text('view') === 'across-periods'
        ? qs({ indicator: text('indicator'), view: 'across-periods', partnerships: form.get('partnerships') ? '1' : undefined })
        : qs({ indicator: text('indicator'), period: text('period') });
    navigate(`${path}${next}`);
  };

  return (
    <>
      <p>
        Charts count submitted and accepted returns, as <Link href={`${base}/monitoring/table`}>the portfolio table</Link> does. A
        partnership that did not report is listed as not reported, never drawn as nought.
      </p>
      <form className="search" action={path} method="get" onSubmit={submit}>
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="chart-indicator">
              Indicator
            </label>
            <select id="chart-indicator" name="indicator" className="select" defaultValue={chosen.indicator}>
              {indicators.map((i) => (
                <option key={i.key} value={i.key}>
                  {i.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <fieldset className="fieldset">
              <legend className="label">Show</legend>
              <div className="choices">
                {(
                  [
                    ['by-partnership', 'Each partnership in one period'],
                    ['across-periods', 'Every reporting period'],
                  ] as const
                ).map(([value, label]) => (
                  <div className="choice" key={value}>
                    <input
                      id={`chart-view-${value}`}
                      type="radio"
                      name="view"
                      value={value}
                      checked={view === value}
                      onChange={() => setView(value)}
                    />
                    <label htmlFor={`chart-view-${value}`}>{label}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          {view === 'by-partnership' ? (
            <div className="form-group">
              <label className="label" htmlFor="chart-period">
                Reporting period
              </label>
              <select id="chart-period" name="period" className="select" defaultValue={shownPeriod} key={shownPeriod}>
                {periods.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div className="form-group">
              <div className="choice">
                <input
                  id="chart-partnerships"
                  type="checkbox"
                  name="partnerships"
                  value="1"
                  defaultChecked={chosen.partnerships}
                  aria-describedby="chart-partnerships-hint"
                />
                <label htmlFor="chart-partnerships">Also a line for each partnership</label>
                <div className="hint choice-hint" id="chart-partnerships-hint">
                  Up to 12 partnerships
                </div>
              </div>
            </div>
          )}
        </div>
        <button type="submit" className="button secondary">
          Show chart
        </button>
      </form>

      {chart.state === 'loading' && <Loading what="chart" />}
      {chart.state === 'error' && <ChartProblem error={chart.error} retry={chart.reload} />}
      {chart.state === 'ready' && (
        <>
          <figure className="chart" style={{ margin: '0 0 20px', maxWidth: '100%', overflowX: 'auto' }}>
            {pictureFailed ? (
              <p className="inset">The chart’s picture could not be loaded. Its figures are in the table below.</p>
            ) : (
              <img
                src={file('svg')}
                alt={altText(chart.data.data)}
                // Drawn as vectors, so it is scaled to the column: larger on a desktop, whole on a phone.
                style={{ width: '100%', maxWidth: '60rem', height: 'auto', display: 'block' }}
                onError={() => setPictureFailed(true)}
              />
            )}
          </figure>
          <h2>Download</h2>
          <ul className="actions">
            <li>
              <a href={file('png')} download>
                Download PNG<span className="visually-hidden"> of the chart</span>
              </a>
            </li>
            <li>
              <a href={file('svg')} download>
                Download SVG<span className="visually-hidden"> of the chart</span>
              </a>
            </li>
          </ul>
          <h2>The figures</h2>
          {chart.data.data.kind === 'by-partnership' ? (
            <ByPartnershipTable chart={chart.data.data} />
          ) : (
            <AcrossPeriodsTables chart={chart.data.data} />
          )}
          {chart.data.data.footnotes.length > 0 && (
            <section aria-labelledby="chart-notes-heading">
              <h2 id="chart-notes-heading">Notes</h2>
              <dl className="footnotes">
                {chart.data.data.footnotes.map((f) => (
                  <div key={f.marker}>
                    <dt>{markerText(f.marker)}</dt>
                    <dd>{f.text}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
        </>
      )}
    </>
  );
}

/** A short alt text: what the picture is, and where its figures are (the table right below it). */
function altText(chart: Chart): string {
  if (chart.kind === 'by-partnership') {
    const total =
      chart.total.value === null
        ? 'no partnership has a figure yet'
        : `${chart.total.basis === 'mean' ? 'average' : 'total'} ${chart.total.text} from ${chart.reported} of ${chart.partnerships.length} partnerships`;
    return `Bar chart: ${chart.title}; ${total}. Each partnership’s figure is in the table below.`;
  }
  return `Bar chart: ${chart.title}, ${chart.periods.map((p) => `${p.label} ${p.value === null ? 'no figures' : p.text}`).join(', ')}${chart.partnerships ? ', with a line for each partnership' : ''}. The figures are in the tables below.`;
}

function ChartProblem({ error, retry }: { error: ApiError; retry: () => void }) {
  // A chart that cannot be drawn (too many lines, say) is explained beside the form, which stays usable.
  if (error.status === 422 || error.status === 404)
    return (
      <p className="inset" role="status">
        {error.message}
      </p>
    );
  return <Failed error={error} retry={retry} />;
}

function ByPartnershipTable({ chart }: { chart: ByPartnership }) {
  return (
    <Table caption={`${chart.title} (${chart.valueTitle})`} head={['Partnership', chart.indicator.label]}>
      {chart.partnerships.map((p) => (
        <tr key={p.partnershipId}>
          <th scope="row">
            {p.name}
            <Markers markers={p.nameMarkers} />
          </th>
          <td className="numeric">
            <Figure status={p.status} text={p.text} markers={p.markers} />
          </td>
        </tr>
      ))}
      <tr className="total-row">
        <th scope="row">{chart.total.basis === 'mean' ? 'Average' : 'Total'}</th>
        <td className="numeric">{chart.total.value === null ? <span className="muted">None</span> : chart.total.text}</td>
      </tr>
      <tr>
        <th scope="row">Reported by</th>
        <td className="numeric">
          {chart.reported} of {chart.partnerships.length}
        </td>
      </tr>
    </Table>
  );
}

function AcrossPeriodsTables({ chart }: { chart: AcrossPeriods }) {
  const what = chart.basis === 'mean' ? 'Average' : 'Total';
  return (
    <>
      <Table
        caption={`${chart.title}: ${what.toLowerCase()} for each period (${chart.valueTitle})`}
        head={['Reporting period', what, 'Partnerships reporting']}
      >
        {chart.periods.map((p) => (
          <tr key={p.periodId}>
            <th scope="row">{p.label}</th>
            <td className="numeric">
              {p.value === null ? <span className="muted">{p.text}</span> : p.text}
              <Markers markers={p.markers} />
            </td>
            <td className="numeric">
              {p.reported} of {p.partnerships}
            </td>
          </tr>
        ))}
      </Table>
      {chart.partnerships && (
        <Table
          caption={`${chart.indicator.label}: each partnership in each period (${chart.valueTitle})`}
          head={['Partnership', ...chart.periods.map((p) => p.label)]}
        >
          {chart.partnerships.map((s) => (
            <tr key={s.partnershipId}>
              <th scope="row">{s.name}</th>
              {s.figures.map((f) => (
                <td className="numeric" key={f.periodId}>
                  <Figure status={f.status} text={f.text} markers={[]} />
                </td>
              ))}
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
