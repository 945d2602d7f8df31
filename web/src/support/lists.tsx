// Who supports whom, allowances, events with attendance, and survival: tables for every programme role,
// with the ways in to the forms for programme managers (provider-forms, allowance-forms, event-forms).
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, useLocation } from '../app/router.js';
import { ButtonLink, Failed, Loading, Page, Table, formatDate } from '../ui/index.js';
import { ROLE_WORDS, days, pounds, supportCrumbs } from './types.js';

interface Provider {
  id: string;
  role: string;
  name: string;
  organisation: { name: string } | null;
  email: string;
  person: { name: string } | null;
  regions: string;
  covers: { id: string; partnershipName: string; contactName: string }[];
}

export function ProvidersPage() {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<{ data: Provider[]; abilities: { create: boolean } }>(`${api}/support/providers`);
  const trail = supportCrumbs(crumbs, base);
  if (list.state === 'loading') return <Loading what="support providers" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  return (
    <Page title="Who supports whom" breadcrumbs={trail}>
      {list.data.abilities.create && (
        <p>
          <ButtonLink href={`${base}/support/providers/new`}>Add a support provider</ButtonLink>
        </p>
      )}
      {list.data.data.length === 0 ? (
        <p>No support providers yet.</p>
      ) : (
        <Table caption="Support providers and the partnerships they cover" captionHidden head={['Provider', 'Role', 'Covers', 'Regions']}>
          {list.data.data.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`${base}/support/providers/${p.id}`}>{p.name}</Link>
                {p.organisation && p.organisation.name !== p.name && <div className="hint">{p.organisation.name}</div>}
                {p.email && <div className="hint">{p.email}</div>}
              </td>
              <td>{ROLE_WORDS[p.role] ?? p.role}</td>
              <td>
                {p.covers.length
                  ? p.covers.map((c) => (
                      <div key={c.id}>
                        {c.partnershipName}
                        {c.contactName && <span className="hint"> (contact: {c.contactName})</span>}
                      </div>
                    ))
                  : '–'}
              </td>
              <td>{p.regions || '–'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

interface AllowanceRow {
  partnershipId: string;
  partnershipName: string;
  allowance: { startOn: string; endOn: string; daysAllowed: number; creditAllowedPence: number; dayRatePence: number } | null;
}

export function AllowancesPage() {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<{ data: AllowanceRow[]; abilities: { update: boolean } }>(`${api}/support/allowances`);
  const settings = useApi<{ data: { minutesPerDay: number } }>(`${api}/support/settings`);
  const saved = new URLSearchParams(useLocation().search).get('saved');
  const trail = supportCrumbs(crumbs, base);
  if (list.state === 'loading') return <Loading what="allowances" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  return (
    <Page title="Allowances" breadcrumbs={trail}>
      {saved && (
        <div className="notification" role="status">
          {saved === 'settings'
            ? 'Saved the support settings.'
            : `Saved the allowance of ${list.data.data.find((r) => r.partnershipId === saved)?.partnershipName ?? 'the partnership'}.`}
        </div>
      )}
      {settings.state === 'ready' && (
        <p>
          A facilitator day is {(settings.data.data.minutesPerDay / 60).toLocaleString('en-GB', { maximumFractionDigits: 2 })} hours.{' '}
          {list.data.abilities.update && <Link href={`${base}/support/settings`}>Change the support settings</Link>}
        </p>
      )}
      <Table
        caption="Each partnership’s support allowance"
        captionHidden
        head={['Partnership', 'Support period', 'Facilitator days', 'Credit', 'Day rate', ...(list.data.abilities.update ? [''] : [])]}
      >
        {list.data.data.map((r) => (
          <tr key={r.partnershipId}>
            <td>{r.partnershipName}</td>
            {r.allowance ? (
              <>
                <td>
                  {formatDate(r.allowance.startOn)} to {formatDate(r.allowance.endOn)}
                </td>
                <td>{days(r.allowance.daysAllowed)}</td>
                <td>{pounds(r.allowance.creditAllowedPence)}</td>
                <td>{pounds(r.allowance.dayRatePence)}</td>
              </>
            ) : (
              <td colSpan={4}>No allowance set</td>
            )}
            {list.data.abilities.update && (
              <td>
                <Link href={`${base}/support/allowances/${r.partnershipId}`}>
                  {r.allowance ? 'Change' : 'Set'}
                  <span className="visually-hidden"> the allowance of {r.partnershipName}</span>
                </Link>
              </td>
            )}
          </tr>
        ))}
      </Table>
    </Page>
  );
}

interface SupportEvent {
  id: string;
  name: string;
  heldOn: string;
  place: string;
  costPence: number;
  notes: string;
  agreedActions: string;
  attendance: { name: string; people: number }[];
}

export function EventsPage() {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<{ data: SupportEvent[]; abilities: { create: boolean } }>(`${api}/support/events`);
  const trail = supportCrumbs(crumbs, base);
  if (list.state === 'loading') return <Loading what="events" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  return (
    <Page title="Networking and learning events" breadcrumbs={trail}>
      {list.data.abilities.create && (
        <p>
          <ButtonLink href={`${base}/support/events/new`}>Add an event</ButtonLink>
        </p>
      )}
      {list.data.data.length === 0 ? (
        <p>No events yet.</p>
      ) : (
        <Table caption="Events and who came" captionHidden head={['Event', 'Date', 'Place', 'Cost', 'Who came']}>
          {list.data.data.map((e) => (
            <tr key={e.id}>
              <td>
                <Link href={`${base}/support/events/${e.id}`}>{e.name}</Link>
                {e.agreedActions && <div className="hint">Agreed: {e.agreedActions}</div>}
              </td>
              <td>{formatDate(e.heldOn)}</td>
              <td>{e.place || '–'}</td>
              <td>{pounds(e.costPence)}</td>
              <td>{e.attendance.length ? e.attendance.map((a) => `${a.name} (${a.people})`).join(', ') : '–'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

interface Survival {
  asOf: string;
  headline: string;
  rows: { organisation: string; partnership: string; status: string; survived: boolean; since: string | null; reason: string }[];
}
const STATUS_WORDS: Record<string, string> = { active: 'Active', struggling: 'Struggling', merged: 'Merged', wound_up: 'Wound up' };

export function SurvivalPage() {
  const { api, base, crumbs } = useProgramme();
  const table = useApi<{ data: Survival }>(`${api}/support/survival`);
  const trail = supportCrumbs(crumbs, base);
  if (table.state === 'loading') return <Loading what="survival table" />;
  if (table.state === 'error') return <Failed error={table.error} retry={table.reload} />;
  const t = table.data.data;
  const ended = t.rows.filter((r) => !r.survived);
  return (
    <Page title="Survival of the groups" breadcrumbs={trail}>
      <p className="lead">
        {t.headline}, as of {formatDate(t.asOf)}.
      </p>
      {ended.length > 0 && (
        <Table caption="What happened to the others" head={['Group', 'Partnership', 'What happened', 'When', 'Why']}>
          {ended.map((r) => (
            <tr key={r.organisation}>
              <td>{r.organisation}</td>
              <td>{r.partnership}</td>
              <td>{STATUS_WORDS[r.status] ?? r.status}</td>
              <td>{formatDate(r.since)}</td>
              <td>{r.reason || '–'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}
