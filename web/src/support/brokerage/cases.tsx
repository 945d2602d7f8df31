import { post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate } from '../../app/router.js';
import { DateField } from '../../ui/date-input.js';
import { ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table, Tag, formatDate } from '../../ui/index.js';
import { CONFIDENTIAL, type CaseAnswer, type CaseRow, PARTY_KIND_WORDS, STATUS_WORDS } from './types.js';

/** The brokerage cases the caller may see; the others are neither shown nor counted. */
export function CaseList() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: CaseRow[]; abilities: { create: boolean } }>(`${api}/brokerage-cases`);
  return (
    <Page title={`Brokerage – ${programme.name}`} heading="Brokerage and mediation" caption={programme.name} breadcrumbs={crumbs()}>
      <p className="inset">{CONFIDENTIAL}</p>
      {loaded.state === 'loading' ? (
        <Loading what="cases" />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : (
        <>
          {loaded.data.abilities.create && (
            <p>
              <Link href={`${base}/brokerage/new`} className="button">
                Open a case
              </Link>
            </p>
          )}
          {loaded.data.data.length === 0 ? (
            <p>There are no cases you can see.</p>
          ) : (
            <Table caption="Brokerage cases" head={['Case', 'Partnership', 'Parties', 'Opened', 'Status']}>
              {loaded.data.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`${base}/brokerage/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{c.partnership.name}</td>
                  <td>{c.parties.join(', ')}</td>
                  <td>{formatDate(c.openedOn)}</td>
                  <td>
                    <Tag tone={c.status === 'open' ? 'blue' : c.status === 'resolved' ? 'green' : 'grey'}>{STATUS_WORDS[c.status]}</Tag>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </Page>
  );
}

/** Opening a case: whose, what brought it on, the parties (one a line), when. */
export function NewCase() {
  const { api, base, crumbs } = useProgramme();
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const form = useForm(
    async (v) => {
      const kind = v.text('partyKind') || 'public_body';
      const parties = v
        .text('parties')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((name) => ({ name, kind, organisationId: null }));
      const { data } = await post<CaseAnswer>(`${api}/brokerage-cases`, {
        partnershipId: v.text('partnershipId'),
        title: v.text('title'),
        trigger: v.text('trigger'),
        parties,
        openedOn: v.date('openedOn', 'the date the case opened', { required: true }),
      });
      navigate(`${base}/brokerage/${data.id}`);
    },
    { fieldOf: (path) => (path[0] === 'parties' ? 'parties' : String(path[0] ?? '')) },
  );
  if (partnerships.state === 'loading') return <Loading what="partnerships" />;
  if (partnerships.state === 'error') return <Failed error={partnerships.error} retry={partnerships.reload} />;
  return (
    <Page title="Open a brokerage case" breadcrumbs={crumbs({ href: `${base}/brokerage`, label: 'Brokerage' })}>
      <NotAllowed>{CONFIDENTIAL}</NotAllowed>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="partnershipId"
          label="Which partnership is it about?"
          options={partnerships.data.data.map((p) => ({ value: p.id, label: p.name }))}
          empty="Choose a partnership"
        />
        <TextField form={form} name="title" label="A short name for the case" hint="For example, Relations with the borough council" />
        <TextArea form={form} name="trigger" label="What brought it on?" />
        <TextArea form={form} name="parties" label="The other parties (optional)" hint="One a line, for example Borough Council" rows={3} />
        <SelectField
          form={form}
          name="partyKind"
          label="What kind of parties are they?"
          options={Object.entries(PARTY_KIND_WORDS).map(([value, label]) => ({ value, label }))}
          defaultValue="public_body"
        />
        <DateField form={form} name="openedOn" label="When did the case open?" />
        <Submit form={form}>Open the case</Submit>
      </form>
    </Page>
  );
}
