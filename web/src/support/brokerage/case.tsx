import { patch, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { DateField } from '../../ui/date-input.js';
import { ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { Failed, History, Loading, Page, SummaryList, Tag, formatDate } from '../../ui/index.js';
import { CONFIDENTIAL, type Case, type CaseAnswer, PARTY_KIND_WORDS, STATUS_WORDS, STEP_KINDS } from './types.js';

/** One case: its parties, what brought it on, its dated steps, the agreements it produced, and its outcome. */
export function CasePage({ id }: { id: string }) {
  const { api, base, crumbs, abilities: pa } = useProgramme();
  const loaded = useApi<CaseAnswer>(`${api}/brokerage-cases/${id}`);
  if (loaded.state === 'loading') return <Loading what="case" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: c, abilities, history } = loaded.data;
  return (
    <Page
      title={c.title}
      caption={`Brokerage case: ${c.partnership.name}`}
      breadcrumbs={crumbs({ href: `${base}/brokerage`, label: 'Brokerage' })}
    >
      <p className="inset">{CONFIDENTIAL}</p>
      <SummaryList
        rows={[
          ['Status', <Tag key="s">{STATUS_WORDS[c.status]}</Tag>],
          ['Opened', formatDate(c.openedOn)],
          ['Closed', c.closedOn ? formatDate(c.closedOn) : null],
          ['What brought it on', c.trigger],
          ['Parties', c.parties.map((p) => `${p.name} (${PARTY_KIND_WORDS[p.kind].toLowerCase()})`).join('\n')],
          ['Outcome', c.outcome],
        ]}
      />
      <h2>Steps</h2>
      {c.steps.length ? (
        <ol className="list">
          {c.steps.map((s) => (
            <li key={s.id}>
              <strong>
                {formatDate(s.on)}: {s.kind}.
              </strong>{' '}
              {s.summary}
            </li>
          ))}
        </ol>
      ) : (
        <p>No steps recorded yet.</p>
      )}
      <h2>Agreements</h2>
      {c.agreements.length ? (
        <ul className="list">
          {c.agreements.map((a) => (
            <li key={a.id}>
              <strong>{a.title}</strong>, agreed {formatDate(a.agreedOn)}. {a.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p>No agreements yet.</p>
      )}
      {abilities.update && (
        <>
          <StepForm c={c} onSaved={loaded.reload} />
          <AgreementForm c={c} onSaved={loaded.reload} />
          <StatusForm c={c} onSaved={loaded.reload} />
        </>
      )}
      <History events={history} canSee={pa.seeAudit} />
    </Page>
  );
}

function StepForm({ c, onSaved }: { c: Case; onSaved: () => void }) {
  const { api } = useProgramme();
  const form = useForm(
    async (v) => {
      await post(`${api}/brokerage-cases/${c.id}/steps`, {
        on: v.date('step-on', 'the date of the step', { required: true }),
        kind: v.text('step-kind'),
        summary: v.text('step-summary'),
      });
      onSaved();
    },
    { fieldOf: (path) => `step-${String(path[0])}` },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="panel-form">
      <h2>Record a step</h2>
      <ErrorSummary form={form} />
      <DateField form={form} name="step-on" label="When was it?" />
      <SelectField
        form={form}
        name="step-kind"
        label="What kind of step?"
        options={STEP_KINDS.map((k) => ({ value: k, label: k }))}
        defaultValue="Meeting"
      />
      <TextArea form={form} name="step-summary" label="What happened?" />
      <Submit form={form}>Record the step</Submit>
    </form>
  );
}

function AgreementForm({ c, onSaved }: { c: Case; onSaved: () => void }) {
  const { api } = useProgramme();
  const form = useForm(
    async (v) => {
      await post(`${api}/brokerage-cases/${c.id}/agreements`, {
        title: v.text('agreement-title'),
        agreedOn: v.date('agreement-agreedOn', 'the date it was agreed', { required: true }),
        summary: v.text('agreement-summary'),
      });
      onSaved();
    },
    { fieldOf: (path) => `agreement-${String(path[0])}` },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="panel-form">
      <h2>Record an agreement</h2>
      <ErrorSummary form={form} />
      <TextField
        form={form}
        name="agreement-title"
        label="Name of the agreement"
        hint="For example, Joint-working protocol with the council"
      />
      <DateField form={form} name="agreement-agreedOn" label="When was it agreed?" />
      <TextArea form={form} name="agreement-summary" label="What it says (optional)" />
      <Submit form={form}>Record the agreement</Submit>
    </form>
  );
}

function StatusForm({ c, onSaved }: { c: Case; onSaved: () => void }) {
  const { api } = useProgramme();
  const form = useForm(async (v) => {
    await patch(`${api}/brokerage-cases/${c.id}`, {
      status: v.text('status'),
      closedOn: v.date('closedOn', 'the date the case closed'),
      outcome: v.text('outcome'),
    });
    onSaved();
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="panel-form">
      <h2>Status and outcome</h2>
      <ErrorSummary form={form} />
      <SelectField
        form={form}
        name="status"
        label="Status"
        options={Object.entries(STATUS_WORDS).map(([value, label]) => ({ value, label }))}
        defaultValue={c.status}
      />
      <DateField form={form} name="closedOn" label="When did it close? (once resolved or closed)" defaultValue={c.closedOn} />
      <TextArea form={form} name="outcome" label="Outcome" defaultValue={c.outcome} />
      <Submit form={form}>Save status and outcome</Submit>
    </form>
  );
}
