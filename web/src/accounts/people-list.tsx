// The People list (administrators): every account with its roles in programmes and its partnerships,
// and the invitations not yet accepted.
import type { FormEvent } from 'react';
import { type Invitation, type UserSummary, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { ButtonLink, Failed, Loading, Page, Table, Tag, formatDate, humanise, plural } from '../ui/index.js';

/** A person's role in a programme, in words (the server's audit wording says the same: accounts/audit-wording.ts). */
export const ROLE_WORDS: Record<string, string> = {
  programme_manager: 'Programme manager',
  evaluator: 'Evaluator',
  facilitator: 'Facilitator',
  viewer: 'Viewer',
};

export function Users() {
  const { path, search } = useLocation();
  const q = search.get('q') ?? '';
  const users = useApi<{ data: UserSummary[] }>(`/users${qs({ q })}`, { keepPrevious: true });
  const invitations = useApi<{ data: Invitation[] }>('/invitations');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = new FormData(e.currentTarget).get('q');
    navigate(`${path}${qs({ q: typeof v === 'string' ? v.trim() : '' })}`);
  };
  return (
    <Page title="People">
      <ButtonLink href="/admin/invite">Invite someone</ButtonLink>
      <form role="search" aria-label="Search people" className="search" onSubmit={submit}>
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor="people-q">
              Search by name or email address
            </label>
            <input id="people-q" className="input" type="search" name="q" defaultValue={q} key={q} autoComplete="off" />
          </div>
        </div>
        <button type="submit" className="button secondary">
          Search
        </button>
      </form>
      {users.state === 'loading' ? (
        <Loading what="people" />
      ) : users.state === 'error' ? (
        <Failed error={users.error} retry={users.reload} />
      ) : (
        <>
          <p role="status" className="result-count">
            {plural(users.data.data.length, 'person', 'people')}
            {q ? ' found' : ''}
          </p>
          {users.data.data.length > 0 && (
            <Table caption="Accounts" captionHidden head={['Name', 'Email address', 'Roles in programmes', 'Partnerships', 'Account']}>
              {users.data.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link href={`/admin/users/${u.id}`}>{u.name}</Link>
                  </th>
                  <td className="break">{u.email}</td>
                  <td>
                    {u.programmeRoles.length ? (
                      <ul className="plain-list">
                        {u.programmeRoles.map((r) => (
                          <li key={r.programme}>
                            {r.programmeName}: {ROLE_WORDS[r.role] ?? humanise(r.role)}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td>
                    {u.partnerships.length ? (
                      <ul className="plain-list">
                        {u.partnerships.map((m) => (
                          <li key={m.partnershipId}>
                            {m.partnershipName} <span className="muted">({m.programmeName})</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td>
                    {u.isAdmin && <Tag>Administrator</Tag>} {u.disabled && <Tag tone="red">Disabled</Tag>}{' '}
                    {!u.hasPassword && <Tag tone="grey">Not signed in yet</Tag>}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      <h2>Invitations waiting</h2>
      {invitations.state === 'loading' ? (
        <Loading what="invitations" />
      ) : invitations.state === 'error' ? (
        <Failed error={invitations.error} retry={invitations.reload} />
      ) : invitations.data.data.length === 0 ? (
        <p>Nobody has an invitation waiting.</p>
      ) : (
        <Table caption="Invitations not yet accepted" captionHidden head={['Name', 'Email address', 'Programme and role', 'Expires']}>
          {invitations.data.data.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.name}</th>
              <td className="break">{i.email}</td>
              <td>{i.programme ? `${i.programme}${i.role ? `: ${ROLE_WORDS[i.role] ?? i.role}` : ''}` : ''}</td>
              <td>{i.expired ? <Tag tone="red">Expired</Tag> : formatDate(i.expiresAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}
