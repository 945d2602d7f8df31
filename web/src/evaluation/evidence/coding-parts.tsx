// Pieces the coding screen, the transcripts list and a code's page share: code colours (with a
// fallback palette, never the only cue), a memo editor (codes, passages, respondents) and the
// searchable participant picker that replaces a checkbox per respondent.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError, put, qs } from '../../api/index.js';
import type { components } from '../../api/schema.generated.js';
import { useApi } from '../../app/data.js';
import { fieldId } from '../../ui/forms.js';
import { formatDateTime, plural } from '../../ui/index.js';
import './coding.css';

export type Memo = components['schemas']['Memo'];
export type Retrieval = components['schemas']['CodeRetrieval'];
export interface Found {
  id: string;
  ref: string;
  participantType: string | null;
  attributes: Record<string, string>;
}
interface SearchAnswer {
  data: Found[];
  total: number;
  withdrawnHidden: number;
  participantTypes: string[];
  attributeKeys: string[];
}

/** GOV.UK's palette, for codes without a colour of their own: the same code always gets the same one. */
const PALETTE = ['#1d70b8', '#00703c', '#d4351c', '#4c2c92', '#f47738', '#28a197', '#912b88', '#b58840', '#5694ca', '#85994b'];
export function colourOf(code: { id: string; colour?: string | null }): string {
  if (code.colour) return code.colour;
  let h = 0;
  for (const ch of code.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** A code's colour as a small square beside its name (aria-hidden: the name says it). */
export const CodeSwatch = ({ code }: { code: { id: string; colour?: string | null } }) => (
  <span className="code-swatch" aria-hidden="true" style={{ background: colourOf(code) }} />
);

/**
 * A memo: shown, and edited in place (an empty memo is cleared). `url` is the memo's API address.
 * Saving answers the memo, which `onSaved` hears.
 */
export function MemoEditor(props: { url: string; about: string; memo: Memo | string | null; onSaved?: (m: Memo) => void }) {
  const initial = typeof props.memo === 'string' ? props.memo : (props.memo?.text ?? '');
  const [text, setText] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<Memo | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);
  const shown = saved === undefined ? initial : (saved?.text ?? '');
  const when = saved?.updatedAt ?? (typeof props.memo === 'object' && props.memo ? props.memo.updatedAt : null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await put<{ data: Memo }>(props.url, { text });
      setSaved(answer.data);
      setEditing(false);
      props.onSaved?.(answer.data);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Cairn could not save the memo. Try again.');
    } finally {
      setBusy(false);
    }
  };
  if (!editing)
    return (
      <div className="memo">
        {shown ? (
          <>
            <p className="memo-text">{shown}</p>
            {when && <p className="muted memo-when">Memo last changed {formatDateTime(when)}</p>}
          </>
        ) : (
          <p className="muted">No memo yet.</p>
        )}
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          {shown ? 'Change the memo' : 'Write a memo'}
          <span className="visually-hidden"> on {props.about}</span>
        </button>
      </div>
    );
  return (
    <div className={`form-group memo${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        Memo on {props.about}
      </label>
      <div className="hint" id={`${id}-hint`}>
        Your notes, kept with it and in the audit log. Leave empty and save to clear it.
      </div>
      {error && (
        <p className="error-message" id={`${id}-error`} role="alert">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <textarea
        id={id}
        ref={area}
        className={`textarea${error ? ' input-error' : ''}`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      <div className="button-group">
        <button type="button" className="button" onClick={save} aria-disabled={busy || undefined} disabled={busy}>
          Save memo
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setText(shown);
            setEditing(false);
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * The participant picker: a search box (reference, group or any attribute) over the evaluation's
 * respondents with consent given, and the matches as radio buttons (one person) or checkboxes
 * (several). `first` are listed before the rest (the people a transcript names). The chosen stay
 * chosen while the search changes; a form reads them from `name`.
 */
export function RespondentPicker(props: {
  apiBase: string;
  name: string;
  label: string;
  hint?: ReactNode;
  multiple?: boolean;
  first?: { id: string; ref: string }[];
  chosen: Found[];
  onChange: (chosen: Found[]) => void;
  error?: string | undefined;
}) {
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  // Ask once typing pauses, not at every key.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(t);
  }, [typed]);
  const found = useApi<SearchAnswer>(`${props.apiBase}/respondent-search${qs({ q, limit: 20 })}`, { keepPrevious: true });
  const searchId = fieldId(props.name);
  const listId = useId();
  const firstIds = new Set((props.first ?? []).map((r) => r.id));
  const matches =
    found.state === 'ready' ? [...found.data.data].sort((a, b) => Number(firstIds.has(b.id)) - Number(firstIds.has(a.id))) : [];
  const chosenIds = new Set(props.chosen.map((c) => c.id));
  const shown = [...props.chosen.filter((c) => !matches.some((m) => m.id === c.id)), ...matches];
  const describe = (r: Found) =>
    [r.participantType, ...Object.entries(r.attributes).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join(', ');
  const pick = (r: Found, on: boolean) => {
    if (!props.multiple) return props.onChange(on ? [r] : []);
    props.onChange(on ? [...props.chosen.filter((c) => c.id !== r.id), r] : props.chosen.filter((c) => c.id !== r.id));
  };
  return (
    <div className={`form-group picker${props.error ? ' form-group-error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={`${searchId}-hint${props.error ? ` ${searchId}-error` : ''}`}>
        <legend className="legend">{props.label}</legend>
        <div className="hint" id={`${searchId}-hint`}>
          {props.hint ?? 'Type part of a reference, a group or an attribute to find someone, then choose them.'}
        </div>
        {props.error && (
          <p className="error-message" id={`${searchId}-error`}>
            <span className="visually-hidden">Error:</span> {props.error}
          </p>
        )}
        <label className="label" htmlFor={searchId}>
          Find a respondent
        </label>
        <input
          id={searchId}
          type="search"
          className="input width-full"
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
          aria-controls={listId}
        />
        <div id={listId} className="picker-list" aria-live="polite">
          {found.state === 'error' ? (
            <p className="error-message">{found.error.message}</p>
          ) : found.state === 'loading' && !shown.length ? (
            <p className="muted">Looking…</p>
          ) : (
            <>
              <p className="muted picker-count">
                {found.state === 'ready'
                  ? found.data.total > matches.length
                    ? `${plural(found.data.total, 'match', 'matches')}: the first ${matches.length} shown. Type more to narrow them.`
                    : plural(found.data.total, 'match', 'matches')
                  : ''}
              </p>
              <div className="choices">
                {shown.map((r) => (
                  <div className="choice" key={r.id}>
                    <input
                      id={`${searchId}-${r.id}`}
                      type={props.multiple ? 'checkbox' : 'radio'}
                      name={props.name}
                      value={r.id}
                      checked={chosenIds.has(r.id)}
                      onChange={(e) => pick(r, e.target.checked)}
                    />
                    <label htmlFor={`${searchId}-${r.id}`}>
                      {r.ref}
                      {describe(r) && <span className="muted"> ({describe(r)})</span>}
                      {firstIds.has(r.id) && <span className="muted"> – named in this transcript</span>}
                    </label>
                  </div>
                ))}
              </div>
            </>
          )}
        </div>
        {props.multiple && props.chosen.length > 0 && (
          <p>
            <strong>Chosen:</strong> {props.chosen.map((c) => c.ref).join(', ')}
          </p>
        )}
      </fieldset>
    </div>
  );
}
