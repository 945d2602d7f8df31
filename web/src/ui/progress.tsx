// Sending a file with its progress shown: fetch cannot report how much of an upload has gone, so this uses
// XMLHttpRequest's upload events. On a slow connection a large workbook takes a while to send, and the
// person should see it moving; once the last byte is sent, the server's work (checking, importing) shows as
// a progress bar without a value. Screen readers hear it through an aria-live message the page keeps.
import { ApiError, type Problem } from '../api/index.js';

export interface UploadProgressState {
  /** Sending the bytes, then the server working on them. */
  stage: 'sending' | 'working';
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

/** POSTs the file as the raw body of `/api/v1${path}`, reporting how much has gone. */
export async function uploadWithProgress<T>(path: string, file: File, type: string, report: (p: UploadProgressState) => void): Promise<T> {
  // A fresh token each time: the page may have stood open while the session's token changed.
  const token = await freshCsrfToken();
  report({ stage: 'sending', sent: 0, total: file.size });
  const xhr = await new Promise<XMLHttpRequest>((resolve, reject) => {
    const req = new XMLHttpRequest();
    req.open('POST', `/api/v1${path}`);
    req.setRequestHeader('Accept', 'application/json');
    req.setRequestHeader('Content-Type', type);
    req.setRequestHeader('X-CSRF-Token', token);
    req.upload.onprogress = (e) => report({ stage: 'sending', sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    req.upload.onload = () => report({ stage: 'working', sent: file.size, total: file.size });
    req.onload = () => resolve(req);
    req.onerror = () => reject(NO_CONNECTION);
    req.onabort = () => reject(NO_CONNECTION);
    req.send(file);
  });
  if (xhr.status >= 200 && xhr.status < 300) return JSON.parse(xhr.responseText) as T;
  throw problemOf(xhr.status, xhr.statusText, xhr.responseText);
}

const percent = (p: UploadProgressState) => (p.total > 0 ? Math.min(100, Math.floor((p.sent / p.total) * 100)) : 0);

/**
 * What a screen reader hears: the sending in quarter steps only, so it is told without being flooded;
 * then `working`, what the server is doing with the file.
 */
export function uploadAnnouncement(p: UploadProgressState | null, fileName: string, working: string): string {
  if (!p) return '';
  if (p.stage === 'sending') return `Sending ${fileName}: ${Math.floor(percent(p) / 25) * 25}% sent.`;
  return working;
}

/** The progress bar under the form while a file is sent and worked on; `working` labels the second stage. */
export function UploadProgress({ progress, fileName, working }: { progress: UploadProgressState; fileName: string; working: string }) {
  const label = progress.stage === 'sending' ? `Sending ${fileName}: ${percent(progress)}%` : working;
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
