import { type Programme, type RecordAnswer, patch, post } from '../api/index.js';
import { useSession } from '../app/data.js';
import { ErrorSummary, type FormState, Submit, TextArea, TextField, type Values, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, NotAllowed, Page } from '../ui/index.js';

export function Home() {
  const { user } = useSession();
  return (
    <Page title="Your programmes">
      <ListView<Programme>
        api="/programmes"
        noun={['programme', 'programmes']}
        caption="Programmes you belong to"
        columns={[
          { head: 'Programme', cell: (p) => <Link href={`/programmes/${encodeURIComponent(p.slug)}`}>{p.name}</Link> },
          { head: 'Funder', cell: (p) => p.funder },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <ButtonLink href="/programmes/new">Create a programme</ButtonLink>
          ) : answer && answer.page.total === 0 && !user?.isAdmin ? (
            <NotAllowed>You do not belong to any programme yet. Ask your administrator to give you a role in one.</NotAllowed>
          ) : null
        }
      />
    </Page>
  );
}

function ProgrammeFields({ form, programme }: { form: FormState; programme?: Programme }) {
  return (
    <>
      <TextField form={form} name="name" label="Programme name" defaultValue={programme?.name} />
      <TextField
        form={form}
        name="slug"
        label="Short name for web addresses"
        hint="Lower-case letters, digits and hyphens, like neighbourhoods-2025. It appears in this programme’s addresses."
        width="medium"
        spellCheck={false}
        defaultValue={programme?.slug}
      />
      <TextField
        form={form}
        name="funder"
        label="Funder"
        hint="The organisation paying for the programme (optional)"
        defaultValue={programme?.funder}
        autoComplete="organization"
      />
      <TextArea
        form={form}
        name="description"
        label="Description"
        hint="What the programme is for, in a few sentences (optional)"
        defaultValue={programme?.description}
      />
    </>
  );
}

const programmeBody = (v: Values) => ({
  name: v.text('name'),
  slug: v.text('slug'),
  funder: v.text('funder'),
  description: v.text('description'),
});

export function ProgrammeForm({ edit }: { edit?: boolean }) {
  return edit ? <EditProgramme /> : <NewProgramme />;
}

function NewProgramme() {
  const form = useForm(async (v) => {
    const { data } = await post<RecordAnswer<Programme>>('/programmes', programmeBody(v));
    navigate(`/programmes/${encodeURIComponent(data.slug)}`);
  });
  return (
    <Page title="Create a programme" breadcrumbs={[{ href: '/programmes', label: 'Programmes' }]}>
      <p>The programme starts with Cairn’s usual lists of organisation types and social action typology; you can change them afterwards.</p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <ProgrammeFields form={form} />
        <Submit form={form}>Create programme</Submit>
      </form>
    </Page>
  );
}

function EditProgramme() {
  const { programme, abilities, api, crumbs } = useProgramme();
  const form = useForm(async (v) => {
    const { data } = await patch<RecordAnswer<Programme>>(api, programmeBody(v));
    navigate(`/programmes/${encodeURIComponent(data.slug)}`);
  });
  return (
    <Page title={`Change ${programme.name}`} heading="Change programme details" caption={programme.name} breadcrumbs={crumbs()}>
      {!abilities.update ? (
        <NotAllowed>Only a programme manager or an administrator can change the programme’s details.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <ProgrammeFields form={form} programme={programme} />
          <Submit form={form}>Save changes</Submit>
        </form>
      )}
    </Page>
  );
}
