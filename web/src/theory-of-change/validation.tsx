// Theory of change: each link tested against an evaluation — respondents at its start, at its end and at
// both, lift, and its class — with the evaluator's thresholds, links the evidence suggests (accepting one
// makes a new draft) and flags; from a link, the respondents and quotes behind it.
import { type Evaluation, type ListAnswer, post, put, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { ErrorSummary, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, Page, Table } from '../ui/index.js';
import { CLASS_WORDS, ClassTag, type Validation, type VersionRecord, useTocPaths } from './shared.js';

const count = (n: number | null | undefined, mapped = true) =>
  !mapped ? (
    <span className="muted">Not mapped</span>
  ) : n === null || n === undefined ? (
    <span className="muted">Hidden</span>
  ) : (
    n.toLocaleString('en-GB')
  );

export function ValidationPage({ theoryId, versionId }: { theoryId: string; versionId: string }) {
  const { api, programme, theoryApi, theory, versionApi, version: home, trail } = useTocPaths(theoryId, versionId);
  const { search } = useLocation();
  const version = useApi<{ data: VersionRecord }>(versionApi);
  const evaluations = useApi<ListAnswer<Evaluation>>(`${api}/evaluations?pageSize=200`);
  const list = evaluations.state === 'ready' ? evaluations.data.data : [];
  const chosen = search.get('evaluation') ?? list[0]?.slug ?? null;
  const query = qs({
    evaluation: chosen,
    minBoth: search.get('minBoth'),
    supportLift: search.get('supportLift'),
    contradictLift: search.get('contradictLift'),
  });
  const result = useApi<{ data: Validation }>(chosen ? `${versionApi}/validation${query}` : null);
  const choose = useForm(async (v) => {
    navigate(
      `${home}/validation${qs({ evaluation: v.text('evaluation'), minBoth: v.text('minBoth'), supportLift: v.text('supportLift'), contradictLift: v.text('contradictLift') })}`,
    );
  });
  const save = useForm(async (v) => {
    const n = (name: string, words: string) => v.number(name, words);
    const body = {
      minBoth: n('minBoth', 'Respondents at both ends must be a number'),
      supportLift: n('supportLift', 'The lift for “supported” must be a number'),
      contradictLift: n('contradictLift', 'The lift for “contradicted” must be a number'),
    };
    await put(`${theoryApi}/thresholds/${encodeURIComponent(chosen ?? '')}`, body);
    navigate(`${home}/validation${qs({ evaluation: chosen })}`);
    result.reload();
  });
  const accept = async (from: string, to: string) => {
    const made = await post<{ data: VersionRecord }>(`${versionApi}/suggestions/accept`, { from, to });
    navigate(`${theory}/versions/${made.data.id}`);
  };
  if (version.state === 'loading' || evaluations.state === 'loading') return <Loading what="test of the links" />;
  if (version.state === 'error') return <Failed error={version.error} retry={version.reload} />;
  if (evaluations.state === 'error') return <Failed error={evaluations.error} retry={evaluations.reload} />;
  const v = version.data.data;
  const r = result.state === 'ready' ? result.data.data : null;
  const t = r?.thresholds;
  return (
    <Page
      title={`Links tested – ${v.name} – ${v.theory.name} – ${programme.name}`}
      heading="Links tested against the evidence"
      caption={`${v.theory.name}: ${v.name}`}
      breadcrumbs={trail(v.theory.name, v.name)}
      wide
    >
      <p>
        For each link: how many respondents (consent given) identified a code mapped to its start, to its end and to both, and the lift: how
        many times more often both were identified than chance alone would give. A link is <strong>supported</strong> when enough
        respondents are at both ends and the lift is high enough, <strong>contradicted</strong> when the lift is low although chance alone
        would have put enough at both ends, <strong>untested</strong> when an end has no mapped code, and <strong>weak</strong> otherwise
        (also when codes are mapped to both ends but nobody identified an end’s codes: such a link has no lift).
      </p>
      {list.length === 0 ? (
        <p>The programme has no evaluation to test the links against yet.</p>
      ) : (
        <form
          onSubmit={choose.onSubmit}
          noValidate
          aria-label="Evaluation and thresholds"
          key={`${chosen}-${t?.minBoth}-${t?.supportLift}-${t?.contradictLift}`}
        >
          <ErrorSummary form={choose} />
          <SelectField
            form={choose}
            name="evaluation"
            label="Evaluation"
            defaultValue={chosen}
            options={list.map((e) => ({ value: e.slug, label: e.title }))}
          />
          <TextField
            form={choose}
            name="minBoth"
            label="Respondents at both ends to call a link supported"
            hint="Default 5"
            width="short"
            inputMode="numeric"
            defaultValue={t?.minBoth}
          />
          <TextField
            form={choose}
            name="supportLift"
            label="Lift at or above which a link is supported"
            hint="Default 1.2"
            width="short"
            inputMode="decimal"
            defaultValue={t?.supportLift}
          />
          <TextField
            form={choose}
            name="contradictLift"
            label="Lift at or below which a link is contradicted"
            hint="Default 0.8"
            width="short"
            inputMode="decimal"
            defaultValue={t?.contradictLift}
          />
          <Submit form={choose}>Test the links</Submit>
        </form>
      )}
      {result.state === 'error' && <Failed error={result.error} retry={result.reload} />}
      {result.state === 'loading' && chosen && <Loading what="test of the links" />}
      {r && (
        <>
          <h2>
            Against {r.evaluation.title}: {r.total === null ? 'a small number of' : r.total.toLocaleString('en-GB')} respondents
          </h2>
          <p className="hint">
            Counts under {r.disclosureThreshold} are hidden to protect respondents, and the lift with them. Thresholds:{' '}
            {r.thresholds.saved ? 'set for this theory' : 'the defaults'}.
          </p>
          <Table caption="Links" head={['From', 'To', 'At the start', 'At the end', 'At both', 'Lift', 'Class', 'Why']}>
            {r.links.map((l) => (
              <tr key={l.key}>
                <th scope="row">{l.fromLabel}</th>
                <td>{l.toLabel}</td>
                <td>{count(l.respondentsFrom, l.status !== 'untested' || l.respondentsFrom !== null)}</td>
                <td>{count(l.respondentsTo, l.status !== 'untested' || l.respondentsTo !== null)}</td>
                <td>
                  {l.status === 'untested' ? (
                    <span className="muted">–</span>
                  ) : (
                    <Link href={`${home}/links/${encodeURIComponent(l.key)}?evaluation=${encodeURIComponent(r.evaluation.slug)}`}>
                      {l.respondentsBoth === null ? 'Hidden' : l.respondentsBoth.toLocaleString('en-GB')}
                      <span className="visually-hidden">
                        {' '}
                        respondents behind {l.fromLabel} → {l.toLabel}
                      </span>
                    </Link>
                  )}
                </td>
                <td>{l.lift === null ? <span className="muted">–</span> : l.lift.toFixed(2)}</td>
                <td>
                  <ClassTag status={l.status} />
                </td>
                <td>{l.reason}</td>
              </tr>
            ))}
          </Table>
          <h2>Steps</h2>
          <Table caption="Respondents at each step" head={['Step', 'Respondents']}>
            {r.nodes.map((n) => (
              <tr key={n.key}>
                <th scope="row">{n.label}</th>
                <td>{count(n.respondents, n.mapped)}</td>
              </tr>
            ))}
          </Table>
          <h2>Links the evidence does not bear out</h2>
          {r.flags.length === 0 ? (
            <p>None: every tested link is supported.</p>
          ) : (
            <ul>
              {r.flags.map((f) => (
                <li key={f.key}>
                  <strong>{CLASS_WORDS[f.status]}:</strong> {f.words}
                </li>
              ))}
            </ul>
          )}
          <h2>Links the evidence suggests</h2>
          {r.suggestions.length === 0 ? (
            <p>None: no two unjoined steps go together as strongly as a supported link.</p>
          ) : (
            <Table caption="Suggested links" head={['From', 'To', 'At both', 'Lift', '']}>
              {r.suggestions.map((s) => (
                <tr key={`${s.from}-${s.to}`}>
                  <th scope="row">{s.fromLabel}</th>
                  <td>{s.toLabel}</td>
                  <td>{s.respondentsBoth?.toLocaleString('en-GB')}</td>
                  <td>{s.lift?.toFixed(2)}</td>
                  <td>
                    <button type="button" className="button secondary" onClick={() => void accept(s.from, s.to)}>
                      Add as a new draft
                      <span className="visually-hidden">
                        : {s.fromLabel} → {s.toLabel}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <p>
            <a href={`${versionApi}/validation${qs({ evaluation: r.evaluation.slug, format: 'csv' })}`} download>
              Download the links as CSV
            </a>
            {' · '}
            <a href={`${versionApi}/export${qs({ format: 'svg', evaluation: r.evaluation.slug })}`} download>
              the drawing coloured by class (SVG)
            </a>
          </p>
          <ThresholdsForm form={save} evaluation={r.evaluation.title} />
        </>
      )}
    </Page>
  );
}

function ThresholdsForm({ form, evaluation }: { form: ReturnType<typeof useForm>; evaluation: string }) {
  return (
    <>
      <h2 id="save-thresholds">Keep these thresholds</h2>
      <form onSubmit={form.onSubmit} noValidate aria-labelledby="save-thresholds">
        <ErrorSummary form={form} />
        <p>Save thresholds for testing this theory against {evaluation}, so everyone sees the same classes (managers and evaluators).</p>
        <TextField form={form} name="minBoth" label="Respondents at both ends" width="short" inputMode="numeric" defaultValue={5} />
        <TextField form={form} name="supportLift" label="Lift for supported" width="short" inputMode="decimal" defaultValue={1.2} />
        <TextField form={form} name="contradictLift" label="Lift for contradicted" width="short" inputMode="decimal" defaultValue={0.8} />
        <Submit form={form}>Save thresholds</Submit>
      </form>
    </>
  );
}
