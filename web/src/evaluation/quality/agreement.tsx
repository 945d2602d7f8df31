// Evaluation quality: agreement between two coders (kappa for each code), with the blind coding switch.
import { useState } from 'react';
import { type EvaluationAnswer, patch, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, useForm } from '../../ui/forms.js';
import { navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, NotAllowed, Page, Table, plural } from '../../ui/index.js';
import { kappa, percent, type AgreementAnswer, usePaths } from './shared.js';

// ---------------------------------------------------------------- agreement between coders

export function AgreementPage({ slug }: { slug: string }) {
  const { apiBase, trail } = usePaths(slug);
  const { path, search } = useLocation();
  const coderA = search.get('coderA') ?? '';
  const coderB = search.get('coderB') ?? '';
  const family = search.get('family') ?? '';
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const codebook = useApi<{ data: { key: string; label: string; codes: unknown[] }[] }>(`${apiBase}/codebook`);
  const allowed = evaluation.state === 'ready' && evaluation.data.abilities.respondents;
  const coders = useApi<AgreementAnswer>(allowed ? `${apiBase}/agreement` : null);
  const result = useApi<AgreementAnswer>(allowed && coderA && coderB ? `${apiBase}/agreement${qs({ coderA, coderB, family })}` : null);
  const [blind, setBlind] = useState<boolean | null>(null);
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    const a = v.text('coderA');
    const b = v.text('coderB');
    if (!a) problems.push({ field: 'coderA', message: 'Choose the first coder' });
    if (!b) problems.push({ field: 'coderB', message: 'Choose the second coder' });
    else if (a && a === b) problems.push({ field: 'coderB', message: 'Choose a different person from the first coder' });
    if (problems.length) throw new FormProblems(problems);
    navigate(`${path}${qs({ coderA: a, coderB: b, family: v.text('family') })}`);
  });
  const blindForm = useForm(async () => {
    const now = !(blind ?? (evaluation.state === 'ready' && evaluation.data.data.blindCoding));
    const { data } = await patch<EvaluationAnswer>(apiBase, { blindCoding: now });
    setBlind(data.blindCoding);
  });
  if (evaluation.state === 'loading' || codebook.state === 'loading') return <Loading what="coding agreement" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (codebook.state === 'error') return <Failed error={codebook.error} retry={codebook.reload} />;
  const e = evaluation.data.data;
  const heading = 'Coding agreement';
  if (!allowed) {
    return (
      <Page title={`${heading} – ${e.title}`} heading={heading} caption={e.title} breadcrumbs={trail(e.title)}>
        <NotAllowed>
          Only the programme’s evaluators and managers can compare coders, because it means reading how each respondent was coded.
        </NotAllowed>
      </Page>
    );
  }
  const isBlind = blind ?? e.blindCoding;
  const people = coders.state === 'ready' ? coders.data.data.coders : [];
  return (
    <Page title={`${heading} – ${e.title}`} heading={heading} caption={e.title} breadcrumbs={trail(e.title)} wide>
      <p>
        Two people code the same respondents without seeing each other’s ticks. Cohen’s kappa then says how far they agree beyond what
        chance alone would give: 1 is full agreement, 0 is no better than chance.
      </p>

      <h2 id="blind-coding">Blind coding</h2>
      <p role="status">
        {isBlind
          ? 'Blind coding is on: on a respondent’s page each coder sees only the codes they ticked themselves.'
          : 'Blind coding is off: on a respondent’s page everyone sees the codes others have ticked.'}
      </p>
      <p className="hint">
        Turn it on before a second person codes the same respondents, and off once you have compared them. The cross-tab, matrix and
        configurations count everyone’s codes whichever way it is set, so coders should not open them until they are done.
      </p>
      <form onSubmit={blindForm.onSubmit} noValidate aria-labelledby="blind-coding">
        <ErrorSummary form={blindForm} />
        <Submit form={blindForm}>{isBlind ? 'Turn blind coding off' : 'Turn blind coding on'}</Submit>
      </form>

      <h2 id="compare">Compare two coders</h2>
      {coders.state === 'loading' ? (
        <Loading what="coders" />
      ) : coders.state === 'error' ? (
        <Failed error={coders.error} retry={coders.reload} />
      ) : people.length < 2 ? (
        <p>Fewer than two people have ticked codes for respondents in this evaluation yet, so there is nobody to compare.</p>
      ) : (
        <form onSubmit={form.onSubmit} noValidate aria-labelledby="compare">
          <ErrorSummary form={form} />
          <div className="search-fields">
            {(['coderA', 'coderB'] as const).map((field, i) => (
              <SelectField
                key={`${field}-${field === 'coderA' ? coderA : coderB}`}
                form={form}
                name={field}
                label={i === 0 ? 'First coder' : 'Second coder'}
                defaultValue={field === 'coderA' ? coderA : coderB}
                empty="Choose a person"
                options={people.map((p) => ({ value: p.id, label: `${p.name} (${plural(p.respondents, 'respondent')} coded)` }))}
              />
            ))}
            <SelectField
              key={`f-${family}`}
              form={form}
              name="family"
              label="Codes to compare"
              defaultValue={family}
              empty="Every code"
              options={codebook.data.data.filter((f) => f.codes.length > 0).map((f) => ({ value: f.key, label: f.label }))}
            />
          </div>
          <Submit form={form}>Compare</Submit>
        </form>
      )}
      {coderA &&
        coderB &&
        (result.state === 'loading' ? (
          <Loading what="agreement" />
        ) : result.state === 'error' ? (
          <Failed error={result.error} retry={result.reload} />
        ) : (
          <AgreementResult answer={result.data} />
        ))}
    </Page>
  );
}

function AgreementResult({ answer }: { answer: AgreementAnswer }) {
  const g = answer.data.agreement;
  if (!g) return null;
  const o = g.overall;
  const scope = answer.data.family ? answer.data.family.label.toLowerCase() : 'every code';
  return (
    <section aria-labelledby="agreement-result">
      <h2 id="agreement-result">
        {g.coderA.name} and {g.coderB.name}
      </h2>
      <p>
        Both coded {plural(g.respondents, 'respondent')} with consent given
        {g.onlyCodedByA || g.onlyCodedByB
          ? `; ${g.coderA.name} alone coded ${g.onlyCodedByA} more and ${g.coderB.name} alone ${g.onlyCodedByB}, who are not compared`
          : ''}
        . A respondent counts as coded by someone once they have ticked at least one code for them.
      </p>
      <div className="inset">
        <h3>
          Overall kappa for {scope}: {kappa(o.kappa)}
        </h3>
        <p>{o.kappa === null ? o.reason : `${o.reading.label} agreement. ${o.reading.meaning}`}</p>
      </div>
      <p className="hint">
        The overall figure is the pooled kappa (De Vries and others, 2008): the coders’ agreement and chance agreement are each averaged
        over the {plural(o.codes, 'code')}, so a rarely used code does not swing it.
        {o.codesWithoutVariation > 0 &&
          ` ${plural(o.codesWithoutVariation, 'code')} had the same answer from both coders for everyone; they count as full agreement in it.`}{' '}
        Readings follow a common rule of thumb (Landis and Koch, 1977): slight up to 0.20, fair up to 0.40, moderate up to 0.60, substantial
        up to 0.80, almost perfect above that.
      </p>
      <Table
        caption={`Agreement per code between ${g.coderA.name} and ${g.coderB.name}`}
        head={['Code', 'Both ticked', `Only ${g.coderA.name}`, `Only ${g.coderB.name}`, 'Neither', 'Agree on', 'Kappa', 'What it means']}
      >
        {g.perCode.map((p) => (
          <tr key={p.codeId}>
            <th scope="row">
              {p.code}
              {!answer.data.family && <span className="muted"> ({p.familyLabel})</span>}
            </th>
            <td>{p.both}</td>
            <td>{p.onlyA}</td>
            <td>{p.onlyB}</td>
            <td>{p.neither}</td>
            <td>{p.observed === null ? '–' : percent(p.observed)}</td>
            <td>{kappa(p.kappa)}</td>
            <td>
              {p.kappa === null ? (
                p.reason
              ) : (
                <>
                  <strong>{p.reading.label}.</strong> {p.reading.meaning}
                </>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
