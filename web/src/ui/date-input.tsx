// The GOV.UK date input: day, month and year in boxes of their own, in a fieldset whose legend is the
// question. The page reads it with `v.date(name, words)` (forms.tsx), which says what is wrong in the
// GOV.UK words; the error summary links to the day box, whose id is the field's.
import type { ReactNode } from 'react';
import { type FormState, fieldId } from './forms.js';

export function DateField(props: {
  form: FormState;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** 2026-03-27, or nothing. */
  defaultValue?: string | null | undefined;
}) {
  const { form, name } = props;
  const error = form.errorFor(name);
  const id = fieldId(name);
  const [year = '', month = '', day = ''] = props.defaultValue?.split('-') ?? [];
  const hint = props.hint ?? 'For example, 27 3 2026';
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const box = (part: 'day' | 'month' | 'year', label: string, value: string, width: 'width-2' | 'width-4') => (
    <div className="date-input-item">
      <label className="label date-input-label" htmlFor={part === 'day' ? id : `${id}-${part}`}>
        {label}
      </label>
      <input
        id={part === 'day' ? id : `${id}-${part}`}
        name={`${name}-${part}`}
        className={`input ${width}${error ? ' input-error' : ''}`}
        inputMode="numeric"
        autoComplete="off"
        defaultValue={value ? String(part === 'year' ? value : Number(value)) : ''}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy}>
        <legend className="legend">{props.label}</legend>
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error && (
          <p className="error-message" id={`${id}-error`}>
            <span className="visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="date-input">
          {box('day', 'Day', day, 'width-2')}
          {box('month', 'Month', month, 'width-2')}
          {box('year', 'Year', year, 'width-4')}
        </div>
      </fieldset>
    </div>
  );
}
