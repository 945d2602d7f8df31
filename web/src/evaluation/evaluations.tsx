// Evaluation: a programme's realist evaluations, each with its codebook, its respondents (by a
// pseudonymous reference, with their consent), the codes each respondent identified, and the cross-tab
// behind the review's figures. Respondent-level pages are for evaluators and managers only (the API
// refuses everyone else); the cross-tab shows aggregates to the programme's whole team.
//
// This file: the list of evaluations and one evaluation's page (its codebook, respondents, adding a respondent).
// The other pages are in respondents/, analysis/, codebook/, evidence/, figures/, quality/ and report/.
import { useState } from 'react';
import {
  type CodeFamily,
  type CodeNode,
  type Evaluation,
  type EvaluationAnswer,
  type ListAnswer,
  type Project,
  type RespondentDetail,
  type Respondent,
  post,
} from '../api/index.js';
import { useApi } from '../app/data.js';
import { Checkbox, ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextField, useForm } from '../ui/forms.js';
import { ListView } from '../ui/list.js';
import { FiguresDownload } from './figures/figures.js';
import { FiguresReport } from './report/report.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, Panel, Table, formatDate, plural } from '../ui/index.js';
import { ConsentTag, ONLY_EVALUATORS, useEvaluationPaths } from './words.js';

// ---------------------------------------------------------------- the list of evaluations

export function Evaluations() {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<ListAnswer<Evaluation>>(`${api}/evaluations?pageSize=200`);
  const form = useForm(async (v) => {
    // The server refuses an empty title or short name too, and says what else is wrong in the same answer.
    if (!v.text('title')) v.problems.push({ field: 'title', message: 'Enter a title for the evaluation' });
    if (!v.text('slug')) v.problems.push({ field: 'slug', message: 'Enter a short name for web addresses' });
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
          <Link href={`${home}/bases`}>Who was asked each question</Link>: when a question was not asked of everyone, its figures count only
          those asked.
        </p>
      )}
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
