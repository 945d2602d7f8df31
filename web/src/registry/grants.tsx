import { type Grant, type Organisation, type PartnershipRow, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { DateField } from '../ui/date-input.js';
import { ErrorSummary, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, formatDate, formatGbp } from '../ui/index.js';

export function List() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const phases = programme.phases.map((p) => ({ value: p.id, label: `${p.number}. ${p.name}` }));
  return (
    <Page title={`Grants – ${programme.name}`} heading="Grants" caption={programme.name} breadcrumbs={crumbs()}>
      <ListView<Grant>
        api={`${api}/grants`}
        noun={['grant', 'grants']}
        caption="Grants, newest award first"
        searchLabel="Search grants by title"
        filters={phases.length ? [{ name: 'phaseId', label: 'Phase', options: phases }] : []}
        summary={(answer) =>
          answer.page.totalAmountGbp !== undefined && answer.page.total > 0 ? (
            <p>
              Together these grants come to <strong>{formatGbp(answer.page.totalAmountGbp)}</strong>.
            </p>
          ) : null
        }
        columns={[
          { head: 'Grant', cell: (g) => <Link href={`${base}/grants/${g.id}`}>{g.title}</Link> },
          { head: 'Recipient', cell: (g) => g.recipient.name },
          { head: 'Partnership', cell: (g) => g.partnership?.name ?? '' },
          { head: 'Amount', cell: (g) => <span className="numeric">{formatGbp(g.amountGbp)}</span> },
          { head: 'Awarded', cell: (g) => formatDate(g.awardedOn) },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <ButtonLink href={`${base}/grants/new`}>Record a grant</ButtonLink>
          ) : answer ? (
            <NotAllowed>Only programme managers can record grants.</NotAllowed>
          ) : null
        }
      />
      {abilities.scope === 'programme' && (
        <section aria-labelledby="grants-downloads">
          <h2 id="grants-downloads">Download the grants</h2>
          <p>Every grant of the programme in the 360Giving Data Standard, to publish or to share with other funders.</p>
          <ul className="list">
            <li>
              <a href={`/api/v1${api}/grants/360giving.csv`} download>
                360Giving spreadsheet (.csv)
              </a>
            </li>
            <li>
              <a href={`/api/v1${api}/grants/360giving.json`} download>
                360Giving data package (.json)
              </a>
            </li>
          </ul>
          <p className="hint">360Giving needs an award date on every grant: give each grant one before downloading.</p>
        </section>
      )}
    </Page>
  );
}

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<RecordAnswer<Grant>>(`${api}/grants/${id}`);
  if (loaded.state === 'loading') return <Loading what="grant" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: g, abilities, history } = loaded.data;
  return (
    <Page title={g.title} caption="Grant" breadcrumbs={crumbs({ href: `${base}/grants`, label: 'Grants' })}>
      {abilities.update ? (
        <ButtonLink href={`${base}/grants/${g.id}/edit`} secondary>
          Change details
        </ButtonLink>
      ) : (
        <NotAllowed>Only programme managers can change grants.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Amount', formatGbp(g.amountGbp)],
          [
            'Recipient',
            <Link href={`${base}/organisations/${g.recipient.id}`} key="r">
              {g.recipient.name}
            </Link>,
          ],
          ['Partnership', g.partnership ? <Link href={`${base}/partnerships/${g.partnership.id}`}>{g.partnership.name}</Link> : null],
          ['Phase', g.phase ? `${g.phase.number}. ${g.phase.name}` : null],
          ['Awarded on', formatDate(g.awardedOn)],
          ['Runs', g.startsOn || g.endsOn ? `${formatDate(g.startsOn) || 'not known'} to ${formatDate(g.endsOn) || 'not known'}` : null],
        ]}
      />
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<RecordAnswer<Grant>>(id ? `${api}/grants/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="grant" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <GrantForm grant={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

function GrantForm({ grant: g }: { grant?: Grant }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    // Everything goes to the server, even what the page knows is wrong, so every problem is told at once.
    const amount = v.number('amountGbp', 'Enter the amount in pounds, like 4500 or 4500.50');
    if (amount === null) v.problems.push({ field: 'amountGbp', message: 'Enter the amount of the grant in pounds, like 4500' });
    const body = {
      title: v.text('title'),
      recipientOrganisationId: v.text('recipientOrganisationId'),
      partnershipId: v.nullable('partnershipId'),
      phaseId: v.nullable('phaseId'),
      amountGbp: amount ?? ('' as unknown as number),
      awardedOn: v.date('awardedOn', 'the date the grant was awarded'),
      startsOn: v.date('startsOn', 'the start date'),
      endsOn: v.date('endsOn', 'the end date'),
    };
    const { data } = g
      ? await patch<RecordAnswer<Grant>>(`${api}/grants/${g.id}`, body)
      : await post<RecordAnswer<Grant>>(`${api}/grants`, body);
    navigate(`${base}/grants/${data.id}`);
  });
  const title = g ? `Change ${g.title}` : 'Record a grant';
  const trail = crumbs({ href: `${base}/grants`, label: 'Grants' }, ...(g ? [{ href: `${base}/grants/${g.id}`, label: g.title }] : []));
  if (!abilities.manageRegistry) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can record or change grants.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="title" label="Grant title" hint="For example Phase 2 development grant" defaultValue={g?.title} />
        <TextField
          form={form}
          name="amountGbp"
          label="Amount"
          hint="In pounds, like 4500 or 4500.50"
          prefix="£"
          width="short"
          inputMode="decimal"
          defaultValue={g?.amountGbp}
        />
        <RefSelect<Organisation>
          form={form}
          name="recipientOrganisationId"
          label="Organisation that received the grant"
          hint="The organisation the money was paid to. Add it first if it is not listed."
          api={`${api}/organisations`}
          labelOf={(r) => r.name}
          empty="Choose an organisation"
          defaultValue={g ? { id: g.recipient.id, label: g.recipient.name } : null}
        />
        <RefSelect<PartnershipRow>
          form={form}
          name="partnershipId"
          label="Partnership (optional)"
          api={`${api}/partnerships`}
          labelOf={(r) => r.name}
          empty="Not for a partnership"
          defaultValue={g?.partnership ? { id: g.partnership.id, label: g.partnership.name } : null}
        />
        <SelectField
          form={form}
          name="phaseId"
          label="Phase (optional)"
          options={programme.phases.map((p) => ({ value: p.id, label: `${p.number}. ${p.name}` }))}
          empty="Not in a phase"
          defaultValue={g?.phase?.id}
        />
        <DateField form={form} name="awardedOn" label="Awarded on (optional)" defaultValue={g?.awardedOn} />
        <DateField form={form} name="startsOn" label="Starts on (optional)" defaultValue={g?.startsOn} />
        <DateField
          form={form}
          name="endsOn"
          label="Ends on (optional)"
          hint="On or after the start. For example, 27 3 2027"
          defaultValue={g?.endsOn}
        />
        <Submit form={form}>{g ? 'Save changes' : 'Record grant'}</Submit>
      </form>
    </Page>
  );
}
