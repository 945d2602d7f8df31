// The side panel beside the drawing: the selected step (label, stage, description, evaluation questions)
// or link (rationale, interventions, assumptions, and what the evidence found), changed as you type.
// A published version shows the same, read only.
import { useState } from 'react';
import { Link } from '../../app/router.js';
import { SummaryList } from '../../ui/index.js';
import { type LinkValidation, type StepEvidence, type Validation, stepCount } from './api.js';
import { ClassTag, countsInWords } from './evidence.js';
import {
  ASSUMPTION_KINDS,
  type Assumption,
  type TheoryModel,
  type TocLink,
  type TocNode,
  labelProblem,
  lines,
  linkName,
  removeLink,
  removeNode,
  stageLabel,
  updateLink,
  updateNode,
} from './model.js';

export interface PanelProps {
  model: TheoryModel;
  editable: boolean;
  validation: Validation | null;
  /** What is mapped to each step (respondents per evaluation, indicators), when loaded. */
  evidence: StepEvidence | null;
  indicators: ReadonlyMap<string, readonly string[]>;
  selection: { kind: 'node' | 'link'; key: string } | null;
  onChange: (fn: (m: TheoryModel) => TheoryModel) => void;
  onClose: () => void;
  /** The page of respondents and quotes behind a link. */
  drillHref: (link: string) => string | null;
  /** The page mapping codes and indicators to a step, with the step chosen. */
  mapHref: (step: string) => string;
  /** Changes not saved yet: a new step reaches the mapping page once saved. */
  dirty: boolean;
}

export function Panel(props: PanelProps) {
  const { model, selection } = props;
  const node = selection?.kind === 'node' ? model.nodes.find((n) => n.key === selection.key) : undefined;
  const link = selection?.kind === 'link' ? model.links.find((l) => l.key === selection.key) : undefined;
  return (
    <section className="toc-panel" aria-labelledby="toc-panel-title">
      {node ? (
        <NodePanel key={node.key} {...props} node={node} />
      ) : link ? (
        <LinkPanel key={link.key} {...props} link={link} />
      ) : (
        <>
          <h2 id="toc-panel-title">Details</h2>
          <p>
            {props.editable
              ? 'Select a step or a link in the drawing to change it here. Drag from the dot on a step’s right-hand side to another step to link them.'
              : 'Select a step or a link in the drawing to see it here.'}
          </p>
        </>
      )}
    </section>
  );
}

function NodePanel(props: PanelProps & { node: TocNode }) {
  const { model, node, onChange, editable } = props;
  const [label, setLabel] = useState(node.label);
  const [questions, setQuestions] = useState(node.questions.join('\n'));
  const problem = labelProblem(model, label, node.key);
  const byEvaluation = (props.evidence?.respondents ?? []).filter((r) => r.nodeKey === node.key);
  const indicators = props.indicators.get(node.key) ?? [];
  const evidence: [string, string][] = [
    ...(props.validation
      ? [[`Respondents (${props.validation.evaluation.title})`, stepCount(props.validation, node.key)!] as [string, string]]
      : byEvaluation.map(
          (r) =>
            [`Respondents (${r.evaluation.title})`, r.respondents === null ? 'Too few to show' : String(r.respondents)] as [string, string],
        )),
    ...(indicators.length ? [['Indicators', indicators.join('; ')] as [string, string]] : []),
  ];
  if (!editable)
    return (
      <>
        <h2 id="toc-panel-title">{node.label}</h2>
        <SummaryList
          rows={[
            ['Stage', stageLabel(model, node.stage)],
            ['Description', node.description],
            ['Evaluation questions', node.questions.join('; ')],
            ...evidence,
          ]}
        />
        <p>
          <Link href={props.mapHref(node.key)}>Evidence mapped to this step</Link>
        </p>
      </>
    );
  return (
    <>
      <h2 id="toc-panel-title">Step: {node.label}</h2>
      <div className={`form-group${problem ? ' form-group-error' : ''}`}>
        <label className="label" htmlFor="panel-label">
          What this step is
        </label>
        {problem && (
          <p className="error-message" id="panel-label-error">
            <span className="visually-hidden">Error:</span> {problem}
          </p>
        )}
        <input
          id="panel-label"
          className={`input${problem ? ' input-error' : ''}`}
          value={label}
          aria-describedby={problem ? 'panel-label-error' : undefined}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setLabel(e.target.value);
            if (!labelProblem(model, e.target.value, node.key)) onChange((m) => updateNode(m, node.key, { label: e.target.value.trim() }));
          }}
        />
      </div>
      <div className="form-group">
        <label className="label" htmlFor="panel-stage">
          Stage
        </label>
        <select
          id="panel-stage"
          className="select"
          value={node.stage}
          onChange={(e) => onChange((m) => updateNode(m, node.key, { stage: e.target.value, position: null }))}
        >
          {model.stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group">
        <label className="label" htmlFor="panel-description">
          Description (optional)
        </label>
        <textarea
          id="panel-description"
          className="textarea"
          rows={3}
          value={node.description}
          onChange={(e) => onChange((m) => updateNode(m, node.key, { description: e.target.value }))}
        />
      </div>
      <div className="form-group">
        <label className="label" htmlFor="panel-questions">
          Evaluation questions (optional)
        </label>
        <div className="hint" id="panel-questions-hint">
          One question a line.
        </div>
        <textarea
          id="panel-questions"
          className="textarea"
          rows={3}
          value={questions}
          aria-describedby="panel-questions-hint"
          onChange={(e) => {
            setQuestions(e.target.value);
            onChange((m) => updateNode(m, node.key, { questions: lines(e.target.value) }));
          }}
        />
      </div>
      {evidence.length > 0 && <SummaryList rows={evidence} />}
      <p>
        <Link href={props.mapHref(node.key)}>Map evidence to this step</Link>
        {props.dirty && <span className="hint"> (save the draft first: the mapping page shows the saved steps)</span>}
      </p>
      <div className="button-group">
        <button
          type="button"
          className="button warning"
          onClick={() => {
            onChange((m) => removeNode(m, node.key));
            props.onClose();
          }}
        >
          Delete this step<span className="visually-hidden">: {node.label}</span>
        </button>
      </div>
    </>
  );
}

function Evidence({ v, href }: { v: LinkValidation; href: string | null }) {
  return (
    <>
      <h3>What the evidence found</h3>
      <p>
        <ClassTag status={v.status} />
      </p>
      <ul className="list">
        {countsInWords(v).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {href && v.status !== 'untested' && (
        <p>
          <Link href={href}>Respondents and quotes behind this link</Link>
        </p>
      )}
    </>
  );
}

function LinkPanel(props: PanelProps & { link: TocLink }) {
  const { model, link, onChange, editable } = props;
  const [interventions, setInterventions] = useState(link.interventions.join('\n'));
  const ev = props.validation?.links.find((l) => l.key === link.key);
  const href = props.drillHref(link.key);
  const name = linkName(model, link);
  const setAssumptions = (fn: (a: Assumption[]) => Assumption[]) =>
    onChange((m) => updateLink(m, link.key, { assumptions: fn(m.links.find((l) => l.key === link.key)?.assumptions ?? []) }));
  if (!editable)
    return (
      <>
        <h2 id="toc-panel-title">{name}</h2>
        <SummaryList
          rows={[
            ['Why this leads to that', link.rationale],
            ['Interventions', link.interventions.join('; ')],
            ['Assumptions', link.assumptions.map((a) => `${a.text} (${a.kind})`).join('; ')],
          ]}
        />
        {ev && <Evidence v={ev} href={href} />}
      </>
    );
  return (
    <>
      <h2 id="toc-panel-title">Link: {name}</h2>
      <div className="form-group">
        <label className="label" htmlFor="panel-rationale">
          Why does this lead to that?
        </label>
        <textarea
          id="panel-rationale"
          className="textarea"
          rows={3}
          value={link.rationale}
          onChange={(e) => onChange((m) => updateLink(m, link.key, { rationale: e.target.value }))}
        />
      </div>
      <div className="form-group">
        <label className="label" htmlFor="panel-interventions">
          Interventions that drive it (optional)
        </label>
        <div className="hint" id="panel-interventions-hint">
          One a line.
        </div>
        <textarea
          id="panel-interventions"
          className="textarea"
          rows={3}
          value={interventions}
          aria-describedby="panel-interventions-hint"
          onChange={(e) => {
            setInterventions(e.target.value);
            onChange((m) => updateLink(m, link.key, { interventions: lines(e.target.value) }));
          }}
        />
      </div>
      <fieldset className="fieldset">
        <legend className="legend">Assumptions</legend>
        {link.assumptions.length === 0 && <p className="muted">None yet.</p>}
        {link.assumptions.map((a, i) => (
          <div className="toc-assumption" key={i}>
            <div className="form-group">
              <label className="label" htmlFor={`panel-assumption-${i}`}>
                Assumption {i + 1}
              </label>
              <textarea
                id={`panel-assumption-${i}`}
                className="textarea"
                rows={2}
                value={a.text}
                onChange={(e) => setAssumptions((list) => list.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
              />
            </div>
            <div className="form-group">
              <label className="label" htmlFor={`panel-assumption-${i}-kind`}>
                Kind of assumption {i + 1}
              </label>
              <select
                id={`panel-assumption-${i}-kind`}
                className="select"
                value={a.kind}
                onChange={(e) =>
                  setAssumptions((list) => list.map((x, j) => (j === i ? { ...x, kind: e.target.value as Assumption['kind'] } : x)))
                }
              >
                {ASSUMPTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === 'contextual' ? 'Contextual (about the place or people)' : 'Theoretical (about how change happens)'}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="button secondary" onClick={() => setAssumptions((list) => list.filter((_, j) => j !== i))}>
              Remove assumption {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button secondary"
          onClick={() => setAssumptions((list) => [...list, { text: '', kind: 'contextual' }])}
        >
          Add an assumption
        </button>
      </fieldset>
      {ev && <Evidence v={ev} href={href} />}
      <div className="button-group">
        <button
          type="button"
          className="button warning"
          onClick={() => {
            onChange((m) => removeLink(m, link.key));
            props.onClose();
          }}
        >
          Delete this link<span className="visually-hidden">: {name}</span>
        </button>
      </div>
    </>
  );
}
