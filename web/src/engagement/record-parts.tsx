// The parts of an engagement's page below its details: the National Standards self-assessment, what
// participants said in the feedback form (in total), and "you said, we did" with a form to add to it.
import type { Engagement, FeedbackSummary, SelfAssessmentCycle, YouSaidWeDid } from '../api/index.js';
import { del, patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Checkbox, Choices, ErrorSummary, Submit, TextArea, TextField, numberOrNull, useForm } from '../ui/forms.js';
import { ButtonLink, Failed, Loading, Table, Tag } from '../ui/index.js';
import { RATINGS, STATUSES } from './words.js';

export function EngagementTabs({ engagement: e, canChange }: { engagement: Engagement; canChange: boolean }) {
  return (
    <>
      <SelfAssessment engagement={e} canChange={canChange} />
      <Feedback engagement={e} />
      <SaidDid engagement={e} canChange={canChange} />
    </>
  );
}

function SelfAssessment({ engagement: e, canChange }: { engagement: Engagement; canChange: boolean }) {
  const { api, base } = useProgramme();
  const loaded = useApi<{ data: SelfAssessmentCycle[] }>(`${api}/engagements/${e.id}/self-assessments`);
  const latest = loaded.state === 'ready' ? loaded.data.data[0] : undefined;
  return (
    <section aria-labelledby="standards-heading">
      <h2 id="standards-heading">National Standards self-assessment</h2>
      {loaded.state === 'loading' && <Loading what="self-assessment" />}
      {loaded.state === 'error' && <Failed error={loaded.error} retry={loaded.reload} />}
      {loaded.state === 'ready' && !latest && <p>Not assessed yet.</p>}
      {latest && (
        <Table caption={`Cycle ${latest.cycle}, rated ${latest.ratedOn}`} head={['Standard', 'Rating', 'Evidence', 'How we will know']}>
          {latest.ratings.map((r) => (
            <tr key={r.standard}>
              <th scope="row">{r.standard}</th>
              <td>{RATINGS.find((x) => x.value === r.rating)?.label}</td>
              <td>{r.evidence}</td>
              <td>{r.indicators}</td>
            </tr>
          ))}
        </Table>
      )}
      {canChange && (
        <ButtonLink href={`${base}/engagements/${e.id}/self-assessment`} secondary>
          {latest ? `Assess again (cycle ${latest.cycle + 1})` : 'Assess against the National Standards'}
        </ButtonLink>
      )}
    </section>
  );
}

function Feedback({ engagement: e }: { engagement: Engagement }) {
  const { api } = useProgramme();
  const loaded = useApi<{ data: FeedbackSummary }>(`${api}/engagements/${e.id}/feedback`);
  return (
    <section aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">What participants said about it</h2>
      {loaded.state === 'loading' && <Loading what="feedback" />}
      {loaded.state === 'error' && <Failed error={loaded.error} retry={loaded.reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.data.responses === null ? (
          <p>
            Fewer than {loaded.data.data.fewerThan} people have answered the feedback form, too few to show without risking who said what.
          </p>
        ) : (
          <Table caption={`${loaded.data.data.responses} people answered`} head={['Question', 'Yes', 'Partly', 'No']}>
            {loaded.data.data.questions.map((q) => (
              <tr key={q.key}>
                <th scope="row">{q.question}</th>
                {q.answers.map((a) => (
                  <td key={a.answer} className="numeric">
                    {a.count}
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        ))}
    </section>
  );
}

function SaidDid({ engagement: e, canChange }: { engagement: Engagement; canChange: boolean }) {
  const { api } = useProgramme();
  const path = `${api}/engagements/${e.id}/you-said-we-did`;
  const loaded = useApi<{ data: YouSaidWeDid[] }>(path);
  return (
    <section aria-labelledby="said-did-heading">
      <h2 id="said-did-heading">You said, we did</h2>
      {loaded.state === 'loading' && <Loading what="you said, we did" />}
      {loaded.state === 'error' && <Failed error={loaded.error} retry={loaded.reload} />}
      {loaded.state === 'ready' && loaded.data.data.length === 0 && <p>Nothing recorded yet.</p>}
      {loaded.state === 'ready' &&
        loaded.data.data.map((x) => <Entry key={x.id} entry={x} path={path} canChange={canChange} onChanged={loaded.reload} />)}
      {canChange && <EntryForm path={path} onSaved={loaded.reload} />}
    </section>
  );
}

function Entry({ entry: x, path, canChange, onChanged }: { entry: YouSaidWeDid; path: string; canChange: boolean; onChanged: () => void }) {
  const status = STATUSES.find((s) => s.value === x.status)?.label ?? x.status;
  return (
    <div className="inset said-did">
      <p>
        <strong>You said:</strong> {x.said}
      </p>
      <p>
        <strong>We did:</strong> {x.did || <span className="muted">Not yet recorded</span>}
      </p>
      <p>
        <Tag tone={x.status === 'done' ? 'green' : x.status === 'not going ahead' ? 'grey' : 'yellow'}>{status}</Tag> {x.progress}% done ·{' '}
        {x.published ? 'On the public page' : 'Not published'}
      </p>
      {canChange && (
        <div className="button-group">
          <button
            type="button"
            className="button secondary"
            onClick={() => void patch(`${path}/${x.id}`, { published: !x.published }).then(onChanged)}
          >
            {x.published ? 'Take off the public page' : 'Publish'}
          </button>
          <button type="button" className="button warning" onClick={() => void del(`${path}/${x.id}`).then(onChanged)}>
            Remove
          </button>
        </div>
      )}
    </div>
  );
}

function EntryForm({ path, onSaved }: { path: string; onSaved: () => void }) {
  const form = useForm(async (v) => {
    const progress = numberOrNull(v, 'progress', 'Enter progress as a whole number from 0 to 100', v.problems, { whole: true });
    await post(path, {
      said: v.text('said'),
      did: v.text('did'),
      status: v.optional('status'),
      progress: progress ?? 0,
      published: v.checked('published'),
    });
    (document.getElementById('said-did-form') as HTMLFormElement | null)?.reset();
    onSaved();
  });
  return (
    <form id="said-did-form" onSubmit={form.onSubmit} noValidate>
      <h3>Add what people said</h3>
      <ErrorSummary form={form} />
      <TextArea form={form} name="said" label="You said" hint="What people told you, in their words where you can. No names." />
      <TextArea form={form} name="did" label="We did (optional)" hint="What was done, or will be, because of it" />
      <Choices form={form} type="radio" name="status" label="Where it stands" options={STATUSES} checked={['planned']} inline />
      <TextField form={form} name="progress" label="Progress (per cent)" width="short" inputMode="numeric" defaultValue={0} />
      <Checkbox form={form} name="published" label="Show it on the locality’s public page" />
      <Submit form={form}>Add</Submit>
    </form>
  );
}
