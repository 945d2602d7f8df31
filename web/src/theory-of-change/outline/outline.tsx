// The outline: the same theory of change as the drawing, as headed lists and plain forms, so every
// action (adding, renaming, re-staging and deleting a step; adding and removing a link; its rationale,
// interventions and assumptions) can be done with a keyboard or a screen reader. Each form saves the draft.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useApi } from '../../app/data.js';
import { Link, useLocation } from '../../app/router.js';
import { Failed, Loading, Page } from '../../ui/index.js';
import { type StepEvidence, drillHref, indicatorLines, versionPath } from '../drawing/api.js';
import { type Draft, useDraft } from '../drawing/draft.js';
import { Legend } from '../drawing/evidence.js';
import type { TheoryModel } from '../drawing/model.js';
import {
  EvaluationChooser,
  SaveBar,
  SaveProblems,
  type TheoryParams,
  VersionNote,
  useTheoryPaths,
  useValidation,
} from '../drawing/shell.js';
import { AddLink, LinkList } from './links.js';
import { AddStep, StageLists } from './steps.js';

export function OutlinePage(params: TheoryParams & { programme: string }) {
  const draft = useDraft(params.programme, params.theory, params.version);
  if (draft.status === 'loading' || !draft.model) {
    if (draft.status === 'error' && draft.error) return <Failed error={draft.error} retry={draft.reload} />;
    return <Loading what="theory of change" />;
  }
  return <Outline params={params} draft={draft} model={draft.model} />;
}

function Outline({ params, draft, model }: { params: TheoryParams; draft: Draft; model: TheoryModel }) {
  const v = draft.version!;
  const paths = useTheoryPaths(params, v.theory.name);
  const { search } = useLocation();
  const test = useValidation(paths.programme, params, draft.saved);
  const evidence = useApi<{ data: StepEvidence }>(`${versionPath(paths.programme, params.theory, params.version)}/evidence`);
  const stepEvidence = evidence.state === 'ready' ? evidence.data.data : null;
  const indicators = useMemo(() => indicatorLines(stepEvidence), [stepEvidence]);
  const [said, setSaid] = useState('');
  const [editing, setEditingKey] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const announce = useCallback((message: string) => {
    setSaid(message);
    requestAnimationFrame(() => status.current?.focus());
  }, []);
  // Closing a form takes focus back to its Change button (or, when the step went, to the message).
  const setEditing = useCallback(
    (key: string | null) => {
      const was = editing;
      setEditingKey(key);
      if (key === null && was) requestAnimationFrame(() => document.getElementById(`toc-change-${was}`)?.focus());
    },
    [editing],
  );
  const validation = draft.dirty ? null : test.validation;
  const evaluation = test.validation?.evaluation.slug;
  const query = search.toString() ? `?${search.toString()}` : '';
  const common = { draft, model, announce };
  return (
    <Page title={`Outline – ${v.theory.name}`} heading={v.theory.name} caption="Theory of change: outline" breadcrumbs={paths.trail}>
      <VersionNote draft={draft} outlineOrDrawing={{ href: `${paths.drawing}${query}`, label: 'See it as a drawing' }} />
      <SaveProblems draft={draft} />
      {draft.dirty && <SaveBar draft={draft} />}
      <p role="status" tabIndex={-1} ref={status} className="toc-outline-said">
        {said}
      </p>
      <EvaluationChooser {...test} />
      <p>
        <Link href={`${paths.here}/mapping`}>Map evidence to the steps</Link>
      </p>
      {test.problem && <p className="error-message">{test.problem}</p>}
      <h2>Steps by stage</h2>
      <StageLists {...common} editing={editing} setEditing={setEditing} indicators={indicators} />
      {draft.editable && <AddStep {...common} />}
      <h2>Links</h2>
      {validation && <Legend />}
      <LinkList
        {...common}
        validation={validation}
        editing={editing}
        setEditing={setEditing}
        drillHref={(link) => (evaluation ? drillHref(paths.programme, params.theory, params.version, link, evaluation) : null)}
      />
      {draft.editable && <AddLink {...common} />}
    </Page>
  );
}
