// When someone else saved the same record first (409 edit-conflict, decision 012): tell the person,
// keep what they typed, show what changed field by field, and let them choose — take the current
// values, or save theirs over it (the api layer already holds the current version for that save).
import { useEffect, useRef } from 'react';
import type { ApiError, Problem } from '../api/index.js';

export interface ConflictRow {
  label: string;
  /** What the person has in the form now. */
  yours: string;
  /** What the record holds now. */
  current: string;
}

export interface EditConflictState {
  rows: ConflictRow[];
  changes: NonNullable<Problem['changes']>;
  form: HTMLFormElement | null;
}

/** A page's own account of what changed, for records a form does not mirror field by field. */
export type DescribeConflict = (current: Record<string, unknown>, form: HTMLFormElement | null) => ConflictRow[];

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const shown = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
};

function labelOf(form: HTMLFormElement, el: Field): string {
  const label = el.id ? form.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  return (label?.textContent ?? el.name).replace(/\s*\(optional\)\s*$/, '').trim();
}

/** What the field held when the page loaded it, as the form would send it. */
function loadedValue(el: Field): string {
  if (el instanceof HTMLSelectElement) return [...el.options].find((o) => o.defaultSelected)?.value ?? el.options[0]?.value ?? '';
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.defaultChecked ? 'true' : 'false';
  return el.defaultValue;
}

function typedValue(el: Field): string {
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.checked ? 'true' : 'false';
  return el.value;
}

/** A select shows its options' words, not their codes. */
function words(el: Field, value: string): string {
  if (el instanceof HTMLSelectElement) return [...el.options].find((o) => o.value === value)?.text ?? shown(value);
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return value === 'true' ? 'Ticked' : 'Not ticked';
  return shown(value);
}

/**
 * The fields someone else changed: those whose value now differs from the one this page loaded.
 * Fields are matched to the record by name; a page whose form does not mirror its record says it
 * with `describe`.
 */
export function conflictOf(err: ApiError, form: HTMLFormElement | null, describe?: DescribeConflict): EditConflictState {
  const current = err.problem.current ?? {};
  const changes = err.problem.changes ?? [];
  if (describe) return { rows: describe(current, form), changes, form };
  const rows: ConflictRow[] = [];
  if (form) {
    const seen = new Set<string>();
    for (const el of [...form.elements] as Field[]) {
      if (!el.name || seen.has(el.name) || !(el.name in current) || (el as HTMLInputElement).type === 'hidden') continue;
      seen.add(el.name);
      const now = current[el.name];
      if (now !== null && typeof now === 'object') continue;
      const nowText = typeof now === 'boolean' ? String(now) : now === null || now === undefined ? '' : String(now);
      if (nowText === loadedValue(el)) continue;
      rows.push({ label: labelOf(form, el), yours: words(el, typedValue(el)), current: words(el, nowText) });
    }
  }
  return { rows, changes, form };
}

export function ConflictNotice({
  conflict,
  attempt,
  onReload,
}: {
  conflict: EditConflictState;
  attempt: number;
  onReload?: (() => void) | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the message again at each new conflict or attempt
  useEffect(() => {
    ref.current?.focus();
  }, [conflict, attempt]);
  return (
    <div className="error-summary conflict" ref={ref} tabIndex={-1} aria-labelledby="conflict-title" role="alert">
      <h2 id="conflict-title">Someone else changed this since you opened it</h2>
      <p>Your changes are not saved yet. What you entered is still in the form below.</p>
      {conflict.rows.length > 0 ? (
        <table className="table">
          <caption className="table-caption">What changed</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Your value</th>
              <th scope="col">Value now</th>
            </tr>
          </thead>
          <tbody>
            {conflict.rows.map((r, i) => (
              <tr key={i}>
                <th scope="row">{r.label}</th>
                <td>{r.yours}</td>
                <td>{r.current}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : conflict.changes.length > 0 ? (
        <>
          <p>What changed:</p>
          <ul>
            {conflict.changes.map((c, i) => (
              <li key={i}>{c.summary}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>The fields in this form were not changed, but something else about the record was.</p>
      )}
      <p>Check the values, then choose:</p>
      <div className="button-group">
        <button type="button" className="button" onClick={() => conflict.form?.requestSubmit()}>
          Save my version
        </button>
        <button type="button" className="button secondary" onClick={() => (onReload ? onReload() : window.location.reload())}>
          Use the current values
        </button>
      </div>
    </div>
  );
}
