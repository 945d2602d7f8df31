import { useState } from 'react';
import { patch } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { type FormState, ErrorSummary, SelectField, SubmitOrCancel, TextArea, TextField, type Values, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, Page } from '../ui/index.js';
import { ACTION_STATUS_WORDS, HORIZON_WORDS, type Plan, type PlanAnswer, type PlanContent } from './types.js';

type Row<T> = T & { key: number };
let nextKey = 1;
const keyed = <T,>(list: T[]): Row<T>[] => list.map((x) => ({ ...x, key: nextKey++ }));

/** The whole plan on one form: purpose, priorities, actions, who took part and, for a phase plan, its phase part. */
export function EditPlan({ id }: { id: string }) {
  const { api } = useProgramme();
  const loaded = useApi<PlanAnswer>(`${api}/plans/${id}`);
  if (loaded.state === 'loading') return <Loading what="plan" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  return <PlanForm plan={loaded.data.data} canEdit={loaded.data.abilities.update} />;
}

function PlanForm({ plan, canEdit }: { plan: Plan; canEdit: boolean }) {
  const { api, base, crumbs } = useProgramme();
  const c = plan.content;
  const [priorities, setPriorities] = useState(() => keyed<Partial<PlanContent['priorities'][number]>>(c.priorities));
  const [actions, setActions] = useState(() => keyed<Partial<PlanContent['actions'][number]>>(c.actions));
  const [people, setPeople] = useState(() => keyed<Partial<PlanContent['participants'][number]>>(c.participants));
  const [milestones, setMilestones] = useState(() =>
    keyed<Partial<NonNullable<PlanContent['phase']>['milestones'][number]>>(c.phase?.milestones ?? []),
  );
  const [funding, setFunding] = useState(() =>
    keyed<Partial<NonNullable<PlanContent['phase']>['matchFunding'][number]>>(c.phase?.matchFunding ?? []),
  );
  const here = `${base}/plans/${plan.id}`;
  const form = useForm(
    async (v) => {
      await patch<PlanAnswer>(
        `${api}/plans/${plan.id}`,
        read(v, { priorities, actions, people, milestones, funding, phase: c.phase !== null }),
      );
      navigate(here);
    },
    { fieldOf: (path) => path.join('-') },
  );
  const saved = c.priorities.map((p) => ({ value: p.id, label: p.text }));
  const remove = <T,>(set: (f: (l: Row<T>[]) => Row<T>[]) => void, key: number) => set((l) => l.filter((x) => x.key !== key));
  return (
    <Page title={`Change ${c.title}`} breadcrumbs={crumbs({ href: `${base}/plans`, label: 'Plans' }, { href: here, label: c.title })}>
      {!canEdit ? (
        <NotAllowed>The partnership’s members, its facilitators and programme managers change this plan.</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField form={form} name="title" label="Title of the plan" defaultValue={c.title} />
          <TextArea
            form={form}
            name="purpose"
            label="Purpose"
            hint="What the partnership is for, in a sentence or two"
            defaultValue={c.purpose}
          />
          <h2>Priorities</h2>
          {priorities.map((p, i) => (
            <fieldset className="fieldset plan-row" key={p.key}>
              <legend className="legend">Priority {i + 1}</legend>
              <input type="hidden" name={`priorities-${i}-id`} value={p.id ?? ''} />
              <SelectField
                form={form}
                name={`priorities-${i}-horizon`}
                label="When"
                options={(['short', 'long'] as const).map((h) => ({ value: h, label: HORIZON_WORDS[h] }))}
                defaultValue={p.horizon ?? 'short'}
              />
              <TextField form={form} name={`priorities-${i}-text`} label="The priority" defaultValue={p.text} />
              <RemoveButton what={`priority ${i + 1}`} onClick={() => remove(setPriorities, p.key)} />
            </fieldset>
          ))}
          <AddButton onClick={() => setPriorities((l) => [...l, { key: nextKey++ }])}>Add a priority</AddButton>
          <h2>Actions</h2>
          {actions.map((a, i) => (
            <fieldset className="fieldset plan-row" key={a.key}>
              <legend className="legend">Action {i + 1}</legend>
              <input type="hidden" name={`actions-${i}-id`} value={a.id ?? ''} />
              <TextField form={form} name={`actions-${i}-text`} label="What will be done" defaultValue={a.text} />
              <SelectField
                form={form}
                name={`actions-${i}-priorityId`}
                label="The priority it serves"
                hint="New priorities can be chosen once the plan is saved"
                options={saved}
                empty="The plan as a whole"
                defaultValue={a.priorityId}
              />
              <TextField form={form} name={`actions-${i}-owner`} label="Who will do it" defaultValue={a.owner} />
              <DateField form={form} name={`actions-${i}-dueOn`} label="Due by (optional)" defaultValue={a.dueOn} />
              <SelectField
                form={form}
                name={`actions-${i}-status`}
                label="Status"
                options={Object.entries(ACTION_STATUS_WORDS).map(([value, label]) => ({ value, label }))}
                defaultValue={a.status ?? 'not_started'}
              />
              <RemoveButton what={`action ${i + 1}`} onClick={() => remove(setActions, a.key)} />
            </fieldset>
          ))}
          <AddButton onClick={() => setActions((l) => [...l, { key: nextKey++ }])}>Add an action</AddButton>
          <h2>Who took part in making it</h2>
          <p className="hint">
            A plan is the group’s own when many shaped it. Name each person, meeting or group, and how many people took part.
          </p>
          {people.map((p, i) => (
            <fieldset className="fieldset plan-row" key={p.key}>
              <legend className="legend">Who took part ({i + 1})</legend>
              <TextField form={form} name={`participants-${i}-who`} label="Person, meeting or group" defaultValue={p.who} />
              <TextField
                form={form}
                name={`participants-${i}-count`}
                label="How many people"
                width="short"
                inputMode="numeric"
                defaultValue={p.count}
              />
              <RemoveButton what={`who took part (${i + 1})`} onClick={() => remove(setPeople, p.key)} />
            </fieldset>
          ))}
          <AddButton onClick={() => setPeople((l) => [...l, { key: nextKey++ }])}>Add who took part</AddButton>
          {c.phase && (
            <PhaseFields
              form={form}
              phase={c.phase}
              milestones={milestones}
              setMilestones={setMilestones}
              funding={funding}
              setFunding={setFunding}
            />
          )}
          <SubmitOrCancel form={form} onCancel={() => navigate(here)}>
            Save a new version
          </SubmitOrCancel>
        </form>
      )}
    </Page>
  );
}

type Milestones = Row<Partial<NonNullable<PlanContent['phase']>['milestones'][number]>>[];
type Funding = Row<Partial<NonNullable<PlanContent['phase']>['matchFunding'][number]>>[];

function PhaseFields(props: {
  form: FormState;
  phase: NonNullable<PlanContent['phase']>;
  milestones: Milestones;
  setMilestones: (f: (l: Milestones) => Milestones) => void;
  funding: Funding;
  setFunding: (f: (l: Funding) => Funding) => void;
}) {
  const { form, phase } = props;
  return (
    <>
      <h2>For the next phase</h2>
      <TextArea form={form} name="phase-impact" label="The impact sought" defaultValue={phase.impact} />
      <h3>Milestones</h3>
      {props.milestones.map((m, i) => (
        <fieldset className="fieldset plan-row" key={m.key}>
          <legend className="legend">Milestone {i + 1}</legend>
          <input type="hidden" name={`phase-milestones-${i}-id`} value={m.id ?? ''} />
          <TextField form={form} name={`phase-milestones-${i}-text`} label="The milestone" defaultValue={m.text} />
          <DateField form={form} name={`phase-milestones-${i}-dueOn`} label="By (optional)" defaultValue={m.dueOn} />
          <RemoveButton what={`milestone ${i + 1}`} onClick={() => props.setMilestones((l) => l.filter((x) => x.key !== m.key))} />
        </fieldset>
      ))}
      <AddButton onClick={() => props.setMilestones((l) => [...l, { key: nextKey++ }])}>Add a milestone</AddButton>
      <h3>Match funding</h3>
      {props.funding.map((m, i) => (
        <fieldset className="fieldset plan-row" key={m.key}>
          <legend className="legend">Match funding {i + 1}</legend>
          <TextField form={form} name={`phase-matchFunding-${i}-source`} label="From" defaultValue={m.source} />
          <TextField
            form={form}
            name={`phase-matchFunding-${i}-amountPence`}
            label="Amount in pounds"
            width="short"
            inputMode="decimal"
            defaultValue={m.amountPence === undefined ? '' : String(m.amountPence / 100)}
          />
          <SelectField
            form={form}
            name={`phase-matchFunding-${i}-confirmed`}
            label="Confirmed?"
            options={[
              { value: 'yes', label: 'Confirmed' },
              { value: 'no', label: 'Expected' },
            ]}
            defaultValue={m.confirmed ? 'yes' : 'no'}
          />
          <RemoveButton what={`match funding ${i + 1}`} onClick={() => props.setFunding((l) => l.filter((x) => x.key !== m.key))} />
        </fieldset>
      ))}
      <AddButton onClick={() => props.setFunding((l) => [...l, { key: nextKey++ }])}>Add match funding</AddButton>
      <TextArea
        form={form}
        name="phase-reducedFunding"
        label="How reduced funding will be managed"
        hint="What stops, shrinks or is paid for another way as the grant tapers"
        defaultValue={phase.reducedFunding}
      />
    </>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: string }) {
  return (
    <p>
      <button type="button" className="button secondary" onClick={onClick}>
        {children}
      </button>
    </p>
  );
}
function RemoveButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <button type="button" className="link-button" onClick={onClick}>
      Remove <span className="visually-hidden">{what}</span>
    </button>
  );
}

/** The form's rows, in the order shown, as the API takes them. */
function read(
  v: Values,
  rows: { priorities: unknown[]; actions: unknown[]; people: unknown[]; milestones: unknown[]; funding: unknown[]; phase: boolean },
) {
  const id = (name: string) => v.text(name) || undefined;
  const body: Record<string, unknown> = {
    title: v.text('title'),
    purpose: v.text('purpose'),
    priorities: rows.priorities.map((_, i) => ({
      id: id(`priorities-${i}-id`),
      horizon: v.text(`priorities-${i}-horizon`),
      text: v.text(`priorities-${i}-text`),
    })),
    actions: rows.actions.map((_, i) => ({
      id: id(`actions-${i}-id`),
      text: v.text(`actions-${i}-text`),
      priorityId: v.nullable(`actions-${i}-priorityId`),
      owner: v.text(`actions-${i}-owner`),
      dueOn: v.date(`actions-${i}-dueOn`, 'the due date'),
      status: v.text(`actions-${i}-status`),
    })),
    participants: rows.people.map((_, i) => ({
      who: v.text(`participants-${i}-who`),
      count: v.number(`participants-${i}-count`, 'Enter how many people, as a whole number', { whole: true }),
    })),
  };
  if (rows.phase)
    body.phase = {
      impact: v.text('phase-impact'),
      milestones: rows.milestones.map((_, i) => ({
        id: id(`phase-milestones-${i}-id`),
        text: v.text(`phase-milestones-${i}-text`),
        dueOn: v.date(`phase-milestones-${i}-dueOn`, 'the milestone’s date'),
      })),
      matchFunding: rows.funding.map((_, i) => {
        const pounds = v.number(`phase-matchFunding-${i}-amountPence`, 'Enter the amount in pounds, for example 15000');
        return {
          source: v.text(`phase-matchFunding-${i}-source`),
          amountPence: typeof pounds === 'number' ? Math.round(pounds * 100) : pounds,
          confirmed: v.text(`phase-matchFunding-${i}-confirmed`) === 'yes',
        };
      }),
      reducedFunding: v.text('phase-reducedFunding'),
    };
  return body;
}
