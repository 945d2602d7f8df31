// Theory of change: evidence mapped to a version's steps. A step is mapped to codes of the programme's
// evaluations (a code includes its sub-codes) or to monitoring indicators; each step shows how many
// respondents evidence it and the latest indicator totals with their period. The form keeps the step
// chosen, so several codes are mapped to one step in a row; the drawing links here with ?step=<key>.
import { useState } from 'react';
import { isEditConflict, put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, useLocation } from '../app/router.js';
import { ErrorSummary, FormProblems, type Option, SelectField, Submit, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, Table } from '../ui/index.js';
import { type EvidenceAnswer, type Mapping, type MappingsAnswer, ONLY_EDITORS, type VersionRecord, useTocPaths } from './shared.js';

const toInput = (m: Mapping) => ({ nodeKey: m.nodeKey, codeId: m.code?.id ?? null, indicatorId: m.indicator?.id ?? null });
type Catalogue = MappingsAnswer['catalogue'];

/** How many codes sit under each code (its sub-codes, any depth), by code id: a mapped code counts them all. */
function subCodeCounts(cat: Catalogue): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of cat.evaluations)
    for (const c of e.codes) out.set(c.id, e.codes.filter((d) => d.family === c.family && d.path.startsWith(`${c.path} › `)).length);
  return out;
}
const withSubCodes = (n: number | undefined) => (n ? ` (with its ${n === 1 ? 'sub-code' : `${n} sub-codes`})` : '');

/** The choices for "Code or indicator": each evaluation's codes under its title, family by family, then the indicators. */
function choices(cat: Catalogue, subs: Map<string, number>): Option[] {
  return [
    ...cat.evaluations.flatMap((e) =>
      e.codes.map((c) => ({ value: `code:${c.id}`, label: `${c.familyLabel}: ${c.path}${withSubCodes(subs.get(c.id))}`, group: e.title })),
    ),
    ...cat.indicators.map((i) => ({ value: `indicator:${i.id}`, label: i.label, group: 'Monitoring indicators' })),
  ];
}

export function MappingPage({ theoryId, versionId }: { theoryId: string; versionId: string }) {
  const { programme, versionApi, version: home, trail } = useTocPaths(theoryId, versionId);
  const { search } = useLocation();
  const version = useApi<{ data: VersionRecord }>(versionApi);
  const mappings = useApi<MappingsAnswer>(`${versionApi}/mappings`);
  const evidence = useApi<EvidenceAnswer>(`${versionApi}/evidence`);
  const [step, setStep] = useState(search.get('step') ?? '');
  const [said, setSaid] = useState('');
  // Bumped after each mapping, so the code list starts empty again (the step stays chosen).
  const [added, setAdded] = useState(0);
  const reload = () => {
    mappings.reload();
    evidence.reload();
  };
  const ready = version.state === 'ready' && mappings.state === 'ready';
  const nodes = version.state === 'ready' ? version.data.data.model.nodes : [];
  // Each change answers with the whole list: kept, so the next change starts from it even before the reload lands.
  const [latest, setLatest] = useState<Mapping[] | null>(null);
  const current = latest ?? (mappings.state === 'ready' ? mappings.data.data : []);
  const subs = mappings.state === 'ready' ? subCodeCounts(mappings.data.catalogue) : new Map<string, number>();
  // Each change sends the whole list, with the version this page last saw (If-Match). When someone else
  // changed the list meanwhile, the answer holds it as it is now: the page takes it up, so saving again
  // adds to (or removes from) their list instead of undoing it.
  const save = async (mappings: { nodeKey: string; codeId?: string | null; indicatorId?: string | null }[], onConflict: () => void) => {
    try {
      const answer = await put<{ data: Mapping[] }>(`${versionApi}/mappings`, { mappings });
      setLatest(answer.data);
      return answer.data;
    } catch (err) {
      if (isEditConflict(err)) {
        const now = (err.problem.current as { mappings?: Mapping[] } | undefined)?.mappings;
        if (now) setLatest(now);
        onConflict();
        reload();
      }
      throw err;
    }
  };
  const describe = (m: Pick<Mapping, 'code' | 'indicator' | 'evaluation'>) =>
    m.code
      ? `${m.code.familyLabel}: ${m.code.path}${withSubCodes(subs.get(m.code.id))}, ${m.evaluation?.title ?? ''}`
      : `Indicator: ${m.indicator?.label ?? ''}`;
  const add = useForm(async (v) => {
    const nodeKey = v.text('nodeKey');
    const what = v.text('what');
    const [kind, id] = what.split(':');
    const node = nodes.find((n) => n.key === nodeKey);
    if (!node) v.problems.push({ field: 'nodeKey', message: 'Choose the step to map' });
    if (!what) v.problems.push({ field: 'what', message: 'Choose a code or an indicator to map to the step' });
    else if (node && current.some((m) => m.nodeKey === nodeKey && (m.code?.id === id || m.indicator?.id === id)))
      v.problems.push({ field: 'what', message: `That is already mapped to “${node.label}”` });
    if (v.problems.length) throw new FormProblems(v.problems);
    const saved = await save(
      [...current.map(toInput), { nodeKey, codeId: kind === 'code' ? id : null, indicatorId: kind === 'indicator' ? id : null }],
      () => setSaid(''),
    );
    const made = saved.find((m) => m.nodeKey === nodeKey && (m.code?.id === id || m.indicator?.id === id));
    setSaid(`Mapped ${made ? describe(made) : 'it'} to “${node!.label}”.`);
    setAdded((n) => n + 1);
    reload();
  });
  const remove = async (m: Mapping, stepLabel: string) => {
    try {
      await save(current.filter((x) => x.id !== m.id).map(toInput), () =>
        setSaid(
          `Nothing was removed: someone else changed the mappings since you opened this page. They are shown as they are now; remove ${describe(m)} again if you still want to.`,
        ),
      );
    } catch (err) {
      if (isEditConflict(err)) return;
      throw err;
    }
    setSaid(`Removed ${describe(m)} from “${stepLabel}”.`);
    reload();
  };
  if (!ready) {
    if (version.state === 'error') return <Failed error={version.error} retry={version.reload} />;
    if (mappings.state === 'error') return <Failed error={mappings.error} retry={mappings.reload} />;
    return <Loading what="mapping" />;
  }
  const v = version.data.data;
  const { catalogue, abilities } = mappings.data;
  const ev = evidence.state === 'ready' ? evidence.data.data : { respondents: [], indicators: [] };
  const mappedEvaluations = [
    ...new Map(current.flatMap((m) => (m.evaluation ? [[m.evaluation.slug, m.evaluation] as const] : []))).values(),
  ];
  return (
    <Page
      title={`Evidence mapped – ${v.name} – ${v.theory.name} – ${programme.name}`}
      heading="Evidence mapped to the steps"
      caption={`${v.theory.name}: ${v.name}`}
      breadcrumbs={trail(v.theory.name, v.name)}
      wide
    >
      <p>
        Map each step to the codes in an evaluation that show it happened, or to a monitoring indicator. A code counts with its sub-codes: a
        respondent is at the step when they identified any code mapped to it. Respondents are people with consent given; groups smaller than
        the evaluation’s threshold are not shown.
      </p>
      <ul className="list">
        {mappedEvaluations.map((e) => (
          <li key={e.slug}>
            <Link href={`${home}/drawing?evaluation=${encodeURIComponent(e.slug)}`}>
              See the links tested against {e.title} on the drawing
            </Link>
          </li>
        ))}
        <li>
          <Link href={`${home}/validation`}>Test the links against the evidence, with your own thresholds</Link>
        </li>
      </ul>
      <p role="status">{said}</p>
      <Table caption="Steps and their evidence" head={['Step', 'Mapped to', 'Respondents', 'Latest indicator totals']}>
        {v.model.nodes.map((n) => {
          const mine = current.filter((m) => m.nodeKey === n.key);
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
                        {describe(m)}{' '}
                        {abilities.update && (
                          <button type="button" className="button secondary" onClick={() => void remove(m, n.label)}>
                            Remove
                            <span className="visually-hidden">
                              {' '}
                              {describe(m)} from {n.label}
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
            defaultValue={step}
            onChange={setStep}
            options={v.model.stages.flatMap((s) =>
              v.model.nodes.filter((n) => n.stage === s.key).map((n) => ({ value: n.key, label: n.label, group: s.label })),
            )}
          />
          <SelectField
            key={added}
            form={add}
            name="what"
            label="Code or indicator"
            hint="Codes are listed by evaluation, family by family. A code brings its sub-codes with it."
            empty="Choose a code or an indicator"
            options={choices(catalogue, subs)}
          />
          <Submit form={add}>Map to the step</Submit>
        </form>
      ) : (
        <NotAllowed>{ONLY_EDITORS}</NotAllowed>
      )}
    </Page>
  );
}
