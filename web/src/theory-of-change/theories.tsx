// Theory of change: the programme's theories (programme-level and place-level), adding one, importing a
// file (Kumu blueprint or Cairn JSON), and the stages new theories start with.
import { type ListAnswer, type Place, post, put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, navigate } from '../app/router.js';
import { Choices, ErrorSummary, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table, formatDate } from '../ui/index.js';
import { FileField } from '../ui/upload.js';
import { ONLY_EDITORS, StatusTag, type Theory, useTocPaths } from './shared.js';

export function TheoriesPage() {
  const { api, programme, listApi, list, trail } = useTocPaths();
  const loaded = useApi<{ data: Theory[]; abilities: { create: boolean } }>(listApi);
  const stages = useApi<{ data: { key: string; label: string }[]; abilities: { update: boolean } }>(`${api}/theory-of-change-stages`);
  const places = useApi<ListAnswer<Place>>(`${api}/places?pageSize=200`);
  const add = useForm(async (v) => {
    if (!v.text('name')) v.problems.push({ field: 'name', message: 'Enter the name of the theory of change' });
    const level = v.text('level') || 'programme';
    const { data } = await post<{ data: Theory }>(listApi, {
      name: v.text('name'),
      level,
      placeId: level === 'place' ? v.nullable('placeId') : null,
      description: v.text('description'),
    });
    navigate(`${list}/${data.id}`);
  });
  const upload = useForm(async (v) => {
    const file = v.file('file');
    const connections = v.file('connections');
    const csv = (f: File) => /\.(csv|txt)$/i.test(f.name) || f.type === 'text/csv';
    if (!file) v.problems.push({ field: 'file', message: 'Choose a Kumu blueprint, a Cairn file, or the elements CSV file' });
    if (connections && (!csv(connections) || (file && !csv(file))))
      v.problems.push({ field: 'connections', message: 'A connections file is a CSV file, and goes with an elements CSV file' });
    if (v.problems.length || !file) throw new FormProblems([]);
    const q = new URLSearchParams();
    if (v.text('theory')) q.set('theory', v.text('theory'));
    if (v.text('version')) q.set('version', v.text('version'));
    const query = q.size ? `?${q}` : '';
    let done: { data: { theory: Theory } };
    if (csv(file)) {
      const files = await Promise.all(
        [file, ...(connections ? [connections] : [])].map(async (f) => ({ name: f.name, text: await f.text() })),
      );
      done = await post(`${listApi}/import-csv${query}`, { files });
    } else {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        v.problems.push({
          field: 'file',
          message: 'The file is not JSON: choose a Kumu blueprint (.json), a Cairn file (.json) or a CSV file',
        });
        throw new FormProblems([]);
      }
      done = await post(`${listApi}/import${query}`, data);
    }
    navigate(`${list}/${done.data.theory.id}`);
  });
  const stageForm = useForm(async (v) => {
    const labels = v
      .text('stages')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!labels.length) v.problems.push({ field: 'stages', message: 'Enter at least one stage, one a line' });
    const known = stages.state === 'ready' ? stages.data.data : [];
    await put(`${api}/theory-of-change-stages`, {
      stages: labels.map((label) => ({ label, key: known.find((s) => s.label === label)?.key })),
    });
    stages.reload();
  });
  if (loaded.state === 'loading') return <Loading what="theories of change" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: theories, abilities } = loaded.data;
  const placeList = places.state === 'ready' ? places.data.data : [];
  return (
    <Page title={`Theories of change – ${programme.name}`} heading="Theories of change" caption={programme.name} breadcrumbs={trail()}>
      <p>
        A theory of change sets out how the programme expects to make a difference: from inputs, through activities and changes in learning
        and action, to short-term and long-term outcomes. Each link says why one step leads to the next. Map the evaluation’s codes to the
        steps to see which links the evidence supports.
      </p>
      {theories.length === 0 ? (
        <p>There are no theories of change yet.</p>
      ) : (
        <Table caption="Theories of change" head={['Theory of change', 'Level', 'Versions', 'Latest']}>
          {theories.map((t) => {
            const latest = t.versions[t.versions.length - 1];
            return (
              <tr key={t.id}>
                <th scope="row">
                  <Link href={`${list}/${t.id}`}>{t.name}</Link>
                  {t.description && <div className="hint">{t.description}</div>}
                </th>
                <td>{t.level === 'place' ? `Place: ${t.place?.name ?? ''}` : 'Programme'}</td>
                <td>{t.versions.length}</td>
                <td>
                  {latest && (
                    <>
                      {latest.name} <StatusTag status={latest.status} />
                      <div className="hint">{formatDate(latest.publishedAt ?? latest.createdAt)}</div>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {abilities.create ? (
        <>
          <h2 id="new-theory">Add a theory of change</h2>
          <form onSubmit={add.onSubmit} noValidate aria-labelledby="new-theory">
            <ErrorSummary form={add} />
            <TextField form={add} name="name" label="Name" hint="For example, PCF theory of change" />
            <Choices
              form={add}
              name="level"
              type="radio"
              label="Is it for the whole programme or one place?"
              checked={['programme']}
              options={[
                { value: 'programme', label: 'The whole programme' },
                { value: 'place', label: 'One place', hint: 'Choose the place below' },
              ]}
            />
            <SelectField
              form={add}
              name="placeId"
              label="Place (for a place-level theory)"
              empty="Choose a place"
              options={placeList.map((p) => ({ value: p.id, label: p.name }))}
            />
            <TextArea form={add} name="description" label="Description (optional)" rows={3} />
            <Submit form={add}>Add theory of change</Submit>
          </form>
          <h2 id="import">Import a theory of change</h2>
          <form onSubmit={upload.onSubmit} noValidate aria-labelledby="import">
            <ErrorSummary form={upload} />
            <FileField
              form={upload}
              name="file"
              label="File"
              hint="A Kumu blueprint (JSON with “elements” and “connections”; an element’s type names its stage), a file exported from Cairn, or the elements CSV (Label, Type, Description, Evaluation questions) — or one CSV with the elements, a blank line, then the connections"
              accept=".json,.csv,application/json,text/csv"
            />
            <FileField
              form={upload}
              name="connections"
              label="Connections file (CSV, optional)"
              hint="With an elements CSV: the connections (From, To, Description, Interventions, Contextual assumptions, Theoretical assumptions; lists joined by “ | ”)"
              accept=".csv,text/csv"
            />
            <TextField
              form={upload}
              name="theory"
              label="Theory of change to import into (optional)"
              hint="Kumu blueprints and CSV files. Leave empty for the programme’s theory, or give a new name to start another"
            />
            <TextField
              form={upload}
              name="version"
              label="Version name (optional)"
              hint="Kumu and CSV: the draft to import into, made if there is none. Cairn file: the one version to take"
              width="medium"
            />
            <Submit form={upload}>Import</Submit>
          </form>
        </>
      ) : (
        <NotAllowed>{ONLY_EDITORS}</NotAllowed>
      )}
      <h2 id="stages">Stages</h2>
      {stages.state === 'ready' && (
        <>
          <p>New theories of change start with these stages, left to right:</p>
          <ol>
            {stages.data.data.map((s) => (
              <li key={s.key}>{s.label}</li>
            ))}
          </ol>
          {stages.data.abilities.update && (
            <form onSubmit={stageForm.onSubmit} noValidate aria-labelledby="stages">
              <ErrorSummary form={stageForm} />
              <TextArea
                form={stageForm}
                name="stages"
                label="Change the stages"
                hint="One stage a line, in order. Theories already drawn keep their own stages."
                rows={6}
                defaultValue={stages.data.data.map((s) => s.label).join('\n')}
              />
              <Submit form={stageForm}>Save stages</Submit>
            </form>
          )}
        </>
      )}
    </Page>
  );
}
