// Monitoring: the list of returns, filtered by period, partnership and status.
import { type ListAnswer, RETURN_STATUSES, type ReportingPeriod, type ReturnRow } from '../api/index.js';
import { useApi } from '../app/data.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { Failed, Loading, Page, Tag, formatDate, formatDateTime } from '../ui/index.js';
import { STATUS_LABEL, StatusTag, monitoringCrumbs } from './words.js';

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
