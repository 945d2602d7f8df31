// Forms in the GOV.UK pattern: a label and hint on every field, the error beside the field, and an error
// summary at the top that takes focus and links to each field. The server's problem+json
// `errors[].path` decides which field a message belongs to.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { readDateParts } from '../../../src/shared/date-parts.js';
import { ApiError, isEditConflict } from '../api/index.js';
import { ConflictNotice, type DescribeConflict, type EditConflictState, conflictOf } from './conflict.js';

export interface FieldError {
  /** The field's name in the form; '' for a problem with the whole form. */
  field: string;
  message: string;
}

/** Thrown by a page's own checks before anything is sent. */
export class FormProblems extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/**
 * What a date field sends when its boxes do not make a date: the server refuses it too, so nothing is
 * saved, and its other problems come back in the same answer (the page's own message for the date wins).
 */
const NOT_A_DATE = 'not-a-date';

/**
 * Reads a submitted form: text (trimmed), several checked values, one checkbox, dates and numbers. What
 * the page can tell is wrong (a date that is not real, an amount that is not a number) is noted in
 * `problems` and still sent, in a form the server refuses: every problem of the form, the page's and the
 * server's, is then shown at once (useForm merges them).
 */
export class Values {
  readonly problems: FieldError[] = [];
  constructor(private readonly fd: FormData) {}
  /**
   * A GOV.UK date input's three boxes (`name-day`, `name-month`, `name-year`) as 2026-03-27; null when
   * left empty (and not required). `words` names the date as the form does: "the start date".
   */
  date(name: string, words: string, opts: { required?: boolean } = {}): string | null {
    const read = readDateParts(
      { day: this.text(`${name}-day`), month: this.text(`${name}-month`), year: this.text(`${name}-year`) },
      words,
      opts.required,
    );
    if (read.ok) return read.value;
    this.problems.push({ field: name, message: read.message });
    return NOT_A_DATE;
  }
  /** A number as typed (£ and commas allowed); null when empty. Not a number → `message`, and the text is sent. */
  number(name: string, message: string, opts: { whole?: boolean } = {}): number | null {
    const raw = this.text(name).replace(/[£,\s]/g, '');
    if (!raw) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || (opts.whole && !Number.isInteger(n))) {
      this.problems.push({ field: name, message });
      return this.text(name) as unknown as number;
    }
    return n;
  }
  text(name: string): string {
    const v = this.fd.get(name);
    return typeof v === 'string' ? v.trim() : '';
  }
  /** As typed, spaces and all (passwords). */
  raw(name: string): string {
    const v = this.fd.get(name);
    return typeof v === 'string' ? v : '';
  }
  /** '' → undefined, for optional fields left empty. */
  optional(name: string): string | undefined {
    return this.text(name) || undefined;
  }
  /** '' → null, for fields a person may clear. */
  nullable(name: string): string | null {
    return this.text(name) || null;
  }
  all(name: string): string[] {
    return this.fd.getAll(name).filter((v): v is string => typeof v === 'string');
  }
  checked(name: string): boolean {
    return this.fd.get(name) !== null;
  }
  file(name: string): File | null {
    const v = this.fd.get(name);
    return v instanceof File && v.size > 0 ? v : null;
  }
}

export interface FormState {
  errors: FieldError[];
  busy: boolean;
  errorFor: (field: string) => string | undefined;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  /** Bumps on each failed submit, so the summary takes focus again. */
  attempt: number;
  /** Someone else saved the record first: what changed, and the choice to make. */
  conflict: EditConflictState | null;
  onReload?: (() => void) | undefined;
}

export interface FormOptions {
  /** Which form field an API path belongs to, when it is not simply the path's first part. */
  fieldOf?: (path: (string | number)[]) => string;
  /** What changed, for a form that does not mirror its record field by field (an edit conflict). */
  describeConflict?: DescribeConflict;
  /** Load the current values after an edit conflict; the whole page reloads when not given. */
  onReload?: () => void;
}

export function useForm(submit: (v: Values) => Promise<void>, opts: FormOptions = {}): FormState {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [conflict, setConflict] = useState<EditConflictState | null>(null);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const formEl = e.currentTarget;
    const values = new Values(new FormData(formEl));
    setBusy(true);
    submit(values).then(
      () => {
        setErrors([]);
        setConflict(null);
        setBusy(false);
      },
      (err: unknown) => {
        setConflict(isEditConflict(err) ? conflictOf(err, formEl, opts.describeConflict) : null);
        setErrors(inPageOrder(formEl, merged(values.problems, problemsOf(err, opts.fieldOf))));
        setAttempt((n) => n + 1);
        setBusy(false);
      },
    );
  };
  return {
    errors,
    busy,
    attempt,
    onSubmit,
    conflict,
    onReload: opts.onReload,
    errorFor: (field) => errors.find((e) => e.field === field)?.message,
  };
}

/** The page's own problems, then the server's for every other field: one message a field. */
function merged(local: FieldError[], remote: FieldError[]): FieldError[] {
  const mine = new Set(local.map((e) => e.field));
  const seen = new Set<string>();
  return [...local, ...remote.filter((e) => !mine.has(e.field) || e.field === '')].filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Problems in the order their fields come on the page (the form's own problems first), as GOV.UK lists them. */
function inPageOrder(form: HTMLFormElement, errors: FieldError[]): FieldError[] {
  const place = (e: FieldError) => {
    const el = e.field ? document.getElementById(fieldId(e.field)) : null;
    return el && form.contains(el) ? el : null;
  };
  return errors
    .map((e, i) => ({ e, i, el: place(e) }))
    .sort((a, b) => {
      if (!a.el || !b.el) return (a.el ? 1 : 0) - (b.el ? 1 : 0) || a.i - b.i;
      if (a.el === b.el) return a.i - b.i;
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })
    .map((x) => x.e);
}

function problemsOf(err: unknown, fieldOf?: (path: (string | number)[]) => string): FieldError[] {
  if (err instanceof FormProblems) return err.errors;
  if (err instanceof ApiError) {
    const list = err.problem.errors ?? [];
    if (list.length) {
      return list.map((e) => ({ field: fieldOf ? fieldOf(e.path) : String(e.path[0] ?? ''), message: e.message }));
    }
    return [{ field: '', message: err.message }];
  }
  return [{ field: '', message: 'Something went wrong in this page. Reload it and try again.' }];
}

export function ErrorSummary({ form }: { form: FormState }) {
  const ref = useRef<HTMLDivElement>(null);
  const { errors, attempt } = form;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again at each submit attempt so focus returns to the error summary
  useEffect(() => {
    if (!errors.length) {
      document.title = document.title.replace(/^Error: /, '');
      return;
    }
    if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    if (!form.conflict) ref.current?.focus();
  }, [errors, attempt, form.conflict]);
  if (!errors.length) return null;
  if (form.conflict) return <ConflictNotice conflict={form.conflict} attempt={attempt} onReload={form.onReload} />;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" role="alert">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.field && typeof document !== 'undefined' && document.getElementById(fieldId(e.field)) ? (
              <a
                href={`#${fieldId(e.field)}`}
                onClick={(ev) => {
                  const el = document.getElementById(fieldId(e.field));
                  if (!el) return;
                  ev.preventDefault();
                  // Show the label and the message too, not just the input.
                  (el.closest('.form-group') ?? el).scrollIntoView({ block: 'start' });
                  el.focus({ preventScroll: true });
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  form: FormState;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string | number | null;
}

function describedBy(name: string, hint: unknown, error: unknown) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function HintAndError({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <div className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="error-message" id={`${fieldId(name)}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
    </>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'password' | 'date' | 'url';
    autoComplete?: string;
    inputMode?: 'text' | 'numeric' | 'decimal' | 'email';
    width?: 'short' | 'medium' | 'full';
    prefix?: string;
    spellCheck?: boolean;
  },
) {
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  const input = (
    <input
      id={id}
      name={props.name}
      type={props.type ?? 'text'}
      className={`input width-${props.width ?? 'full'}${error ? ' input-error' : ''}`}
      defaultValue={props.defaultValue ?? undefined}
      autoComplete={props.autoComplete ?? 'off'}
      inputMode={props.inputMode}
      spellCheck={props.spellCheck}
      aria-describedby={describedBy(props.name, props.hint, error)}
      aria-invalid={error ? true : undefined}
    />
  );
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      <HintAndError name={props.name} hint={props.hint} error={error} />
      {props.prefix ? (
        <div className="input-wrapper">
          <span className="input-prefix" aria-hidden="true">
            {props.prefix}
          </span>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      <HintAndError name={props.name} hint={props.hint} error={error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        className={`textarea${error ? ' input-error' : ''}`}
        defaultValue={props.defaultValue ?? undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  /** Options with a group are shown under its name (an optgroup); neighbours with the same group share one. */
  group?: string;
}

/** Options in runs of the same group, in the order given. */
function grouped(options: Option[]): { group: string | undefined; options: Option[] }[] {
  const runs: { group: string | undefined; options: Option[] }[] = [];
  for (const o of options) {
    const last = runs[runs.length - 1];
    if (last && last.group === o.group) last.options.push(o);
    else runs.push({ group: o.group, options: [o] });
  }
  return runs;
}

export function SelectField(props: FieldProps & { options: Option[]; empty?: string; onChange?: (value: string) => void }) {
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      <HintAndError name={props.name} hint={props.hint} error={error} />
      <select
        id={id}
        name={props.name}
        className={`select${error ? ' input-error' : ''}`}
        defaultValue={props.defaultValue ?? ''}
        onChange={props.onChange ? (e) => props.onChange!(e.target.value) : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {grouped(props.options).map((run, i) => {
          const list = run.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ));
          return run.group === undefined ? (
            list
          ) : (
            <optgroup key={`${i}-${run.group}`} label={run.group}>
              {list}
            </optgroup>
          );
        })}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset with a legend; the first input carries the id the summary links to. */
export function Choices(
  props: Omit<FieldProps, 'defaultValue'> & {
    type: 'radio' | 'checkbox';
    options: (Option & { hint?: string })[];
    checked?: string[];
    inline?: boolean;
    onChange?: (value: string, checked: boolean) => void;
  },
) {
  const error = props.form.errorFor(props.name);
  const checked = new Set(props.checked ?? []);
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(props.name, props.hint, error)}>
        <legend className="legend">{props.label}</legend>
        <HintAndError name={props.name} hint={props.hint} error={error} />
        <div className={`choices${props.inline ? ' inline' : ''}`}>
          {props.options.map((o, i) => {
            const id = i === 0 ? fieldId(props.name) : `${fieldId(props.name)}-${i}`;
            return (
              <div className="choice" key={o.value}>
                <input
                  id={id}
                  type={props.type}
                  name={props.name}
                  value={o.value}
                  defaultChecked={checked.has(o.value)}
                  onChange={props.onChange ? (e) => props.onChange!(o.value, e.target.checked) : undefined}
                  aria-describedby={o.hint ? `${id}-hint` : undefined}
                />
                <label htmlFor={id}>{o.label}</label>
                {o.hint && (
                  <div className="hint choice-hint" id={`${id}-hint`}>
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** One yes/no checkbox with its own label. */
export function Checkbox(props: Omit<FieldProps, 'defaultValue'> & { defaultChecked?: boolean }) {
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <HintAndError name={props.name} error={error} />
      <div className="choice">
        <input
          id={id}
          type="checkbox"
          name={props.name}
          value="yes"
          defaultChecked={props.defaultChecked}
          aria-describedby={describedBy(props.name, props.hint, undefined)}
        />
        <label htmlFor={id}>{props.label}</label>
        {props.hint && (
          <div className="hint choice-hint" id={`${id}-hint`}>
            {props.hint}
          </div>
        )}
      </div>
    </div>
  );
}

export function Submit({ form, children }: { form: FormState; children: ReactNode }) {
  return (
    <button type="submit" className="button" aria-disabled={form.busy || undefined}>
      {form.busy ? 'Saving…' : children}
    </button>
  );
}

/** A form's submit button, and beside it a Cancel that leaves without saving (when there is somewhere to go back to). */
export function SubmitOrCancel({
  form,
  children,
  onCancel,
}: {
  form: FormState;
  children: ReactNode;
  onCancel?: (() => void) | undefined;
}) {
  return (
    <div className="button-group">
      <Submit form={form}>{children}</Submit>
      {onCancel && (
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** Optional whole numbers and amounts: '' → null; anything else must parse, or the field says why. */
export function numberOrNull(
  v: Values,
  name: string,
  message: string,
  problems: FieldError[],
  opts: { whole?: boolean } = {},
): number | null {
  const raw = v.text(name).replace(/[£,\s]/g, '');
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || (opts.whole && !Number.isInteger(n))) {
    problems.push({ field: name, message });
    return null;
  }
  return n;
}
