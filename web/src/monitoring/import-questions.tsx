// Returns import: the questions (the period, the file) and the template CSV built in the browser from the
// indicators and partnerships.
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, type Indicator, type ListAnswer, type PartnershipRow, type ReportingPeriod, get, qs } from '../api/index.js';
import { type FormState, TextField, fieldId } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { formatDate, plural } from '../ui/index.js';
import { safeCell } from '../../../src/shared/safe-cells.js';
import { FileField, SPREADSHEET_ACCEPT } from '../ui/upload.js';

export const NEW = 'new';
// ---------------------------------------------------------------- the template

const csvCell = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The heading row the importer reads, and a row per partnership with its name filled in. */
function templateCsv(keys: string[], partnerships: string[]): string {
  const lines = [['partnership', ...keys, 'note'], ...partnerships.map((name) => [name, ...keys.map(() => ''), ''])];
  // The byte-order mark makes Excel open it as UTF-8, so names with accents or dashes survive.
  // Names a spreadsheet would run as formulas get a quote in front (the importer takes it off again).
  return `\uFEFF${lines.map((l) => l.map((c) => csvCell(safeCell(c))).join(',')).join('\r\n')}\r\n`;
}

/** Every partnership's name, a page of 200 at a time (the most the list answers at once). */
function usePartnershipNames(api: string | null): { names: string[] } | { error: ApiError } | null {
  const [result, setResult] = useState<{ names: string[] } | { error: ApiError } | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    (async () => {
      const names: string[] = [];
      for (let page = 1; ; page++) {
        const answer = await get<ListAnswer<PartnershipRow>>(`${api}/partnerships${qs({ page, pageSize: 200 })}`);
        names.push(...answer.data.map((p) => p.name));
        if (answer.data.length === 0 || names.length >= answer.page.total) break;
      }
      return names;
    })().then(
      (names) => live && setResult({ names }),
      (error: unknown) =>
        live &&
        setResult({ error: error instanceof ApiError ? error : new ApiError({ title: 'Error', status: 0, detail: String(error) }) }),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return result;
}

export function TemplateLink({ indicators }: { indicators: Indicator[] }) {
  const { programme, api } = useProgramme();
  const loaded = usePartnershipNames(api);
  const [href, setHref] = useState<string | null>(null);
  const names = loaded && 'names' in loaded ? loaded.names : null;
  useEffect(() => {
    if (!names) return;
    const url = URL.createObjectURL(
      new Blob(
        [
          templateCsv(
            indicators.map((i) => i.key),
            names,
          ),
        ],
        { type: 'text/csv;charset=utf-8' },
      ),
    );
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [names, indicators]);
  if (loaded && 'error' in loaded) return <p>The template could not be made: {loaded.error.message}</p>;
  if (!names || !href) return <p className="muted">Preparing a template…</p>;
  return (
    <p>
      <a href={href} download={`${programme.slug}-returns-template.csv`}>
        Download a template (CSV)
      </a>{' '}
      with the column headings and a row for each of the programme’s {plural(names.length, 'partnership')}. Delete the rows of partnerships
      whose returns you are not importing: a row left empty is imported as “not reported” for every figure.
    </p>
  );
}

export function BusyButton({ form, busyText, children }: { form: FormState; busyText: string; children: ReactNode }) {
  return (
    <button type="submit" className="button" aria-disabled={form.busy || undefined}>
      {form.busy ? busyText : children}
    </button>
  );
}

export function PeriodQuestion({
  form,
  periods,
  choice,
  setChoice,
}: {
  form: FormState;
  periods: ReportingPeriod[];
  choice: string;
  setChoice: (c: string) => void;
}) {
  const { base } = useProgramme();
  const createdHint = (
    <>
      Cairn creates it when you import, with today’s date as its start, end and due date until you set them. You set a period’s dates on{' '}
      <Link href={`${base}/monitoring`}>the Monitoring page</Link>, under Reporting periods.
    </>
  );
  if (periods.length === 0) {
    return (
      <TextField
        form={form}
        name="newPeriod"
        label="Which reporting period are these returns for?"
        hint={<>This programme has no reporting periods yet: give the new one a label, for example 2024–25. {createdHint}</>}
        width="medium"
      />
    );
  }
  const error = form.errorFor('period');
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={`${fieldId('period')}-hint${error ? ` ${fieldId('period')}-error` : ''}`}>
        <legend className="legend">Which reporting period are these returns for?</legend>
        <div className="hint" id={`${fieldId('period')}-hint`}>
          Choose one of the programme’s periods, or add a new one.
        </div>
        {error && (
          <p className="error-message" id={`${fieldId('period')}-error`}>
            <span className="visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="choices">
          {[
            ...periods.map((p) => ({
              value: p.id,
              label: p.label,
              hint: `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}, due ${formatDate(p.dueOn)}`,
            })),
            { value: NEW, label: 'A new reporting period', hint: '' },
          ].map((o, i) => {
            const id = i === 0 ? fieldId('period') : `${fieldId('period')}-${i}`;
            return (
              <div key={o.value}>
                <div className="choice">
                  <input
                    id={id}
                    type="radio"
                    name="period"
                    value={o.value}
                    checked={choice === o.value}
                    onChange={() => setChoice(o.value)}
                    aria-describedby={o.hint ? `${id}-hint` : undefined}
                    aria-controls={o.value === NEW ? 'new-period' : undefined}
                  />
                  <label htmlFor={id}>{o.label}</label>
                  {o.hint && (
                    <div className="hint choice-hint" id={`${id}-hint`}>
                      {o.hint}
                    </div>
                  )}
                </div>
                {o.value === NEW && (
                  <div id="new-period" className="inset" hidden={choice !== NEW}>
                    {choice === NEW && (
                      <TextField
                        form={form}
                        name="newPeriod"
                        label="Label of the new period"
                        hint={<>For example 2025–26. {createdHint}</>}
                        width="medium"
                      />
                    )}
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

export function FileQuestion({ form, indicators }: { form: FormState; indicators: Indicator[] }) {
  return (
    <FileField
      form={form}
      label="Spreadsheet of returns"
      accept={SPREADSHEET_ACCEPT}
      hint={
        <>
          A .csv or .xlsx file up to 25 MB; Cairn reads the first sheet. The first row names the columns: <strong>partnership</strong>, then
          one for each indicator (
          {indicators.map((i, n) => (
            <span key={i.id}>
              {n > 0 && ', '}
              <strong>{i.key}</strong>
            </span>
          ))}
          ), and optionally <strong>note</strong>. Put - or leave the cell empty for a figure that was not reported.
        </>
      }
    />
  );
}
