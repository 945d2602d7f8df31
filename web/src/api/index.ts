// The only way the UI talks to Cairn: the HTTP API under /api/v1, with the session cookie and a CSRF token.

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  /** An edit conflict: the record as it is now (with its version). */
  current?: Record<string, unknown>;
  /** An edit conflict: the writes since your version, when you may see the record's history. */
  changes?: { at: string; summary: string; changes: Record<string, [unknown, unknown]> }[];
}

/** The server's mark for a write based on a version someone else has since replaced (decision 012). */
export const EDIT_CONFLICT = 'urn:cairn:problem:edit-conflict';
export const isEditConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.problem.type === EDIT_CONFLICT;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  programmes: { programmeId: string; role: string }[];
  partnershipIds: string[];
}

let csrfToken: string | null = null;
/** Called when the server says the session has gone, so the app can send the person to sign in. */
let onSignedOut: (() => void) | null = null;
export function whenSignedOut(fn: () => void) {
  onSignedOut = fn;
}

export async function loadSession(): Promise<SessionUser | null> {
  const res = await fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw await problemOf(res);
  const body = (await res.json()) as { user: SessionUser | null; csrfToken: string };
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

// The server words a bad or stale CSRF token this way; any other 403 is a real "not allowed".
// The server marks a stale or missing CSRF token with its own problem type (src/http/app.ts).
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
];

/** Records whose address ends in another record's id (a partnership's progression from a phase): known by their address alone. */
const OWN_ADDRESS = [/\/phases\/[^/]+\/progressions\/[^/]+$/];

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
function keepVersionsIn(value: unknown, depth = 0) {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) keepVersionsIn(v, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.id === 'string' && typeof o.version === 'string') versionsById.set(o.id, `"${o.version}"`);
  for (const v of Object.values(o)) if (v && typeof v === 'object') keepVersionsIn(v, depth + 1);
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A file or other raw body, sent as is with its own content type. */
  raw?: { body: Blob | string; type: string };
  /** The version the page loaded, for a record it did not GET on its own (a progression in its phase); a later answer's wins. */
  version?: string | undefined;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const write = method !== 'GET';
  const send = async () => {
    if (write && !csrfToken) await loadSession();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (write && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    const version = write ? (versionFor(path) ?? (opts.version ? `"${opts.version}"` : undefined)) : undefined;
    if (version) headers['If-Match'] = version;
    let body: BodyInit | undefined;
    if (opts.raw) {
      headers['Content-Type'] = opts.raw.type;
      body = opts.raw.body;
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
    } catch {
      throw new ApiError({
        title: 'No connection',
        status: 0,
        detail: 'Cairn could not be reached. Check your connection and try again.',
      });
    }
    return res;
  };
  let res = await send();
  if (res.status === 403 && write) {
    const err = await problemOf(res.clone());
    if (isCsrfProblem(err.problem)) {
      // The token may have gone stale (a new tab signed in, the server restarted): fetch a fresh one once.
      await loadSession();
      res = await send();
    }
  }
  if (res.ok) keepVersion(path, res.headers.get('ETag'));
  if (res.status === 204) return undefined as T;
  if (!res.ok) {
    const err = await problemOf(res);
    if (err.status === 401 && onSignedOut) onSignedOut();
    // The next save is made knowing what is there now: it replaces the current version, on purpose.
    const now = err.problem.current?.version;
    if (isEditConflict(err) && typeof now === 'string') keepVersion(path, `"${now}"`);
    throw err;
  }
  const body = (await res.json()) as T;
  keepVersionsIn(body);
  return body;
}

export const get = <T>(path: string) => api<T>(path);
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const put = <T>(path: string, body?: unknown, version?: string) => api<T>(path, { method: 'PUT', body: body ?? {}, version });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });

/** Query strings without empty values, so addresses stay short and readable. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}

// ---- shapes from the API contract (docs/api-registry.md and /api/openapi.json)

export interface Page {
  page: number;
  pageSize: number;
  total: number;
  totalAmountGbp?: number;
}
export interface ListAnswer<T> {
  data: T[];
  page: Page;
  abilities: { create: boolean };
}
export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  summary: string;
  changes: Record<string, [unknown, unknown]>;
}
export interface RecordAnswer<T> {
  data: T;
  abilities: { update: boolean };
  history: AuditEvent[];
}
export interface IdName {
  id: string;
  name: string;
}
export interface Tag {
  id: string;
  label: string;
}

export interface Programme {
  id: string;
  slug: string;
  name: string;
  description: string;
  funder: string;
  createdAt: string;
}
export const VOCABULARIES = ['theme', 'coproduction_model', 'typology', 'participant_type', 'organisation_type'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];
export interface Term {
  id: string;
  vocabulary: Vocabulary;
  label: string;
  description: string;
  position: number;
}
export interface Progression {
  id: string;
  version?: string;
  partnershipId: string;
  partnershipName: string;
  progressed: boolean;
  reason: string;
}
export interface Phase {
  id: string;
  number: number;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  progressions: Progression[];
}
export interface ProgrammeDetail extends Programme {
  counts: { partnerships: number; projects: number; places: number | null; organisations: number | null; grants: number | null };
  phases: Phase[];
  vocabularies: Record<Vocabulary, Term[]>;
}
export interface ProgrammeAbilities {
  update: boolean;
  manageRegistry: boolean;
  seeAudit: boolean;
  scope: 'programme' | 'partnership';
}

export const NATIONS = ['England', 'Scotland', 'Wales', 'Northern Ireland'] as const;
export const DEPRIVATION_INDICES = ['IMD', 'SIMD', 'WIMD', 'NIMDM'] as const;
export interface Place {
  id: string;
  name: string;
  nation: string | null;
  region: string;
  localAuthority: string;
  areaCode: string | null;
  deprivationIndex: string | null;
  deprivationDecile: number | null;
  createdAt: string;
  partnerships?: IdName[];
}

export const ORGANISATION_SIZES = ['micro', 'small', 'medium', 'large', 'major'] as const;
export const ORGANISATION_STATUSES = ['active', 'struggling', 'merged', 'wound_up'] as const;
export interface Organisation {
  id: string;
  name: string;
  type: string | null;
  identifiers: string[];
  size: string | null;
  status: string;
  createdAt: string;
  statuses?: { id: string; status: string; effectiveOn: string; reason: string }[];
  partnerships?: { id: string; name: string; role: string; joinedOn: string | null; leftOn: string | null; lead: boolean }[];
}

export interface PartnershipRow {
  id: string;
  name: string;
  place: IdName | null;
  leadOrganisation: IdName | null;
  memberCount: number;
}
export interface Member {
  id: string;
  organisationId: string;
  organisationName: string;
  role: string;
  joinedOn: string | null;
  leftOn: string | null;
}
export interface Partnership extends PartnershipRow {
  description: string;
  members: Member[];
  projects: IdName[];
  progressions: { phaseNumber: number; phaseName: string; progressed: boolean; reason: string }[];
  createdAt: string;
}

export const PROVENANCE = ['real', 'illustrative', 'synthetic'] as const;
export interface Project {
  id: string;
  name: string;
  description: string;
  partnership: IdName | null;
  themes: Tag[];
  typology: Tag[];
  coproductionModel: Tag | null;
  provenance: (typeof PROVENANCE)[number];
  createdAt: string;
}

export interface Grant {
  id: string;
  title: string;
  recipient: IdName;
  partnership: IdName | null;
  phase: { id: string; number: number; name: string } | null;
  amountGbp: number;
  awardedOn: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ImportPlan {
  rows: number;
  creates: {
    places: { name: string; region: string; nation: string | null }[];
    organisations: { name: string; type: string }[];
    partnerships: { name: string; place: string; leadOrganisation: string | null }[];
  };
  matches: {
    places: IdName[];
    organisations: IdName[];
    partnerships: { id: string; name: string; setPlace: string | null; setLeadOrganisation: string | null }[];
  };
  warnings: { row: number; field: string; message: string }[];
}

export const PROGRAMME_ROLES = ['programme_manager', 'evaluator', 'facilitator', 'viewer'] as const;
export interface UserSummary {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  hasPassword: boolean;
  disabled: boolean;
}
export interface UserDetail extends UserSummary {
  programmeRoles: { programme: string; programmeName: string; role: string }[];
  partnerships: { partnershipId: string; partnershipName: string; programme: string }[];
}
export interface Invitation {
  id: string;
  email: string;
  name: string;
  role: string | null;
  programme: string | null;
  expiresAt: string;
  expired: boolean;
}

// ---- monitoring (src/modules/monitoring/routes.ts)
export const UNITS = ['count', 'gbp', 'percent', 'hours', 'text'] as const;
export const AGGREGATIONS = ['sum', 'mean', 'latest'] as const;
export const RETURN_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export interface Indicator {
  id: string;
  key: string;
  label: string;
  definition: string;
  unit: (typeof UNITS)[number];
  aggregation: (typeof AGGREGATIONS)[number];
  required: boolean;
  position: number;
}
export interface ReportingPeriod {
  id: string;
  label: string;
  phase: { id: string; number: number; name: string } | null;
  startsOn: string;
  endsOn: string;
  dueOn: string;
  overdue: number;
}
export interface ReturnRow {
  id: string;
  partnership: IdName;
  period: { id: string; label: string; dueOn: string };
  status: ReturnStatus;
  overdue: boolean;
  submittedAt: string | null;
  reviewedAt: string | null;
}
export interface ReturnValue {
  indicator: Indicator;
  value: number | null;
  textValue: string | null;
  notReported: boolean;
  notReportedReason: string;
  comparabilityNote: string;
  reviewerComment: string;
  followUp: boolean;
  /** Warnings, never errors: far from the partnership's earlier returns or the other partnerships'. */
  warnings: OutlierWarning[];
  /** null when there is no figure to compare (text, nothing entered, not reported). */
  outlierChecks: { ownHistory: OutlierCheckOutcome; portfolio: OutlierCheckOutcome } | null;
}
export interface OutlierWarning {
  code: 'much-higher-than-own-history' | 'much-lower-than-own-history' | 'much-higher-than-portfolio' | 'much-lower-than-portfolio';
  message: string;
  median: number;
}
export type OutlierCheckOutcome =
  | { checked: true }
  | { checked: false; code: 'too-little-history' | 'history-median-not-positive' | 'too-few-peers' | 'peers-too-alike'; message: string };
export interface MonitoringReturn extends ReturnRow {
  comparabilityNote: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewComment: string;
  values: ReturnValue[];
  missing: string[];
}
export interface ReturnAnswer {
  data: MonitoringReturn;
  abilities: { update: boolean; submit: boolean; sendBack: boolean; accept: boolean; reopen: boolean; review: boolean };
  history: AuditEvent[];
}
export interface PortfolioCell {
  status: 'reported' | 'not-reported' | 'missing';
  value: number | null;
  markers: string[];
}
export interface PortfolioTable {
  period: { id: string; label: string; startsOn: string; endsOn: string; dueOn: string };
  basis: string;
  scope: 'programme' | 'own-partnerships';
  table: {
    indicators: { key: string; label: string; unit: string; aggregation: 'sum' | 'mean' | 'latest' }[];
    rows: { partnershipId: string; name: string; markers: string[]; cells: Record<string, PortfolioCell> }[];
    totals: Record<string, { basis: 'sum' | 'mean' | 'none'; value: number | null }>;
    coverage: Record<string, { reported: number; reportedOnTime: number; partnerships: number }>;
    footnotes: { marker: string; text: string }[];
    onTimeKnown: boolean;
  };
}
/** What a returns import would do (preview) or did (src/modules/monitoring/import/routes.ts). */
export interface ReturnsImportResult {
  /** `id` is null in a preview when the import would create the period. */
  period: { id: string | null; label: string; created: boolean; startsOn: string | null; endsOn: string | null; dueOn: string | null };
  rows: number;
  returns: {
    row: number;
    partnership: string;
    replaces: ReturnStatus | null;
    reported: number;
    notReported: number;
    comparabilityNote: string;
  }[];
}

// ---- evaluation (src/modules/evaluation/routes.ts)
export const CROSSTAB_BY = ['participant_type', 'theme', 'coproduction_model', 'place', 'phase'] as const;
export interface Evaluation {
  id: string;
  slug: string;
  title: string;
  /** The demo's synthetic evaluation says here that nobody in it is real. */
  description: string;
  disclosureThreshold: number;
  /** Each coder sees only their own ticks on a respondent. */
  blindCoding: boolean;
  createdAt: string;
}
export interface EvaluationAnswer {
  data: Evaluation;
  abilities: { update: boolean; respondents: boolean };
}
export interface CodeNode {
  id: string;
  name: string;
  description: string;
  colour: string | null;
  position: number;
  children: CodeNode[];
}
export interface CodeFamily {
  id: string;
  key: string;
  label: string;
  position: number;
  codes: CodeNode[];
}
export type ConsentStatus = 'given' | 'withdrawn';
export interface Respondent {
  id: string;
  ref: string;
  participantType: string | null;
  project: IdName | null;
  themes: string[];
  coproductionModel: string | null;
  place: string | null;
  phase: string | null;
  attributes: Record<string, string>;
  consent: ConsentStatus;
}
export interface RespondentDetail extends Respondent {
  consentRecords: { status: ConsentStatus; on: string; scope: string; recordedAt: string }[];
  codings: { codeId: string; name: string; family: string; coderId: string | null; source: string }[];
}
export interface Crosstab {
  evaluation: { slug: string; title: string };
  family: { key: string; label: string };
  by: string | null;
  /** null when it would give a suppressed group's size away. */
  total: number | null;
  overlapping: boolean;
  disclosureThreshold: number;
  /** The evaluator's override showed what disclosure control hides. */
  includesSmallGroups: boolean;
  groups: { group: string; nGroup: number | null; small: boolean; suppressed: boolean; reason: SuppressionReason | null }[];
  rows: {
    group: string;
    nGroup: number | null;
    code: string;
    codeId: string;
    nCode: number | null;
    percent: number | null;
    small: boolean;
    suppressed: boolean;
    reason: SuppressionReason | null;
  }[];
}
/** 'small group': under the disclosure threshold; 'secondary': hidden too, so a small group cannot be worked out from the totals. */
export type SuppressionReason = 'small group' | 'secondary';
