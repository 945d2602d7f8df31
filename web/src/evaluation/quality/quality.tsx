// Evaluation quality: context–mechanism–outcome configurations (which the programme's team may read,
// without combinations small enough to point at a person), the respondents and publishable quotes behind
// a configuration (evaluators and managers), and agreement between two coders with blind coding.
import { Fragment, type ReactNode, useState } from 'react';
import { type EvaluationAnswer, patch, qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextField, useForm } from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, NotAllowed, NotFound, Page, Table, Tag, plural } from '../../ui/index.js';

// ---- the API's answers (see src/modules/evaluation/quality-routes.ts)

interface CodeRef {
  id: string;
  name: string;
  family: string;
}
interface Configurations {
  data: {
    total: number;
    minSupport: number;
    raisedFrom: number | null;
    disclosureThreshold: number;
    outcomeFamilies: { key: string; label: string }[];
    found: { configurations: number; contextMechanism: number; mechanismOutcome: number };
    configurations: {
      context: CodeRef;
      mechanism: CodeRef;
      outcome: CodeRef;
      support: number;
      share: number;
      lift: number;
      small: boolean;
    }[];
    contextMechanism: Pair[];
    mechanismOutcome: Pair[];
  };
  abilities: { respondents: boolean };
}
interface Pair {
  from: CodeRef;
  to: CodeRef;
  support: number;
  share: number;
  lift: number;
  confidence: number;
  small: boolean;
}
interface CellAnswer {
  data: {
    cell: { context: CodeRef | null; mechanism: CodeRef | null; outcome: CodeRef | null };
    total: number;
    found: number;
    respondents: {
      id: string;
      ref: string;
      participantType: string | null;
      project: string | null;
      themes: string[];
      place: string | null;
      quotes: { id: string; text: string; attribution: string }[];
    }[];
  };
}
interface Reading {
  band: string | null;
  label: string;
  meaning: string;
}
interface Kappa {
  observed: number | null;
  expected: number | null;
  kappa: number | null;
  reason: string | null;
  reading: Reading;
}
interface Person {
  id: string;
  name: string;
  email: string;
}
interface AgreementAnswer {
  data: {
    family: { key: string; label: string } | null;
    coders: (Person & { respondents: number })[];
    agreement: {
      coderA: Person;
      coderB: Person;
      respondents: number;
      onlyCodedByA: number;
      onlyCodedByB: number;
      perCode: (Kappa & {
        codeId: string;
        code: string;
        familyLabel: string;
        both: number;
        onlyA: number;
        onlyB: number;
        neither: number;
      })[];
      overall: Kappa & { codes: number; codesWithoutVariation: number };
    } | null;
  };
}

const OUTCOME_FAMILY_LABEL: Record<string, string> = {
  '': 'Short-term and long-term outcomes',
  short_term_outcome: 'Short-term outcomes only',
  long_term_outcome: 'Long-term outcomes only',
};

const lift = (n: number) => n.toFixed(2);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const kappa = (k: number | null) => (k === null ? 'Not worked out' : k.toFixed(2));

function usePaths(slug: string) {
  const { api, base, crumbs } = useProgramme();
  const apiBase = `${api}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const trail = (title: string, ...more: { href: string; label: string }[]) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, { href: home, label: title }, ...more);
  return { apiBase, home, trail };
}

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

// ---------------------------------------------------------------- the respondents behind a cell

export function ConfigurationRespondents({ slug }: { slug: string }) {
  const { apiBase, home, trail } = usePaths(slug);
  const { search } = useLocation();
  const query = qs({
    context: search.get('context'),
    mechanism: search.get('mechanism'),
    outcome: search.get('outcome'),
    participantType: search.get('participantType'),
  });
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const cell = useApi<CellAnswer>(
    evaluation.state === 'ready' && evaluation.data.abilities.respondents ? `${apiBase}/configurations/respondents${query}` : null,
  );
  if (evaluation.state === 'loading') return <Loading what="respondents" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  const e = evaluation.data.data;
  const crumbs = trail(e.title, { href: `${home}/configurations`, label: 'Configurations' });
  if (!evaluation.data.abilities.respondents) {
    return (
      <Page
        title={`Respondents behind a configuration – ${e.title}`}
        heading="Respondents behind a configuration"
        caption={e.title}
        breadcrumbs={crumbs}
      >
        <NotAllowed>
          Only the programme’s evaluators and managers can see which respondents are behind a configuration, because they are records about
          people.
        </NotAllowed>
      </Page>
    );
  }
  if (cell.state === 'loading') return <Loading what="respondents" />;
  if (cell.state === 'error') {
    if (cell.error.status === 422)
      return (
        <NotFound detail="That configuration names a code this evaluation does not have. Go back to the configurations and choose one." />
      );
    return <Failed error={cell.error} retry={cell.reload} />;
  }
  const { cell: c, respondents, total, found } = cell.data.data;
  const names = [c.context, c.mechanism, c.outcome].filter((x): x is CodeRef => x !== null).map((x) => x.name);
  const withQuotes = respondents.filter((r) => r.quotes.length > 0);
  return (
    <Page
      title={`${names.join(' → ')} – ${e.title}`}
      heading={names.join(' → ')}
      caption="Respondents behind a configuration"
      breadcrumbs={crumbs}
    >
      <p role="status">
        {plural(found, 'respondent')} of the {total} counted identified{' '}
        {names.length === 1 ? 'this code' : `all ${names.length} of these codes`}
        {found > respondents.length ? ` (the first ${respondents.length} by reference are listed)` : ''}. People who withdrew their consent
        are not listed.
      </p>
      {respondents.length > 0 && (
        <Table caption="Respondents" head={['Reference', 'Participant type', 'Project', 'Quotes that may be published']}>
          {respondents.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`${home}/respondents/${r.id}`}>{r.ref}</Link>
              </th>
              <td>{r.participantType ?? <span className="muted">Not recorded</span>}</td>
              <td>{r.project ?? <span className="muted">Not recorded</span>}</td>
              <td>{r.quotes.length}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>What they said</h2>
      {withQuotes.length === 0 ? (
        <p>None of these respondents has a quote marked as one that may be published.</p>
      ) : (
        withQuotes.map((r) => (
          <Fragment key={r.id}>
            {r.quotes.map((q) => (
              <figure key={q.id} className="inset">
                <blockquote>
                  <p>“{q.text}”</p>
                </blockquote>
                <figcaption>
                  {q.attribution} <span className="muted">({r.ref})</span>
                </figcaption>
              </figure>
            ))}
          </Fragment>
        ))
      )}
      <p>
        <Link href={`${home}/configurations`}>Back to the configurations</Link>
      </p>
    </Page>
  );
}

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
