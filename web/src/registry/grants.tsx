import { type Grant, type Organisation, type PartnershipRow, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextField, numberOrNull, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, formatDate, formatGbp } from '../ui/index.js';

export function List() {
  const { programme, api, base, crumbs } = useProgramme();
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
    const problems: FieldError[] = [];
    const amount = numberOrNull(v, 'amountGbp', 'Enter the amount in pounds, like 4500 or 4500.50', problems);
    if (amount === null && !problems.length) problems.push({ field: 'amountGbp', message: 'Enter the amount of the grant in pounds' });
    if (problems.length) throw new FormProblems(problems);
    const body = {
      title: v.text('title'),
      recipientOrganisationId: v.text('recipientOrganisationId'),
      partnershipId: v.nullable('partnershipId'),
      phaseId: v.nullable('phaseId'),
      amountGbp: amount,
      awardedOn: v.nullable('awardedOn'),
      startsOn: v.nullable('startsOn'),
      endsOn: v.nullable('endsOn'),
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
          label="Recipient organisation"
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
        <TextField form={form} name="awardedOn" type="date" width="medium" label="Awarded on (optional)" defaultValue={g?.awardedOn} />
        <TextField form={form} name="startsOn" type="date" width="medium" label="Starts on (optional)" defaultValue={g?.startsOn} />
        <TextField
          form={form}
          name="endsOn"
          type="date"
          width="medium"
          label="Ends on (optional)"
          hint="On or after the start"
          defaultValue={g?.endsOn}
        />
        <Submit form={form}>{g ? 'Save changes' : 'Record grant'}</Submit>
      </form>
    </Page>
  );
}
