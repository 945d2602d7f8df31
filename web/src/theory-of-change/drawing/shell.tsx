// What the drawing page and the outline page share (without React Flow): the save bar with its edit
// conflict and problems, choosing the evaluation to test the links against, and the addresses.
import { useEffect, useRef, useState } from 'react';
import { ApiError, type Evaluation, type ListAnswer } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import type { Crumb } from '../../ui/index.js';
import { type Validation, loadValidation } from './api.js';
import type { Draft } from './draft.js';

export interface TheoryParams {
  theory: string;
  version: string;
}

/** The pages' addresses for one version, and its breadcrumbs. */
export function useTheoryPaths({ theory, version }: TheoryParams, name: string) {
  const { base, crumbs, programme } = useProgramme();
  const here = `${base}/theories-of-change/${encodeURIComponent(theory)}/versions/${encodeURIComponent(version)}`;
  const trail: Crumb[] = crumbs(
    { href: `${base}/theories-of-change`, label: 'Theories of change' },
    { href: `${base}/theories-of-change/${encodeURIComponent(theory)}`, label: name },
  );
  return { programme: programme.slug, here, drawing: `${here}/drawing`, outline: `${here}/outline`, trail };
}

/** The evaluation chosen in the address (?evaluation=slug), the programme's evaluations, and the test against it. */
export function useValidation(programme: string, params: TheoryParams, refreshKey: number) {
  const { search, path } = useLocation();
  const chosen = search.get('evaluation') ?? '';
  const list = useApi<ListAnswer<Evaluation>>(`/programmes/${encodeURIComponent(programme)}/evaluations`);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refreshKey` asks again after each save
  useEffect(() => {
    setValidation(null);
    setProblem(null);
    if (!chosen) return;
    let live = true;
    loadValidation(programme, params.theory, params.version, chosen).then(
      (v) => live && setValidation(v),
      (err: unknown) => live && setProblem(err instanceof ApiError ? err.message : 'The test of the links could not be loaded.'),
    );
    return () => {
      live = false;
    };
  }, [programme, params.theory, params.version, chosen, refreshKey]);
  const evaluations = list.state === 'ready' ? list.data.data : [];
  const choose = (slug: string) => navigate(`${path}${slug ? `?evaluation=${encodeURIComponent(slug)}` : ''}`, { replace: true });
  return { chosen, evaluations, validation, problem, choose };
}

export function EvaluationChooser(props: ReturnType<typeof useValidation>) {
  if (props.evaluations.length === 0) return null;
  return (
    <div className="form-group">
      <label className="label" htmlFor="toc-evaluation">
        Test the links against
      </label>
      <select id="toc-evaluation" className="select" value={props.chosen} onChange={(e) => props.choose(e.target.value)}>
        <option value="">No evaluation (links not tested)</option>
        {props.evaluations.map((e) => (
          <option key={e.slug} value={e.slug}>
            {e.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "All changes saved" / "Changes not saved yet", the Save button, and what went wrong with a save. */
export function SaveBar({ draft, onSave }: { draft: Draft; onSave?: () => void }) {
  if (!draft.editable) return null;
  return (
    <div className="toc-savebar">
      <p role="status" className="toc-save-status" key={draft.saved}>
        {draft.saving ? 'Saving…' : draft.dirty ? 'You have changes that are not saved yet.' : 'All changes are saved.'}
      </p>
      <button
        type="button"
        className="button"
        aria-disabled={draft.saving || undefined}
        onClick={() => {
          if (draft.saving) return;
          void draft.save().then((ok) => ok && onSave?.());
        }}
      >
        Save the draft
      </button>
    </div>
  );
}

/** The model's problems the server named (a path like nodes.2.label, in words), or an edit conflict. */
export function SaveProblems({ draft }: { draft: Draft }) {
  const ref = useRef<HTMLDivElement>(null);
  const err = draft.conflict ?? draft.saveError;
  useEffect(() => {
    if (err) ref.current?.focus();
  }, [err]);
  if (draft.conflict)
    return (
      <div className="error-summary conflict" ref={ref} tabIndex={-1} role="alert" aria-labelledby="toc-conflict-title">
        <h2 id="toc-conflict-title">Someone else saved this draft since you opened it</h2>
        <p>Your changes are not saved yet; they are still in the drawing and the outline.</p>
        {(draft.conflict.problem.changes ?? []).length > 0 && (
          <ul>
            {(draft.conflict.problem.changes ?? []).map((c, i) => (
              <li key={i}>{c.summary}</li>
            ))}
          </ul>
        )}
        <p>Check the changes, then choose:</p>
        <div className="button-group">
          <button type="button" className="button" onClick={() => void draft.save()}>
            Save my version
          </button>
          <button type="button" className="button secondary" onClick={draft.reload}>
            Use the current version
          </button>
        </div>
      </div>
    );
  if (!draft.saveError) return null;
  const list = draft.saveError.problem.errors ?? [];
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="toc-save-title">
      <h2 id="toc-save-title">The draft was not saved</h2>
      <ul>{list.length ? list.map((e, i) => <li key={i}>{e.message}</li>) : <li>{draft.saveError.message}</li>}</ul>
    </div>
  );
}

export function VersionNote({ draft, outlineOrDrawing }: { draft: Draft; outlineOrDrawing: { href: string; label: string } }) {
  const v = draft.version;
  if (!v) return null;
  return (
    <p>
      {v.name === `Version ${v.number}` ? v.name : `Version ${v.number}: ${v.name}`}{' '}
      {v.status === 'published' ? <strong className="tag tag-green">Published</strong> : <strong className="tag tag-blue">Draft</strong>}
      {v.status === 'published' && ' A published version cannot be changed: make a new draft from it to change it.'}
      {v.status === 'draft' && !v.canEdit && ' You can read this draft; only the programme’s evaluators and managers can change it.'}{' '}
      <Link href={outlineOrDrawing.href} className="toc-screen-only">
        {outlineOrDrawing.label}
      </Link>
    </p>
  );
}
