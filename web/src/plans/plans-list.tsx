import { post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { Choices, ErrorSummary, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table, formatDate } from '../ui/index.js';
import type { PlanAnswer, PlanRow } from './types.js';

/** Every plan the caller may see: whose it is, how many made it, when it was last reviewed. */
export function PlansList() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: PlanRow[]; abilities: { create: boolean } }>(`${api}/plans`);
  return (
    <Page title={`Plans – ${programme.name}`} heading="Action plans and phase plans" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        Each partnership’s own plan: its purpose, its priorities for the next year and the next three, the actions that serve them, and who
        took part in making it. Plans are reviewed once a year.
      </p>
      {loaded.state === 'loading' ? (
        <Loading what="plans" />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} retry={loaded.reload} />
      ) : (
        <>
          {loaded.data.abilities.create ? (
            <p>
              <Link href={`${base}/plans/new`} className="button">
                Start a plan
              </Link>
            </p>
          ) : (
            <NotAllowed>Partnership members, their facilitators and programme managers start plans.</NotAllowed>
          )}
          {loaded.data.data.length === 0 ? (
            <p>There are no plans you can see yet.</p>
          ) : (
            <Table caption="Plans" head={['Plan', 'For', 'Kind', 'People who took part', 'Version', 'Last reviewed']}>
              {loaded.data.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`${base}/plans/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.owner.name}</td>
                  <td>{p.kind === 'phase' ? 'Phase plan' : 'Action plan'}</td>
                  <td>{p.people}</td>
                  <td>{p.number}</td>
                  <td>{p.lastReviewedOn ? formatDate(p.lastReviewedOn) : 'Not yet'}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </Page>
  );
}

/** Starting a plan: whose it is, what kind, and its title; the rest is filled in on the plan's own form. */
export function NewPlan() {
  const { api, base, crumbs, abilities } = useProgramme();
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const form = useForm(async (v) => {
    const { data } = await post<PlanAnswer>(`${api}/plans`, {
      kind: v.text('kind') || 'action',
      partnershipId: v.nullable('partnershipId'),
      title: v.text('title'),
    });
    navigate(`${base}/plans/${data.id}/edit`);
  });
  if (partnerships.state === 'loading') return <Loading what="partnerships" />;
  if (partnerships.state === 'error') return <Failed error={partnerships.error} retry={partnerships.reload} />;
  const options = partnerships.data.data.map((p) => ({ value: p.id, label: p.name }));
  return (
    <Page title="Start a plan" breadcrumbs={crumbs({ href: `${base}/plans`, label: 'Plans' })}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="partnershipId"
          label="Which partnership is the plan for?"
          options={options}
          empty="Choose a partnership"
          defaultValue={abilities.scope === 'partnership' && options.length === 1 ? options[0]!.value : undefined}
        />
        <Choices
          form={form}
          type="radio"
          name="kind"
          label="What kind of plan is it?"
          checked={['action']}
          options={[
            { value: 'action', label: 'Action plan', hint: 'Priorities for one year and three years, and the actions that serve them' },
            {
              value: 'phase',
              label: 'Phase plan',
              hint: 'For the next phase of the programme: also its impact, milestones, match funding and how reduced funding will be managed',
            },
          ]}
        />
        <TextField form={form} name="title" label="Title of the plan" hint="For example, Hollow Lane action plan 2025" />
        <Submit form={form}>Start the plan</Submit>
      </form>
    </Page>
  );
}
