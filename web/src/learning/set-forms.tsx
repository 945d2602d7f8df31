// The forms of an action-learning set: record a session (date, title, who attended, notes), add an
// action a partnership committed to (level, priority), and record what came of an action.
import type { ReactNode } from 'react';
import { patch, post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import {
  Choices,
  ErrorSummary,
  FormProblems,
  type FormState,
  SelectField,
  SubmitOrCancel,
  TextArea,
  TextField,
  type Values,
  useForm,
} from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page } from '../ui/index.js';
import { LEVELS, type LearningSet } from './set-levels.js';

const PRIORITY_OPTIONS = [
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
];
const STATUS_OPTIONS = [
  { value: 'open', label: 'Open', hint: 'Still to do, or under way' },
  { value: 'done', label: 'Done' },
  { value: 'dropped', label: 'Dropped', hint: 'Say why in what came of it' },
];

type Kind = 'session' | 'change-session' | 'action' | 'follow-up';

const HEADINGS: Record<Kind, string> = {
  session: 'Record a session',
  'change-session': 'Change the session’s record',
  action: 'Add an action',
  'follow-up': 'Record follow-up',
};

/** Loads the set, then shows the form for `kind` (a follow-up: of the action `actionId`; a change: of `sessionId`). */
export function SetFormPage(props: { id: string; kind: Kind; actionId?: string; sessionId?: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: LearningSet }>(`${api}/learning-sets/${props.id}`);
  const heading = HEADINGS[props.kind];
  const setName = loaded.state === 'ready' ? loaded.data.data.name : 'Action-learning set';
  const trail = crumbs(
    { href: `${base}/learning-sets`, label: 'Action-learning sets' },
    { href: `${base}/learning-sets/${props.id}`, label: setName },
  );
  const frame = (children: ReactNode) => (
    <Page title={`${heading} – ${setName} – ${programme.name}`} heading={heading} caption={setName} breadcrumbs={trail}>
      {children}
    </Page>
  );
  if (loaded.state !== 'ready')
    return frame(loaded.state === 'loading' ? <Loading what="set" /> : <Failed error={loaded.error} retry={loaded.reload} />);
  const set = loaded.data.data;
  if (props.kind === 'session' || props.kind === 'change-session') {
    if (!set.abilities.update) return frame(<NotAllowed>Only managers and facilitators record sessions.</NotAllowed>);
    if (props.kind === 'session') return frame(<SessionForm set={set} />);
    const session = set.sessions.find((x) => x.id === props.sessionId);
    return frame(session ? <SessionForm set={set} session={session} /> : <p>That session is not one of this set’s.</p>);
  }
  if (props.kind === 'action')
    return frame(
      set.abilities.addAction ? (
        <ActionForm set={set} />
      ) : (
        <NotAllowed>Only the set’s partnerships, managers and facilitators add actions.</NotAllowed>
      ),
    );
  const action = set.actions.find((a) => a.id === props.actionId);
  if (!action) return frame(<p>That action is not one of this set’s.</p>);
  if (!action.abilities.update)
    return frame(<NotAllowed>Only its partnership, managers and facilitators follow up this action.</NotAllowed>);
  return frame(
    <>
      <p>
        <strong>{action.action}</strong> ({action.partnership.name})
      </p>
      <FollowUpForm set={set} action={action} />
    </>,
  );
}

function useSetForm(set: LearningSet, send: (v: Values) => Promise<unknown>): [FormState, () => void] {
  const { base } = useProgramme();
  const back = () => navigate(`${base}/learning-sets/${set.id}`);
  const form = useForm(async (v) => {
    await send(v);
    back();
  });
  return [form, back];
}

/** A new session's record, or (given `session`) a change to one already recorded. */
function SessionForm({ set, session }: { set: LearningSet; session?: LearningSet['sessions'][number] }) {
  const { api } = useProgramme();
  const [form, back] = useSetForm(set, (v) => {
    const body = {
      heldOn: v.date('heldOn', 'the date of the session', { required: true }),
      title: v.text('title'),
      attendees: v
        .text('attendees')
        .split(/\n|,/)
        .map((a) => a.trim())
        .filter(Boolean),
      notes: v.text('notes'),
    };
    return session
      ? patch(`${api}/learning-sets/${set.id}/sessions/${session.id}`, body)
      : post(`${api}/learning-sets/${set.id}/sessions`, body);
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <DateField form={form} name="heldOn" label="Date of the session" defaultValue={session?.heldOn ?? null} />
      <TextField
        form={form}
        name="title"
        label="Title"
        hint="For example, Second meeting: volunteering"
        defaultValue={session?.title ?? null}
      />
      <TextArea
        form={form}
        name="attendees"
        label="Who attended"
        hint="One name on each line, or separated by commas."
        rows={5}
        defaultValue={session?.attendees.join('\n') ?? null}
      />
      <TextArea form={form} name="notes" label="Notes (optional)" rows={6} defaultValue={session?.notes ?? null} />
      <SubmitOrCancel form={form} onCancel={back}>
        Save the session
      </SubmitOrCancel>
    </form>
  );
}

function ActionForm({ set }: { set: LearningSet }) {
  const { api } = useProgramme();
  const [form, back] = useSetForm(set, (v) => {
    if (!v.text('partnershipId'))
      throw new FormProblems([{ field: 'partnershipId', message: 'Choose the partnership whose action it is' }]);
    return post(`${api}/learning-sets/${set.id}/actions`, {
      partnershipId: v.text('partnershipId'),
      sessionId: v.nullable('sessionId'),
      level: v.text('level'),
      action: v.text('action'),
      priority: v.text('priority') || undefined,
    });
  });
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <SelectField
        form={form}
        name="partnershipId"
        label="Partnership"
        options={set.partnerships.map((p) => ({ value: p.id, label: p.name }))}
        empty={set.partnerships.length === 1 ? undefined : 'Choose a partnership'}
      />
      <TextArea form={form} name="action" label="What will you do?" rows={3} />
      <Choices
        form={form}
        type="radio"
        name="level"
        label="Whose action is it?"
        options={LEVELS.map((l) => ({ value: l.value, label: l.label, hint: l.hint }))}
      />
      <Choices form={form} type="radio" name="priority" label="Priority" options={PRIORITY_OPTIONS} checked={['medium']} inline />
      {set.sessions.length > 0 && (
        <SelectField
          form={form}
          name="sessionId"
          label="Agreed at (optional)"
          options={set.sessions.map((x) => ({ value: x.id, label: `${x.title} (${x.heldOn})` }))}
          empty="Not at a session"
        />
      )}
      <SubmitOrCancel form={form} onCancel={back}>
        Add the action
      </SubmitOrCancel>
    </form>
  );
}

function FollowUpForm({ set, action }: { set: LearningSet; action: LearningSet['actions'][number] }) {
  const { api } = useProgramme();
  const [form, back] = useSetForm(set, (v) =>
    patch(`${api}/learning-sets/${set.id}/actions/${action.id}`, {
      status: v.text('status'),
      priority: v.text('priority'),
      followUp: v.text('followUp'),
      followUpOn: v.date('followUpOn', 'the date of the follow-up'),
    }),
  );
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <TextArea form={form} name="followUp" label="What came of it?" rows={6} defaultValue={action.followUp} />
      <DateField form={form} name="followUpOn" label="Date of the follow-up (optional)" defaultValue={action.followUpOn} />
      <Choices form={form} type="radio" name="status" label="Status" options={STATUS_OPTIONS} checked={[action.status]} />
      <Choices form={form} type="radio" name="priority" label="Priority" options={PRIORITY_OPTIONS} checked={[action.priority]} inline />
      <SubmitOrCancel form={form} onCancel={back}>
        Save the follow-up
      </SubmitOrCancel>
    </form>
  );
}

/** Start a set: its name, what it is for, and the partnerships in it (managers and facilitators). */
export function NewSetPage() {
  const { programme, api, base, crumbs } = useProgramme();
  const partnerships = useApi<{ data: { id: string; name: string }[] }>(`${api}/partnerships?pageSize=200`);
  const back = () => navigate(`${base}/learning-sets`);
  const form = useForm(async (v) => {
    const { data } = await post<{ data: LearningSet }>(`${api}/learning-sets`, {
      name: v.text('name'),
      description: v.text('description'),
      partnershipIds: v.all('partnershipIds'),
    });
    navigate(`${base}/learning-sets/${data.id}`);
  });
  return (
    <Page
      title={`Start an action-learning set – ${programme.name}`}
      heading="Start an action-learning set"
      caption={programme.name}
      breadcrumbs={crumbs({ href: `${base}/learning-sets`, label: 'Action-learning sets' })}
    >
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Name of the set" hint="For example, West cluster" />
        <TextArea form={form} name="description" label="What the set is for (optional)" rows={3} />
        {partnerships.state === 'ready' ? (
          <Choices
            form={form}
            type="checkbox"
            name="partnershipIds"
            label="Partnerships in the set"
            hint="Select all that apply. You can change them later."
            options={partnerships.data.data.map((p) => ({ value: p.id, label: p.name }))}
          />
        ) : partnerships.state === 'error' ? (
          <Failed error={partnerships.error} retry={partnerships.reload} />
        ) : (
          <Loading what="partnerships" />
        )}
        <SubmitOrCancel form={form} onCancel={back}>
          Start the set
        </SubmitOrCancel>
      </form>
    </Page>
  );
}
