import { type PartnershipRow, type Project, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Choices, ErrorSummary, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { RefSelect } from '../ui/refs.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList, Tag } from '../ui/index.js';

/** Demo and drawn-from-documents projects say so wherever they appear, so nobody takes them for real. */
export function ProvenanceTag({ provenance }: { provenance: string }) {
  if (provenance === 'illustrative') return <Tag tone="purple">Illustrative</Tag>;
  if (provenance === 'synthetic') return <Tag tone="grey">Made-up demo</Tag>;
  return null;
}

const PROVENANCE_OPTIONS = [
  { value: 'real', label: 'Real', hint: 'A project in this programme' },
  { value: 'illustrative', label: 'Illustrative', hint: 'Drawn from a published document, to show what Cairn can hold' },
  { value: 'synthetic', label: 'Made-up demo', hint: 'Invented for training or demonstration' },
];

export function List() {
  const { programme, api, base, crumbs } = useProgramme();
  const voc = programme.vocabularies;
  const opts = (list: { id: string; label: string }[] | undefined) => (list ?? []).map((t) => ({ value: t.id, label: t.label }));
  const filters = [
    { name: 'themeId', label: 'Theme', options: opts(voc.theme) },
    { name: 'typologyId', label: 'Typology', options: opts(voc.typology) },
    { name: 'coproductionModelId', label: 'Co-production model', options: opts(voc.coproduction_model) },
  ].filter((f) => f.options.length > 0);
  return (
    <Page title={`Projects – ${programme.name}`} heading="Projects" caption={programme.name} breadcrumbs={crumbs()}>
      <ListView<Project>
        api={`${api}/projects`}
        noun={['project', 'projects']}
        caption="Projects"
        filters={filters}
        columns={[
          {
            head: 'Project',
            cell: (p) => (
              <>
                <Link href={`${base}/projects/${p.id}`}>{p.name}</Link> <ProvenanceTag provenance={p.provenance} />
              </>
            ),
          },
          { head: 'Partnership', cell: (p) => p.partnership?.name ?? '' },
          { head: 'Themes', cell: (p) => p.themes.map((t) => t.label).join(', ') },
          { head: 'Typology', cell: (p) => p.typology.map((t) => t.label).join(', ') },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <ButtonLink href={`${base}/projects/new`}>Add a project</ButtonLink>
          ) : answer ? (
            <NotAllowed>Only programme managers can add projects.</NotAllowed>
          ) : null
        }
      />
    </Page>
  );
}

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<RecordAnswer<Project>>(`${api}/projects/${id}`);
  if (loaded.state === 'loading') return <Loading what="project" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: p, abilities, history } = loaded.data;
  return (
    <Page title={p.name} caption="Project" breadcrumbs={crumbs({ href: `${base}/projects`, label: 'Projects' })}>
      {p.provenance !== 'real' && (
        <p className="inset">
          <ProvenanceTag provenance={p.provenance} />{' '}
          {p.provenance === 'illustrative'
            ? 'This project is drawn from a published document to illustrate the programme; it is not a record of this programme’s own work.'
            : 'This project was made up for demonstration.'}
        </p>
      )}
      {abilities.update ? (
        <ButtonLink href={`${base}/projects/${p.id}/edit`} secondary>
          Change details
        </ButtonLink>
      ) : (
        <NotAllowed>Only programme managers can change projects.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Partnership', p.partnership ? <Link href={`${base}/partnerships/${p.partnership.id}`}>{p.partnership.name}</Link> : null],
          ['Description', p.description],
          ['Themes', p.themes.map((t) => t.label).join(', ')],
          ['Social action typology', p.typology.map((t) => t.label).join(', ')],
          ['Co-production model', p.coproductionModel?.label],
        ]}
      />
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<RecordAnswer<Project>>(id ? `${api}/projects/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="project" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <ProjectForm project={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

function ProjectForm({ project: p }: { project?: Project }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const voc = programme.vocabularies;
  const form = useForm(async (v) => {
    const body = {
      name: v.text('name'),
      description: v.text('description'),
      partnershipId: v.nullable('partnershipId'),
      themeIds: v.all('themeIds'),
      typologyIds: v.all('typologyIds'),
      coproductionModelId: v.nullable('coproductionModelId'),
      provenance: v.optional('provenance') ?? 'real',
    };
    const { data } = p
      ? await patch<RecordAnswer<Project>>(`${api}/projects/${p.id}`, body)
      : await post<RecordAnswer<Project>>(`${api}/projects`, body);
    navigate(`${base}/projects/${data.id}`);
  });
  const title = p ? `Change ${p.name}` : 'Add a project';
  const trail = crumbs(
    { href: `${base}/projects`, label: 'Projects' },
    ...(p ? [{ href: `${base}/projects/${p.id}`, label: p.name }] : []),
  );
  const emptyList = (what: string) => (
    <p className="hint">
      This programme has no {what} yet. <Link href={`${base}/vocabularies`}>Add them under Vocabularies</Link>.
    </p>
  );
  if (!abilities.manageRegistry) {
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can add or change projects.</NotAllowed>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Project name" defaultValue={p?.name} />
        <TextArea
          form={form}
          name="description"
          label="Description (optional)"
          hint="What the project does and who with"
          defaultValue={p?.description}
        />
        <RefSelect<PartnershipRow>
          form={form}
          name="partnershipId"
          label="Partnership"
          hint="The partnership running the project"
          api={`${api}/partnerships`}
          labelOf={(r) => r.name}
          empty="Not chosen yet"
          defaultValue={p?.partnership ? { id: p.partnership.id, label: p.partnership.name } : null}
        />
        <h2>How the programme describes it</h2>
        {voc.theme?.length ? (
          <Choices
            form={form}
            type="checkbox"
            name="themeIds"
            label="Themes"
            hint="Select all that apply."
            options={voc.theme.map((t) => ({ value: t.id, label: t.label }))}
            checked={p?.themes.map((t) => t.id)}
          />
        ) : (
          emptyList('themes')
        )}
        {voc.typology?.length ? (
          <Choices
            form={form}
            type="checkbox"
            name="typologyIds"
            label="Social action typology"
            hint="Select all that apply."
            options={voc.typology.map((t) => ({ value: t.id, label: t.label }))}
            checked={p?.typology.map((t) => t.id)}
          />
        ) : (
          emptyList('typology terms')
        )}
        {voc.coproduction_model?.length ? (
          <Choices
            form={form}
            type="radio"
            name="coproductionModelId"
            label="Co-production model"
            options={[{ value: '', label: 'None of these' }, ...voc.coproduction_model.map((t) => ({ value: t.id, label: t.label }))]}
            checked={[p?.coproductionModel?.id ?? '']}
          />
        ) : (
          emptyList('co-production models')
        )}
        <Choices
          form={form}
          type="radio"
          name="provenance"
          label="Where this record comes from"
          options={PROVENANCE_OPTIONS}
          checked={[p?.provenance ?? 'real']}
        />
        <Submit form={form}>{p ? 'Save changes' : 'Add project'}</Submit>
      </form>
    </Page>
  );
}
