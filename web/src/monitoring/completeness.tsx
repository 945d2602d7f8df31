// Monitoring: who has reported for which period (as DHIS2's reporting rates), so a manager can chase
// overdue returns. A row per partnership, a column per period; filters live in the address.
import type { FormEvent } from 'react';
import { type CompletenessGrid, type ListAnswer, type ReportingPeriod, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { Failed, Loading, Page, Pagination, Table, Tag, formatDate, plural } from '../ui/index.js';
import { monitoringCrumbs } from './words.js';

type Cell = NonNullable<CompletenessGrid['rows'][number]['cells'][number]>;
const PAGE_SIZE = 50;

const CELL_LABEL: Record<Cell['status'], string> = {
  not_started: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Sent back',
  accepted: 'Accepted',
};
const CELL_TONE = { not_started: 'grey', draft: 'grey', submitted: 'blue', returned: 'yellow', accepted: 'green' } as const;
const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'not_started', label: 'Not started' },
  { value: 'draft', label: 'Draft' },
  { value: 'returned', label: 'Sent back' },
  { value: 'submitted', label: 'Submitted (waiting for review)' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'late', label: 'Sent in late' },
  { value: 'on_time', label: 'Sent in on time' },
];
const FILTERS = ['periodId', 'phaseId', 'status', 'q'] as const;

function GridCell({ cell, href }: { cell: Cell | null; href: string | null }) {
  if (!cell) return <span className="muted">Not expected</span>;
  const label = CELL_LABEL[cell.status];
  return (
    <span className={cell.matches ? undefined : 'muted'}>
      {href ? <Link href={href}>{label}</Link> : label}
      {cell.overdue && (
        <>
          {' '}
          <Tag tone="red">Overdue</Tag>
        </>
      )}
      {cell.timeliness && (
        <>
          {' '}
          <Tag tone={cell.timeliness === 'late' ? 'yellow' : CELL_TONE[cell.status]}>{cell.timeliness === 'late' ? 'Late' : 'On time'}</Tag>
        </>
      )}
      {cell.submittedOn && <span className="completeness-date">Sent in {formatDate(cell.submittedOn)}</span>}
      {!cell.expected && <span className="completeness-date">Not expected then, but sent a return</span>}
    </span>
  );
}

export function CompletenessPage() {
  const { programme, api, base, crumbs } = useProgramme();
  const { path, search } = useLocation();
  const chosen = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Math.max(1, Number(search.get('page')) || 1);
  const periods = useApi<ListAnswer<ReportingPeriod>>(`${api}/reporting-periods?pageSize=200`);
  const loaded = useApi<{ data: CompletenessGrid; page: { page: number; pageSize: number; total: number } }>(
    `${api}/completeness${qs({ ...chosen, page, pageSize: PAGE_SIZE })}`,
    { keepPrevious: true },
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const params: Record<string, string> = {};
    for (const [k, v] of new FormData(e.currentTarget).entries()) if (typeof v === 'string') params[k] = v.trim();
    navigate(`${path}${qs(params)}`);
  };
  const filtered = Object.values(chosen).some(Boolean);
  const title = 'Who has reported';
  return (
    <Page title={`${title} – ${programme.name}`} heading={title} caption={programme.name} breadcrumbs={monitoringCrumbs(crumbs, base)}>
      <p>
        A return is expected from each partnership that was in the programme on the day the period’s returns were due (and, for a period of
        a phase, that went on to that phase). Overdue: the due date has passed and nothing has been submitted.
      </p>
      <form role="search" className="search" onSubmit={submit} action={path} method="get" aria-label="Filter who has reported">
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="completeness-period">
              Reporting period
            </label>
            <select id="completeness-period" className="select" name="periodId" defaultValue={chosen.periodId} key={chosen.periodId}>
              <option value="">Any</option>
              {periods.state === 'ready' &&
                periods.data.data.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
            </select>
          </div>
          {programme.phases.length > 0 && (
            <div className="form-group">
              <label className="label" htmlFor="completeness-phase">
                Phase
              </label>
              <select id="completeness-phase" className="select" name="phaseId" defaultValue={chosen.phaseId} key={chosen.phaseId}>
                <option value="">Any</option>
                {programme.phases.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.number}. {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="form-group">
            <label className="label" htmlFor="completeness-status">
              Status
            </label>
            <select id="completeness-status" className="select" name="status" defaultValue={chosen.status} key={chosen.status}>
              <option value="">Any</option>
              {STATUS_FILTERS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="label" htmlFor="completeness-q">
              Partnership or place
            </label>
            <input id="completeness-q" className="input" type="search" name="q" defaultValue={chosen.q} key={chosen.q} autoComplete="off" />
          </div>
        </div>
        <button type="submit" className="button secondary">
          Show
        </button>
      </form>
      {loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : loaded.state === 'loading' ? (
        <Loading what="who has reported" />
      ) : (
        <GridView answer={loaded.data} filtered={filtered} chosen={chosen} />
      )}
    </Page>
  );
}

function GridView({
  answer,
  filtered,
  chosen,
}: {
  answer: { data: CompletenessGrid; page: { page: number; pageSize: number; total: number } };
  filtered: boolean;
  chosen: Record<string, string>;
}) {
  const { api, base } = useProgramme();
  const { path } = useLocation();
  const { data, page } = answer;
  const download = `/api/v1${api}/completeness.csv${qs({ periodId: chosen.periodId, phaseId: chosen.phaseId, status: chosen.status, q: chosen.q })}`;
  return (
    <>
      <p role="status" className="result-count">
        {plural(page.total, 'partnership')}
        {filtered ? ' found' : ''}
        {page.total > page.pageSize ? `, showing page ${page.page}` : ''}
      </p>
      <p>
        <a href={download} download>
          Download as CSV<span className="visually-hidden"> (who has reported, with these filters)</span>
        </a>
      </p>
      {data.periods.length > 0 && (
        <Table caption="Reported by period" head={['Period', 'Due', 'Reported', 'Overdue', 'On time', 'Late']}>
          {data.periods.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.label}
                {p.phase && <span className="completeness-date">Phase {p.phase.number}</span>}
              </th>
              <td>{formatDate(p.dueOn)}</td>
              <td>
                {p.reported} of {p.expected}
              </td>
              <td>{p.overdue > 0 ? <Tag tone="red">{plural(p.overdue, 'overdue')}</Tag> : 'None'}</td>
              <td>{p.onTime}</td>
              <td>{p.late}</td>
            </tr>
          ))}
        </Table>
      )}
      {data.rows.length === 0 ? (
        <p>{filtered ? 'No partnership matches these filters. Try fewer, or clear them.' : 'There is nothing to report on yet.'}</p>
      ) : (
        <Table caption="Each partnership’s returns, by period" head={['Partnership', ...data.periods.map((p) => p.label)]}>
          {data.rows.map((row) => (
            <tr key={row.partnership.id}>
              <th scope="row">
                {row.partnership.name}
                {row.partnership.place && <span className="completeness-date">{row.partnership.place.name}</span>}
              </th>
              {row.cells.map((cell, i) => (
                <td key={data.periods[i]!.id}>
                  <GridCell cell={cell} href={cell?.returnId ? `${base}/monitoring/returns/${cell.returnId}` : null} />
                </td>
              ))}
            </tr>
          ))}
        </Table>
      )}
      <Pagination
        page={page.page}
        pageSize={page.pageSize}
        total={page.total}
        hrefFor={(n) => `${path}${qs({ ...chosen, page: n > 1 ? n : undefined })}`}
      />
    </>
  );
}
