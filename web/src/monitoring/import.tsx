// Returns import: one reporting period's returns from a spreadsheet, a row per partnership. The manager
// chooses the period and the file, sees what importing it would do (or every problem in it), then
// confirms. Nothing is written until they confirm, and then every return or none.
import { useState } from 'react';
import { ApiError, type Indicator, type ListAnswer, type ReportingPeriod, type ReturnsImportResult, qs } from '../api/index.js';
import { useApi, useSession } from '../app/data.js';
import { ErrorSummary, type FieldError, FormProblems, fieldId, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { Failed, Loading, NotAllowed, Page, plural } from '../ui/index.js';
import { type UploadProgressState, UploadProgress, uploadAnnouncement, uploadWithProgress } from '../ui/progress.js';
import { spreadsheetType } from '../ui/upload.js';
import { Done, NO_PROBLEMS, Preview, PreviewHeading, ProblemTables, problemsIn, type Problems } from './import-preview.js';
import { BusyButton, FileQuestion, NEW, PeriodQuestion, TemplateLink } from './import-questions.js';

/** The server's request body limit (src/http/app.ts): said before sending rather than after a long upload. */
const MAX_BYTES = 25 * 1024 * 1024;

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
  const [progress, setProgress] = useState<(UploadProgressState & { fileName: string; working: string }) | null>(null);
  const [said, setSaid] = useState('');

  const send = async (path: string, file: File, period: string, then: 'checking' | 'importing') => {
    const working = then === 'checking' ? 'Checking the file. Nothing is saved yet.' : 'Importing the returns…';
    const workingSaid =
      then === 'checking'
        ? `${file.name} is sent. Cairn is checking every row; nothing is saved yet.`
        : `${file.name} is sent. Cairn is importing the returns.`;
    try {
      return await uploadWithProgress<{ data: ReturnsImportResult }>(
        `${api}/monitoring/${path}${qs({ period, filename: file.name })}`,
        file,
        spreadsheetType(file),
        (p) => {
          setProgress({ ...p, fileName: file.name, working });
          setSaid(uploadAnnouncement(p, file.name, workingSaid));
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
            {check.busy && progress && <UploadProgress progress={progress} fileName={progress.fileName} working={progress.working} />}
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
              {confirm.busy && progress && <UploadProgress progress={progress} fileName={progress.fileName} working={progress.working} />}
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
