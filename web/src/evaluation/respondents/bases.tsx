// Who was asked each code family's question (its base). The PCF review asked about self-identified
// outcomes of 109 people and about contexts and mechanisms of 120: each figure counts only those asked,
// so a person not asked is never counted as "did not mention". Evaluators and managers only.
import { useState } from 'react';
import { type EvaluationAnswer, type FamilyBase, type FamilyBaseSummary, put, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { Link } from '../../app/router.js';
import { ErrorSummary, type FieldError, FormProblems, Submit, TextArea, useForm } from '../../ui/forms.js';
import { Failed, Loading, Page, Panel, Table, plural } from '../../ui/index.js';
import { useEvaluationPaths } from '../words.js';

const askedWords = (b: { everyone: boolean; asked: number }) =>
  b.everyone ? `Everyone (${plural(b.asked, 'respondent')})` : plural(b.asked, 'respondent');

export function BasesPage({ slug }: { slug: string }) {
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const bases = useApi<{ data: FamilyBaseSummary[] }>(`${apiBase}/bases`);
  if (evaluation.state === 'loading' || bases.state === 'loading') return <Loading what="questions asked" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (bases.state === 'error') return <Failed error={bases.error} retry={bases.reload} />;
  const e = evaluation.data.data;
  return (
    <Page
      title={`Who was asked each question – ${e.title}`}
      heading="Who was asked each question"
      caption={e.title}
      breadcrumbs={trail(e.title)}
    >
      <p>
        Not every question is asked of everyone. Record who was asked each code family’s question: its figures and cross-tabs then count
        only those respondents, so someone who was not asked is not counted as not mentioning it.
      </p>
      <Table caption="Who was asked each code family’s question" head={['Code family', 'Asked', 'Counted', '']}>
        {bases.data.data.map((b) => (
          <tr key={b.key}>
            <th scope="row">{b.label}</th>
            <td>{askedWords(b)}</td>
            <td>{plural(b.counted, 'respondent')} with consent given</td>
            <td>
              <Link href={`${home}/bases/${encodeURIComponent(b.key)}`}>
                Change<span className="visually-hidden"> who was asked about {b.label}</span>
              </Link>
            </td>
          </tr>
        ))}
      </Table>
      <p>
        <Link href={home}>Back to {e.title}</Link> · <Link href={`${home}/crosstab`}>Cross-tabulate the codes</Link>
      </p>
    </Page>
  );
}

export function BaseEdit({ slug, family }: { slug: string; family: string }) {
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const loaded = useApi<{ data: FamilyBase }>(`${apiBase}/bases/${encodeURIComponent(family)}`);
  const [saved, setSaved] = useState<{ n: number; base: FamilyBase } | null>(null);
  if (evaluation.state === 'loading' || loaded.state === 'loading') return <Loading what="who was asked" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const e = evaluation.data.data;
  const b = saved?.base ?? loaded.data.data;
  return (
    <Page
      title={`Who was asked about ${b.family.label} – ${e.title}`}
      heading={`Who was asked about ${b.family.label}`}
      caption={e.title}
      breadcrumbs={[...trail(e.title), { href: `${home}/bases`, label: 'Who was asked each question' }]}
    >
      {saved && (
        <Panel key={saved.n} title="Saved">
          {b.everyone
            ? `Everyone in the evaluation was asked about ${b.family.label}.`
            : `${plural(b.asked, 'respondent')} ${b.asked === 1 ? 'was' : 'were'} asked about ${b.family.label}; ${plural(b.counted, 'respondent')} with consent given ${b.counted === 1 ? 'is' : 'are'} counted in its figures.`}
        </Panel>
      )}
      <p>
        Now: {askedWords(b).toLowerCase()}
        {b.everyone ? '' : `, of whom ${b.counted} gave consent and are counted; ${plural(b.notAsked, 'respondent')} not asked`}.
      </p>
      <BaseForm key={saved?.n ?? 0} apiBase={apiBase} base={b} onSaved={(base) => setSaved((s) => ({ n: (s?.n ?? 0) + 1, base }))} />
      <p>
        <Link href={`${home}/crosstab${qs({ family: b.family.key, by: 'participant_type' })}`}>See its cross-tab by participant type</Link>{' '}
        · <Link href={`${home}/bases`}>Every question</Link>
      </p>
    </Page>
  );
}

function BaseForm(props: { apiBase: string; base: FamilyBase; onSaved: (b: FamilyBase) => void }) {
  const b = props.base;
  const [who, setWho] = useState<'everyone' | 'listed'>(b.everyone ? 'everyone' : 'listed');
  const form = useForm(
    async (v) => {
      const everyone = v.text('who') === 'everyone';
      const refs = v
        .text('askedOf')
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const problems: FieldError[] = [];
      if (!everyone && refs.length === 0)
        problems.push({ field: 'askedOf', message: 'Enter the references of the respondents who were asked, one on each line' });
      if (problems.length) throw new FormProblems(problems);
      const { data } = await put<{ data: FamilyBase }>(`${props.apiBase}/bases/${encodeURIComponent(b.family.key)}`, {
        askedOf: everyone ? null : refs,
      });
      props.onSaved(data);
    },
    { fieldOf: (path) => (path[0] === 'askedOf' ? 'askedOf' : String(path[0] ?? '')) },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <div className="form-group">
        <fieldset className="fieldset">
          <legend className="legend">Who was asked about {b.family.label}?</legend>
          <div className="choices">
            <div className="choice">
              <input id="f-who" type="radio" name="who" value="everyone" checked={who === 'everyone'} onChange={() => setWho('everyone')} />
              <label htmlFor="f-who">Everyone in the evaluation</label>
            </div>
            <div className="choice">
              <input id="f-who-1" type="radio" name="who" value="listed" checked={who === 'listed'} onChange={() => setWho('listed')} />
              <label htmlFor="f-who-1">Only the respondents I list</label>
            </div>
          </div>
        </fieldset>
      </div>
      {who === 'listed' && (
        <TextArea
          form={form}
          name="askedOf"
          rows={8}
          label="References of the respondents who were asked"
          hint="One on each line, as in the respondents list (for example R-014). You can paste a column from a spreadsheet."
          defaultValue={(b.askedOf ?? []).join('\n')}
        />
      )}
      <Submit form={form}>Save who was asked</Submit>
    </form>
  );
}
