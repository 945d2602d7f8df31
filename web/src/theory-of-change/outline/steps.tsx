// The outline's steps: each stage a headed list of its steps, a form to add a step, and on each step a
// form to rename it, move it to another stage or delete it. Plain forms: every action by keyboard.
import { useEffect, useState } from 'react';
import type { Draft } from '../drawing/draft.js';
import { type TheoryModel, addNode, labelProblem, removeNode, stageLabel, updateNode } from '../drawing/model.js';
import { ErrorSummary, FormProblems, SelectField, SubmitOrCancel, TextField, fieldId, useForm } from '../../ui/forms.js';

export interface OutlineProps {
  draft: Draft;
  model: TheoryModel;
  /** Says what was done, in the page's status line (read out by screen readers). */
  announce: (message: string) => void;
}

/** Applies a change and saves the draft at once; false when the save failed (the page says why). */
export async function applyAndSave(draft: Draft, model: TheoryModel, fn: (m: TheoryModel) => TheoryModel): Promise<boolean> {
  return draft.save(fn(model));
}

export function AddStep({ draft, model, announce }: OutlineProps) {
  const [round, setRound] = useState(0);
  const form = useForm(async (v) => {
    const label = v.text('newLabel');
    const stage = v.text('newStage');
    const problems = [];
    const labelIssue = labelProblem(model, label);
    if (labelIssue) problems.push({ field: 'newLabel', message: labelIssue });
    if (!model.stages.some((s) => s.key === stage)) problems.push({ field: 'newStage', message: 'Choose the stage the step belongs to' });
    if (problems.length) throw new FormProblems(problems);
    if (await applyAndSave(draft, model, (m) => addNode(m, stage, label).model)) {
      announce(`Step “${label}” added to ${stageLabel(model, stage)}.`);
      setRound((n) => n + 1);
    }
  });
  return (
    <form onSubmit={form.onSubmit} noValidate key={round} className="toc-outline-form">
      <h2>Add a step</h2>
      <ErrorSummary form={form} />
      <TextField form={form} name="newLabel" label="What is the step?" hint="For example, “Residents trained to run meetings”." />
      <SelectField form={form} name="newStage" label="Stage" options={model.stages.map((s) => ({ value: s.key, label: s.label }))} />
      <SubmitOrCancel form={form}>Add the step</SubmitOrCancel>
    </form>
  );
}

export function StageLists(
  props: OutlineProps & {
    editing: string | null;
    setEditing: (key: string | null) => void;
    /** Each step's indicators with their latest totals, in words. */
    indicators: ReadonlyMap<string, readonly string[]>;
  },
) {
  const { model, draft } = props;
  return (
    <>
      {model.stages.map((s) => {
        const steps = model.nodes.filter((n) => n.stage === s.key);
        return (
          <section key={s.key} aria-labelledby={`stage-${s.key}`} className="toc-outline-stage">
            <h3 id={`stage-${s.key}`}>{s.label}</h3>
            {steps.length === 0 ? (
              <p className="muted">No steps in this stage yet.</p>
            ) : (
              <ul className="list">
                {steps.map((n) => (
                  <li key={n.key}>
                    {n.label}{' '}
                    {(props.indicators.get(n.key) ?? []).map((line) => (
                      <span className="hint toc-outline-indicator" key={line}>
                        {line}
                      </span>
                    ))}
                    {draft.editable && props.editing !== n.key && (
                      <button type="button" className="link-button" id={`toc-change-${n.key}`} onClick={() => props.setEditing(n.key)}>
                        Change<span className="visually-hidden"> “{n.label}”</span>
                      </button>
                    )}
                    {props.editing === n.key && <EditStep {...props} stepKey={n.key} onDone={() => props.setEditing(null)} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

function EditStep({ draft, model, announce, stepKey, onDone }: OutlineProps & { stepKey: string; onDone: () => void }) {
  const node = model.nodes.find((n) => n.key === stepKey)!;
  useEffect(() => document.getElementById(fieldId('label'))?.focus(), []);
  const form = useForm(async (v) => {
    const label = v.text('label');
    const stage = v.text('stage');
    const issue = labelProblem(model, label, node.key);
    if (issue) throw new FormProblems([{ field: 'label', message: issue }]);
    if (
      await applyAndSave(draft, model, (m) =>
        updateNode(m, node.key, { label, stage, ...(stage !== node.stage ? { position: null } : {}) }),
      )
    ) {
      announce(stage !== node.stage ? `“${label}” moved to ${stageLabel(model, stage)}.` : `“${label}” saved.`);
      onDone();
    }
  });
  const remove = async () => {
    const links = model.links.filter((l) => l.from === node.key || l.to === node.key).length;
    if (await applyAndSave(draft, model, (m) => removeNode(m, node.key))) {
      announce(`Step “${node.label}” deleted${links ? `, with its ${links === 1 ? 'link' : `${links} links`}` : ''}.`);
      onDone();
    }
  };
  return (
    <form onSubmit={form.onSubmit} noValidate className="toc-outline-form toc-outline-edit">
      <ErrorSummary form={form} />
      <TextField form={form} name="label" label="What is the step?" defaultValue={node.label} />
      <SelectField
        form={form}
        name="stage"
        label="Stage"
        defaultValue={node.stage}
        options={model.stages.map((s) => ({ value: s.key, label: s.label }))}
      />
      <SubmitOrCancel form={form} onCancel={onDone}>
        Save the step
      </SubmitOrCancel>
      <p>
        <button type="button" className="button warning" onClick={() => void remove()}>
          Delete this step<span className="visually-hidden">: {node.label}</span>
        </button>
      </p>
    </form>
  );
}
