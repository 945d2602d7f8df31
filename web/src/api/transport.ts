// How every request reaches Cairn's HTTP API under /api/v1: the session cookie, a CSRF token on writes,
// the record's version as If-Match, and a problem (application/problem+json) as an ApiError. Shared by the
// typed client (./client.ts) and the older string-path helpers (../api.ts), so both keep one session.
import type { components } from './schema.generated.js';

export type FieldProblem = components['schemas']['Problem']['errors'] extends (infer E)[] | undefined ? E : never;

/**
 * What a failed request says: the server's problem (an edit conflict brings the record as it is now and
 * the writes since), or the client's own (no connection: status 0, no type).
 */
export type Problem = Omit<components['schemas']['ConflictProblem'], 'type'> & { type?: string };

/** The server's mark for a write based on a version someone else has since replaced (decision 012). */
export const EDIT_CONFLICT = 'urn:cairn:problem:edit-conflict';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

export const isEditConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.problem.type === EDIT_CONFLICT;

export type SessionUser = NonNullable<SessionAnswer['user']>;
type SessionAnswer = {
  user: {
    id: string;
    email: string;
    name: string;
    isAdmin: boolean;
    programmes: { programmeId: string; role: string }[];
    partnershipIds: string[];
  } | null;
  csrfToken: string;
};

let csrfToken: string | null = null;
/** Called when the server says the session has gone, so the app can send the person to sign in. */
let onSignedOut: (() => void) | null = null;
export function whenSignedOut(fn: () => void) {
  onSignedOut = fn;
}

export async function loadSession(): Promise<SessionUser | null> {
  const res = await fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw await problemOf(res);
  const body = (await res.json()) as SessionAnswer;
  csrfToken = body.csrfToken;
  return body.user;
}

async function problemOf(res: Response): Promise<ApiError> {
  let problem: Problem;
  try {
    const body = (await res.json()) as Partial<Problem>;
    problem = {
      title: body.title ?? res.statusText,
      status: res.status,
      detail: body.detail ?? 'Cairn could not finish that request.',
      ...(body.errors ? { errors: body.errors } : {}),
      ...(body.type ? { type: body.type } : {}),
      ...(body.current ? { current: body.current } : {}),
      ...(body.changes ? { changes: body.changes } : {}),
    };
  } catch {
    problem = {
      title: res.statusText || 'Error',
      status: res.status,
      detail:
        res.status >= 500
          ? 'Cairn could not finish that request. Nothing was saved. Try again in a moment.'
          : 'Cairn could not finish that request.',
    };
  }
  return new ApiError(problem);
}

// The server marks a stale or missing CSRF token with its own problem type (src/http/app.ts); any other 403 is a real "not allowed".
const isCsrfProblem = (p: Problem) => p.status === 403 && p.type === 'urn:cairn:problem:csrf-token';

// ---- record versions (decision 012): every write sends back the version its page loaded.
// A GET's ETag is kept under its address, and each `{ id, version }` in an answer under the id, so an
// edit form opened from a list or a tree has its record's version too. A write to a record, or to an
// action on it (submit, codings, a passage), sends it as If-Match; its answer brings the next one.
const versionsByPath = new Map<string, string>();
const versionsById = new Map<string, string>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Actions under a record that the server checks against the record's own version. */
const ACTIONS = [
  /^(.*\/returns\/[^/]+)\/(submit|send-back|accept|reopen|values\/[^/]+\/review)$/,
  /^(.*\/respondents\/[^/]+)\/(codings|consent)$/,
  /^(.*\/transcripts\/[^/]+)\/passages(\/[^/]+)?$/,
  /^(.*\/theories-of-change\/[^/]+\/versions\/[^/]+)\/(model|publish)$/,
  // Whom a support provider covers, and who came to an event, are parts of the provider's and event's versions.
  /^(.*\/support\/providers\/[^/]+)\/partnerships\/[^/]+$/,
  /^(.*\/support\/events\/[^/]+)\/(partnerships|organisations)\/[^/]+$/,
];

/** Records whose address ends in another record's id (a partnership's progression from a phase): known by their address alone. */
const OWN_ADDRESS = [/\/phases\/[^/]+\/progressions\/[^/]+$/, /\/support\/allowances\/[^/]+$/];

/** Which record a write is to: its address, and the version this page last saw of it. */
function recordOf(path: string): { key: string; id: string | null } {
  const bare = path.split('?')[0]!;
  if (OWN_ADDRESS.some((a) => a.test(bare))) return { key: bare, id: null };
  for (const action of ACTIONS) {
    const m = action.exec(bare);
    if (m) return { key: m[1]!, id: m[1]!.split('/').pop() ?? null };
  }
  const last = bare.split('/').pop() ?? '';
  return { key: bare, id: UUID.test(last) ? last : null };
}
function versionFor(path: string): string | undefined {
  const { key, id } = recordOf(path);
  return versionsByPath.get(key) ?? (id ? versionsById.get(id) : undefined);
}
function keepVersion(path: string, version: string | null | undefined) {
  if (!version) return;
  const { key, id } = recordOf(path);
  versionsByPath.set(key, version);
  if (id) versionsById.set(id, version);
}
/** Every `{ id, version }` in an answer: items of lists and trees (codes, phases, members, quotes). */
export function keepVersionsIn(value: unknown, depth = 0) {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) keepVersionsIn(v, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.id === 'string' && typeof o.version === 'string') versionsById.set(o.id, `"${o.version}"`);
  for (const v of Object.values(o)) if (v && typeof v === 'object') keepVersionsIn(v, depth + 1);
}

export interface Outgoing {
  method: string;
  /** Content-Type and anything else besides Accept, the CSRF token and If-Match. */
  headers?: Record<string, string>;
  body?: BodyInit | undefined;
  /** The version the page loaded, for a record it did not GET on its own (a progression in its phase); a later answer's wins. */
  version?: string | undefined;
}

/**
 * Sends one request to `path` under /api/v1 and answers its successful response, having kept the
 * record's version from it; a failure is thrown as an ApiError (status 0 when Cairn could not be reached).
 * A write whose CSRF token has gone stale is sent once more with a fresh one.
 */
export async function send(path: string, opts: Outgoing): Promise<Response> {
  const { method } = opts;
  const write = method !== 'GET';
  const attempt = async () => {
    if (write && !csrfToken) await loadSession();
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (write && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    const version = write ? (versionFor(path) ?? (opts.version ? `"${opts.version}"` : undefined)) : undefined;
    if (version) headers['If-Match'] = version;
    try {
      return await fetch(`/api/v1${path}`, { method, headers, body: opts.body, credentials: 'same-origin' });
    } catch {
      throw new ApiError({
        title: 'No connection',
        status: 0,
        detail: 'Cairn could not be reached. Check your connection and try again.',
      });
    }
  };
  let res = await attempt();
  if (res.status === 403 && write) {
    const err = await problemOf(res.clone());
    if (isCsrfProblem(err.problem)) {
      // The token may have gone stale (a new tab signed in, the server restarted): fetch a fresh one once.
      await loadSession();
      res = await attempt();
    }
  }
  if (res.ok) keepVersion(path, res.headers.get('ETag'));
  if (!res.ok) {
    const err = await problemOf(res);
    if (err.status === 401 && onSignedOut) onSignedOut();
    // The next save is made knowing what is there now: it replaces the current version, on purpose.
    const now = err.problem.current?.version;
    if (isEditConflict(err) && typeof now === 'string') keepVersion(path, `"${now}"`);
    throw err;
  }
  return res;
}
