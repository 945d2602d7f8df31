// One version of a theory of change as both editors hold it: loaded once, changed by the drawing and the
// outline alike, saved whole. Kept outside React per version, so going from the drawing to the outline
// (two pages, two chunks) keeps what was changed and not yet saved. This file is small and free of
// React Flow, so the outline does not download the drawing's libraries.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { ApiError, isEditConflict } from '../../api/index.js';
import { type TheoryVersion, loadVersion, saveDraft } from './api.js';
import type { TheoryModel } from './model.js';

export interface DraftState {
  status: 'loading' | 'error' | 'ready';
  error: ApiError | null;
  version: TheoryVersion | null;
  /** The model as the person has it now (saved or not). */
  model: TheoryModel | null;
  /** Changed since the last save. */
  dirty: boolean;
  saving: boolean;
  /** The last save failed because someone else saved first; the model is still the person's. */
  conflict: ApiError | null;
  /** The last save failed for another reason (a problem in the model, no connection). */
  saveError: ApiError | null;
  /** Bumps at each save, so a status message is announced again. */
  saved: number;
}

const EMPTY: DraftState = {
  status: 'loading',
  error: null,
  version: null,
  model: null,
  dirty: false,
  saving: false,
  conflict: null,
  saveError: null,
  saved: 0,
};

interface Entry {
  state: DraftState;
  listeners: Set<() => void>;
}
const entries = new Map<string, Entry>();

function entryOf(key: string): Entry {
  let e = entries.get(key);
  if (!e) entries.set(key, (e = { state: EMPTY, listeners: new Set() }));
  return e;
}
function set(key: string, change: Partial<DraftState>) {
  const e = entryOf(key);
  e.state = { ...e.state, ...change };
  for (const l of e.listeners) l();
}
const asApiError = (err: unknown) =>
  err instanceof ApiError ? err : new ApiError({ title: 'Error', status: 0, detail: 'Something went wrong in this page. Reload it.' });

async function load(key: string, programme: string, theory: string, version: string) {
  set(key, { status: 'loading', error: null });
  try {
    const v = await loadVersion(programme, theory, version);
    set(key, { ...EMPTY, status: 'ready', version: v, model: v.model });
  } catch (err) {
    set(key, { status: 'error', error: asApiError(err) });
  }
}

export interface Draft extends DraftState {
  /** Apply a change to the model (marks it unsaved). */
  change: (fn: (m: TheoryModel) => TheoryModel) => void;
  /** Save the model as it is now; resolves to true when saved. */
  save: (model?: TheoryModel) => Promise<boolean>;
  /** Drop unsaved changes and load the version as it is on the server. */
  reload: () => void;
  editable: boolean;
}

/** The version `version` of a programme's theory, shared by every page that shows it. */
export function useDraft(programme: string, theory: string, version: string): Draft {
  const key = `${programme}\u0000${theory}\u0000${version}`;
  const subscribe = useCallback(
    (l: () => void) => {
      const e = entryOf(key);
      e.listeners.add(l);
      return () => e.listeners.delete(l);
    },
    [key],
  );
  const state = useSyncExternalStore(
    subscribe,
    () => entryOf(key).state,
    () => EMPTY,
  );
  useEffect(() => {
    const e = entryOf(key);
    // A version left with unsaved changes keeps them; anything else is read afresh.
    if (!(e.state.status === 'ready' && e.state.dirty)) void load(key, programme, theory, version);
  }, [key, programme, theory, version]);

  // Closing the tab or reloading with unsaved changes: the browser asks first.
  useEffect(() => {
    if (!state.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  const change = useCallback(
    (fn: (m: TheoryModel) => TheoryModel) => {
      const now = entryOf(key).state;
      if (!now.model) return;
      set(key, { model: fn(now.model), dirty: true });
    },
    [key],
  );
  const save = useCallback(
    async (model?: TheoryModel) => {
      const now = entryOf(key).state;
      const sending = model ?? now.model;
      if (!sending || !now.version) return false;
      set(key, { model: sending, saving: true, saveError: null });
      try {
        const v = await saveDraft(programme, theory, now.version, sending);
        const after = entryOf(key).state;
        // Changes made while the save was on its way stay unsaved.
        const same = after.model === sending;
        set(key, { version: v, model: same ? v.model : after.model, dirty: !same, saving: false, conflict: null, saved: after.saved + 1 });
        return true;
      } catch (err) {
        const e = asApiError(err);
        set(key, { saving: false, conflict: isEditConflict(e) ? e : null, saveError: isEditConflict(e) ? null : e });
        return false;
      }
    },
    [key, programme, theory],
  );
  const reload = useCallback(() => void load(key, programme, theory, version), [key, programme, theory, version]);
  const editable = Boolean(state.version && state.version.status === 'draft' && state.version.canEdit);
  return { ...state, change, save, reload, editable };
}
