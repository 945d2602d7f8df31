// Theory of change: one theory's versions (draft → published with a change note), starting a new draft,
// comparing two versions, and the files it can be exported as.
import { post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, navigate } from '../app/router.js';
import { ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table, formatDate } from '../ui/index.js';
import { ONLY_EDITORS, StatusTag, type Theory, type VersionRecord, useTocPaths } from './shared.js';

export function TheoryPage({ theoryId }: { theoryId: string }) {
  const { programme, theoryApi, theory: home, trail } = useTocPaths(theoryId);
  const loaded = useApi<{ data: Theory; abilities: { update: boolean } }>(theoryApi);
  const publish = useForm(async (v) => {
    if (!v.text('versionId')) v.problems.push({ field: 'versionId', message: 'Choose the draft to publish' });
    if (!v.text('changeNote')) v.problems.push({ field: 'changeNote', message: 'Enter a change note' });
    await post(`${theoryApi}/versions/${v.text('versionId')}/publish`, { changeNote: v.text('changeNote') });
    loaded.reload();
  });
  const draft = useForm(async (v) => {
    if (!v.text('fromVersionId')) v.problems.push({ field: 'fromVersionId', message: 'Choose the version to copy' });
    const { data } = await post<{ data: VersionRecord }>(`${theoryApi}/versions`, {
      fromVersionId: v.text('fromVersionId'),
      ...(v.text('name') ? { name: v.text('name') } : {}),
    });
    navigate(`${home}/versions/${data.id}`);
  });
  if (loaded.state === 'loading') return <Loading what="theory of change" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: t, abilities } = loaded.data;
  const drafts = t.versions.filter((v) => v.status === 'draft');
  const newest = t.versions[t.versions.length - 1];
  const previous = t.versions[t.versions.length - 2];
  return (
    <Page title={`${t.name} – ${programme.name}`} heading={t.name} caption="Theory of change" breadcrumbs={trail()}>
      <p>
        {t.level === 'place' ? `For one place: ${t.place?.name ?? ''}.` : 'For the whole programme.'} {t.description}
      </p>
      <h2>Versions</h2>
      <p>A published version never changes: to change it, start a new draft from it. Comments and evidence can still be added to it.</p>
      <Table caption="Versions" head={['Version', 'Status', 'Change note', 'Steps and links', 'Look at']}>
        {[...t.versions].reverse().map((v) => {
          const at = `${home}/versions/${v.id}`;
          return (
            <tr key={v.id}>
              <th scope="row">
                <Link href={at}>{v.name}</Link>
              </th>
              <td>
                <StatusTag status={v.status} />
                <div className="hint">
                  {v.publishedAt ? `Published ${formatDate(v.publishedAt)}` : `Started ${formatDate(v.createdAt)}`}
                </div>
              </td>
              <td>{v.changeNote || <span className="muted">None yet</span>}</td>
              <td>
                {v.steps} steps, {v.links} links
              </td>
              <td>
                <ul>
                  <li>
                    <Link href={`${at}/mapping`}>Evidence mapped to {v.name}</Link>
                  </li>
                  <li>
                    <Link href={`${at}/validation`}>Test {v.name} against an evaluation</Link>
                  </li>
                </ul>
              </td>
            </tr>
          );
        })}
      </Table>
      {previous && newest && (
        <p>
          <Link href={`${home}/diff?from=${previous.id}&to=${newest.id}`}>
            What changed from {previous.name} to {newest.name}
          </Link>{' '}
          (or <Link href={`${home}/diff`}>compare any two versions</Link>)
        </p>
      )}
      {abilities.update ? (
        <>
          {drafts.length > 0 && (
            <>
              <h2 id="publish">Publish a draft</h2>
              <form onSubmit={publish.onSubmit} noValidate aria-labelledby="publish">
                <ErrorSummary form={publish} />
                <SelectField
                  form={publish}
                  name="versionId"
                  label="Draft"
                  defaultValue={drafts[drafts.length - 1]!.id}
                  options={drafts.map((v) => ({ value: v.id, label: v.name }))}
                />
                <TextArea
                  form={publish}
                  name="changeNote"
                  label="Change note"
                  hint="What this version changes, or why it was drawn: for example “original” or “refined after the realist analysis”"
                  rows={3}
                />
                <Submit form={publish}>Publish</Submit>
              </form>
            </>
          )}
          <h2 id="new-draft">Start a new draft</h2>
          <form onSubmit={draft.onSubmit} noValidate aria-labelledby="new-draft">
            <ErrorSummary form={draft} />
            <SelectField
              form={draft}
              name="fromVersionId"
              label="Copy this version"
              defaultValue={newest?.id}
              options={[...t.versions]
                .reverse()
                .map((v) => ({ value: v.id, label: `${v.name} (${v.status === 'published' ? 'published' : 'draft'})` }))}
            />
            <TextField form={draft} name="name" label="Name of the new version (optional)" hint="For example, refined" width="medium" />
            <Submit form={draft}>Start draft</Submit>
          </form>
        </>
      ) : (
        <NotAllowed>{ONLY_EDITORS}</NotAllowed>
      )}
      <h2>Export</h2>
      <ul>
        <li>
          <a href={`${theoryApi}/export.json`} download>
            The whole theory with every version and its mappings (Cairn JSON)
          </a>
        </li>
        {newest && (
          <>
            <li>
              <a href={`${theoryApi}/versions/${newest.id}/export?format=kumu`} download>
                {newest.name} as a Kumu blueprint (JSON)
              </a>
            </li>
            <li>
              <a href={`${theoryApi}/versions/${newest.id}/export?format=csv-elements`} download>
                {newest.name}: elements (CSV)
              </a>
              {', '}
              <a href={`${theoryApi}/versions/${newest.id}/export?format=csv-connections`} download>
                connections (CSV)
              </a>
            </li>
            <li>
              <a href={`${theoryApi}/versions/${newest.id}/export?format=svg`} download>
                {newest.name} drawn (SVG)
              </a>
              {', '}
              <a href={`${theoryApi}/versions/${newest.id}/export?format=png`} download>
                (PNG)
              </a>
            </li>
          </>
        )}
      </ul>
    </Page>
  );
}
