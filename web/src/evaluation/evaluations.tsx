// Evaluation: a programme's realist evaluations, each with its codebook, its respondents (by a
// pseudonymous reference, with their consent), the codes each respondent identified, and the cross-tab
// behind the review's figures. Respondent-level pages are for evaluators and managers only (the API
// refuses everyone else); the cross-tab shows aggregates to the programme's whole team.
import { type FormEvent, Fragment, type ReactNode, useId, useState } from 'react';
import {
  CROSSTAB_BY,
  type CodeFamily,
  type CodeNode,
  type ConsentStatus,
  type Crosstab,
  type Evaluation,
  type EvaluationAnswer,
  type ListAnswer,
  type Project,
  type RespondentDetail,
  type Respondent,
  post,
  put,
  qs,
} from '../api/index.js';
import { useApi, useSession } from '../app/data.js';
import { RespondentQuotes } from './evidence/evidence.js';
import { codingsConflict } from '../ui/record-conflicts.js';
import {
  Checkbox,
  ErrorSummary,
  type FieldError,
  FormProblems,
  SelectField,
  Submit,
  SubmitOrCancel,
  TextField,
  useForm,
} from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { CrosstabChart, FiguresDownload } from './figures/figures.js';
import { FiguresReport } from './report/report.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import {
  Failed,
  Loading,
  NotAllowed,
  NotFound,
  Page,
  Panel,
  SummaryList,
  Table,
  Tag,
  formatDate,
  formatDateTime,
  plural,
} from '../ui/index.js';

const CONSENT_LABEL: Record<ConsentStatus, string> = { given: 'Consent given', withdrawn: 'Consent withdrawn' };
const ConsentTag = ({ status }: { status: ConsentStatus }) => (
  <Tag tone={status === 'given' ? 'green' : 'red'}>{CONSENT_LABEL[status]}</Tag>
);

const BY_LABEL: Record<(typeof CROSSTAB_BY)[number], string> = {
  participant_type: 'Participant type',
  theme: 'Theme',
  coproduction_model: 'Co-production model',
  place: 'Place',
  phase: 'Phase',
};

const ONLY_EVALUATORS =
  'Only the programme’s evaluators and managers can see and change respondents, because they are records about people.';

/** Addresses and breadcrumbs inside one evaluation. */
function useEvaluationPaths(slug: string) {
  const { api, base, crumbs } = useProgramme();
  const apiBase = `${api}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const trail = (title?: string) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, ...(title ? [{ href: home, label: title }] : []));
  return { apiBase, home, trail };
}

// ---------------------------------------------------------------- the list of evaluations

export function Evaluations() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<ListAnswer<Evaluation>>(`${api}/evaluations?pageSize=200`);
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    if (!v.text('title')) problems.push({ field: 'title', message: 'Enter a title for the evaluation' });
    if (!v.text('slug')) problems.push({ field: 'slug', message: 'Enter a short name for web addresses' });
    if (problems.length) throw new FormProblems(problems);
    const { data } = await post<EvaluationAnswer>(`${api}/evaluations`, { title: v.text('title'), slug: v.text('slug') });
    navigate(`${base}/evaluations/${encodeURIComponent(data.slug)}`);
  });
  if (loaded.state === 'loading') return <Loading what="evaluations" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: list, abilities } = loaded.data;
  return (
    <Page title={`Evaluations – ${programme.name}`} heading="Evaluations" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        An evaluation keeps a codebook, the people who took part (by a reference, never a name) with their consent, and the codes each
        person identified. From those it counts, for every group, how many people identified each code.
      </p>
      {list.length === 0 ? (
        <p>There are no evaluations yet.</p>
      ) : (
        <Table caption="Evaluations" head={['Evaluation', 'Short name', 'Smallest group shown', 'Started']}>
          {list.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <Link href={`${base}/evaluations/${encodeURIComponent(e.slug)}`}>{e.title}</Link>
                {e.description && <div className="hint">{e.description}</div>}
              </th>
              <td>{e.slug}</td>
              <td>{plural(e.disclosureThreshold, 'respondent')}</td>
              <td>{formatDate(e.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2 id="new-evaluation">Start an evaluation</h2>
      {abilities.create ? (
        <form onSubmit={form.onSubmit} noValidate aria-labelledby="new-evaluation">
          <ErrorSummary form={form} />
          <TextField form={form} name="title" label="Title" hint="For example, People and Communities Fund review 2025" />
          <TextField
            form={form}
            name="slug"
            label="Short name for web addresses"
            hint="Lower-case letters, numbers and hyphens, for example pcf-review-2025"
            width="medium"
            spellCheck={false}
          />
          <Submit form={form}>Start evaluation</Submit>
        </form>
      ) : (
        <NotAllowed>Only the programme’s evaluators and managers can start an evaluation.</NotAllowed>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- one evaluation

function CodeTree({ codes }: { codes: CodeNode[] }) {
  return (
    <ul className="code-tree">
      {codes.map((c) => (
        <li key={c.id}>
          {c.name}
          {c.description && <span className="muted"> – {c.description}</span>}
          {c.children.length > 0 && <CodeTree codes={c.children} />}
        </li>
      ))}
    </ul>
  );
}

export function EvaluationRecord({ slug }: { slug: string }) {
  const { programme, api } = useProgramme();
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const loaded = useApi<EvaluationAnswer>(apiBase);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const projects = useApi<ListAnswer<Project>>(`${api}/projects?pageSize=200`);
  // Remounting the list and the form after each respondent added shows the new row and clears the fields.
  const [added, setAdded] = useState<{ n: number; ref: string; id: string } | null>(null);
  if (loaded.state === 'loading') return <Loading what="evaluation" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: e, abilities } = loaded.data;
  const types = programme.vocabularies.participant_type ?? [];
  const projectList = projects.state === 'ready' ? projects.data.data : [];
  return (
    <Page title={`${e.title} – ${programme.name}`} heading={e.title} caption="Evaluation" breadcrumbs={trail()}>
      {/* The demo's synthetic evaluation says here, first, that nobody in it is real. */}
      {e.description && <p className="inset">{e.description}</p>}
      {added && (
        <Panel key={added.n} title={`Respondent ${added.ref} added`}>
          <p>
            <Link href={`${home}/respondents/${added.id}`}>Tick the codes {added.ref} identified</Link>
          </p>
        </Panel>
      )}
      <p>
        <Link href={`${home}/crosstab`}>Cross-tabulate the codes</Link>: how many respondents identified each code, overall or by group.
      </p>
      {abilities.respondents && (
        <p>
          <Link href={`${home}/transcripts`}>Transcripts</Link>: upload interview and workshop transcripts and code passages of them for
          respondents.
        </p>
      )}
      <p>
        <Link href={`${home}/configurations`}>Find configurations</Link>: which contexts, mechanisms and outcomes the same respondents
        identified together.
      </p>
      {abilities.respondents && (
        <p>
          <Link href={`${home}/agreement`}>Check coding agreement</Link> between two coders, and turn blind coding on or off.
        </p>
      )}

      <h2>Figures</h2>
      {/* Evaluators and managers follow the report as it is made; others download it in one go. */}
      {abilities.respondents ? <FiguresReport apiBase={apiBase} /> : <FiguresDownload href={`/api/v1${apiBase}/figures.docx`} />}

      <h2>Codebook</h2>
      <p>
        <Link href={`${home}/codebook`}>Open the codebook</Link> to add, rename, move, merge or split codes, see its history, or move it to
        and from a QDA program (.qdc).
      </p>
      {codebook.state === 'loading' ? (
        <Loading what="codebook" />
      ) : codebook.state === 'error' ? (
        <Failed error={codebook.error} retry={codebook.reload} />
      ) : (
        <ul className="code-families">
          {codebook.data.data.map((f) => (
            <li key={f.id}>
              <strong>{f.label}</strong>
              {f.codes.length === 0 ? <span className="muted"> – no codes yet</span> : <CodeTree codes={f.codes} />}
            </li>
          ))}
        </ul>
      )}

      <h2>Respondents</h2>
      {!abilities.respondents ? (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      ) : (
        <>
          <ListView<Respondent>
            key={added?.n ?? 0}
            api={`${apiBase}/respondents`}
            noun={['respondent', 'respondents']}
            caption="Respondents"
            searchLabel="Search by reference"
            filters={[
              { name: 'participantType', label: 'Participant type', options: types.map((t) => ({ value: t.label, label: t.label })) },
            ]}
            columns={[
              { head: 'Reference', cell: (r) => <Link href={`${home}/respondents/${r.id}`}>{r.ref}</Link> },
              { head: 'Participant type', cell: (r) => r.participantType ?? <span className="muted">Not recorded</span> },
              { head: 'Project', cell: (r) => r.project?.name ?? <span className="muted">Not recorded</span> },
              { head: 'Consent', cell: (r) => <ConsentTag status={r.consent} /> },
            ]}
          />
          <AddRespondent
            key={`form-${added?.n ?? 0}`}
            apiBase={apiBase}
            types={types.map((t) => t.label)}
            projects={projectList}
            onAdded={(r) => setAdded((a) => ({ n: (a?.n ?? 0) + 1, ref: r.ref, id: r.id }))}
          />
        </>
      )}
    </Page>
  );
}

function AddRespondent(props: { apiBase: string; types: string[]; projects: Project[]; onAdded: (r: RespondentDetail) => void }) {
  const { base } = useProgramme();
  const form = useForm(
    async (v) => {
      const problems: FieldError[] = [];
      if (!v.text('ref')) problems.push({ field: 'ref', message: 'Enter a reference for the respondent, such as R-014' });
      if (!v.checked('consent'))
        problems.push({ field: 'consent', message: 'Confirm the person has given their consent, or do not add them' });
      if (problems.length) throw new FormProblems(problems);
      const { data } = await post<{ data: RespondentDetail }>(`${props.apiBase}/respondents`, {
        ref: v.text('ref'),
        participantType: v.nullable('participantType'),
        projectId: v.nullable('projectId'),
        consent: { status: 'given', ...(v.text('scope') ? { scope: v.text('scope') } : {}) },
      });
      props.onAdded(data);
    },
    { fieldOf: (path) => (path[0] === 'consent' ? (path[1] === 'scope' ? 'scope' : 'consent') : String(path[0] ?? '')) },
  );
  return (
    <section aria-labelledby="add-respondent" className="inset">
      <h2 id="add-respondent">Add a respondent</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField
          form={form}
          name="ref"
          label="Reference"
          hint="A code that does not identify the person, such as R-014. Never their name."
          width="medium"
          spellCheck={false}
        />
        {props.types.length > 0 ? (
          <SelectField
            form={form}
            name="participantType"
            label="Participant type (optional)"
            options={props.types.map((t) => ({ value: t, label: t }))}
            empty="Not recorded"
          />
        ) : (
          <p className="hint">
            This programme has no participant types yet. <Link href={`${base}/vocabularies`}>Add them to its lists</Link>.
          </p>
        )}
        {props.projects.length > 0 && (
          <SelectField
            form={form}
            name="projectId"
            label="Project they took part in (optional)"
            hint="Their themes, co-production model and place follow from the project"
            options={props.projects.map((p) => ({ value: p.id, label: p.name }))}
            empty="Not recorded"
          />
        )}
        <Checkbox
          form={form}
          name="consent"
          label="They have given their consent today"
          hint="Only add people who agreed to take part in the evaluation."
        />
        <TextField
          form={form}
          name="scope"
          label="What they agreed to (optional)"
          hint="For example, quotes may be published without their name"
        />
        <Submit form={form}>Add respondent</Submit>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------- one respondent

export function RespondentRecord({ slug, id }: { slug: string; id: string }) {
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const loaded = useApi<{ data: RespondentDetail }>(`${apiBase}/respondents/${encodeURIComponent(id)}`);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const [done, setDone] = useState<{ n: number; message: string } | null>(null);
  // Each write answers with the respondent as saved: shown at once, with the success message.
  const [fresh, setFresh] = useState<RespondentDetail | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  if (evaluation.state === 'loading' || loaded.state === 'loading' || codebook.state === 'loading') return <Loading what="respondent" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  if (codebook.state === 'error') return <Failed error={codebook.error} retry={codebook.reload} />;
  const e = evaluation.data.data;
  const r = fresh ?? loaded.data.data;
  const saved = (message: string, answer: RespondentDetail) => {
    setFresh(answer);
    setDone((d) => ({ n: (d?.n ?? 0) + 1, message }));
    setWithdrawing(false);
  };
  return (
    <Page title={`${r.ref} – ${e.title}`} heading={r.ref} caption={`Respondent in ${e.title}`} breadcrumbs={trail(e.title)}>
      {done && <Panel key={done.n} title={done.message} />}
      <p>
        <ConsentTag status={r.consent} />
      </p>
      {r.consent === 'withdrawn' && (
        <p className="inset">
          This person withdrew their consent. They are left out of every analysis and export; their record stays for audit.
        </p>
      )}
      <SummaryList
        rows={[
          ['Participant type', r.participantType],
          ['Project', r.project?.name],
          ['Themes', r.themes.join(', ')],
          ['Co-production model', r.coproductionModel],
          ['Place', r.place],
          ['Phase', r.phase],
          ...Object.entries(r.attributes).map(([k, v]) => [k, v] as [string, string]),
        ]}
      />

      <h2>Consent</h2>
      <Table caption={`Consent records for ${r.ref}, oldest first`} head={['Decision', 'On', 'What they agreed to', 'Recorded']}>
        {r.consentRecords.map((c, i) => (
          <tr key={i}>
            <td>
              <ConsentTag status={c.status} />
            </td>
            <td>{formatDate(c.on)}</td>
            <td>{c.scope || <span className="muted">Not recorded</span>}</td>
            <td>{formatDateTime(c.recordedAt)}</td>
          </tr>
        ))}
      </Table>
      {r.consent === 'given' &&
        (withdrawing ? (
          <WithdrawConsent
            apiBase={apiBase}
            respondent={r}
            onDone={(a) => saved('Withdrawal of consent recorded', a)}
            onCancel={() => setWithdrawing(false)}
          />
        ) : (
          <button type="button" className="button warning" onClick={() => setWithdrawing(true)}>
            Record withdrawal
          </button>
        ))}

      <h2>Codes this person identified</h2>
      {/* Keyed on the saved codes, so the boxes show what the server holds once it answers. */}
      {e.blindCoding && (
        <p className="inset">Blind coding is on: you see only the codes you ticked yourself, not other coders’ or an import’s.</p>
      )}
      <CodingForm
        key={r.codings
          .map((c) => `${c.codeId}:${c.coderId ?? ''}:${c.source}`)
          .sort()
          .join()}
        apiBase={apiBase}
        respondent={r}
        families={codebook.data.data}
        onSaved={(a) => saved('Codes saved', a)}
      />
      <p>
        Passages of transcripts can also be coded for {r.ref}: <Link href={`${home}/transcripts`}>open the transcripts</Link>.
      </p>
      <RespondentQuotes apiBase={apiBase} respondent={r} />
      <p>
        <Link href={home}>Back to {e.title}</Link> · <Link href={`${home}/crosstab`}>Cross-tabulate the codes</Link>
      </p>
    </Page>
  );
}

function WithdrawConsent(props: {
  apiBase: string;
  respondent: RespondentDetail;
  onDone: (r: RespondentDetail) => void;
  onCancel: () => void;
}) {
  const r = props.respondent;
  const form = useForm(async (v) => {
    const { data } = await post<{ data: RespondentDetail }>(`${props.apiBase}/respondents/${r.id}/consent`, {
      status: 'withdrawn',
      ...(v.text('on') ? { on: v.text('on') } : {}),
    });
    props.onDone(data);
  });
  // Today where the evaluator is, not in UTC (late in a British summer evening these differ).
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return (
    <section aria-labelledby="withdraw" className="inset warning-inset">
      <h3 id="withdraw">Record that {r.ref} withdrew their consent</h3>
      <p>
        From now on {r.ref} will be left out of every analysis, chart and export of this evaluation. Their record and their consent history
        stay in Cairn, so there is a record of what happened.
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="on" type="date" width="medium" label="Date they withdrew" defaultValue={today} />
        <SubmitOrCancel form={form} onCancel={props.onCancel}>
          Yes, record withdrawal
        </SubmitOrCancel>
      </form>
    </section>
  );
}

function CodeChoices({ codes, checked, depth }: { codes: CodeNode[]; checked: Set<string>; depth: number }) {
  return (
    <>
      {codes.map((c) => (
        <Fragment key={c.id}>
          <div className="choice" style={depth ? { marginLeft: `${depth * 1.5}em` } : undefined}>
            <input
              id={`code-${c.id}`}
              type="checkbox"
              name="codeIds"
              value={c.id}
              defaultChecked={checked.has(c.id)}
              aria-describedby={c.description ? `code-${c.id}-hint` : undefined}
            />
            <label htmlFor={`code-${c.id}`}>{c.name}</label>
            {c.description && (
              <div className="hint choice-hint" id={`code-${c.id}-hint`}>
                {c.description}
              </div>
            )}
          </div>
          {c.children.length > 0 && <CodeChoices codes={c.children} checked={checked} depth={depth + 1} />}
        </Fragment>
      ))}
    </>
  );
}

function CodingForm(props: {
  apiBase: string;
  respondent: RespondentDetail;
  families: CodeFamily[];
  onSaved: (r: RespondentDetail) => void;
}) {
  const { user } = useSession();
  const r = props.respondent;
  // The API keeps each coder's ticks apart (for agreement between coders): this form shows and sets yours.
  // Codes only your coded passages stand behind are not ticks: removing the passage removes them.
  const mine = new Set(r.codings.filter((c) => c.coderId === user?.id && c.source !== 'passage').map((c) => c.codeId));
  const fromPassages = r.codings.filter((c) => c.coderId === user?.id && c.source === 'passage');
  const others = r.codings.filter((c) => c.coderId !== user?.id);
  const form = useForm(
    async (v) => {
      const { data } = await put<{ data: RespondentDetail }>(`${props.apiBase}/respondents/${r.id}/codings`, { codeIds: v.all('codeIds') });
      props.onSaved(data);
    },
    {
      // Ticks someone (you, in another tab) changed since this form loaded: code, your tick, the tick now.
      describeConflict: (now, el) => codingsConflict(r.codings, now as unknown as RespondentDetail, user?.id, el),
    },
  );
  const families = props.families.filter((f) => f.codes.length > 0);
  if (families.length === 0) return <p>The codebook has no codes yet.</p>;
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <p>Tick every code this person identified. Saving replaces the codes you ticked before.</p>
      {fromPassages.length > 0 && (
        <p className="inset">
          Also identified in passages you coded in transcripts: {fromPassages.map((c) => c.name).join(', ')}. These count whether ticked or
          not; remove the passage to remove them.
        </p>
      )}
      {others.length > 0 && <p className="inset">Also recorded by an import or another coder: {others.map((c) => c.name).join(', ')}.</p>}
      {families.map((f) => (
        <div className="form-group" key={f.id}>
          <fieldset className="fieldset">
            <legend className="legend">{f.label}</legend>
            <div className="choices">
              <CodeChoices codes={f.codes} checked={mine} depth={0} />
            </div>
          </fieldset>
        </div>
      ))}
      <Submit form={form}>Save codes</Submit>
    </form>
  );
}

// ---------------------------------------------------------------- the cross-tab

const percent = (n: number) => `${n.toFixed(1)}%`;

/** The filters the cross-tab takes (see routes.ts): respondents of one participant type, place (their own, else their partnership's) or phase, by name. */
const FILTERS = ['participantType', 'place', 'phase'] as const;

export function CrosstabPage({ slug }: { slug: string }) {
  const { programme, api } = useProgramme();
  const { apiBase, trail } = useEvaluationPaths(slug);
  const { path, search } = useLocation();
  const family = search.get('family') ?? '';
  const by = search.get('by') ?? '';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const placeList = useApi<ListAnswer<{ id: string; name: string }>>(`${api}/places?pageSize=200`);
  // The override (evaluators and managers only, each use audited): in the address, so it is a choice made each time.
  const include = search.get('includeSmallGroups') === 'true';
  const query = qs({ family, by, ...filters, ...(include ? { includeSmallGroups: 'true' } : {}) });
  const result = useApi<Crosstab>(family ? `${apiBase}/crosstab${query}` : null);
  const formId = useId();
  if (evaluation.state === 'loading' || codebook.state === 'loading') return <Loading what="cross-tab" />;
  if (evaluation.state === 'error') return <Failed error={evaluation.error} retry={evaluation.reload} />;
  if (codebook.state === 'error') return <Failed error={codebook.error} retry={codebook.reload} />;
  const e = evaluation.data.data;
  const families = codebook.data.data;
  if (family && !families.some((f) => f.key === family)) return <NotFound detail="This evaluation has no such code family." />;

  // A GET form, so the address holds the choice and can be shared or bookmarked.
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    const value = (name: string) => String(fd.get(name) ?? '');
    const shown = value('includeSmallGroups') === 'true' ? { includeSmallGroups: 'true' } : {};
    navigate(
      `${path}${qs({ family: value('family'), by: value('by'), ...Object.fromEntries(FILTERS.map((f) => [f, value(f)])), ...shown })}`,
    );
  };
  const options: Record<(typeof FILTERS)[number], { label: string; any: string; values: string[] }> = {
    participantType: {
      label: 'Participant type',
      any: 'Any participant type',
      values: (programme.vocabularies.participant_type ?? []).map((t) => t.label),
    },
    place: { label: 'Place', any: 'Any place', values: placeList.state === 'ready' ? placeList.data.data.map((p) => p.name) : [] },
    phase: { label: 'Phase', any: 'Any phase', values: programme.phases.map((p) => p.name) },
  };
  let body: ReactNode = null;
  if (family) {
    if (result.state === 'loading') body = <Loading what="cross-tab" />;
    else if (result.state === 'error') body = <Failed error={result.error} retry={result.reload} />;
    else {
      const file = (format: 'csv' | 'svg' | 'png') =>
        format === 'csv'
          ? `/api/v1${apiBase}/crosstab${qs({ family, by, ...filters, format: 'csv', ...(include ? { includeSmallGroups: 'true' } : {}) })}`
          : `/api/v1${apiBase}/chart.${format}${query}`;
      body = <CrosstabResult table={result.data} csv={file('csv')} chart={(f) => file(f)} filters={filters} />;
    }
  }
  return (
    <Page title={`Cross-tab – ${e.title}`} heading="Cross-tab" caption={e.title} breadcrumbs={trail(e.title)} wide>
      <p>
        For each code, how many respondents identified it and what share of their group that is. People who withdrew their consent are never
        counted.
      </p>
      <form method="get" action={path} onSubmit={submit} className="search" aria-label="Choose what to cross-tabulate">
        <div className="search-fields">
          <div className="form-group">
            <label className="label" htmlFor={`${formId}-family`}>
              Code family
            </label>
            <select id={`${formId}-family`} className="select" name="family" defaultValue={family || families[0]?.key} key={`f-${family}`}>
              {families.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="label" htmlFor={`${formId}-by`}>
              Group by
            </label>
            <select id={`${formId}-by`} className="select" name="by" defaultValue={by} key={`b-${by}`}>
              <option value="">Everyone together</option>
              {CROSSTAB_BY.map((b) => (
                <option key={b} value={b}>
                  {BY_LABEL[b]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="fieldset" style={{ flex: '1 1 100%' }}>
          <legend className="legend">Only count respondents of</legend>
          <div className="search-fields">
            {FILTERS.map((f) => {
              const o = options[f];
              // A value in the address that is not offered (a place renamed since) is still shown, and still applied.
              const values = filters[f] && !o.values.includes(filters[f]) ? [...o.values, filters[f]] : o.values;
              return (
                <div className="form-group" key={f}>
                  <label className="label" htmlFor={`${formId}-${f}`}>
                    {o.label}
                  </label>
                  <select
                    id={`${formId}-${f}`}
                    className="select"
                    name={f}
                    defaultValue={filters[f]}
                    key={`${f}-${filters[f]}-${values.length}`}
                  >
                    <option value="">{o.any}</option>
                    {values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
        </fieldset>
        {evaluation.data.abilities.respondents && (
          <div className="form-group" style={{ flex: '1 1 100%' }}>
            <div className="choice">
              <input
                id={`${formId}-include`}
                type="checkbox"
                name="includeSmallGroups"
                value="true"
                defaultChecked={include}
                key={`i-${include}`}
                aria-describedby={`${formId}-include-hint`}
              />
              <label htmlFor={`${formId}-include`}>Show suppressed groups</label>
              <div className="hint choice-hint" id={`${formId}-include-hint`}>
                Groups too small to publish, and those hidden with them. Only evaluators and managers can see them, and each time is
                recorded in the audit trail.
              </div>
            </div>
          </div>
        )}
        <button type="submit" className="button secondary">
          Show the cross-tab
        </button>
      </form>
      {body}
    </Page>
  );
}

function CrosstabResult(props: {
  table: Crosstab;
  csv: string;
  chart: (format: 'svg' | 'png') => string;
  filters: Record<string, string>;
}) {
  const { table: t, csv, filters } = props;
  const groupLabel = (g: string) => (t.by ? g : 'Everyone');
  const byWords = t.by ? ` by ${BY_LABEL[t.by as keyof typeof BY_LABEL]?.toLowerCase() ?? t.by}` : '';
  const only = [
    filters.participantType && `participant type ${filters.participantType}`,
    filters.place && `place ${filters.place}`,
    filters.phase && `phase ${filters.phase}`,
  ].filter(Boolean);
  return (
    <section aria-labelledby="crosstab-result">
      <h2 id="crosstab-result">
        {t.family.label}
        {byWords}
      </h2>
      <p role="status">
        {t.total === null
          ? `Fewer than ${t.disclosureThreshold} respondents counted, so their number is not shown`
          : `${plural(t.total, 'respondent')} counted (N = ${t.total})`}
        {only.length ? `: only ${only.join(', ')}` : ''}.
      </p>
      {t.includesSmallGroups && (
        <p className="inset warning-inset">
          Suppressed groups are shown, at your choice, and this has been recorded. People in small groups could be recognised, so do not
          publish their figures.
        </p>
      )}
      {t.overlapping && (
        <p className="inset">
          Some respondents are in more than one group (a project with several themes counts in each), so the group sizes add up to more than{' '}
          {t.total}.
        </p>
      )}
      <p>
        <a href={csv} download>
          Download CSV<span className="visually-hidden"> of this cross-tab</span>
        </a>{' '}
        <span className="muted">
          {t.includesSmallGroups ? '(with the suppressed groups shown)' : '(suppressed groups are left blank in the file too)'}
        </span>
      </p>
      {t.groups.length === 0 && <p>No respondents with consent given match, so there is nothing to count yet.</p>}
      {t.groups.length > 0 && t.rows.length > 0 && <CrosstabChart file={props.chart} table={t} caption={`${t.family.label}${byWords}`} />}
      {t.groups.map((g) => {
        const rows = t.rows.filter((row) => row.group === g.group);
        return (
          <div key={g.group}>
            <h3>
              {groupLabel(g.group)} ({g.nGroup === null ? 'suppressed' : `N = ${g.nGroup}`})
            </h3>
            {g.suppressed && (
              <p className="inset">
                {g.reason === 'secondary'
                  ? 'Suppressed too, so that a smaller group cannot be worked out from the totals. Its size and counts are not shown.'
                  : `Suppressed: fewer than ${t.disclosureThreshold} respondents, so that nobody in it can be recognised. Its size and counts are not shown.`}
              </p>
            )}
            {!g.suppressed && g.small && (
              <p className="inset warning-inset">
                Small group: fewer than {t.disclosureThreshold} respondents. People in it could be recognised, so do not publish these
                figures.
              </p>
            )}
            {g.suppressed ? null : rows.length === 0 ? (
              <p>This family has no codes yet.</p>
            ) : (
              <Table
                caption={`${t.family.label}: ${groupLabel(g.group)}, N = ${g.nGroup}`}
                captionHidden
                head={['Code', 'Respondents who identified it', 'Percent of group']}
              >
                {rows.map((row) => (
                  <tr key={row.codeId}>
                    <th scope="row">{row.code}</th>
                    <td>{row.nCode ?? 'suppressed'}</td>
                    <td>{row.percent === null ? 'suppressed' : percent(row.percent)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </div>
        );
      })}
    </section>
  );
}
