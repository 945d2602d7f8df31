// The drawing page: one version of a theory of change drawn by stage, left to right. The drawing itself
// (React Flow and ELK) is a chunk of its own, fetched after this page's frame; the outline page edits
// the same model with the keyboard.
import './drawing.css';
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { useApi } from '../../app/data.js';
import { Link, useLocation } from '../../app/router.js';
import { Failed, Loading, Page } from '../../ui/index.js';
import { type StepEvidence, downloadHref, drillHref, indicatorLines, versionPath } from './api.js';
import { useDraft } from './draft.js';
import type { Selection } from './editor.js';
import { Legend } from './evidence.js';
import { type TheoryModel, addNode, clearPositions } from './model.js';
import { Panel } from './panel.js';
import { EvaluationChooser, SaveBar, SaveProblems, type TheoryParams, VersionNote, useTheoryPaths, useValidation } from './shell.js';

const Editor = lazy(async () => ({ default: (await import('./editor.js')).Editor }));

export function DrawingPage(params: TheoryParams & { programme: string }) {
  const draft = useDraft(params.programme, params.theory, params.version);
  if (draft.status === 'loading' || !draft.model) {
    if (draft.status === 'error' && draft.error) return <Failed error={draft.error} retry={draft.reload} />;
    return <Loading what="theory of change" />;
  }
  return <Drawing params={params} draft={draft} model={draft.model} />;
}

function Drawing({ params, draft, model }: { params: TheoryParams; draft: ReturnType<typeof useDraft>; model: TheoryModel }) {
  const v = draft.version!;
  const paths = useTheoryPaths(params, v.theory.name);
  const { search } = useLocation();
  const [saves, setSaves] = useState(0);
  const test = useValidation(paths.programme, params, saves);
  const evidence = useApi<{ data: StepEvidence }>(`${versionPath(paths.programme, params.theory, params.version)}/evidence`);
  const stepEvidence = evidence.state === 'ready' ? evidence.data.data : null;
  const indicators = useMemo(() => indicatorLines(stepEvidence), [stepEvidence]);
  const [selection, setSelection] = useState<Selection>(null);
  const [refused, setRefused] = useState('');
  const [newStage, setNewStage] = useState(model.stages[0]?.key ?? '');
  const query = search.toString() ? `?${search.toString()}` : '';
  const { change } = draft;
  const onChange = useCallback(
    (fn: (m: TheoryModel) => TheoryModel) => {
      setRefused('');
      change(fn);
    },
    [change],
  );
  // Counts are for the saved version: while there are unsaved changes, the links show no class.
  const validation = draft.dirty ? null : test.validation;
  const evaluation = test.validation?.evaluation.slug;

  return (
    <Page title={`Drawing – ${v.theory.name}`} heading={v.theory.name} caption="Theory of change: drawing" breadcrumbs={paths.trail}>
      <div className="toc-print-page">
        <VersionNote
          draft={draft}
          outlineOrDrawing={{ href: `${paths.outline}${query}`, label: 'Use the outline instead (keyboard and screen readers)' }}
        />
        <SaveProblems draft={draft} />
        <div className="toc-toolbar">
          <SaveBar draft={draft} onSave={() => setSaves((n) => n + 1)} />
          {draft.editable && (
            <>
              <div className="form-group">
                <label className="label" htmlFor="toc-new-stage">
                  Stage for a new step
                </label>
                <select id="toc-new-stage" className="select" value={newStage} onChange={(e) => setNewStage(e.target.value)}>
                  {model.stages.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  const r = addNode(model, newStage);
                  onChange(() => r.model);
                  setSelection({ kind: 'node', key: r.key });
                }}
              >
                Add a step
              </button>
              <button type="button" className="button secondary" onClick={() => onChange(clearPositions)}>
                Tidy the layout
              </button>
            </>
          )}
          <EvaluationChooser {...test} />
          <Link href={`${paths.here}/mapping`} className="toc-toolbar-link">
            Map evidence to the steps
          </Link>
        </div>
        {test.problem && <p className="error-message">{test.problem}</p>}
        {draft.dirty && test.validation && <p className="toc-screen-only">Save the draft to see the links tested again.</p>}
        {validation && <Legend />}
        <p role="status" className="error-message">
          {refused}
        </p>
        <div className="toc-work">
          <Suspense fallback={<Loading what="drawing" />}>
            <Editor
              model={model}
              editable={draft.editable}
              validation={validation}
              indicators={indicators}
              selection={selection}
              onSelect={setSelection}
              onChange={onChange}
              onRefused={setRefused}
            />
          </Suspense>
          <Panel
            model={model}
            editable={draft.editable}
            validation={validation}
            evidence={stepEvidence}
            indicators={indicators}
            selection={selection}
            onChange={onChange}
            onClose={() => setSelection(null)}
            drillHref={(link) => (evaluation ? drillHref(paths.programme, params.theory, params.version, link, evaluation) : null)}
            mapHref={(step) => `${paths.here}/mapping?step=${encodeURIComponent(step)}`}
            dirty={draft.dirty}
          />
        </div>
        <div className="toc-screen-only">
          <h2>Download or print</h2>
          <ul className="list">
            <li>
              <a href={downloadHref(paths.programme, params.theory, params.version, 'svg', evaluation)} download>
                Download the drawing as SVG
              </a>
            </li>
            <li>
              <a href={downloadHref(paths.programme, params.theory, params.version, 'png', evaluation)} download>
                Download the drawing as PNG
              </a>
            </li>
            <li>
              <button type="button" className="link-button" onClick={() => window.print()}>
                Print the drawing on one page
              </button>
            </li>
          </ul>
          {draft.dirty && <p className="hint">Downloads show the saved draft: save first to include your latest changes.</p>}
        </div>
      </div>
    </Page>
  );
}
