// Networking and learning events (programme managers): add or change an event — date, place, cost,
// notes and agreed actions — and, on the event's page, record who came from each partnership or
// organisation with a head count (0 takes a line away). Each save sends the version the page loaded.
import { useState } from 'react';
import { patch, post, put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate, useLocation } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { Choices, ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { ButtonLink, Failed, Loading, NotAllowed, NotFound, Page, SummaryList, Table, formatDate } from '../ui/index.js';
import { pounds, supportCrumbs } from './types.js';

export interface SupportEvent {
  id: string;
  name: string;
  heldOn: string;
  place: string;
  costPence: number;
  notes: string;
  agreedActions: string;
  version?: string;
  attendance: { name: string; partnershipId: string | null; organisationId: string | null; people: number }[];
}
type Events = { data: SupportEvent[]; abilities: { create: boolean } };

/** Adding an event (no `id`) or changing one. */
export function EventForm({ id }: { id?: string }) {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<Events>(`${api}/support/events`);
  const event = list.state === 'ready' && id ? list.data.data.find((e) => e.id === id) : undefined;
  const form = useForm(
    async (v) => {
      // What the page finds wrong is noted and still sent: the server's problems come back with it, all at once.
      const heldOn = v.date('heldOn', 'the date of the event', { required: true });
      const cost = v.number('cost', 'Enter the cost in pounds, like 900 or 450.50');
      const body = {
        name: v.text('name'),
        heldOn,
        place: v.text('place'),
        costPence: typeof cost === 'number' ? Math.round(cost * 100) : cost === null ? 0 : -1,
        notes: v.text('notes'),
        agreedActions: v.text('agreedActions'),
      };
      if (id) await patch(`${api}/support/events/${id}`, body);
      const saved = id ? id : (await post<{ data: { id: string } }>(`${api}/support/events`, body)).data.id;
      navigate(`${base}/support/events/${saved}?saved=1`);
    },
    { fieldOf: (path) => (path[0] === 'costPence' ? 'cost' : String(path[0] ?? '')), onReload: list.reload },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/events`, label: 'Events' });
  const title = id ? 'Change an event' : 'Add an event';
  if (list.state === 'loading') return <Loading what="form" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  if (!list.data.abilities.create)
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can add or change events.</NotAllowed>
      </Page>
    );
  if (id && !event) return <NotFound detail="There is no such event in this programme." />;
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate key={event?.version ?? 'new'}>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Name of the event" hint="For example, Spring networking day" defaultValue={event?.name} />
        <DateField form={form} name="heldOn" label="When was it held?" defaultValue={event?.heldOn} />
        <TextField form={form} name="place" label="Place (optional)" defaultValue={event?.place} />
        <TextField
          form={form}
          name="cost"
          label="Cost (optional)"
          hint="Shared equally among the partnerships that came"
          prefix="£"
          width="short"
          inputMode="decimal"
          defaultValue={event ? (event.costPence / 100).toFixed(2) : ''}
        />
        <TextArea form={form} name="notes" label="Notes (optional)" rows={3} defaultValue={event?.notes} />
        <TextArea
          form={form}
          name="agreedActions"
          label="Actions agreed (optional)"
          hint="One a line"
          rows={3}
          defaultValue={event?.agreedActions}
        />
        <Submit form={form}>{id ? 'Save the changes' : 'Add the event'}</Submit>
      </form>
    </Page>
  );
}

/** An event's page: its details, who came, and recording who came from a partnership or organisation. */
export function EventPage({ id }: { id: string }) {
  const { api, base, crumbs } = useProgramme();
  const { search } = useLocation();
  const list = useApi<Events>(`${api}/support/events`);
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const orgs = useApi<{ data: { id: string; name: string }[] }>(`${api}/organisations?pageSize=200`);
  const [done, setDone] = useState(new URLSearchParams(search).get('saved') ? 'Saved.' : '');
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      const from = v.text('from') || 'partnership';
      const who = v.text(from === 'partnership' ? 'partnershipId' : 'organisationId');
      if (!who)
        problems.push(
          from === 'partnership'
            ? { field: 'partnershipId', message: 'Choose the partnership' }
            : { field: 'organisationId', message: 'Choose the organisation' },
        );
      const people = v.number('people', 'Enter how many people came as a whole number, like 3', { whole: true });
      if (people === null) problems.push({ field: 'people', message: 'Enter how many people came, or 0 for nobody' });
      else if (typeof people === 'number' && people < 0)
        problems.push({ field: 'people', message: 'The number of people cannot be negative' });
      if (problems.length || v.problems.length) throw new FormProblems([...v.problems, ...problems]);
      await put(`${api}/support/events/${id}/${from === 'partnership' ? 'partnerships' : 'organisations'}/${who}`, { people });
      setDone(people === 0 ? 'Saved: nobody came from there.' : `Saved: ${people} ${people === 1 ? 'person' : 'people'}.`);
      list.reload();
    },
    { onReload: list.reload },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/events`, label: 'Events' });
  if (list.state === 'loading' || partnerships.state === 'loading' || orgs.state === 'loading') return <Loading what="event" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  if (partnerships.state === 'error') return <Failed error={partnerships.error} retry={partnerships.reload} />;
  if (orgs.state === 'error') return <Failed error={orgs.error} retry={orgs.reload} />;
  const e = list.data.data.find((x) => x.id === id);
  if (!e) return <NotFound detail="There is no such event in this programme." />;
  const manage = list.data.abilities.create;
  return (
    <Page title={e.name} caption="Event" breadcrumbs={trail}>
      {done && (
        <div className="notification" role="status">
          {done}
        </div>
      )}
      <SummaryList
        rows={[
          ['Date', formatDate(e.heldOn)],
          ['Place', e.place || '–'],
          ['Cost', pounds(e.costPence)],
          ['Notes', e.notes || '–'],
          ['Actions agreed', e.agreedActions ? <span style={{ whiteSpace: 'pre-line' }}>{e.agreedActions}</span> : '–'],
        ]}
      />
      {manage && (
        <p>
          <ButtonLink href={`${base}/support/events/${id}/edit`} secondary>
            Change these details
          </ButtonLink>
        </p>
      )}
      <h2>Who came</h2>
      {e.attendance.length === 0 ? (
        <p>Nobody recorded yet.</p>
      ) : (
        <Table caption="Who came, by partnership or organisation" captionHidden head={['From', 'People']}>
          {e.attendance.map((a) => (
            <tr key={a.partnershipId ?? a.organisationId}>
              <td>
                {a.name}
                <div className="hint">{a.partnershipId ? 'Partnership' : 'Organisation'}</div>
              </td>
              <td>{a.people}</td>
            </tr>
          ))}
        </Table>
      )}
      {manage && (
        <form onSubmit={form.onSubmit} noValidate key={e.version}>
          <h2>Record who came</h2>
          <ErrorSummary form={form} />
          <Choices
            form={form}
            name="from"
            type="radio"
            label="Were they from a partnership or an organisation?"
            checked={['partnership']}
            options={[
              { value: 'partnership', label: 'A partnership' },
              { value: 'organisation', label: 'An organisation', hint: 'Such as a public body or a group not in a partnership' },
            ]}
          />
          <SelectField
            form={form}
            name="partnershipId"
            label="Partnership"
            hint="If from a partnership"
            options={partnerships.data.data.map((x) => ({ value: x.id, label: x.name }))}
            empty="Choose a partnership"
          />
          <SelectField
            form={form}
            name="organisationId"
            label="Organisation"
            hint="If from an organisation"
            options={orgs.data.data.map((x) => ({ value: x.id, label: x.name }))}
            empty="Choose an organisation"
          />
          <TextField
            form={form}
            name="people"
            label="How many people came?"
            hint="0 if nobody came; this replaces any number recorded before"
            width="short"
            inputMode="numeric"
          />
          <Submit form={form}>Save who came</Submit>
        </form>
      )}
    </Page>
  );
}
