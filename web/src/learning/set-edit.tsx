// Change an action-learning set (managers and facilitators): its name, what it is for, what it is
// learning, its partnerships, and the case studies it produced (of those the person can see).
import { patch } from '../api/index.js';
import type { components } from '../api/schema.generated.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { Choices, ErrorSummary, SubmitOrCancel, TextArea, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page } from '../ui/index.js';
import type { LearningSet } from './set-levels.js';

type CaseStudy = components['schemas']['CaseStudy'];

export function EditSetPage({ id }: { id: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: LearningSet }>(`${api}/learning-sets/${id}`);
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const studies = useApi<{ data: CaseStudy[] }>(`${api}/case-studies`);
  const setName = loaded.state === 'ready' ? loaded.data.data.name : 'Action-learning set';
  const trail = crumbs(
    { href: `${base}/learning-sets`, label: 'Action-learning sets' },
    { href: `${base}/learning-sets/${id}`, label: setName },
  );
  const pending = [loaded, partnerships, studies].find((x) => x.state !== 'ready');
  return (
    <Page title={`Change the set – ${setName} – ${programme.name}`} heading="Change the set" caption={setName} breadcrumbs={trail}>
      {pending ? (
        pending.state === 'error' ? (
          <Failed error={pending.error} retry={pending.reload} />
        ) : (
          <Loading what="set" />
        )
      ) : loaded.state === 'ready' && partnerships.state === 'ready' && studies.state === 'ready' ? (
        loaded.data.data.abilities.update ? (
          <EditSetForm set={loaded.data.data} partnerships={partnerships.data.data} studies={studies.data.data} />
        ) : (
          <NotAllowed>Only managers and facilitators change a set.</NotAllowed>
        )
      ) : null}
    </Page>
  );
}

function EditSetForm(props: { set: LearningSet; partnerships: { id: string; name: string }[]; studies: CaseStudy[] }) {
  const { api, base } = useProgramme();
  const { set } = props;
  const back = () => navigate(`${base}/learning-sets/${set.id}`);
  const form = useForm(async (v) => {
    await patch(`${api}/learning-sets/${set.id}`, {
      name: v.text('name'),
      description: v.text('description'),
      learning: v.text('learning'),
      partnershipIds: v.all('partnershipIds'),
      caseStudyIds: v.all('caseStudyIds'),
    });
    back();
  });
  const otherSet = (c: CaseStudy) => (c.learningSet && c.learningSet.id !== set.id ? c.learningSet.name : null);
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <TextField form={form} name="name" label="Name of the set" defaultValue={set.name} />
      <TextArea form={form} name="description" label="What the set is for (optional)" rows={3} defaultValue={set.description} />
      <TextArea
        form={form}
        name="learning"
        label="What the set is learning (optional)"
        hint="What the partnerships have found together so far: what works, what gets in the way, what to try next."
        rows={8}
        defaultValue={set.learning}
      />
      <Choices
        form={form}
        type="checkbox"
        name="partnershipIds"
        label="Partnerships in the set"
        hint="Select all that apply."
        options={props.partnerships.map((p) => ({ value: p.id, label: p.name }))}
        checked={set.partnerships.map((p) => p.id)}
      />
      {props.studies.length === 0 ? (
        <p>There are no case studies in this programme yet. A case study can name its set when it is written.</p>
      ) : (
        <Choices
          form={form}
          type="checkbox"
          name="caseStudyIds"
          label="Case studies the set produced"
          hint="Select all that apply. A case study comes from one set at most."
          options={props.studies.map((c) => ({
            value: c.id,
            label: c.status === 'draft' ? `${c.title} (draft)` : c.title,
            ...(otherSet(c) ? { hint: `Now from ${otherSet(c)}: choosing it here moves it to this set` } : {}),
          }))}
          checked={props.studies.filter((c) => c.learningSet?.id === set.id).map((c) => c.id)}
        />
      )}
      <SubmitOrCancel form={form} onCancel={back}>
        Save the set
      </SubmitOrCancel>
    </form>
  );
}
