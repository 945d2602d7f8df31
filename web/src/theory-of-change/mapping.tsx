// Theory of change: evidence mapped to a version's steps. A step is mapped to codes of the programme's
// evaluations (a code includes its sub-codes) or to monitoring indicators; each step shows how many
// respondents evidence it and the latest indicator totals with their period.
import { put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link } from '../app/router.js';
import { ErrorSummary, SelectField, Submit, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table } from '../ui/index.js';
import { type EvidenceAnswer, type Mapping, type MappingsAnswer, ONLY_EDITORS, type VersionRecord, useTocPaths } from './shared.js';

const toInput = (m: Mapping) => ({ nodeKey: m.nodeKey, codeId: m.code?.id ?? null, indicatorId: m.indicator?.id ?? null });

export function MappingPage({ theoryId, versionId }: { theoryId: string; versionId: string }) {
  const { programme, versionApi, version: home, trail } = useTocPaths(theoryId, versionId);
  const version = useApi<{ data: VersionRecord }>(versionApi);
  const mappings = useApi<MappingsAnswer>(`${versionApi}/mappings`);
  const evidence = useApi<EvidenceAnswer>(`${versionApi}/evidence`);
  const reload = () => {
    mappings.reload();
    evidence.reload();
  };
  const add = useForm(async (v) => {
    const current = mappings.state === 'ready' ? mappings.data.data.map(toInput) : [];
    const what = v.text('what');
    if (!v.text('nodeKey')) v.problems.push({ field: 'nodeKey', message: 'Choose a step' });
    if (!what) v.problems.push({ field: 'what', message: 'Choose a code or an indicator' });
    const [kind, id] = what.split(':');
    await put(`${versionApi}/mappings`, {
      mappings: [
        ...current,
        { nodeKey: v.text('nodeKey'), codeId: kind === 'code' ? id : null, indicatorId: kind === 'indicator' ? id : null },
      ],
    });
    reload();
  });
  const remove = async (m: Mapping) => {
    if (mappings.state !== 'ready') return;
    await put(`${versionApi}/mappings`, { mappings: mappings.data.data.filter((x) => x.id !== m.id).map(toInput) });
    reload();
  };
  if (version.state === 'loading' || mappings.state === 'loading') return <Loading what="mapping" />;
  if (version.state === 'error') return <Failed error={version.error} retry={version.reload} />;
  if (mappings.state === 'error') return <Failed error={mappings.error} retry={mappings.reload} />;
  const v = version.data.data;
  const { data: list, catalogue, abilities } = mappings.data;
  const ev = evidence.state === 'ready' ? evidence.data.data : { respondents: [], indicators: [] };
  const said = (m: Mapping) =>
    m.code ? `${m.code.familyLabel}: ${m.code.path} (${m.evaluation?.title ?? ''})` : `Indicator: ${m.indicator?.label ?? ''}`;
  return (
    <Page
      title={`Evidence mapped – ${v.name} – ${v.theory.name} – ${programme.name}`}
      heading="Evidence mapped to the steps"
      caption={`${v.theory.name}: ${v.name}`}
      breadcrumbs={trail(v.theory.name, v.name)}
      wide
    >
      <p>
        Map each step to the codes in the evaluation that show it happened (a code counts with its sub-codes), or to a monitoring indicator.
        Respondents are people with consent given; groups smaller than the evaluation’s threshold are not shown.{' '}
        <Link href={`${home}/validation`}>Test the links against the evidence</Link>.
      </p>
      <Table caption="Steps and their evidence" head={['Step', 'Mapped to', 'Respondents', 'Latest indicator totals']}>
        {v.model.nodes.map((n) => {
          const mine = list.filter((m) => m.nodeKey === n.key);
          const people = ev.respondents.filter((r) => r.nodeKey === n.key);
          const totals = ev.indicators.filter((r) => r.nodeKey === n.key);
          return (
            <tr key={n.key}>
              <th scope="row">
                {n.label}
                <div className="hint">{v.model.stages.find((s) => s.key === n.stage)?.label}</div>
              </th>
              <td>
                {mine.length === 0 ? (
                  <span className="muted">Nothing mapped</span>
                ) : (
                  <ul>
                    {mine.map((m) => (
                      <li key={m.id}>
                        {said(m)}{' '}
                        {abilities.update && (
                          <button type="button" className="button secondary" onClick={() => void remove(m)}>
                            Remove
                            <span className="visually-hidden">
                              {' '}
                              {said(m)} from {n.label}
                            </span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {people.map((p) => (
                  <div key={p.evaluation.slug}>
                    {p.respondents === null ? 'Fewer than the smallest group shown' : p.respondents.toLocaleString('en-GB')}{' '}
                    <span className="muted">({p.evaluation.title})</span>
                  </div>
                ))}
              </td>
              <td>
                {totals.map((x) => (
                  <div key={x.indicator.id}>
                    {x.indicator.label}:{' '}
                    {x.total === null ? 'no figures yet' : `${x.total.toLocaleString('en-GB')}${x.basis === 'mean' ? ' (average)' : ''}`}
                    {x.period && <span className="muted"> ({x.period.label})</span>}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </Table>
      <h2 id="add-mapping">Map a step</h2>
      {abilities.update ? (
        <form onSubmit={add.onSubmit} noValidate aria-labelledby="add-mapping">
          <ErrorSummary form={add} />
          <SelectField
            form={add}
            name="nodeKey"
            label="Step"
            empty="Choose a step"
            options={v.model.nodes.map((n) => ({ value: n.key, label: n.label }))}
          />
          <SelectField
            form={add}
            name="what"
            label="Code or indicator"
            hint="Codes are listed by evaluation and family; a code brings its sub-codes with it"
            empty="Choose a code or an indicator"
            options={[
              ...catalogue.evaluations.flatMap((e) =>
                e.codes.map((c) => ({ value: `code:${c.id}`, label: `${e.title} – ${c.familyLabel}: ${c.path}` })),
              ),
              ...catalogue.indicators.map((i) => ({ value: `indicator:${i.id}`, label: `Indicator – ${i.label}` })),
            ]}
          />
          <Submit form={add}>Map</Submit>
        </form>
      ) : (
        <NotAllowed>{ONLY_EDITORS}</NotAllowed>
      )}
    </Page>
  );
}
