// The outline's links: a form to add one by choosing where it starts and where it leads, and on each
// link its class and counts when the links are tested, a way to the respondents and quotes behind it,
// and a form for its rationale, interventions and assumptions, or to remove it.
import { useEffect, useState } from 'react';
import { Link } from '../../app/router.js';
import { Checkbox, Choices, ErrorSummary, FormProblems, SelectField, SubmitOrCancel, TextArea, fieldId, useForm } from '../../ui/forms.js';
import type { Validation } from '../drawing/api.js';
import { ClassTag, countsInWords } from '../drawing/evidence.js';
import { type Assumption, type AssumptionKind, addLink, lines, linkName, linkProblem, removeLink, updateLink } from '../drawing/model.js';
import { type OutlineProps, applyAndSave } from './steps.js';

const KINDS = [
  { value: 'contextual', label: 'Contextual', hint: 'About the place, the people or the circumstances' },
  { value: 'theoretical', label: 'Theoretical', hint: 'About how change happens' },
];

const stepOptions = (props: OutlineProps) =>
  props.model.stages.flatMap((s) =>
    props.model.nodes.filter((n) => n.stage === s.key).map((n) => ({ value: n.key, label: `${n.label} (${s.label})` })),
  );

export function AddLink(props: OutlineProps) {
  const { draft, model, announce } = props;
  const [round, setRound] = useState(0);
  const form = useForm(async (v) => {
    const from = v.text('from');
    const to = v.text('to');
    const problems = [];
    if (!from) problems.push({ field: 'from', message: 'Choose the step the link starts from' });
    if (!to) problems.push({ field: 'to', message: 'Choose the step the link leads to' });
    const issue = from && to ? linkProblem(model, from, to) : null;
    if (issue) problems.push(issue);
    if (problems.length) throw new FormProblems(problems);
    const rationale = v.text('newRationale');
    const made = addLink(model, from, to);
    if (await applyAndSave(draft, model, () => updateLink(made.model, made.key, { rationale }))) {
      announce(`Link added: ${linkName(model, { from, to })}.`);
      setRound((n) => n + 1);
    }
  });
  if (model.nodes.length < 2) return <p>Add at least two steps to link them.</p>;
  const options = stepOptions(props);
  return (
    <form onSubmit={form.onSubmit} noValidate key={round} className="toc-outline-form">
      <h2>Add a link</h2>
      <ErrorSummary form={form} />
      <SelectField form={form} name="from" label="Starts from" options={options} empty="Choose a step" />
      <SelectField form={form} name="to" label="Leads to" options={options} empty="Choose a step" />
      <TextArea form={form} name="newRationale" label="Why does this lead to that? (optional)" rows={3} />
      <SubmitOrCancel form={form}>Add the link</SubmitOrCancel>
    </form>
  );
}

export function LinkList(
  props: OutlineProps & {
    validation: Validation | null;
    drillHref: (link: string) => string | null;
    editing: string | null;
    setEditing: (key: string | null) => void;
  },
) {
  const { model, draft, validation } = props;
  if (model.links.length === 0) return <p className="muted">No links yet.</p>;
  return (
    <ul className="list toc-outline-links">
      {model.links.map((l) => {
        const name = linkName(model, l);
        const ev = validation?.links.find((x) => x.key === l.key);
        const href = ev && ev.status !== 'untested' ? props.drillHref(l.key) : null;
        return (
          <li key={l.key}>
            <h3 className="toc-outline-link-name">{name}</h3>
            {l.rationale && <p>Why: {l.rationale}</p>}
            {l.assumptions.length > 0 && (
              <ul>
                {l.assumptions.map((a, i) => (
                  <li key={i}>
                    Assumption ({a.kind}): {a.text}
                  </li>
                ))}
              </ul>
            )}
            {ev && (
              <div>
                <ClassTag status={ev.status} />
                <ul>
                  {countsInWords(ev).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {href && (
                  <p>
                    <Link href={href}>
                      Respondents and quotes behind this link<span className="visually-hidden">: {name}</span>
                    </Link>
                  </p>
                )}
              </div>
            )}
            {draft.editable && props.editing !== l.key && (
              <button type="button" className="link-button" id={`toc-change-${l.key}`} onClick={() => props.setEditing(l.key)}>
                Change<span className="visually-hidden"> the link {name}</span>
              </button>
            )}
            {props.editing === l.key && <EditLink {...props} linkKey={l.key} onDone={() => props.setEditing(null)} />}
          </li>
        );
      })}
    </ul>
  );
}

function EditLink({ draft, model, announce, linkKey, onDone }: OutlineProps & { linkKey: string; onDone: () => void }) {
  const link = model.links.find((l) => l.key === linkKey)!;
  const name = linkName(model, link);
  useEffect(() => document.getElementById(fieldId('rationale'))?.focus(), []);
  const form = useForm(async (v) => {
    const assumptions: Assumption[] = [];
    const problems = [];
    link.assumptions.forEach((_, i) => {
      if (v.checked(`assumption-${i}-remove`)) return;
      const text = v.text(`assumption-${i}`);
      if (!text) problems.push({ field: `assumption-${i}`, message: `Enter assumption ${i + 1}, or tick “Remove” under it` });
      assumptions.push({ text, kind: v.text(`assumption-${i}-kind`) === 'theoretical' ? 'theoretical' : 'contextual' });
    });
    const added = v.text('newAssumption');
    const kind = v.text('newAssumptionKind') as AssumptionKind | '';
    if (added && !kind)
      problems.push({ field: 'newAssumptionKind', message: 'Say whether the new assumption is contextual or theoretical' });
    if (added && kind) assumptions.push({ text: added, kind });
    if (problems.length) throw new FormProblems(problems);
    const change = { rationale: v.text('rationale'), interventions: lines(v.raw('interventions')), assumptions };
    if (await applyAndSave(draft, model, (m) => updateLink(m, link.key, change))) {
      announce(`Link saved: ${name}.`);
      onDone();
    }
  });
  const remove = async () => {
    if (await applyAndSave(draft, model, (m) => removeLink(m, link.key))) {
      announce(`Link removed: ${name}.`);
      onDone();
    }
  };
  return (
    <form onSubmit={form.onSubmit} noValidate className="toc-outline-form toc-outline-edit">
      <ErrorSummary form={form} />
      <TextArea form={form} name="rationale" label="Why does this lead to that?" rows={3} defaultValue={link.rationale} />
      <TextArea
        form={form}
        name="interventions"
        label="Interventions that drive it (optional)"
        hint="One a line."
        rows={3}
        defaultValue={link.interventions.join('\n')}
      />
      {link.assumptions.map((a, i) => (
        <fieldset className="fieldset toc-assumption" key={i}>
          <legend className="legend">Assumption {i + 1}</legend>
          <TextArea form={form} name={`assumption-${i}`} label={`Assumption ${i + 1}`} rows={2} defaultValue={a.text} />
          <Choices form={form} type="radio" name={`assumption-${i}-kind`} label="Kind" options={KINDS} checked={[a.kind]} inline />
          <Checkbox form={form} name={`assumption-${i}-remove`} label={`Remove assumption ${i + 1}`} />
        </fieldset>
      ))}
      <TextArea form={form} name="newAssumption" label="Add an assumption (optional)" rows={2} />
      <Choices form={form} type="radio" name="newAssumptionKind" label="Kind of the new assumption" options={KINDS} inline />
      <SubmitOrCancel form={form} onCancel={onDone}>
        Save the link
      </SubmitOrCancel>
      <p>
        <button type="button" className="button warning" onClick={() => void remove()}>
          Remove this link<span className="visually-hidden">: {name}</span>
        </button>
      </p>
    </form>
  );
}
