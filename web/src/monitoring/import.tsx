// Returns import: one reporting period's returns from a spreadsheet, a row per partnership. The manager
// chooses the period and the file, sees what importing it would do (or every problem in it), then
// confirms. Nothing is written until they confirm, and then every return or none.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  type FieldProblem,
  type Indicator,
  type ListAnswer,
  type PartnershipRow,
  type Problem,
  type ReportingPeriod,
  type ReturnsImportResult,
  get,
  qs,
} from '../api/index.js';
import { useApi, useSession } from '../app/data.js';
import { ErrorSummary, type FieldError, type FormState, FormProblems, TextField, fieldId, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, Panel, SummaryList, Table, Tag, formatDate, plural } from '../ui/index.js';
import { StatusTag } from './words.js';
import { safeCell } from '../../../src/shared/safe-cells.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows shown in the preview and problems listed; a 20,000-row file would otherwise make a page no phone can hold. */
const SHOW_ROWS = 200;
const SHOW_PROBLEMS = 500;
const NEW = 'new';
/** The server's request body limit (src/http/app.ts): said before sending rather than after a long upload. */
const MAX_BYTES = 25 * 1024 * 1024;

// ---------------------------------------------------------------- sending the file, with its progress

type Stage = 'sending' | 'checking' | 'importing';
interface Progress {
  stage: Stage;
  sent: number;
  total: number;
}

const NO_CONNECTION = new ApiError({
  title: 'No connection',
  status: 0,
  detail: 'Cairn could not be reached. Check your connection and try again.',
});

async function freshCsrfToken(): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw NO_CONNECTION;
  }
  if (!res.ok) throw problemOf(res.status, res.statusText, await res.text());
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

function problemOf(status: number, statusText: string, text: string): ApiError {
  let body: Partial<Problem> = {};
  try {
    body = JSON.parse(text) as Partial<Problem>;
  } catch {
    // Not problem+json (a proxy's error page): say it in our own words below.
  }
  return new ApiError({
    title: body.title ?? (statusText || 'Error'),
    status,
    detail:
      body.detail ??
      (status >= 500
        ? 'Cairn could not finish that request. Nothing was saved. Try again in a moment.'
        : 'Cairn could not finish that request.'),
    ...(body.type ? { type: body.type } : {}),
    ...(body.errors ? { errors: body.errors } : {}),
  });
}

/**
 * POSTs the file as the raw body. fetch cannot report how much of an upload has gone, so this uses
 * XMLHttpRequest's upload events: on a slow connection a large workbook takes a while to send, and the
 * person should see it moving. Once the last byte is sent, the stage moves to `then` (the server reading it).
 */
async function upload<T>(path: string, file: File, then: Exclude<Stage, 'sending'>, report: (p: Progress) => void): Promise<T> {
  // A fresh token each time: the page may have stood open while the session's token changed.
  const token = await freshCsrfToken();
  report({ stage: 'sending', sent: 0, total: file.size });
  const xhr = await new Promise<XMLHttpRequest>((resolve, reject) => {
    const req = new XMLHttpRequest();
    req.open('POST', `/api/v1${path}`);
    req.setRequestHeader('Accept', 'application/json');
    req.setRequestHeader('Content-Type', /\.xlsx$/i.test(file.name) || file.type === XLSX ? XLSX : 'text/csv');
    req.setRequestHeader('X-CSRF-Token', token);
    req.upload.onprogress = (e) => report({ stage: 'sending', sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    req.upload.onload = () => report({ stage: then, sent: file.size, total: file.size });
    req.onload = () => resolve(req);
    req.onerror = () => reject(NO_CONNECTION);
    req.onabort = () => reject(NO_CONNECTION);
    req.send(file);
  });
  if (xhr.status >= 200 && xhr.status < 300) return JSON.parse(xhr.responseText) as T;
  throw problemOf(xhr.status, xhr.statusText, xhr.responseText);
}

const percent = (p: Progress) => (p.total > 0 ? Math.min(100, Math.floor((p.sent / p.total) * 100)) : 0);

/** What a screen reader hears: the sending in quarter steps only, so it is told without being flooded. */
function announcement(p: Progress | null, fileName: string): string {
  if (!p) return '';
  if (p.stage === 'sending') return `Sending ${fileName}: ${Math.floor(percent(p) / 25) * 25}% sent.`;
  if (p.stage === 'checking') return `${fileName} is sent. Cairn is checking every row; nothing is saved yet.`;
  return `${fileName} is sent. Cairn is importing the returns.`;
}

function UploadProgress({ progress, fileName }: { progress: Progress; fileName: string }) {
  const label =
    progress.stage === 'sending'
      ? `Sending ${fileName}: ${percent(progress)}%`
      : progress.stage === 'checking'
        ? 'Checking the file. Nothing is saved yet.'
        : 'Importing the returns…';
  return (
    <div className="form-group">
      <p className="label" id="upload-progress-label">
        {label}
      </p>
      {progress.stage === 'sending' ? (
        <progress
          key="sending"
          aria-labelledby="upload-progress-label"
          max={100}
          value={percent(progress)}
          style={{ width: '100%', maxWidth: '30em', height: '24px' }}
        />
      ) : (
        // No value: the browser shows work going on without pretending to know how far it has got.
        <progress key="working" aria-labelledby="upload-progress-label" style={{ width: '100%', maxWidth: '30em', height: '24px' }} />
      )}
    </div>
  );
}

// ---------------------------------------------------------------- the problems a 422 lists

interface Problems {
  columns: { column: string; message: string }[];
  rows: { row: number; column: string; message: string }[];
  /** Anything else the answer names (the period, or the file as a whole). */
  other: FieldProblem[];
}
const NO_PROBLEMS: Problems = { columns: [], rows: [], other: [] };

function problemsIn(err: unknown): Problems {
  if (!(err instanceof ApiError)) return NO_PROBLEMS;
  const out: Problems = { columns: [], rows: [], other: [] };
  for (const e of err.problem.errors ?? []) {
    if (e.path[0] === 'columns') out.columns.push({ column: String(e.path[1] ?? ''), message: e.message });
    else if (e.path[0] === 'rows' && typeof e.path[1] === 'number')
      out.rows.push({ row: e.path[1], column: e.path[2] === undefined ? 'whole row' : String(e.path[2]), message: e.message });
    else out.other.push(e);
  }
  return out;
}

function ProblemTables({ problems }: { problems: Problems }) {
  if (!problems.columns.length && !problems.rows.length) return null;
  return (
    <section aria-labelledby="problems-heading">
      <h2 id="problems-heading">Problems to fix in the spreadsheet</h2>
      <p>Nothing was imported. Fix these in the spreadsheet, save it, and choose it again.</p>
      {problems.columns.length > 0 && (
        <Table caption="Problems with the column headings (row 1)" head={['Column', 'Problem']}>
          {problems.columns.map((p, i) => (
            <tr key={i}>
              <th scope="row">{p.column}</th>
              <td>{p.message}</td>
            </tr>
          ))}
        </Table>
      )}
      {problems.rows.length > 0 && (
        <>
          <p>Rows are numbered as your spreadsheet shows them: the heading row is row 1.</p>
          <Table caption={`Problems in the rows (${problems.rows.length.toLocaleString('en-GB')})`} head={['Row', 'Column', 'Problem']}>
            {problems.rows.slice(0, SHOW_PROBLEMS).map((p, i) => (
              <tr key={i}>
                <th scope="row">{p.row}</th>
                <td>{p.column}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </Table>
          {problems.rows.length > SHOW_PROBLEMS && <p>And {plural(problems.rows.length - SHOW_PROBLEMS, 'more problem')}.</p>}
        </>
      )}
    </section>
  );
}

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

function TemplateLink({ indicators }: { indicators: Indicator[] }) {
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

// ---------------------------------------------------------------- the page

export function ImportReturnsPage() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const manager = abilities.manageRegistry;
  const periods = useApi<ListAnswer<ReportingPeriod>>(manager ? `${api}/reporting-periods?pageSize=200` : null);
  const indicators = useApi<ListAnswer<Indicator>>(manager ? `${api}/indicators?pageSize=200` : null);
  const title = `Import returns – ${programme.name}`;
  const heading = 'Import returns from a spreadsheet';
  const trail = crumbs({ href: `${base}/monitoring`, label: 'Monitoring' });
  if (!manager) {
    return (
      <Page title={title} heading={heading} breadcrumbs={trail}>
        <NotAllowed>
          Only programme managers can import returns. Partnerships fill in their own returns from the Monitoring page.
        </NotAllowed>
      </Page>
    );
  }
  if (periods.state === 'loading') return <Loading what="reporting periods" />;
  if (periods.state === 'error') return <Failed error={periods.error} retry={periods.reload} />;
  if (indicators.state === 'loading') return <Loading what="indicators" />;
  if (indicators.state === 'error') return <Failed error={indicators.error} retry={indicators.reload} />;
  return (
    <Page title={title} heading={heading} caption={programme.name} breadcrumbs={trail}>
      {indicators.data.data.length === 0 ? (
        <p>
          This programme has no indicators yet, so a spreadsheet has nothing to fill in.{' '}
          <Link href={`${base}/monitoring`}>Add indicators on the Monitoring page</Link> first.
        </p>
      ) : (
        <Importer periods={periods.data.data} indicators={indicators.data.data} reloadPeriods={periods.reload} />
      )}
    </Page>
  );
}

function Importer({
  periods,
  indicators,
  reloadPeriods,
}: {
  periods: ReportingPeriod[];
  indicators: Indicator[];
  reloadPeriods: () => void;
}) {
  const { api, base } = useProgramme();
  const session = useSession();
  const [choice, setChoice] = useState<string>('');
  const [chosen, setChosen] = useState<{ file: File; period: string } | null>(null);
  const [plan, setPlan] = useState<ReturnsImportResult | null>(null);
  const [done, setDone] = useState<ReturnsImportResult | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [progress, setProgress] = useState<(Progress & { fileName: string }) | null>(null);
  const [said, setSaid] = useState('');

  const send = async (path: string, file: File, period: string, then: Exclude<Stage, 'sending'>) => {
    try {
      return await upload<{ data: ReturnsImportResult }>(
        `${api}/monitoring/${path}${qs({ period, filename: file.name })}`,
        file,
        then,
        (p) => {
          setProgress({ ...p, fileName: file.name });
          setSaid(announcement(p, file.name));
        },
      );
    } catch (err) {
      setSaid('');
      // The session ended while the page stood open: the app sends the person to sign in.
      if (err instanceof ApiError && err.status === 401) void session.refresh();
      throw err;
    } finally {
      setProgress(null);
    }
  };

  /** A 422 becomes messages in the error summary (on the named fields) and the problem tables. */
  const fail = (err: unknown, fields: { file: string; period: string }): never => {
    const found = problemsIn(err);
    setProblems(found);
    if (!(err instanceof ApiError) || err.status !== 422) throw err;
    const messages: FieldError[] = [];
    if (found.columns.length || found.rows.length || !found.other.length) messages.push({ field: fields.file, message: err.message });
    for (const e of found.other) messages.push({ field: e.path[0] === 'period' ? fields.period : fields.file, message: e.message });
    throw new FormProblems(messages);
  };

  const periodField = periods.length && choice !== NEW ? 'period' : 'newPeriod';
  const check = useForm(async (v) => {
    setPlan(null);
    setDone(null);
    setProblems(NO_PROBLEMS);
    const wanted: FieldError[] = [];
    let label = '';
    if (periods.length && !v.text('period')) wanted.push({ field: 'period', message: 'Choose the reporting period these returns are for' });
    else if (periods.length && v.text('period') !== NEW) label = periods.find((p) => p.id === v.text('period'))?.label ?? '';
    else {
      label = v.text('newPeriod').replace(/\s+/g, ' ');
      if (!label) wanted.push({ field: 'newPeriod', message: 'Give the new reporting period a label, for example 2025–26' });
      else if (label.length > 120) wanted.push({ field: 'newPeriod', message: 'The label must be 120 characters or fewer' });
    }
    const file = v.file('file');
    if (!file) wanted.push({ field: 'file', message: 'Choose a spreadsheet of returns (.csv or .xlsx)' });
    else if (file.size > MAX_BYTES)
      wanted.push({
        field: 'file',
        message: 'The file is larger than 25 MB. Save it as CSV, which is smaller, or split it into two files',
      });
    if (wanted.length) throw new FormProblems(wanted);
    try {
      const { data } = await send('import/preview', file!, label, 'checking');
      setChosen({ file: file!, period: label });
      setPlan(data);
      setSaid(`${file!.name} checked: ${plural(data.returns.length, 'return')} ready to import. Nothing is saved yet.`);
    } catch (err) {
      fail(err, { file: 'file', period: periodField });
    }
  });

  const confirm = useForm(async () => {
    if (!chosen) return;
    try {
      const { data } = await send('import', chosen.file, chosen.period, 'importing');
      setDone(data);
      setPlan(null);
      // The confirmation panel announces itself; the progress message would only repeat stale news.
      setSaid('');
      setChoice('');
      reloadPeriods();
    } catch (err) {
      // The preview's fields are not on screen now: the summary says what went wrong without a link.
      fail(err, { file: '', period: '' });
    }
  });

  return (
    <>
      {done && <Done result={done} />}
      {!plan ? (
        <>
          <p>
            A spreadsheet of returns for one reporting period, with a row for each partnership. Each return is imported as{' '}
            <strong>submitted</strong>: you still review and accept it, as if the partnership had sent it in. Nothing is saved until you
            have checked what the file would do and confirmed, and then every return is imported or none is.
          </p>
          <TemplateLink indicators={indicators} />
          <form onSubmit={check.onSubmit} noValidate>
            <ErrorSummary form={check} />
            <PeriodQuestion form={check} periods={periods} choice={choice} setChoice={setChoice} />
            <FileQuestion form={check} indicators={indicators} />
            <BusyButton form={check} busyText="Checking…">
              Check the file
            </BusyButton>
            {check.busy && progress && <UploadProgress progress={progress} fileName={progress.fileName} />}
          </form>
        </>
      ) : (
        chosen && (
          <>
            <PreviewHeading>What importing {chosen.file.name} will do</PreviewHeading>
            <Preview plan={plan} />
            <form onSubmit={confirm.onSubmit} noValidate>
              <ErrorSummary form={confirm} />
              <div className="button-group">
                <BusyButton form={confirm} busyText="Importing…">
                  Import {plural(plan.returns.length, 'return')}
                </BusyButton>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setPlan(null);
                    setProblems(NO_PROBLEMS);
                    // The button goes with the preview: put the person where the next file is chosen.
                    requestAnimationFrame(() => document.getElementById(fieldId('file'))?.focus());
                  }}
                >
                  Choose a different file
                </button>
              </div>
              {confirm.busy && progress && <UploadProgress progress={progress} fileName={progress.fileName} />}
            </form>
          </>
        )
      )}
      <ProblemTables problems={problems} />
      {/* Always in the page, so assistive technology is listening before the first message arrives. */}
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      <p>
        <Link href={`${base}/monitoring`}>Back to Monitoring</Link>
      </p>
    </>
  );
}

function BusyButton({ form, busyText, children }: { form: FormState; busyText: string; children: ReactNode }) {
  return (
    <button type="submit" className="button" aria-disabled={form.busy || undefined}>
      {form.busy ? busyText : children}
    </button>
  );
}

function PeriodQuestion({
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

function FileQuestion({ form, indicators }: { form: FormState; indicators: Indicator[] }) {
  const error = form.errorFor('file');
  const id = fieldId('file');
  return (
    <div className={`form-group${error ? ' form-group-error' : ''}`}>
      <label className="label" htmlFor={id}>
        Spreadsheet of returns
      </label>
      <div className="hint" id={`${id}-hint`}>
        A .csv or .xlsx file up to 25 MB; Cairn reads the first sheet. The first row names the columns: <strong>partnership</strong>, then
        one for each indicator (
        {indicators.map((i, n) => (
          <span key={i.id}>
            {n > 0 && ', '}
            <strong>{i.key}</strong>
          </span>
        ))}
        ), and optionally <strong>note</strong>. Put - or leave the cell empty for a figure that was not reported.
      </div>
      {error && (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        id={id}
        name="file"
        type="file"
        className="file-upload"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

/** Takes focus when it appears: the form that had focus has just gone. */
function PreviewHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

function Preview({ plan }: { plan: ReturnsImportResult }) {
  const { base } = useProgramme();
  const replacing = plan.returns.filter((r) => r.replaces !== null);
  const { period } = plan;
  return (
    <>
      <p>Nothing has been saved yet.</p>
      <SummaryList
        rows={[
          [
            'Reporting period',
            period.id ? (
              `${period.label}: ${formatDate(period.startsOn)} to ${formatDate(period.endsOn)}, due ${formatDate(period.dueOn)}`
            ) : (
              <>
                {period.label}: a new period. Cairn creates it when you import, with today’s date as its start, end and due date until you
                set them on <Link href={`${base}/monitoring`}>the Monitoring page</Link>.
              </>
            ),
          ],
          ['Returns', `${plural(plan.returns.length, 'partnership')}, each return imported as submitted for you to review and accept`],
          [
            'Returns already in Cairn',
            replacing.length
              ? `${plural(replacing.length, 'return')} for this period will be replaced by the spreadsheet’s figures`
              : 'None: every return is new',
          ],
        ]}
      />
      <p>
        A row’s note is kept as the reason for the figures it does not report; in a row where every figure is there, it becomes a note on
        the whole return, shown beside the return and as a footnote in the portfolio table.
      </p>
      <Table
        caption={`Returns to import, by spreadsheet row (${plan.returns.length.toLocaleString('en-GB')})`}
        head={['Row', 'Partnership', 'Figures reported', 'Not reported', 'Return in Cairn now', 'Note on the whole return']}
      >
        {plan.returns.slice(0, SHOW_ROWS).map((r) => (
          <tr key={r.row}>
            <th scope="row">{r.row}</th>
            <td>{r.partnership}</td>
            <td className="numeric">{r.reported}</td>
            <td className="numeric">
              {r.notReported}
              {r.reported === 0 && (
                <>
                  {' '}
                  <Tag tone="yellow">Nothing reported</Tag>
                </>
              )}
            </td>
            <td>
              {r.replaces ? (
                <>
                  <StatusTag status={r.replaces} /> replaced
                </>
              ) : (
                'None: a new return'
              )}
            </td>
            <td>{r.comparabilityNote || <span className="muted">None</span>}</td>
          </tr>
        ))}
      </Table>
      {plan.returns.length > SHOW_ROWS && <p>And {plural(plan.returns.length - SHOW_ROWS, 'more return')}.</p>}
    </>
  );
}

function Done({ result }: { result: ReturnsImportResult }) {
  const { base } = useProgramme();
  const { period } = result;
  const id = period.id ?? '';
  return (
    <Panel title={`${plural(result.returns.length, 'return')} imported`}>
      <p>
        Each is submitted for {period.label}, ready for you to review and accept.
        {result.returns.some((r) => r.replaces) &&
          ` ${plural(result.returns.filter((r) => r.replaces).length, 'return')} already in Cairn ${result.returns.filter((r) => r.replaces).length === 1 ? 'was' : 'were'} replaced.`}
      </p>
      {period.created && (
        <p>
          Cairn created the reporting period {period.label}. Its start, end and due dates are today’s date until you{' '}
          <Link href={`${base}/monitoring/periods/${id}/edit`}>set the dates of {period.label}</Link>.
        </p>
      )}
      <ul className="list">
        <li>
          <Link href={`${base}/monitoring/returns${qs({ periodId: id })}`}>See the returns for {period.label}</Link>
        </li>
        <li>
          <Link href={`${base}/monitoring/table${qs({ period: id })}`}>See the portfolio table for {period.label}</Link>
        </li>
      </ul>
    </Panel>
  );
}
