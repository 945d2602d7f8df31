// Managing who supports whom (programme managers): add or change a support provider — its role, an
// organisation and/or a person, a Cairn account, the regions it covers — and, on the provider's page,
// the partnerships it covers with a named contact at each. Each save sends the version the page loaded.
import { useState } from 'react';
import { del, patch, post, put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { Choices, ErrorSummary, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { ButtonLink, Failed, Loading, NotAllowed, NotFound, Page, SummaryList, Table } from '../ui/index.js';
import { ROLE_WORDS, supportCrumbs } from './types.js';

export interface Provider {
  id: string;
  role: string;
  name: string;
  organisation: { id: string; name: string } | null;
  email: string;
  person: { id: string; name: string } | null;
  regions: string;
  notes: string;
  version?: string;
  covers: { id: string; partnershipId: string; partnershipName: string; contactName: string; contactEmail: string }[];
}
export interface ProvidersAnswer {
  data: Provider[];
  people: { id: string; name: string; role: string }[];
  abilities: { create: boolean };
}
const ANOTHER = 'another';

/** Adding a provider (no `id`) or changing one. */
export function ProviderForm({ id }: { id?: string }) {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<ProvidersAnswer>(`${api}/support/providers`);
  const orgs = useApi<{ data: { id: string; name: string }[] }>(`${api}/organisations?pageSize=200`);
  const provider = list.state === 'ready' && id ? list.data.data.find((p) => p.id === id) : undefined;
  const form = useForm(
    async (v) => {
      const chosen = v.text('role');
      const role = chosen === ANOTHER ? v.text('otherRole') : chosen;
      // Noted and still sent, so the server's problems with the other fields show at the same time.
      if (chosen === ANOTHER && !role) v.problems.push({ field: 'otherRole', message: 'Enter the other role, like peer mentor' });
      if (v.problems.length && !v.text('name')) v.problems.push({ field: 'name', message: 'Enter the name' });
      if (v.problems.length) throw new FormProblems(v.problems);
      const body = {
        role,
        name: v.text('name'),
        organisationId: v.nullable('organisationId'),
        email: v.text('email'),
        userId: v.nullable('userId'),
        regions: v.text('regions'),
        notes: v.text('notes'),
      };
      if (id) await patch(`${api}/support/providers/${id}`, body);
      const saved = id ? id : (await post<{ data: { id: string } }>(`${api}/support/providers`, body)).data.id;
      navigate(`${base}/support/providers/${saved}?saved=1`);
    },
    { onReload: list.reload },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/providers`, label: 'Who supports whom' });
  const title = id ? 'Change a support provider' : 'Add a support provider';
  if (list.state === 'loading' || orgs.state === 'loading') return <Loading what="form" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  if (orgs.state === 'error') return <Failed error={orgs.error} retry={orgs.reload} />;
  if (!list.data.abilities.create)
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can add or change support providers.</NotAllowed>
      </Page>
    );
  if (id && !provider) return <NotFound detail="There is no such support provider in this programme." />;
  const own = provider && !ROLE_WORDS[provider.role];
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate key={provider?.version ?? 'new'}>
        <ErrorSummary form={form} />
        <Choices
          form={form}
          name="role"
          type="radio"
          label="What is their role?"
          checked={[own ? ANOTHER : (provider?.role ?? 'facilitator')]}
          options={[...Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label })), { value: ANOTHER, label: 'Another role' }]}
        />
        <TextField
          form={form}
          name="otherRole"
          label="The other role (if another)"
          hint="For example, peer mentor"
          width="medium"
          defaultValue={own ? provider.role : ''}
        />
        <TextField
          form={form}
          name="name"
          label="Name"
          hint="The person’s name, or the organisation’s when no one person is named"
          autoComplete="off"
          defaultValue={provider?.name}
        />
        <SelectField
          form={form}
          name="organisationId"
          label="Organisation (optional)"
          hint="The organisation they work for, from the programme’s register"
          options={orgs.data.data.map((o) => ({ value: o.id, label: o.name }))}
          empty="No organisation"
          defaultValue={provider?.organisation?.id}
        />
        <TextField
          form={form}
          name="email"
          label="Email address (optional)"
          type="email"
          inputMode="email"
          defaultValue={provider?.email}
        />
        <SelectField
          form={form}
          name="userId"
          label="Cairn account (optional)"
          hint="Someone with the facilitator role whose account is linked here logs support for the partnerships this provider covers"
          options={list.data.people.map((p) => ({ value: p.id, label: `${p.name} (${p.role.replace(/_/g, ' ')})` }))}
          empty="No account"
          defaultValue={provider?.person?.id}
        />
        <TextField
          form={form}
          name="regions"
          label="Regions covered (optional)"
          hint="For example, North West"
          defaultValue={provider?.regions}
        />
        <TextArea form={form} name="notes" label="Notes (optional)" rows={3} defaultValue={provider?.notes} />
        <Submit form={form}>{id ? 'Save the changes' : 'Add the provider'}</Submit>
      </form>
    </Page>
  );
}

/** A provider's page: who they are, the partnerships they cover with the contact at each, and covering another. */
export function ProviderPage({ id }: { id: string }) {
  const { api, base, crumbs } = useProgramme();
  const { search } = useLocation();
  const list = useApi<ProvidersAnswer>(`${api}/support/providers`);
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const [done, setDone] = useState(new URLSearchParams(search).get('saved') ? 'Saved.' : '');
  const chosen = new URLSearchParams(search).get('partnership') ?? undefined;
  const form = useForm(
    async (v) => {
      const partnershipId = v.text('partnershipId');
      if (!partnershipId) throw new FormProblems([{ field: 'partnershipId', message: 'Choose the partnership they cover' }]);
      const answer = await put<{ data: { partnershipName: string } }>(`${api}/support/providers/${id}/partnerships/${partnershipId}`, {
        contactName: v.text('contactName'),
        contactEmail: v.text('contactEmail'),
      });
      setDone(`Saved: covers ${answer.data.partnershipName}.`);
      list.reload();
    },
    { onReload: list.reload },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/providers`, label: 'Who supports whom' });
  if (list.state === 'loading' || partnerships.state === 'loading') return <Loading what="support provider" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  if (partnerships.state === 'error') return <Failed error={partnerships.error} retry={partnerships.reload} />;
  const p = list.data.data.find((x) => x.id === id);
  if (!p) return <NotFound detail="There is no such support provider in this programme." />;
  const manage = list.data.abilities.create;
  const editing = chosen ? p.covers.find((c) => c.partnershipId === chosen) : undefined;
  const remove = async (partnershipId: string, name: string) => {
    await del(`${api}/support/providers/${id}/partnerships/${partnershipId}`);
    setDone(`${p.name} no longer covers ${name}.`);
    list.reload();
  };
  return (
    <Page title={p.name} caption={ROLE_WORDS[p.role] ?? p.role} breadcrumbs={trail}>
      {done && (
        <div className="notification" role="status">
          {done}
        </div>
      )}
      <SummaryList
        rows={[
          ['Role', ROLE_WORDS[p.role] ?? p.role],
          ['Organisation', p.organisation?.name ?? '–'],
          ['Email address', p.email || '–'],
          ['Cairn account', p.person?.name ?? '–'],
          ['Regions covered', p.regions || '–'],
        ]}
      />
      {manage && (
        <p>
          <ButtonLink href={`${base}/support/providers/${id}/edit`} secondary>
            Change these details
          </ButtonLink>
        </p>
      )}
      <h2>Partnerships covered</h2>
      {p.covers.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <Table
          caption="Partnerships covered and the contact at each"
          captionHidden
          head={manage ? ['Partnership', 'Contact there', ''] : ['Partnership', 'Contact there']}
        >
          {p.covers.map((c) => (
            <tr key={c.id}>
              <td>{c.partnershipName}</td>
              <td>
                {c.contactName || '–'}
                {c.contactEmail && <div className="hint">{c.contactEmail}</div>}
              </td>
              {manage && (
                <td>
                  <Link href={`${base}/support/providers/${id}?partnership=${c.partnershipId}`}>
                    Change the contact<span className="visually-hidden"> at {c.partnershipName}</span>
                  </Link>{' '}
                  <button type="button" className="link-button" onClick={() => remove(c.partnershipId, c.partnershipName)}>
                    Remove<span className="visually-hidden"> {c.partnershipName}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {manage && (
        <form onSubmit={form.onSubmit} noValidate id="cover" key={`${p.version}-${chosen ?? ''}`}>
          <h2>{editing ? `Change the contact at ${editing.partnershipName}` : 'Cover a partnership'}</h2>
          <ErrorSummary form={form} />
          <SelectField
            form={form}
            name="partnershipId"
            label="Partnership"
            hint="Choosing one already covered changes the contact there"
            options={partnerships.data.data.map((x) => ({ value: x.id, label: x.name }))}
            empty="Choose a partnership"
            defaultValue={chosen}
          />
          <TextField
            form={form}
            name="contactName"
            label="Named contact at the partnership (optional)"
            autoComplete="off"
            defaultValue={editing?.contactName}
          />
          <TextField
            form={form}
            name="contactEmail"
            label="Contact’s email address (optional)"
            type="email"
            inputMode="email"
            defaultValue={editing?.contactEmail}
          />
          <Submit form={form}>{editing ? 'Save the contact' : 'Cover this partnership'}</Submit>
        </form>
      )}
    </Page>
  );
}
