// Theory of change: what changed between any two versions, in words.
import { useApi } from '../app/data.js';
import { navigate, useLocation } from '../app/router.js';
import { ErrorSummary, SelectField, Submit, useForm } from '../ui/forms.js';
import { Failed, Loading, Page, Table } from '../ui/index.js';
import { type Change, type Theory, type VersionSummary, useTocPaths } from './shared.js';

export function DiffPage({ theoryId }: { theoryId: string }) {
  const { programme, theoryApi, theory: home, trail } = useTocPaths(theoryId);
  const { search } = useLocation();
  const from = search.get('from');
  const to = search.get('to');
  const loaded = useApi<{ data: Theory }>(theoryApi);
  const diff = useApi<{ data: { from: VersionSummary; to: VersionSummary; changes: Change[] } }>(
    from && to ? `${theoryApi}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : null,
  );
  const form = useForm(async (v) => {
    navigate(`${home}/diff?from=${encodeURIComponent(v.text('from'))}&to=${encodeURIComponent(v.text('to'))}`);
  });
  if (loaded.state === 'loading') return <Loading what="versions" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const t = loaded.data.data;
  const options = t.versions.map((v) => ({ value: v.id, label: `${v.name} (${v.status === 'published' ? 'published' : 'draft'})` }));
  return (
    <Page title={`What changed – ${t.name} – ${programme.name}`} heading="What changed" caption={t.name} breadcrumbs={trail(t.name)}>
      <form onSubmit={form.onSubmit} noValidate aria-label="Versions to compare" key={`${from}-${to}`}>
        <ErrorSummary form={form} />
        <SelectField form={form} name="from" label="From (the older version)" options={options} defaultValue={from ?? t.versions[0]?.id} />
        <SelectField
          form={form}
          name="to"
          label="To (the newer version)"
          options={options}
          defaultValue={to ?? t.versions[t.versions.length - 1]?.id}
        />
        <Submit form={form}>Compare</Submit>
      </form>
      {diff.state === 'error' && <Failed error={diff.error} retry={diff.reload} />}
      {diff.state === 'ready' && (
        <>
          <h2>
            From {diff.data.data.from.name} to {diff.data.data.to.name}
          </h2>
          {diff.data.data.changes.length === 0 ? (
            <p>Nothing changed.</p>
          ) : (
            <Table caption="Changes" head={['Change', 'About', 'What changed']}>
              {diff.data.data.changes.map((c, i) => (
                // The same change cannot come twice; its place in the list keeps equal words apart.
                <tr key={i}>
                  <td>{c.kind[0]!.toUpperCase() + c.kind.slice(1)}</td>
                  <th scope="row">{c.subject}</th>
                  <td>{c.words}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </Page>
  );
}
