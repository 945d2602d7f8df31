import type { ReactNode } from 'react';
import { post } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { Choices, ErrorSummary, FormProblems, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page, formatDate } from '../ui/index.js';
import { HORIZON_WORDS, JUDGEMENT_HINTS, JUDGEMENT_WORDS, type Judgement, type Plan, type PlanAnswer } from './types.js';

/**
 * The annual review, one question a page (GOV.UK): when it happened and who took part; then each
 * priority on a page of its own (how it is going, notes, what changes next); then a page to check the
 * answers before they are saved. Answers are kept in the browser's session until saved, so Back and
 * reloading lose nothing. The page is `…/review?step=0` (about the review), `step=1…n` (the priorities), `step=check`.
 */
interface Answers {
  reviewedOn?: string;
  who?: string;
  count?: number;
  summary?: string;
  judgements: Record<string, { judgement?: Judgement; notes: string; next: string }>;
}

const storeKey = (id: string) => `cairn-review-${id}`;
const load = (id: string): Answers => {
  try {
    return JSON.parse(sessionStorage.getItem(storeKey(id)) ?? '') as Answers;
  } catch {
    return { judgements: {} };
  }
};
const save = (id: string, a: Answers) => sessionStorage.setItem(storeKey(id), JSON.stringify(a));

export function ReviewJourney({ id }: { id: string }) {
  const { api } = useProgramme();
  const loaded = useApi<PlanAnswer>(`${api}/plans/${id}`);
  const { search } = useLocation();
  if (loaded.state === 'loading') return <Loading what="plan" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: plan, abilities } = loaded.data;
  if (!abilities.update)
    return <NotAllowed>The partnership’s members, its facilitators and programme managers review this plan.</NotAllowed>;
  const step = search.get('step') ?? '0';
  if (step === 'check') return <CheckAnswers plan={plan} />;
  const n = Number(step);
  if (n >= 1 && n <= plan.content.priorities.length) return <PriorityPage key={n} plan={plan} n={n} />;
  return <AboutReview plan={plan} />;
}

function useJourney(plan: Plan) {
  const { base, crumbs } = useProgramme();
  const here = `${base}/plans/${plan.id}`;
  const total = plan.content.priorities.length;
  // A change made from the check-answers page goes back there.
  const fromCheck = useLocation().search.get('from') === 'check';
  return {
    here,
    total,
    go: (step: number | 'check') => navigate(`${here}/review?step=${fromCheck ? 'check' : step}`),
    trail: crumbs({ href: `${base}/plans`, label: 'Plans' }, { href: here, label: plan.content.title }),
  };
}

function AboutReview({ plan }: { plan: Plan }) {
  const { trail, go, here } = useJourney(plan);
  const a = load(plan.id);
  const form = useForm(async (v) => {
    const reviewedOn = v.date('reviewedOn', 'the date of the review', { required: true });
    const count = v.number('count', 'Enter how many people took part, as a whole number', { whole: true });
    const who = v.text('who');
    const problems = [...v.problems];
    if (!who) problems.push({ field: 'who', message: 'Enter who took part in the review' });
    if (count === null) problems.push({ field: 'count', message: 'Enter how many people took part' });
    if (problems.length) throw new FormProblems(problems);
    save(plan.id, { ...a, reviewedOn: reviewedOn!, who, count: count! });
    go(1);
  });
  return (
    <Page title="About the review" caption={`Annual review of ${plan.content.title}`} breadcrumbs={trail}>
      <p>
        You will say how each of the plan’s {plan.content.priorities.length} priorities is going, one a page, then check your answers before
        they are saved. <Link href={here}>Back to the plan</Link>
      </p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <DateField form={form} name="reviewedOn" label="When was the review meeting?" defaultValue={a.reviewedOn} />
        <TextField
          form={form}
          name="who"
          label="Who took part?"
          hint="A meeting or group, for example “Open review meeting at the community centre”"
          defaultValue={a.who}
        />
        <TextField form={form} name="count" label="How many people took part?" width="short" inputMode="numeric" defaultValue={a.count} />
        <Submit form={form}>Continue</Submit>
      </form>
    </Page>
  );
}

function PriorityPage({ plan, n }: { plan: Plan; n: number }) {
  const { trail, go, total } = useJourney(plan);
  const priority = plan.content.priorities[n - 1]!;
  const a = load(plan.id);
  const mine = a.judgements[priority.id];
  const form = useForm(async (v) => {
    const judgement = v.text('judgement') as Judgement | '';
    if (!judgement) throw new FormProblems([{ field: 'judgement', message: 'Choose how this priority is going' }]);
    save(plan.id, { ...a, judgements: { ...a.judgements, [priority.id]: { judgement, notes: v.text('notes'), next: v.text('next') } } });
    go(n === total ? 'check' : n + 1);
  });
  return (
    <Page
      title={`Priority ${n} of ${total}`}
      caption={`Annual review: priority ${n} of ${total}`}
      heading={priority.text}
      breadcrumbs={trail}
    >
      <p className="muted">{HORIZON_WORDS[priority.horizon]}</p>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <Choices
          form={form}
          type="radio"
          name="judgement"
          label="How is this priority going?"
          checked={mine?.judgement ? [mine.judgement] : []}
          options={(Object.keys(JUDGEMENT_WORDS) as Judgement[]).map((j) => ({
            value: j,
            label: JUDGEMENT_WORDS[j],
            hint: JUDGEMENT_HINTS[j],
          }))}
        />
        <TextArea form={form} name="notes" label="What happened (optional)" defaultValue={mine?.notes} />
        <TextArea form={form} name="next" label="What changes next (optional)" hint="For the coming year" defaultValue={mine?.next} />
        <Submit form={form}>Continue</Submit>
      </form>
    </Page>
  );
}

function CheckAnswers({ plan }: { plan: Plan }) {
  const { api } = useProgramme();
  const { trail, here } = useJourney(plan);
  const a = load(plan.id);
  const change = (step: number) => `${here}/review?step=${step}&from=check`;
  const form = useForm(async (v) => {
    const missing = plan.content.priorities.filter((p) => !a.judgements[p.id]?.judgement);
    if (!a.reviewedOn || missing.length)
      throw new FormProblems([
        { field: '', message: missing.length ? `Say how “${missing[0]!.text}” is going` : 'Say when the review took place' },
      ]);
    await post<PlanAnswer>(`${api}/plans/${plan.id}/reviews`, {
      reviewedOn: a.reviewedOn,
      participants: a.who && a.count ? [{ who: a.who, count: a.count }] : [],
      summary: v.text('summary'),
      judgements: plan.content.priorities.map((p) => ({ priorityId: p.id, ...a.judgements[p.id]! })),
    });
    sessionStorage.removeItem(storeKey(plan.id));
    navigate(here);
  });
  return (
    <Page title="Check your answers before saving the review" caption={`Annual review of ${plan.content.title}`} breadcrumbs={trail}>
      <ErrorSummary form={form} />
      <dl className="summary-list answers">
        <Row label="Date of the review" value={a.reviewedOn ? formatDate(a.reviewedOn) : 'Not given'} href={change(0)} what="the date" />
        <Row label="Who took part" value={a.who ? `${a.who}: ${a.count ?? 0}` : 'Not given'} href={change(0)} what="who took part" />
        {plan.content.priorities.map((p, i) => {
          const j = a.judgements[p.id];
          return (
            <Row
              key={p.id}
              label={p.text}
              href={change(i + 1)}
              what={`how “${p.text}” is going`}
              value={
                j?.judgement ? (
                  <>
                    <strong>{JUDGEMENT_WORDS[j.judgement]}</strong>
                    {j.notes && <p>{j.notes}</p>}
                    {j.next && <p>Next: {j.next}</p>}
                  </>
                ) : (
                  'Not answered'
                )
              }
            />
          );
        })}
      </dl>
      <form onSubmit={form.onSubmit} noValidate>
        <TextArea form={form} name="summary" label="Anything else about the year (optional)" defaultValue={a.summary} />
        <Submit form={form}>Save the review</Submit>
      </form>
    </Page>
  );
}

function Row({ label, value, href, what }: { label: string; value: ReactNode; href: string; what: string }) {
  return (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
      <dd className="summary-action">
        <Link href={href}>
          Change<span className="visually-hidden"> {what}</span>
        </Link>
      </dd>
    </div>
  );
}
