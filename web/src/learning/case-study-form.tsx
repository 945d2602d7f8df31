// Writing a case study the GOV.UK way: one question a page (saved as a draft as you go), then
// "Check your answers" with a Change link on each row, then publish to the programme's exchange or
// the public. The first page creates the draft; every later page changes it.
import type { ReactNode } from 'react';
import { type PartnershipRow, type Place, patch, post } from '../api/index.js';
import type { components } from '../api/schema.generated.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page } from '../ui/index.js';
import {
  Choices,
  ErrorSummary,
  FormProblems,
  type FormState,
  SelectField,
  TextArea,
  TextField,
  type Values,
  fieldId,
  useForm,
} from '../ui/forms.js';
import { RefSelect } from '../ui/refs.js';

type CaseStudy = components['schemas']['CaseStudy'];
type Answer = { data: CaseStudy };
type Choice = {
  data: { themes: { actionLearning: string[]; programme: string[] }; standards: string[]; sets: { id: string; name: string }[] };
};
type Question = 'problem' | 'whatWeDid' | 'whatHelped' | 'barriers' | 'learning';

/** The five questions, each on its own page, in the order the action-learning sets asked them. */
const QUESTIONS: { step: string; field: Question; question: string; hint: string }[] = [
  { step: 'problem', field: 'problem', question: 'What was the problem or issue?', hint: 'What were you trying to change, and for whom?' },
  { step: 'what-we-did', field: 'whatWeDid', question: 'What did we do?', hint: 'Who took part, what you tried, and when.' },
  {
    step: 'what-helped',
    field: 'whatHelped',
    question: 'What helped us improve community participation?',
    hint: 'People, places, money, timing, ways of working.',
  },
  { step: 'barriers', field: 'barriers', question: 'What were the barriers?', hint: 'What got in the way, and what you did about it.' },
  { step: 'learning', field: 'learning', question: 'What are we learning?', hint: 'What you would tell another partnership starting out.' },
];
const STEPS = ['about', ...QUESTIONS.map((q) => q.step), 'themes', 'contact', 'check'];

const nextOf = (step: string) => STEPS[STEPS.indexOf(step) + 1] ?? 'check';

/** The first page: title, partnership, organisation and place; saving it creates the draft. */
export function NewCaseStudyPage() {
  return <StepFrame step="about" />;
}

export function CaseStudyStepPage(props: { id: string; step: string }) {
  return <StepFrame id={props.id} step={props.step} />;
}

function StepFrame(props: { id?: string; step: string }) {
  const { programme, api, base, crumbs } = useProgramme();
  const loaded = useApi<Answer>(props.id ? `${api}/case-studies/${props.id}` : null);
  const title = props.id ? 'Change a case study' : 'Write a case study';
  const frame = (children: ReactNode) => (
    <Page title={`${title} – ${programme.name}`} breadcrumbs={crumbs({ href: `${base}/case-studies`, label: 'Case studies' })}>
      {children}
    </Page>
  );
  if (props.id && loaded.state !== 'ready')
    return frame(loaded.state === 'loading' ? <Loading what="case study" /> : <Failed error={loaded.error} retry={loaded.reload} />);
  const study = props.id && loaded.state === 'ready' ? loaded.data.data : null;
  if (study && !study.abilities.update)
    return frame(
      <NotAllowed>Only a programme manager, or a member of the partnership that wrote it, can change this case study.</NotAllowed>,
    );
  if (!STEPS.includes(props.step)) return frame(<p>There is no such part of the form.</p>);
  return props.step === 'check' && study ? (
    <CheckAnswers study={study} reload={loaded.reload} />
  ) : (
    <StepForm study={study} step={props.step} />
  );
}

function StepForm({ study, step }: { study: CaseStudy | null; step: string }) {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const { search } = useLocation();
  const backToCheck = search.get('from') === 'check';
  const choices = useApi<Choice>(step === 'themes' || step === 'about' ? `${api}/case-studies/choices` : null);
  const form = useForm(async (v: Values) => {
    const body = bodyOf(step, v);
    let id = study?.id;
    if (study) await patch(`${api}/case-studies/${study.id}`, body);
    else id = (await post<Answer>(`${api}/case-studies`, { ...body, status: 'draft' })).data.id;
    navigate(`${base}/case-studies/${id}/${backToCheck ? 'check' : nextOf(step)}`);
  });
  const question = QUESTIONS.find((q) => q.step === step);
  const heading = question
    ? question.question
    : step === 'about'
      ? 'About the case study'
      : step === 'themes'
        ? 'Themes and National Standards'
        : 'Contact';
  const position = STEPS.indexOf(step) + 1;
  let fields: ReactNode;
  if (question) {
    fields = (
      <TextArea
        form={form}
        name={question.field}
        label={<span className="visually-hidden">{question.question}</span>}
        hint={question.hint}
        rows={8}
        defaultValue={study?.[question.field] ?? ''}
      />
    );
  } else if (step === 'about') {
    fields = (
      <>
        <TextField
          form={form}
          name="title"
          label="Title"
          hint="A short name another partnership would recognise."
          defaultValue={study?.title}
        />
        <RefSelect<PartnershipRow>
          form={form}
          name="partnershipId"
          label="Partnership"
          hint="Its members and the programme’s managers see the draft."
          api={`${api}/partnerships`}
          labelOf={(p) => p.name}
          defaultValue={study?.partnership ? { id: study.partnership.id, label: study.partnership.name } : null}
          empty={abilities.manageRegistry ? 'None: the programme’s own' : undefined}
        />
        <TextField form={form} name="organisationName" label="Organisation (optional)" defaultValue={study?.organisation.name} />
        <RefSelect<Place>
          form={form}
          name="placeId"
          label="Place (optional)"
          api={`${api}/places`}
          labelOf={(p) => p.name}
          defaultValue={study?.place ? { id: study.place.id, label: study.place.name } : null}
          empty="Not a single place"
        />
        {choices.state === 'ready' && choices.data.data.sets.length > 0 && (
          <SelectField
            form={form}
            name="learningSetId"
            label="Action-learning set it came from (optional)"
            options={choices.data.data.sets.map((x) => ({ value: x.id, label: x.name }))}
            empty="None"
            defaultValue={study?.learningSet?.id}
          />
        )}
      </>
    );
  } else if (step === 'themes') {
    fields =
      choices.state === 'ready' ? (
        <>
          <Choices
            form={form}
            type="checkbox"
            name="themes"
            label="Themes"
            hint="Select all that apply."
            options={[...choices.data.data.themes.actionLearning, ...choices.data.data.themes.programme].map((t) => ({
              value: t,
              label: t,
            }))}
            checked={study?.themes}
          />
          <TextField form={form} name="otherTheme" label="Another theme (optional)" hint="A theme of your own programme." />
          <Choices
            form={form}
            type="checkbox"
            name="standards"
            label="National Standards for Community Engagement it speaks to"
            hint="Select all that apply."
            options={choices.data.data.standards.map((t) => ({ value: t, label: t }))}
            checked={study?.standards}
          />
        </>
      ) : choices.state === 'error' ? (
        <Failed error={choices.error} retry={choices.reload} />
      ) : (
        <Loading what="themes" />
      );
  } else {
    fields = (
      <TextField
        form={form}
        name="contact"
        label="Who to ask about it (optional)"
        hint="A name and an email address or phone number. Shown only to people signed in to the programme, never on a public page."
        defaultValue={study?.contact}
      />
    );
  }
  return (
    <Page
      title={`${heading} – ${study ? study.title : 'Write a case study'} – ${programme.name}`}
      heading={heading}
      caption={`Case study, part ${position} of ${STEPS.length - 1}`}
      breadcrumbs={crumbs({ href: `${base}/case-studies`, label: 'Case studies' })}
    >
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        {fields}
        <div className="button-group">
          <button type="submit" className="button" aria-disabled={form.busy || undefined}>
            {form.busy ? 'Saving…' : backToCheck ? 'Save and go back to check your answers' : 'Save and continue'}
          </button>
        </div>
        <p>
          {study ? (
            <>
              Your answers are saved as a draft as you go.{' '}
              <Link href={`${base}/case-studies/${study.id}`}>Leave this and come back later</Link>
            </>
          ) : (
            'Saving this page starts a draft that only its partnership and the programme’s managers can see.'
          )}
        </p>
      </form>
    </Page>
  );
}

function bodyOf(step: string, v: Values): Record<string, unknown> {
  const question = QUESTIONS.find((q) => q.step === step);
  if (question) return { [question.field]: v.text(question.field) };
  if (step === 'about') {
    if (!v.text('title')) throw new FormProblems([{ field: 'title', message: 'Enter a title for the case study' }]);
    return {
      title: v.text('title'),
      partnershipId: v.nullable('partnershipId'),
      organisationName: v.text('organisationName'),
      placeId: v.nullable('placeId'),
      learningSetId: v.nullable('learningSetId'),
    };
  }
  if (step === 'themes') {
    const other = v.text('otherTheme');
    return { themes: [...v.all('themes'), ...(other ? [other] : [])], standards: v.all('standards') };
  }
  return { contact: v.text('contact') };
}

function CheckAnswers({ study, reload }: { study: CaseStudy; reload: () => void }) {
  const { programme, api, base, crumbs } = useProgramme();
  const form = useForm(async (v: Values) => {
    const audience = v.text('audience');
    if (!audience) throw new FormProblems([{ field: 'audience', message: 'Choose who can read the case study' }]);
    await patch(`${api}/case-studies/${study.id}`, { status: 'published', audience });
    navigate(`${base}/case-studies/${study.id}`);
  });
  const change = (step: string, what: string) => (
    <Link href={`${base}/case-studies/${study.id}/${step}?from=check`} id={step === 'problem' ? fieldId('problem') : undefined}>
      Change<span className="visually-hidden"> {what}</span>
    </Link>
  );
  const rows: [string, ReactNode, string][] = [
    ['Title', study.title, 'about'],
    ['Partnership', study.partnership?.name ?? 'The programme’s own', 'about'],
    ['Organisation', study.organisation.name, 'about'],
    ['Place', study.place?.name, 'about'],
    ['Action-learning set', study.learningSet?.name, 'about'],
    ...QUESTIONS.map((q): [string, ReactNode, string] => [q.question, study[q.field], q.step]),
    ['Themes', study.themes.join(', '), 'themes'],
    ['National Standards', study.standards.join(', '), 'themes'],
    ['Contact', study.contact, 'contact'],
  ];
  return (
    <Page
      title={`Check your answers – ${study.title} – ${programme.name}`}
      heading="Check your answers before publishing"
      caption={study.title}
      breadcrumbs={crumbs(
        { href: `${base}/case-studies`, label: 'Case studies' },
        { href: `${base}/case-studies/${study.id}`, label: study.title },
      )}
    >
      <ErrorSummary form={form} />
      <dl className="summary-list">
        {rows.map(([label, value, step]) => (
          <div className="summary-row" key={label}>
            <dt>{label}</dt>
            <dd>
              {value === null || value === undefined || value === '' ? <span className="muted">Not given</span> : value}
              <br />
              {change(step, label.toLowerCase())}
            </dd>
          </div>
        ))}
      </dl>
      <form onSubmit={form.onSubmit} noValidate>
        <PublishChoice form={form} study={study} />
        <div className="button-group">
          <button type="submit" className="button" aria-disabled={form.busy || undefined}>
            {form.busy ? 'Publishing…' : study.status === 'published' ? 'Save who can read it' : 'Publish the case study'}
          </button>
          {study.status === 'draft' ? (
            <Link href={`${base}/case-studies/${study.id}`} className="button secondary">
              Keep it as a draft
            </Link>
          ) : (
            <button
              type="button"
              className="button secondary"
              onClick={() => patch(`${api}/case-studies/${study.id}`, { status: 'draft' }).then(reload, reload)}
            >
              Take it back to a draft
            </button>
          )}
        </div>
      </form>
    </Page>
  );
}

function PublishChoice({ form, study }: { form: FormState; study: CaseStudy }) {
  return (
    <Choices
      form={form}
      type="radio"
      name="audience"
      label="Who can read it once it is published?"
      options={[
        {
          value: 'programme',
          label: 'People signed in to this programme',
          hint: 'It appears in the programme’s exchange, with the contact.',
        },
        {
          value: 'public',
          label: 'Anyone',
          hint: 'It also gets a public page anyone can open without an account, without the contact.',
        },
      ]}
      checked={study.status === 'published' ? [study.audience] : []}
    />
  );
}
