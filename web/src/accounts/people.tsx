import { useRef, useState } from 'react';
import { type ListAnswer, PROGRAMME_ROLES, type PartnershipRow, type Programme, type UserDetail, del, post, put } from '../api/index.js';
import { CopyLink } from '../ui/copy-link.js';
import { useApi } from '../app/data.js';
import { Checkbox, ErrorSummary, FormProblems, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { RefSelect } from '../ui/refs.js';
import { Link } from '../app/router.js';
import { Failed, Loading, Page, Panel, SummaryList, Table, formatDate, formatDateTime, humanise } from '../ui/index.js';

// The People list is its own file; the admin pages load together (routes.tsx).
export { Users } from './people-list.js';
import { ROLE_WORDS } from './people-list.js';
const roleOptions = PROGRAMME_ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r] ?? humanise(r) }));
const ROLE_HINT = 'Programme managers change the registry; evaluators, facilitators and viewers read it.';
const adminCrumbs = [{ href: '/admin/users', label: 'People' }];

function useProgrammes() {
  return useApi<ListAnswer<Programme>>('/programmes?pageSize=200');
}

export function User({ id }: { id: string }) {
  const loaded = useApi<{ data: UserDetail }>(`/users/${id}`);
  const programmes = useProgrammes();
  const [chosenProgramme, setChosenProgramme] = useState('');
  const [notice, setNotice] = useState('');
  const apply = (detail: UserDetail, message: string) => {
    setNotice(message);
    loaded.reload();
    return detail;
  };
  const roleForm = useForm(async (v) => {
    const programme = v.text('roleProgramme');
    const role = v.text('role');
    const problems = [
      ...(programme ? [] : [{ field: 'roleProgramme', message: 'Choose a programme' }]),
      ...(role ? [] : [{ field: 'role', message: 'Choose a role' }]),
    ];
    if (problems.length) throw new FormProblems(problems);
    const { data } = await put<{ data: UserDetail }>(`/users/${id}/programme-roles/${encodeURIComponent(programme)}`, { role });
    apply(data, `${data.name} is now ${ROLE_WORDS[role]?.toLowerCase()} in ${programme}.`);
  });
  const memberForm = useForm(async (v) => {
    const partnershipId = v.text('partnershipId');
    if (!chosenProgramme) throw new FormProblems([{ field: 'memberProgramme', message: 'Choose the programme first' }]);
    if (!partnershipId) throw new FormProblems([{ field: 'partnershipId', message: 'Choose a partnership' }]);
    const { data } = await put<{ data: UserDetail }>(`/users/${id}/partnerships/${partnershipId}`);
    apply(data, `${data.name} is now a member of the partnership.`);
  });
  const removeForm = useForm(async (v) => {
    const what = v.text('remove');
    const [kind, key] = [what.slice(0, what.indexOf(':')), what.slice(what.indexOf(':') + 1)];
    const { data } =
      kind === 'role'
        ? await del<{ data: UserDetail }>(`/users/${id}/programme-roles/${encodeURIComponent(key)}`)
        : await del<{ data: UserDetail }>(`/users/${id}/partnerships/${key}`);
    apply(data, kind === 'role' ? `Removed the role in ${key}.` : 'Removed from the partnership.');
  });
  const removeWith = useRef<HTMLInputElement>(null);
  const [reset, setReset] = useState<ResetLink | null>(null);
  const resetForm = useForm(async () => {
    const { data } = await post<{ data: ResetLink }>(`/users/${id}/reset-link`);
    setReset(data);
  });

  if (loaded.state === 'loading') return <Loading what="person" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const u = loaded.data.data;
  const programmeOptions = programmes.state === 'ready' ? programmes.data.data.map((p) => ({ value: p.slug, label: p.name })) : [];
  return (
    <Page title={u.name} caption="Person" breadcrumbs={adminCrumbs}>
      {notice && (
        <Panel title="Saved" key={notice}>
          <p>{notice}</p>
        </Panel>
      )}
      <SummaryList
        rows={[
          ['Email address', u.email],
          ['Administrator', u.isAdmin ? 'Yes: can see and change everything, and invite people' : 'No'],
          ['Account', u.disabled ? 'Disabled' : u.hasPassword ? 'In use' : 'Invited, not signed in yet'],
        ]}
      />
      <form onSubmit={removeForm.onSubmit} noValidate>
        <ErrorSummary form={removeForm} />
        <input type="hidden" name="remove" ref={removeWith} />
        <h2>Roles in programmes</h2>
        {u.programmeRoles.length === 0 ? (
          <p>No roles in any programme.</p>
        ) : (
          <Table caption={`${u.name}’s roles in programmes`} captionHidden head={['Programme', 'Role', 'Remove']}>
            {u.programmeRoles.map((r) => (
              <tr key={r.programme}>
                <th scope="row">
                  <Link href={`/programmes/${encodeURIComponent(r.programme)}`}>{r.programmeName}</Link>
                </th>
                <td>{ROLE_WORDS[r.role] ?? r.role}</td>
                <td>
                  <button type="submit" className="link-button" onClick={() => (removeWith.current!.value = `role:${r.programme}`)}>
                    Remove<span className="visually-hidden"> the role in {r.programmeName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <h2>Partnerships</h2>
        <p>A partnership member sees only their own partnerships and what belongs to them.</p>
        {u.partnerships.length === 0 ? (
          <p>Not a member of any partnership.</p>
        ) : (
          <Table caption={`${u.name}’s partnerships`} captionHidden head={['Partnership', 'Programme', 'Remove']}>
            {u.partnerships.map((p) => (
              <tr key={p.partnershipId}>
                <th scope="row">
                  <Link href={`/programmes/${encodeURIComponent(p.programme)}/partnerships/${p.partnershipId}`}>{p.partnershipName}</Link>
                </th>
                <td>{p.programme}</td>
                <td>
                  <button
                    type="submit"
                    className="link-button"
                    onClick={() => (removeWith.current!.value = `partnership:${p.partnershipId}`)}
                  >
                    Remove<span className="visually-hidden"> from {p.partnershipName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </form>
      <h2>Give a role in a programme</h2>
      <form onSubmit={roleForm.onSubmit} noValidate>
        <ErrorSummary form={roleForm} />
        <SelectField form={roleForm} name="roleProgramme" label="Programme" options={programmeOptions} empty="Choose a programme" />
        <SelectField
          form={roleForm}
          name="role"
          label="Role"
          hint={`${ROLE_HINT} A new role replaces the one they had in that programme.`}
          options={roleOptions}
          empty="Choose a role"
        />
        <Submit form={roleForm}>Save role</Submit>
      </form>
      <h2>Add to a partnership</h2>
      <form onSubmit={memberForm.onSubmit} noValidate>
        <ErrorSummary form={memberForm} />
        <SelectField
          form={memberForm}
          name="memberProgramme"
          label="Programme"
          options={programmeOptions}
          empty="Choose a programme"
          onChange={setChosenProgramme}
        />
        {chosenProgramme && (
          <RefSelect<PartnershipRow>
            key={chosenProgramme}
            form={memberForm}
            name="partnershipId"
            label="Partnership"
            api={`/programmes/${encodeURIComponent(chosenProgramme)}/partnerships`}
            labelOf={(r) => r.name}
            empty="Choose a partnership"
          />
        )}
        <Submit form={memberForm}>Add to partnership</Submit>
      </form>
      <h2>Forgotten password</h2>
      {reset ? (
        <>
          <p>
            Send this link to {reset.email} yourself (Cairn does not send email). It works once, until {formatDateTime(reset.expiresAt)}.
            When they choose a new password with it, they are signed out everywhere.
          </p>
          <CopyLink id="reset-link" label="Password reset link" link={reset.link} />
        </>
      ) : (
        <form onSubmit={resetForm.onSubmit} noValidate>
          <ErrorSummary form={resetForm} />
          <p>
            If {u.name} has forgotten their password, make a link for them to choose a new one. It lasts 24 hours and replaces any earlier
            link.
          </p>
          <Submit form={resetForm}>Make a password reset link</Submit>
        </form>
      )}
    </Page>
  );
}

interface ResetLink {
  email: string;
  expiresAt: string;
  link: string;
}

interface Invited {
  id: string;
  email: string;
  name: string;
  expiresAt: string;
  link: string;
}

export function Invite() {
  const programmes = useProgrammes();
  const [programme, setProgramme] = useState('');
  const [invited, setInvited] = useState<Invited | null>(null);
  const form = useForm(async (v) => {
    const body = {
      email: v.text('email'),
      name: v.text('name'),
      isAdmin: v.checked('isAdmin'),
      ...(v.optional('programme') ? { programme: v.text('programme') } : {}),
      ...(v.optional('role') ? { role: v.text('role') } : {}),
      ...(v.optional('partnershipId') ? { partnershipId: v.text('partnershipId') } : {}),
    };
    const { data } = await post<{ data: Invited }>('/invitations', body);
    setInvited(data);
  });
  if (invited) {
    return (
      <Page title="Invitation ready" breadcrumbs={adminCrumbs}>
        <Panel title={`Invitation for ${invited.name}`}>
          <p>
            Send this link to {invited.email} yourself (Cairn does not send email). It works once, until {formatDate(invited.expiresAt)}.
          </p>
        </Panel>
        <CopyLink id="invitation-link" label="Invitation link" link={invited.link} />
        <div className="button-group">
          <button type="button" className="button secondary" onClick={() => setInvited(null)}>
            Invite someone else
          </button>
        </div>
        <p>
          <Link href="/admin/users">Back to people</Link>
        </p>
      </Page>
    );
  }
  const programmeOptions = programmes.state === 'ready' ? programmes.data.data.map((p) => ({ value: p.slug, label: p.name })) : [];
  return (
    <Page title="Invite someone" breadcrumbs={adminCrumbs}>
      <p>
        Cairn makes a link for them to choose a password. Give them a role in a programme, make them a member of a partnership, or both.
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="email" type="email" label="Their email address" autoComplete="off" spellCheck={false} />
        <TextField form={form} name="name" label="Their name" autoComplete="off" />
        <Checkbox
          form={form}
          name="isAdmin"
          label="Make them an administrator"
          hint="Administrators see every programme, create programmes and invite people."
        />
        <SelectField
          form={form}
          name="programme"
          label="Programme (optional)"
          options={programmeOptions}
          empty="No programme"
          onChange={setProgramme}
        />
        {programme && (
          <>
            <SelectField
              form={form}
              name="role"
              label="Role in the programme (optional)"
              hint={ROLE_HINT}
              options={roleOptions}
              empty="No role: partnership member only"
            />
            <RefSelect<PartnershipRow>
              key={programme}
              form={form}
              name="partnershipId"
              label="Partnership (optional)"
              hint="They will see this partnership and what belongs to it."
              api={`/programmes/${encodeURIComponent(programme)}/partnerships`}
              labelOf={(r) => r.name}
              empty="No partnership"
            />
          </>
        )}
        <Submit form={form}>Create invitation</Submit>
      </form>
    </Page>
  );
}
