import { type Organisation, type Partnership, type Place, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { DateField } from '../ui/date-input.js';
import { ErrorSummary, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, Table, Tag, formatDate } from '../ui/index.js';

const dateSpan = (from: string | null, to: string | null) =>
  from || to ? `${from ? formatDate(from) : 'not known'} to ${to ? formatDate(to) : 'now'}` : '';

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: programmeAbilities } = useProgramme();
  const loaded = useApi<RecordAnswer<Partnership>>(`${api}/partnerships/${id}`);
  if (loaded.state === 'loading') return <Loading what="partnership" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: p, abilities, history } = loaded.data;
  const here = `${base}/partnerships/${p.id}`;
  return (
    <Page title={p.name} caption="Partnership" breadcrumbs={crumbs({ href: `${base}/partnerships`, label: 'Partnerships' })}>
      {abilities.update ? (
        <div className="button-group">
          <ButtonLink href={`${here}/edit`} secondary>
            Change details
          </ButtonLink>
          <ButtonLink href={`${here}/members/new`} secondary>
            Add a member organisation
          </ButtonLink>
        </div>
      ) : (
        <NotAllowed>Only programme managers can change partnerships.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Place', p.place ? <Link href={`${base}/places/${p.place.id}`}>{p.place.name}</Link> : null],
          [
            'Lead organisation',
            p.leadOrganisation ? <Link href={`${base}/organisations/${p.leadOrganisation.id}`}>{p.leadOrganisation.name}</Link> : null,
          ],
          ['Description', p.description],
          [
            'In the programme',
            p.inProgrammeUntil
              ? `${formatDate(p.inProgrammeFrom)} to ${formatDate(p.inProgrammeUntil)}`
              : `From ${formatDate(p.inProgrammeFrom)}`,
          ],
          ['Added', formatDate(p.createdAt)],
        ]}
      />
      <h2>Member organisations</h2>
      {p.members.length === 0 ? (
        <p>No organisations are recorded as members.</p>
      ) : (
        <Table
          caption={`Member organisations of ${p.name}`}
          captionHidden
          head={['Organisation', 'Role', 'Membership', ...(abilities.update ? ['Change'] : [])]}
        >
          {p.members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={`${base}/organisations/${m.organisationId}`}>{m.organisationName}</Link>
              </th>
              <td>{m.role === 'lead' ? <Tag>Lead</Tag> : m.role}</td>
              <td>{dateSpan(m.joinedOn, m.leftOn) || <span className="muted">Dates not given</span>}</td>
              {abilities.update && (
                <td>
                  <Link href={`${here}/members/${m.id}`}>
                    Change<span className="visually-hidden"> {m.organisationName}’s membership</span>
                  </Link>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      <h2>Projects</h2>
      {p.projects.length === 0 ? (
        <p>No projects are recorded for this partnership.</p>
      ) : (
        <ul className="list">
          {p.projects.map((pr) => (
            <li key={pr.id}>
              <Link href={`${base}/projects/${pr.id}`}>{pr.name}</Link>
            </li>
          ))}
        </ul>
      )}
      <h2>Progress through the phases</h2>
      {p.progressions.length === 0 ? (
        <p>No progressions between phases are recorded yet.</p>
      ) : (
        <Table caption={`Phases ${p.name} completed`} captionHidden head={['Phase', 'Progressed to the next', 'Reason']}>
          {p.progressions.map((g) => (
            <tr key={g.phaseNumber}>
              <th scope="row">
                {g.phaseNumber}. {g.phaseName}
              </th>
              <td>{g.progressed ? <Tag tone="green">Progressed</Tag> : <Tag tone="yellow">Did not progress</Tag>}</td>
              <td>{g.reason}</td>
            </tr>
          ))}
        </Table>
      )}
      <History events={history} canSee={programmeAbilities.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<RecordAnswer<Partnership>>(id ? `${api}/partnerships/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="partnership" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <PartnershipForm partnership={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

function PartnershipForm({ partnership: p }: { partnership?: Partnership }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const inProgrammeFrom = v.date('inProgrammeFrom', 'the date the partnership joined the programme');
    const inProgrammeUntil = v.date('inProgrammeUntil', 'the date the partnership left the programme');
    const body = {
      name: v.text('name'),
      placeId: v.nullable('placeId'),
      leadOrganisationId: v.nullable('leadOrganisationId'),
      description: v.text('description'),
      ...((leadJoinedOn) => (leadJoinedOn ? { leadJoinedOn } : {}))(v.date('leadJoinedOn', 'the date the lead organisation joined')),
      ...(inProgrammeFrom ? { inProgrammeFrom } : {}),
      // Emptied on a change: the partnership is back in the programme with no last day.
      ...(p || inProgrammeUntil ? { inProgrammeUntil } : {}),
    };
    const { data } = p
      ? await patch<RecordAnswer<Partnership>>(`${api}/partnerships/${p.id}`, body)
      : await post<RecordAnswer<Partnership>>(`${api}/partnerships`, body);
    navigate(`${base}/partnerships/${data.id}`);
  });
  const title = p ? `Change ${p.name}` : 'Add a partnership';
  const trail = crumbs(
    { href: `${base}/partnerships`, label: 'Partnerships' },
    ...(p ? [{ href: `${base}/partnerships/${p.id}`, label: p.name }] : []),
  );
  if (!abilities.manageRegistry) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can add or change partnerships.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Partnership name" defaultValue={p?.name} />
        <RefSelect<Place>
          form={form}
          name="placeId"
          label="Place"
          hint="Where the partnership works. Add the place first if it is not listed."
          api={`${api}/places`}
          labelOf={(r) => r.name}
          empty="Not chosen yet"
          defaultValue={p?.place ? { id: p.place.id, label: p.place.name } : null}
        />
        <RefSelect<Organisation>
          form={form}
          name="leadOrganisationId"
          label="Lead organisation"
          hint="Naming a lead organisation also makes it a member with the role “lead”."
          api={`${api}/organisations`}
          labelOf={(r) => r.name}
          empty="Not chosen yet"
          defaultValue={p?.leadOrganisation ? { id: p.leadOrganisation.id, label: p.leadOrganisation.name } : null}
        />
        <DateField
          form={form}
          name="leadJoinedOn"
          label="When the lead organisation joined (optional)"
          hint="Only used when you name a new lead organisation; today if you leave it empty. For example, 27 3 2026"
        />
        <TextArea form={form} name="description" label="Description (optional)" defaultValue={p?.description} />
        <DateField
          form={form}
          name="inProgrammeFrom"
          label="When the partnership joined the programme"
          hint="Returns are expected from it for reporting periods due from this day. For example, 1 4 2019. Today if you leave it empty."
          defaultValue={p?.inProgrammeFrom}
        />
        <DateField
          form={form}
          name="inProgrammeUntil"
          label="When the partnership left the programme (optional)"
          hint="Its last day in the programme; leave empty while it is still in. For example, 31 3 2024."
          defaultValue={p?.inProgrammeUntil}
        />
        <Submit form={form}>{p ? 'Save changes' : 'Add partnership'}</Submit>
      </form>
    </Page>
  );
}

export function MemberForm({ partnershipId, memberId }: { partnershipId: string; memberId?: string }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const loaded = useApi<RecordAnswer<Partnership>>(`${api}/partnerships/${partnershipId}`);
  const form = useForm(async (v) => {
    const dates = {
      joinedOn: v.date('joinedOn', 'the date the organisation joined'),
      leftOn: v.date('leftOn', 'the date the organisation left'),
    };
    if (memberId) {
      await patch(`${api}/partnerships/${partnershipId}/members/${memberId}`, { role: v.text('role'), ...dates });
    } else {
      await post(`${api}/partnerships/${partnershipId}/members`, {
        organisationId: v.text('organisationId'),
        ...(v.optional('role') ? { role: v.text('role') } : {}),
        ...dates,
      });
    }
    navigate(`${base}/partnerships/${partnershipId}`);
  });
  if (loaded.state === 'loading') return <Loading what="partnership" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const p = loaded.data.data;
  const member = memberId ? p.members.find((m) => m.id === memberId) : undefined;
  const title = member ? `Change ${member.organisationName}’s membership` : 'Add a member organisation';
  const trail = crumbs({ href: `${base}/partnerships`, label: 'Partnerships' }, { href: `${base}/partnerships/${p.id}`, label: p.name });
  if (memberId && !member) {
    return (
      <Page title="Membership not found" breadcrumbs={trail}>
        <p>This organisation is not a member of {p.name}.</p>
      </Page>
    );
  }
  if (!abilities.manageRegistry) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can change who is in a partnership.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} caption={p.name} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        {!member && (
          <RefSelect<Organisation>
            form={form}
            name="organisationId"
            label="Organisation"
            hint="Add the organisation first if it is not listed."
            api={`${api}/organisations`}
            labelOf={(r) => r.name}
            empty="Choose an organisation"
          />
        )}
        <TextField
          form={form}
          name="role"
          label="Role"
          hint="For example member, delivery partner or funder. Left empty, it is “member”."
          width="medium"
          defaultValue={member?.role}
        />
        <DateField form={form} name="joinedOn" label="Joined on (optional)" defaultValue={member?.joinedOn} />
        <DateField
          form={form}
          name="leftOn"
          label="Left on (optional)"
          hint="Only if the organisation has left the partnership; not before it joined. For example, 27 3 2026"
          defaultValue={member?.leftOn}
        />
        <Submit form={form}>{member ? 'Save changes' : 'Add member'}</Submit>
      </form>
    </Page>
  );
}
