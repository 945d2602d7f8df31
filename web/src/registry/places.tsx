import { DEPRIVATION_INDICES, NATIONS, type Place, type RecordAnswer, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { ErrorSummary, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { ButtonLink, Failed, History, Loading, NotAllowed, Page, SummaryList } from '../ui/index.js';

const INDEX_NAMES: Record<string, string> = {
  IMD: 'Index of Multiple Deprivation (England)',
  SIMD: 'Scottish Index of Multiple Deprivation',
  WIMD: 'Welsh Index of Multiple Deprivation',
  NIMDM: 'Northern Ireland Multiple Deprivation Measure',
};

export function List() {
  const { programme, api, base, crumbs } = useProgramme();
  return (
    <Page title={`Places – ${programme.name}`} heading="Places" caption={programme.name} breadcrumbs={crumbs()}>
      <ListView<Place>
        api={`${api}/places`}
        noun={['place', 'places']}
        caption="Places"
        filters={[{ name: 'nation', label: 'Nation', options: NATIONS.map((n) => ({ value: n, label: n })) }]}
        columns={[
          { head: 'Place', cell: (p) => <Link href={`${base}/places/${p.id}`}>{p.name}</Link> },
          { head: 'Region', cell: (p) => p.region },
          { head: 'Nation', cell: (p) => p.nation ?? '' },
          { head: 'Local authority', cell: (p) => p.localAuthority },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <ButtonLink href={`${base}/places/new`}>Add a place</ButtonLink>
          ) : answer ? (
            <NotAllowed>Only programme managers can add places.</NotAllowed>
          ) : null
        }
      />
    </Page>
  );
}

export function Record({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<RecordAnswer<Place>>(`${api}/places/${id}`);
  if (loaded.state === 'loading') return <Loading what="place" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: p, abilities, history } = loaded.data;
  return (
    <Page title={p.name} caption="Place" breadcrumbs={crumbs({ href: `${base}/places`, label: 'Places' })}>
      {abilities.update ? (
        <ButtonLink href={`${base}/places/${p.id}/edit`} secondary>
          Change details
        </ButtonLink>
      ) : (
        <NotAllowed>Only programme managers can change places.</NotAllowed>
      )}
      <SummaryList
        rows={[
          ['Nation', p.nation],
          ['Region', p.region],
          ['Local authority', p.localAuthority],
          ['Area code', p.areaCode],
          [
            'Deprivation',
            p.deprivationDecile && p.deprivationIndex
              ? `Decile ${p.deprivationDecile} of 10 on the ${INDEX_NAMES[p.deprivationIndex] ?? p.deprivationIndex} (1 is the most deprived tenth)`
              : null,
          ],
        ]}
      />
      <h2>Partnerships here</h2>
      {p.partnerships?.length ? (
        <ul className="list">
          {p.partnerships.map((x) => (
            <li key={x.id}>
              <Link href={`${base}/partnerships/${x.id}`}>{x.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>No partnership works here yet.</p>
      )}
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

export function Form({ id }: { id?: string }) {
  const { api } = useProgramme();
  const loaded = useApi<RecordAnswer<Place>>(id ? `${api}/places/${id}` : null);
  if (id && loaded.state === 'loading') return <Loading what="place" />;
  if (id && loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <PlaceForm place={id && loaded.state === 'ready' ? loaded.data.data : undefined} />;
}

function PlaceForm({ place: p }: { place?: Place }) {
  const { api, base, crumbs, abilities } = useProgramme();
  const form = useForm(async (v) => {
    const decile = v.number('deprivationDecile', 'Deprivation decile must be a whole number from 1 to 10', { whole: true });
    const body = {
      name: v.text('name'),
      nation: v.nullable('nation'),
      region: v.text('region'),
      localAuthority: v.text('localAuthority'),
      areaCode: v.nullable('areaCode'),
      deprivationIndex: v.nullable('deprivationIndex'),
      deprivationDecile: decile,
    };
    const { data } = p
      ? await patch<RecordAnswer<Place>>(`${api}/places/${p.id}`, body)
      : await post<RecordAnswer<Place>>(`${api}/places`, body);
    navigate(`${base}/places/${data.id}`);
  });
  const title = p ? `Change ${p.name}` : 'Add a place';
  const trail = crumbs({ href: `${base}/places`, label: 'Places' }, ...(p ? [{ href: `${base}/places/${p.id}`, label: p.name }] : []));
  return (
    <Page title={title} breadcrumbs={trail}>
      {!abilities.manageRegistry ? (
        <NotAllowed>Only programme managers can add or change places.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField
            form={form}
            name="name"
            label="Place name"
            hint="As people there call it, for example Hartcliffe and Withywood"
            defaultValue={p?.name}
          />
          <SelectField
            form={form}
            name="nation"
            label="Nation (optional)"
            options={NATIONS.map((n) => ({ value: n, label: n }))}
            empty="Not given"
            defaultValue={p?.nation}
          />
          <TextField
            form={form}
            name="region"
            label="Region (optional)"
            hint="For example South West or Highlands and Islands"
            defaultValue={p?.region}
          />
          <TextField form={form} name="localAuthority" label="Local authority (optional)" defaultValue={p?.localAuthority} />
          <TextField
            form={form}
            name="areaCode"
            label="Area code (optional)"
            hint="The ONS (GSS) code: one letter and 8 digits, such as E08000026. The letter matches the nation: E, S, W or N."
            width="short"
            spellCheck={false}
            defaultValue={p?.areaCode}
          />
          <SelectField
            form={form}
            name="deprivationIndex"
            label="Deprivation index (optional)"
            hint="Each nation has its own index; choose the one for this place’s nation."
            options={DEPRIVATION_INDICES.map((d) => ({ value: d, label: `${d}: ${INDEX_NAMES[d]}` }))}
            empty="Not given"
            defaultValue={p?.deprivationIndex}
          />
          <TextField
            form={form}
            name="deprivationDecile"
            label="Deprivation decile (optional)"
            hint="1 to 10, where 1 is the most deprived tenth of areas. Needs the index above."
            width="short"
            inputMode="numeric"
            defaultValue={p?.deprivationDecile}
          />
          <Submit form={form}>{p ? 'Save changes' : 'Add place'}</Submit>
        </form>
      )}
    </Page>
  );
}
