// Choosing a file to send: the file question every upload form asks (label, hint, inline error), and the
// type a spreadsheet is sent as. Sending it with a progress bar is in progress.tsx.
import type { ReactNode } from 'react';
import { type FormState, fieldId } from './forms.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the spreadsheet importers accept: CSV or an Excel workbook. */
export const SPREADSHEET_ACCEPT = `.csv,.xlsx,text/csv,${XLSX}`;
/** The Content-Type a spreadsheet is sent with: a workbook by its name or the browser's type, CSV otherwise. */
export const spreadsheetType = (file: File) => (/\.xlsx$/i.test(file.name) || file.type === XLSX ? XLSX : 'text/csv');

/** A file question in the GOV.UK pattern; the form reads the file with `v.file(name)`. */
export function FileField({
  form,
  name = 'file',
  label,
  hint,
  accept,
}: {
  form: FormState;
  name?: string;
  label: ReactNode;
  hint: ReactNode;
  accept: string;
}) {
  const error = form.errorFor(name);
  const id = fieldId(name);
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      {error && (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        id={id}
        name={name}
        type="file"
        className={`file-upload${error ? ' input-error' : ''}`}
        accept={accept}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
