// The Word report of figures C.1–C.19 for evaluators and managers, made in the background: the page
// starts it, says which figure is being drawn ("Drawing figure 7 of 19") with a progress bar, then offers
// the file. The link is a plain link to figures.docx too, so without scripts it still downloads.
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { ApiError, get, post } from '../../api/index.js';

interface ReportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  step: string;
  file: { name: string; size: number; href: string } | null;
  problem: string | null;
}

type State =
  | { state: 'idle' }
  | { state: 'running'; job: ReportJob }
  | { state: 'done'; file: NonNullable<ReportJob['file']> }
  | { state: 'failed'; message: string };

const sizeOf = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function FiguresReport({ apiBase }: { apiBase: string }) {
  const [status, setStatus] = useState<State>({ state: 'idle' });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const start = async (ev: MouseEvent<HTMLAnchorElement>) => {
    ev.preventDefault();
    if (status.state === 'running') return;
    try {
      let job = (await post<{ data: ReportJob }>(`${apiBase}/figure-reports`)).data;
      // Asked after once a second: the answer is small, and the page says what the server is doing.
      while (job.status === 'running' && live.current) {
        setStatus({ state: 'running', job });
        await new Promise((r) => setTimeout(r, 1000));
        job = (await get<{ data: ReportJob }>(`${apiBase}/figure-reports/${job.id}`)).data;
      }
      if (!live.current) return;
      if (job.status === 'done' && job.file) setStatus({ state: 'done', file: job.file });
      else setStatus({ state: 'failed', message: job.problem ?? 'Cairn could not make the report. Try again in a moment.' });
    } catch (err) {
      if (live.current)
        setStatus({
          state: 'failed',
          message: err instanceof ApiError ? err.message : 'Cairn could not make the report. Try again in a moment.',
        });
    }
  };

  const running = status.state === 'running';
  return (
    <>
      <p>
        Figures C.1 to C.19 as in the People and Communities Fund review: for each code family, a grouped bar chart of all respondents and
        by participant type, theme and co-production model, with each group’s N. Families without codes are listed as not included. Only
        people who have given their consent are counted, and groups too small to publish are left out.
      </p>
      <p>
        <a
          href={`/api/v1${apiBase}/figures.docx`}
          download
          onClick={start}
          aria-disabled={running || undefined}
          aria-describedby="figures-status"
        >
          {status.state === 'done' || status.state === 'failed' ? 'Make the figures again (Word)' : 'Download the figures (Word)'}
        </a>
      </p>
      {running && (
        // Outside the status region: the words below are announced, the bar is for the eye.
        <progress className="report-progress" max={status.job.total} value={status.job.done} aria-label="Figures drawn">
          {status.job.done} of {status.job.total}
        </progress>
      )}
      <div id="figures-status" role="status">
        {running && (
          <p>
            {status.job.step}. <span className="muted">Cairn is making the Word report; you can keep working in another tab.</span>
          </p>
        )}
        {status.state === 'done' && (
          <p>
            The figures are ready:{' '}
            <a href={status.file.href} download={status.file.name}>
              Download {status.file.name} ({sizeOf(status.file.size)})
            </a>
          </p>
        )}
        {status.state === 'failed' && <p className="inset warning-inset">{status.message}</p>}
      </div>
    </>
  );
}
