// One partnership's support: its allowance and balances, the burn-down (chart and table), the contact
// log and the credit ledger, with removal of an entry made by mistake for those who may log.
import { useState } from 'react';
import { del } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { ButtonLink, Failed, Loading, Page, Panel, SummaryList, Table, formatDate } from '../ui/index.js';
import { type BurnDownPoint, FIGURE, IMG, KIND_WORDS, type Overview, days, pounds, supportCrumbs, timeWords, typeWords } from './types.js';

interface Detail {
  data: {
    partnershipId: string;
    name: string;
    allowance: { startOn: string; endOn: string; daysAllowed: number; creditAllowedPence: number; dayRatePence: number } | null;
    balances: {
      daysAvailable: number;
      daysUsed: number;
      daysLeft: number;
      creditSpentPence: number;
      creditLeftPence: number;
      committedPence: number;
      creditUncommittedPence: number;
    } | null;
    burnDown: BurnDownPoint[];
  };
}
interface Contact {
  id: string;
  providerName: string | null;
  contactOn: string;
  minutes: number;
  type: string;
  topic: string;
  notes: string;
}
interface Credit {
  id: string;
  kind: string;
  entryOn: string;
  amountPence: number;
  dayHundredths: number | null;
  purpose: string;
  approvedBy: string;
}

export function PartnershipSupport({ id }: { id: string }) {
  const { api, base, crumbs } = useProgramme();
  const detail = useApi<Detail>(`${api}/support/partnerships/${id}`);
  const contacts = useApi<{ data: Contact[] }>(`${api}/support/contacts?partnershipId=${id}`);
  const credit = useApi<{ data: Credit[] }>(`${api}/support/credit?partnershipId=${id}`);
  const me = useApi<Overview>(`${api}/support/summary`);
  const [removed, setRemoved] = useState('');
  if (detail.state === 'loading') return <Loading what="partnership’s support" />;
  if (detail.state === 'error') return <Failed error={detail.error} retry={detail.reload} />;
  const d = detail.data.data;
  const canLog = me.state === 'ready' && me.data.abilities.logFor.includes(id);
  const trail = supportCrumbs(crumbs, base);
  const remove = async (what: 'contacts' | 'credit', entryId: string, words: string) => {
    await del(`${api}/support/${what}/${entryId}`);
    setRemoved(`Removed ${words}.`);
    detail.reload();
    contacts.reload();
    credit.reload();
  };
  return (
    <Page title={`Support for ${d.name}`} breadcrumbs={trail}>
      {removed && (
        <div className="notification" role="status">
          {removed}
        </div>
      )}
      {canLog && (
        <p className="button-group">
          <ButtonLink href={`${base}/support/log?partnership=${id}`}>Log a contact</ButtonLink>
          <ButtonLink href={`${base}/support/credit/new?partnership=${id}`} secondary>
            Record credit
          </ButtonLink>
        </p>
      )}
      {d.allowance && d.balances ? (
        <Panel title="Balance">
          <SummaryList
            rows={[
              ['Support period', `${formatDate(d.allowance.startOn)} to ${formatDate(d.allowance.endOn)}`],
              ['Facilitator days left', `${days(d.balances.daysLeft)} of ${days(d.balances.daysAvailable)}`],
              ['Facilitator days used', days(d.balances.daysUsed)],
              ['Credit left', `${pounds(d.balances.creditLeftPence)} of ${pounds(d.allowance.creditAllowedPence)}`],
              ['Credit spent', pounds(d.balances.creditSpentPence)],
              ['Credit committed, not yet spent', pounds(d.balances.committedPence)],
              ['Day rate', pounds(d.allowance.dayRatePence)],
            ]}
          />
        </Panel>
      ) : (
        <p className="inset">No support allowance is set for this partnership yet.</p>
      )}
      {d.burnDown.length > 0 && (
        <>
          <h2>Burn-down</h2>
          <figure className="chart" style={FIGURE}>
            <img
              style={IMG}
              src={`/api/v1${api}/support/burn-down.svg?partnershipId=${id}&v=${d.balances?.daysLeft}-${d.balances?.creditLeftPence}`}
              alt={`Facilitator days and credit left each month for ${d.name}, beside an even pace; the figures are in the table below`}
            />
          </figure>
          <Table
            caption="Days and credit left at each month’s end, and today"
            head={['Date', 'Days left', 'At an even pace', 'Credit left', 'At an even pace']}
          >
            {d.burnDown
              .filter((p) => p.daysLeft !== null)
              .map((p) => (
                <tr key={p.date}>
                  <td>{formatDate(p.date)}</td>
                  <td>{days(p.daysLeft)}</td>
                  <td>{days(p.daysPlanned)}</td>
                  <td>{pounds(Math.round((p.creditLeft ?? 0) * 100))}</td>
                  <td>{pounds(Math.round(p.creditPlanned * 100))}</td>
                </tr>
              ))}
          </Table>
        </>
      )}
      <h2>Contacts</h2>
      {contacts.state === 'ready' && contacts.data.data.length > 0 ? (
        <Table
          caption="Contacts, newest first"
          captionHidden
          head={['Date', 'Who', 'Time', 'Type', 'Topic and notes', ...(canLog ? [''] : [])]}
        >
          {contacts.data.data.map((c) => (
            <tr key={c.id}>
              <td>{formatDate(c.contactOn)}</td>
              <td>{c.providerName ?? '–'}</td>
              <td>{timeWords(c.minutes)}</td>
              <td>{typeWords(c.type)}</td>
              <td>{[c.topic, c.notes].filter(Boolean).join(': ')}</td>
              {canLog && (
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => remove('contacts', c.id, `the contact of ${formatDate(c.contactOn)}`)}
                  >
                    Remove<span className="visually-hidden"> the contact of {formatDate(c.contactOn)}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      ) : (
        <p>{contacts.state === 'loading' ? 'Loading contacts…' : 'No contacts logged yet.'}</p>
      )}
      <h2>Credit</h2>
      {credit.state === 'ready' && credit.data.data.length > 0 ? (
        <Table
          caption="Credit ledger, newest first"
          captionHidden
          head={['Date', 'Entry', 'Amount', 'Purpose', 'Approved by', ...(canLog ? [''] : [])]}
        >
          {credit.data.data.map((c) => (
            <tr key={c.id}>
              <td>{formatDate(c.entryOn)}</td>
              <td>
                {KIND_WORDS[c.kind] ?? c.kind}
                {c.dayHundredths !== null && ` (${days(c.dayHundredths / 100)} days)`}
              </td>
              <td>{pounds(c.amountPence)}</td>
              <td>{c.purpose}</td>
              <td>{c.approvedBy}</td>
              {canLog && (
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => remove('credit', c.id, `the credit entry of ${formatDate(c.entryOn)}`)}
                  >
                    Remove<span className="visually-hidden"> the credit entry of {formatDate(c.entryOn)}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      ) : (
        <p>{credit.state === 'loading' ? 'Loading the ledger…' : 'No credit recorded yet.'}</p>
      )}
    </Page>
  );
}
