// Evaluation quality: context–mechanism–outcome configurations (which the programme's team may read,
// without combinations small enough to point at a person).
import type { ReactNode } from 'react';
import { type EvaluationAnswer, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { ErrorSummary, FormProblems, SelectField, Submit, TextField, useForm } from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, NotAllowed, Page, Table, Tag, plural } from '../../ui/index.js';
import { OUTCOME_FAMILY_LABEL, lift, percent, type Configurations, type Pair, usePaths } from './shared.js';

// ---------------------------------------------------------------- configurations

export function ConfigurationsPage({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, home, trail } = usePaths(slug);
  const { path, search } = useLocation();
  const outcomeFamily = search.get('outcomeFamily') ?? '';
  const minSupport = search.get('minSupport') ?? '';
  const participantType = search.get('participantType') ?? '';
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const result = useApi<Configurations>(`${apiBase}/configurations${qs({ outcomeFamily, minSupport, participantType })}`);
  const types = programme.vocabularies.participant_type ?? [];
  // A GET form: the choice lives in the address, so it can be bookmarked or shared; the number is checked first.
  const form = useForm(async (v) => {
    const n = v.text('minSupport');
    if (n && !/^[1-9]\d*$/.test(n))
      throw new FormProblems([
        { field: 'minSupport', message: 'Enter the smallest number of respondents as a whole number, 1 or more, such as 3' },
      ]);
    navigate(`${path}${qs({ outcomeFamily: v.text('outcomeFamily'), minSupport: n, participantType: v.text('participantType') })}`);
  });
  if (evaluation.state === 'loading') return <Loading what="configurations" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  const e = evaluation.data.data;

  let body: ReactNode;
  if (result.state === 'loading') body = <Loading what="configurations" />;
  else if (result.state === 'error') body = <Failed error={result.error} retry={result.reload} />;
  else body = <ConfigurationsResult answer={result.data} home={home} filters={{ participantType }} />;

  return (
    <Page title={`Configurations – ${e.title}`} heading="Configurations" caption={e.title} breadcrumbs={trail(e.title)} wide>
      <p>
        Which contexts, mechanisms and outcomes the same respondents identified together. <strong>Respondents</strong> is how many people
        identified all three. <strong>Lift</strong> compares that with what you would expect if the three were unrelated: 1 means no more
        often than chance, 2 means twice as often. People who withdrew their consent are never counted.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="search" aria-label="Choose which configurations to show">
        <ErrorSummary form={form} />
        <div className="search-fields">
          <SelectField
            key={`o-${outcomeFamily}`}
            form={form}
            name="outcomeFamily"
            label="Outcomes"
            defaultValue={outcomeFamily}
            options={Object.entries(OUTCOME_FAMILY_LABEL)
              .filter(([k]) => k)
              .map(([value, label]) => ({ value, label }))}
            empty={OUTCOME_FAMILY_LABEL['']}
          />
          <TextField
            key={`m-${minSupport}`}
            form={form}
            name="minSupport"
            label="Shared by at least (respondents)"
            hint={`Leave empty for ${e.disclosureThreshold}, the smallest group shown`}
            width="short"
            inputMode="numeric"
            defaultValue={minSupport}
          />
          {types.length > 0 && (
            <SelectField
              key={`p-${participantType}`}
              form={form}
              name="participantType"
              label="Participant type"
              defaultValue={participantType}
              options={types.map((t) => ({ value: t.label, label: t.label }))}
              empty="Everyone"
            />
          )}
        </div>
        <Submit form={form}>Show configurations</Submit>
      </form>
      {body}
    </Page>
  );
}

function cellHref(home: string, cell: { context?: string; mechanism?: string; outcome?: string }, filters: { participantType: string }) {
  return `${home}/configurations/respondents${qs({ ...cell, participantType: filters.participantType })}`;
}

function ConfigurationsResult({ answer, home, filters }: { answer: Configurations; home: string; filters: { participantType: string } }) {
  const r = answer.data;
  const drill = answer.abilities.respondents;
  const threshold = r.disclosureThreshold;
  const head = ['Rank', 'Context', 'Mechanism', 'Outcome', 'Respondents', 'Share of respondents', 'Lift', ...(drill ? ['Behind it'] : [])];
  return (
    <section aria-labelledby="configurations-result">
      <h2 id="configurations-result">Context → mechanism → outcome</h2>
      <p role="status">
        {plural(r.total, 'respondent')} counted. Showing combinations shared by {plural(r.minSupport, 'respondent')} or more
        {r.found.configurations > r.configurations.length ? ` (the first ${r.configurations.length} of ${r.found.configurations})` : ''}.
      </p>
      {r.raisedFrom !== null && (
        <p className="inset">
          Combinations shared by fewer than {threshold} respondents are not shown to you, because the people behind them could be
          recognised. Only the programme’s evaluators and managers see them.
        </p>
      )}
      {!drill && (
        <NotAllowed>Only the programme’s evaluators and managers can see the respondents and quotes behind a configuration.</NotAllowed>
      )}
      {r.configurations.length === 0 ? (
        <p>No combination of a context, a mechanism and an outcome is shared by that many respondents.</p>
      ) : (
        <Table caption="Configurations, most respondents first" head={head}>
          {r.configurations.map((c, i) => (
            <tr key={`${c.context.id}-${c.mechanism.id}-${c.outcome.id}`}>
              <td>{i + 1}</td>
              <td>{c.context.name}</td>
              <td>{c.mechanism.name}</td>
              <td>{c.outcome.name}</td>
              <td>
                {c.support}
                {c.small && (
                  <>
                    {' '}
                    <Tag tone="yellow">Fewer than {threshold}: do not publish</Tag>
                  </>
                )}
              </td>
              <td>{percent(c.share)}</td>
              <td>{lift(c.lift)}</td>
              {drill && (
                <td>
                  <Link href={cellHref(home, { context: c.context.id, mechanism: c.mechanism.id, outcome: c.outcome.id }, filters)}>
                    Respondents and quotes
                    <span className="visually-hidden">
                      {' '}
                      for {c.context.name}, {c.mechanism.name}, {c.outcome.name}
                    </span>
                  </Link>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      <PairTable
        title="Context → mechanism"
        pairs={r.contextMechanism}
        field={['context', 'mechanism']}
        drill={drill}
        home={home}
        filters={filters}
        threshold={threshold}
      />
      <PairTable
        title="Mechanism → outcome"
        pairs={r.mechanismOutcome}
        field={['mechanism', 'outcome']}
        drill={drill}
        home={home}
        filters={filters}
        threshold={threshold}
      />
    </section>
  );
}

function PairTable(props: {
  title: string;
  pairs: Pair[];
  field: ['context' | 'mechanism', 'mechanism' | 'outcome'];
  drill: boolean;
  home: string;
  filters: { participantType: string };
  threshold: number;
}) {
  const [from, to] = props.field;
  return (
    <>
      <h3>{props.title}</h3>
      {props.pairs.length === 0 ? (
        <p>No pair is shared by that many respondents.</p>
      ) : (
        <Table
          caption={`${props.title} pairs, most respondents first. “Of those with the ${from}” is the share of people who identified the ${from} who also identified the ${to}.`}
          head={[
            'Rank',
            from === 'context' ? 'Context' : 'Mechanism',
            to === 'mechanism' ? 'Mechanism' : 'Outcome',
            'Respondents',
            `Of those with the ${from}`,
            'Lift',
            ...(props.drill ? ['Behind it'] : []),
          ]}
        >
          {props.pairs.map((p, i) => (
            <tr key={`${p.from.id}-${p.to.id}`}>
              <td>{i + 1}</td>
              <td>{p.from.name}</td>
              <td>{p.to.name}</td>
              <td>
                {p.support}
                {p.small && (
                  <>
                    {' '}
                    <Tag tone="yellow">Fewer than {props.threshold}: do not publish</Tag>
                  </>
                )}
              </td>
              <td>{percent(p.confidence)}</td>
              <td>{lift(p.lift)}</td>
              {props.drill && (
                <td>
                  <Link href={cellHref(props.home, { [from]: p.from.id, [to]: p.to.id }, props.filters)}>
                    Respondents and quotes
                    <span className="visually-hidden">
                      {' '}
                      for {p.from.name}, {p.to.name}
                    </span>
                  </Link>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
