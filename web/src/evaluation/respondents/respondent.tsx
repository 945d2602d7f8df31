// Evaluation: one respondent (by a pseudonymous reference): their consent (and withdrawing it), the codes they
// identified, and their quotes. For evaluators and managers only (the API refuses everyone else).
import { Fragment, useState } from 'react';
import { type CodeFamily, type CodeNode, type EvaluationAnswer, type RespondentDetail, post, put } from '../../api/index.js';
import { useApi, useSession } from '../../app/data.js';
import { type Memo, MemoEditor } from '../evidence/coding-parts.js';
import { RespondentQuotes } from '../evidence/quotes.js';
import { codingsConflict } from './codings-conflict.js';
import { AskedForm, AttributesForm } from './attributes.js';
import { DateField } from '../../ui/date-input.js';
import { ErrorSummary, Submit, SubmitOrCancel, useForm } from '../../ui/forms.js';
import { Link } from '../../app/router.js';
import { Failed, Loading, Page, Panel, SummaryList, Table, formatDate, formatDateTime } from '../../ui/index.js';

import { ConsentTag, useEvaluationPaths } from '../words.js';
// ---------------------------------------------------------------- one respondent

export function RespondentRecord({ slug, id }: { slug: string; id: string }) {
  const { apiBase, home, trail } = useEvaluationPaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const loaded = useApi<{ data: RespondentDetail }>(`${apiBase}/respondents/${encodeURIComponent(id)}`);
  const codebook = useApi<{ data: CodeFamily[] }>(`${apiBase}/codebook`);
  const memo = useApi<{ data: Memo }>(`${apiBase}/respondents/${encodeURIComponent(id)}/memo`);
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

      <h2 id="memo-heading">Memo</h2>
      {memo.state === 'loading' ? (
        <Loading what="memo" />
      ) : memo.state === 'error' ? (
        <Failed error={memo.error} retry={memo.reload} />
      ) : (
        <MemoEditor url={`${apiBase}/respondents/${encodeURIComponent(id)}/memo`} about={r.ref} memo={memo.data.data} />
      )}

      <h2 id="attributes-heading">Attributes</h2>
      <AttributesForm key={JSON.stringify(r.attributes)} apiBase={apiBase} respondent={r} onSaved={(a) => saved('Attributes saved', a)} />

      <h2>Questions asked</h2>
      <AskedForm
        key={r.notAsked.join()}
        apiBase={apiBase}
        respondent={r}
        families={codebook.data.data}
        onSaved={(a) => saved('Questions asked saved', a)}
      />
      <p>
        <Link href={`${home}/bases`}>Who was asked each question</Link>, for every respondent at once.
      </p>

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
      ...((on) => (on ? { on } : {}))(v.date('on', 'the date they withdrew')),
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
        <DateField
          form={form}
          name="on"
          label="Date they withdrew"
          hint="Today if you leave it empty. For example, 27 3 2026"
          defaultValue={today}
        />
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
