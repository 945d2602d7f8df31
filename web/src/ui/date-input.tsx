// A date in GOV.UK's "date input" pattern: a fieldset with a legend and a hint ("For example, 27 3 2026"),
// and three boxes, Day, Month and Year. The day box carries the field's id, so the error summary's link
// for the field (an error at the field's name, from the page or the API) lands on it.
import { type FieldError, type FormState, type Values, fieldId } from './forms.js';
import './date-input.css';

export function DateInput(props: {
  form: FormState;
  name: string;
  legend: string;
  hint?: string;
  /** 'YYYY-MM-DD' or empty. */
  defaultValue?: string | null | undefined;
}) {
  const error = props.form.errorFor(props.name);
  const id = fieldId(props.name);
  const [y, m, d] = props.defaultValue ? props.defaultValue.split('-') : ['', '', ''];
  const hint = props.hint ?? 'For example, 27 3 2026';
  const box = (part: 'day' | 'month' | 'year', label: string, value: string | undefined, width: string) => (
    <div className="date-input-item">
      <label className="label" htmlFor={part === 'day' ? id : `${id}-${part}`}>
        {label}
      </label>
      <input
        id={part === 'day' ? id : `${id}-${part}`}
        name={`${props.name}-${part}`}
        className={`input date-input-${width}${error ? ' input-error' : ''}`}
        inputMode="numeric"
        autoComplete="off"
        defaultValue={value ? String(Number(value)) : ''}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        <legend className="legend">{props.legend}</legend>
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error && (
          <p className="error-message" id={`${id}-error`}>
            <span className="visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="date-input">
          {box('day', 'Day', d, 'short')}
          {box('month', 'Month', m, 'short')}
          {box('year', 'Year', y, 'long')}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * Reads a DateInput: '' when all three boxes are empty, 'YYYY-MM-DD' for a real date, or a problem at
 * the field's name saying what to fix, in words ("… must include a year", "… must be a real date").
 */
export function readDate(v: Values, name: string, what: string): { value: string } | { problem: FieldError } {
  const parts = { day: v.text(`${name}-day`), month: v.text(`${name}-month`), year: v.text(`${name}-year`) };
  if (!parts.day && !parts.month && !parts.year) return { value: '' };
  const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k]);
  const problem = (message: string) => ({ problem: { field: name, message } });
  if (missing.length) return problem(`${what} must include a ${missing.join(' and a ')}`);
  if (![parts.day, parts.month, parts.year].every((p) => /^\d+$/.test(p)))
    return problem(`${what} must be in numbers, for example 27 3 2026`);
  if (parts.year.length !== 4) return problem(`${what}: enter the year with four digits, for example 2026`);
  const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return problem(`${what} must be a real date`);
  return { value: date.toISOString().slice(0, 10) };
}
