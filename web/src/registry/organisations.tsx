import { ORGANISATION_SIZES, ORGANISATION_STATUSES, type Organisation, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { DateField } from '../ui/date-input.js';
import { Choices, ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, Table, Tag, formatDate, humanise } from '../ui/index.js';

const STATUS_WORDS: Record<string, string> = { active: 'Active', struggling: 'Struggling', merged: 'Merged', wound_up: 'Wound up' };
const STATUS_TONE = { active: 'green', struggling: 'yellow', merged: 'grey', wound_up: 'red' } as const;

export function StatusTag({ status }: { status: string }) {
  return <Tag tone={STATUS_TONE[status as keyof typeof STATUS_TONE] ?? 'grey'}>{STATUS_WORDS[status] ?? status}</Tag>;
}

export function List() {
  const { programme, api, base, crumbs } = useProgramme();
  const types = programme.vocabularies.organisation_type ?? [];
  return (
    <Page title={`Organisations – ${programme.name}`} heading="Organisations" caption={programme.name} breadcrumbs={crumbs()}>
      <ListView<Organisation>
        api={`${api}/organisations`}
        noun={['organisation', 'organisations']}
        caption="Organisations"
        filters={[
          { name: 'type', label: 'Type', options: types.map((t) => ({ value: t.label, label: t.label })) },
          { name: 'status', label: 'Status', options: ORGANISATION_STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s]! })) },
        ]}
        columns={[
          { head: 'Organisation', cell: (o) => <Link href={`${base}/organisations/${o.id}`}>{o.name}</Link> },
          { head: 'Type', cell: (o) => o.type ?? '' },
          { head: 'Status', cell: (o) => <StatusTag status={o.status} /> },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <ButtonLink href={`${base}/organisations/new`}>Add an organisation</ButtonLink>
          ) : answer ? (
            <NotAllowed>Only programme managers can add organisations.</NotAllowed>
          ) : null
        }
      />
    </Page>
  );
}

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<RecordAnswer<Organisation>>(`${api}/organisations/${id}`);
  if (loaded.state === 'loading') return <Loading what="organisation" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: o, abilities, history } = loaded.data;
  const here = `${base}/organisations/${o.id}`;
  return (
    <Page title={o.name} caption="Organisation" breadcrumbs={crumbs({ href: `${base}/organisations`, label: 'Organisations' })}>
      {abilities.update ? (
        <div className="button-group">
          <ButtonLink href={`${here}/edit`} secondary>
            Change details
          </ButtonLink>
          <ButtonLink href={`${here}/status`} secondary>
            Record a change of status
          </ButtonLink>
        </div>
      ) : (
        <NotAllowed>Only programme managers can change organisations.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Status', <StatusTag status={o.status} key="s" />],
          ['Type', o.type],
          ['Size', o.size ? humanise(o.size) : null],
          ['Identifiers', o.identifiers.length ? o.identifiers.join(', ') : null],
        ]}
      />
      <h2>Partnerships</h2>
      {o.partnerships?.length ? (
        <Table caption={`Partnerships ${o.name} belongs to`} captionHidden head={['Partnership', 'Role', 'Joined', 'Left']}>
          {o.partnerships.map((m) => (
            <tr key={`${m.id}-${m.role}`}>
              <th scope="row">
                <Link href={`${base}/partnerships/${m.id}`}>{m.name}</Link>
              </th>
              <td>{m.lead ? <Tag>Lead</Tag> : m.role}</td>
              <td>{formatDate(m.joinedOn)}</td>
              <td>{formatDate(m.leftOn)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>This organisation is not a member of any partnership.</p>
      )}
      <h2>Status over time</h2>
      {o.statuses?.length ? (
        <Table caption={`Status changes of ${o.name}`} captionHidden head={['From', 'Status', 'Reason']}>
          {o.statuses.map((s) => (
            <tr key={s.id}>
              <th scope="row">{formatDate(s.effectiveOn)}</th>
              <td>
                <StatusTag status={s.status} />
              </td>
              <td>{s.reason}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>No change of status has been recorded, so it counts as active.</p>
      )}
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<RecordAnswer<Organisation>>(id ? `${api}/organisations/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="organisation" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <OrganisationForm organisation={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

function OrganisationForm({ organisation: o }: { organisation?: Organisation }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const types = programme.vocabularies.organisation_type ?? [];
  const form = useForm(async (v) => {
    const body = {
      name: v.text('name'),
      type: v.nullable('type'),
      identifiers: v
        .text('identifiers')
        .split(/[\n,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      size: v.nullable('size'),
    };
    const { data } = o
      ? await patch<RecordAnswer<Organisation>>(`${api}/organisations/${o.id}`, body)
      : await post<RecordAnswer<Organisation>>(`${api}/organisations`, body);
    navigate(`${base}/organisations/${data.id}`);
  });
  const title = o ? `Change ${o.name}` : 'Add an organisation';
  const trail = crumbs(
    { href: `${base}/organisations`, label: 'Organisations' },
    ...(o ? [{ href: `${base}/organisations/${o.id}`, label: o.name }] : []),
  );
  const typeOptions = types.map((t) => ({ value: t.label, label: t.label }));
  if (o?.type && !typeOptions.some((t) => t.value.toLowerCase() === o.type!.toLowerCase()))
    typeOptions.unshift({ value: o.type, label: o.type });
  return (
    <Page title={title} breadcrumbs={trail}>
      {!abilities.manageRegistry ? (
        <NotAllowed>Only programme managers can add or change organisations.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField form={form} name="name" label="Organisation name" defaultValue={o?.name} autoComplete="organization" />
          <SelectField
            form={form}
            name="type"
            label="Type (optional)"
            hint={
              <>
                From this programme’s list of organisation types. <Link href={`${base}/vocabularies`}>Change the list</Link>
              </>
            }
            options={typeOptions}
            empty="Not given"
            defaultValue={typeOptions.find((t) => t.value.toLowerCase() === (o?.type ?? '').toLowerCase())?.value ?? ''}
          />
          <TextArea
            form={form}
            name="identifiers"
            label="Identifiers (optional)"
            hint="Charity or company numbers in org-id form, one a line: GB-CHC-1234567 (charity in England and Wales), GB-SC-SC012345 (Scottish charity), GB-COH-01234567 (company)."
            rows={3}
            defaultValue={o?.identifiers.join('\n')}
          />
          <Choices
            form={form}
            type="radio"
            name="size"
            label="Size (optional)"
            hint="By yearly income, as the NCVO counts it: micro under £10,000; small under £100,000; medium under £1 million; large under £10 million; major above."
            options={ORGANISATION_SIZES.map((s) => ({ value: s, label: humanise(s) }))}
            checked={o?.size ? [o.size] : []}
          />
          <Submit form={form}>{o ? 'Save changes' : 'Add organisation'}</Submit>
        </form>
      )}
    </Page>
  );
}

export function StatusForm({ id }: { id: string }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const loaded = useApi<RecordAnswer<Organisation>>(`${api}/organisations/${id}`);
  const form = useForm(async (v) => {
    await post(`${api}/organisations/${id}/statuses`, {
      status: v.text('status'),
      effectiveOn: v.date('effectiveOn', 'the date the change took effect', { required: true }) ?? '',
      ...(v.optional('reason') ? { reason: v.text('reason') } : {}),
    });
    navigate(`${base}/organisations/${id}`);
  });
  if (loaded.state === 'loading') return <Loading what="organisation" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const o = loaded.data.data;
  const trail = crumbs({ href: `${base}/organisations`, label: 'Organisations' }, { href: `${base}/organisations/${o.id}`, label: o.name });
  return (
    <Page title={`Record a change of status for ${o.name}`} heading="Record a change of status" caption={o.name} breadcrumbs={trail}>
      {!abilities.manageRegistry ? (
        <NotAllowed>Only programme managers can record an organisation’s status.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <p>
            It is now <StatusTag status={o.status} />.
          </p>
          <Choices
            form={form}
            type="radio"
            name="status"
            label="What is its status now?"
            options={[
              { value: 'active', label: 'Active', hint: 'Working as usual' },
              { value: 'struggling', label: 'Struggling', hint: 'At risk: short of money, people or premises' },
              { value: 'merged', label: 'Merged', hint: 'Joined with another organisation' },
              { value: 'wound_up', label: 'Wound up', hint: 'Closed' },
            ]}
          />
          <DateField form={form} name="effectiveOn" label="From when?" hint="The date the change took effect. For example, 27 3 2026" />
          <TextArea form={form} name="reason" label="Reason" hint="Needed when it merged or was wound up: with whom, or why." rows={3} />
          <Submit form={form}>Record status</Submit>
        </form>
      )}
    </Page>
  );
}
