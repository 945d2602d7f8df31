// The only way the UI talks to Cairn: the HTTP API under /api/v1, with the session cookie and a CSRF token.
// Requests go through ./api/transport.ts, as the typed client's (./api/client.ts) do; the shapes below are
// the API's own, from the types generated from its OpenAPI document (./api/schema.generated.ts, decision 015).
import type { components, operations } from './schema.generated.js';
import { keepVersionsIn, send } from './transport.js';

export {
  ApiError,
  EDIT_CONFLICT,
  type FieldProblem,
  isEditConflict,
  loadSession,
  type Problem,
  type SessionUser,
  whenSignedOut,
} from './transport.js';

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A file or other raw body, sent as is with its own content type. */
  raw?: { body: Blob | string; type: string };
  /** The version the page loaded, for a record it did not GET on its own (a progression in its phase); a later answer's wins. */
  version?: string | undefined;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let headers: Record<string, string> | undefined;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers = { 'Content-Type': opts.raw.type };
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers = { 'Content-Type': 'application/json' };
    body = JSON.stringify(opts.body);
  }
  const res = await send(path, { method: opts.method ?? 'GET', headers, body, version: opts.version });
  if (res.status === 204) return undefined as T;
  const answer = (await res.json()) as T;
  keepVersionsIn(answer);
  return answer;
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

// ---- shapes from the API contract (/api/openapi.json, generated into ./api/schema.generated.ts)

type Schemas = components['schemas'];
/** The JSON an operation answers when it succeeds (its 200, or its 201). */
type Ok<Id extends keyof operations> = operations[Id]['responses'] extends infer R
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

/** Where a list's page sits; the grants list also gives the total amount of every grant it matched. */
export type Page = Ok<'getProgrammesProgrammePlaces'>['page'] & Partial<Pick<Ok<'getProgrammesProgrammeGrants'>['page'], 'totalAmountGbp'>>;
/** A list answer (src/http/route-kit.ts listOf): the rows, where this page sits, and whether the caller may add. */
export interface ListAnswer<T> {
  data: T[];
  page: Page;
  abilities: { create: boolean };
}
export type AuditEvent = Schemas['AuditEvent'];
/** One record with what the caller may do to it and its history. */
export interface RecordAnswer<T> {
  data: T;
  abilities: { update: boolean };
  history: AuditEvent[];
}
export type IdName = NonNullable<Schemas['PartnershipRow']['place']>;
export type Tag = Schemas['Project']['themes'][number];

export type Programme = Schemas['Programme'];
export type Term = Schemas['VocabularyTerm'];
export type Vocabulary = Term['vocabulary'];
export const VOCABULARIES = [
  'theme',
  'coproduction_model',
  'typology',
  'participant_type',
  'organisation_type',
] as const satisfies readonly Vocabulary[];
export type ProgrammeDetail = Ok<'getProgrammesProgramme'>['data'];
/** A phase as the programme shows it, with each partnership's progression from it. */
export type Phase = ProgrammeDetail['phases'][number];
export type Progression = Phase['progressions'][number];
export type ProgrammeAbilities = Ok<'getProgrammesProgramme'>['abilities'];

/** A place as a list shows it; one place's own answer adds its partnerships. */
export type Place = Schemas['Place'] & Partial<Pick<Schemas['PlaceRecord'], 'partnerships'>>;
export const NATIONS = ['England', 'Scotland', 'Wales', 'Northern Ireland'] as const satisfies readonly NonNullable<Place['nation']>[];
export const DEPRIVATION_INDICES = ['IMD', 'SIMD', 'WIMD', 'NIMDM'] as const satisfies readonly NonNullable<Place['deprivationIndex']>[];

/** An organisation as a list shows it; one organisation's own answer adds its statuses and partnerships. */
export type Organisation = Schemas['Organisation'] & Partial<Pick<Schemas['OrganisationRecord'], 'statuses' | 'partnerships'>>;
export const ORGANISATION_SIZES = ['micro', 'small', 'medium', 'large', 'major'] as const satisfies readonly NonNullable<
  Organisation['size']
>[];
export const ORGANISATION_STATUSES = ['active', 'struggling', 'merged', 'wound_up'] as const satisfies readonly Organisation['status'][];

export type PartnershipRow = Schemas['PartnershipRow'];
export type Member = Schemas['PartnershipMember'];
export type Partnership = Schemas['Partnership'];

export type Project = Schemas['Project'];
export const PROVENANCE = ['real', 'illustrative', 'synthetic'] as const satisfies readonly Project['provenance'][];

export type Grant = Schemas['Grant'];

export type ImportPlan = Schemas['RegistryImportPlan'];

type ProgrammeRole = operations['putUsersUserIdProgrammeRolesProgramme']['requestBody']['content']['application/json']['role'];
export const PROGRAMME_ROLES = ['programme_manager', 'evaluator', 'facilitator', 'viewer'] as const satisfies readonly ProgrammeRole[];
export type UserSummary = Ok<'getUsers'>['data'][number];
export type UserDetail = Ok<'getUsersUserId'>['data'];
export type Invitation = Ok<'getInvitations'>['data'][number];

// ---- home (src/modules/home/routes.ts)
export type Home = Schemas['Home'];

// ---- monitoring (src/modules/monitoring/routes.ts)
export type Indicator = Schemas['Indicator'];
export const UNITS = ['count', 'gbp', 'percent', 'hours', 'text'] as const satisfies readonly Indicator['unit'][];
export const AGGREGATIONS = ['sum', 'mean', 'latest'] as const satisfies readonly Indicator['aggregation'][];
export type ReturnRow = Schemas['MonitoringReturnRow'];
export type ReturnStatus = ReturnRow['status'];
export const RETURN_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const satisfies readonly ReturnStatus[];
export type ReportingPeriod = Schemas['ReportingPeriod'];
export type ReturnValue = Schemas['ReturnValue'];
export type OutlierWarning = Schemas['OutlierWarning'];
export type OutlierCheckOutcome = Schemas['OutlierCheckOutcome'];
export type MonitoringReturn = Schemas['MonitoringReturn'];
export type ReturnAnswer = Ok<'getProgrammesProgrammeReturnsReturnId'>;
export type PortfolioTable = Schemas['PortfolioTable'];
export type CompletenessGrid = Schemas['CompletenessGrid'];
export type PortfolioCell = PortfolioTable['table']['rows'][number]['cells'][string];
/** What a returns import would do (preview) or did (src/modules/monitoring/import/routes.ts). */
export type ReturnsImportResult = Schemas['ReturnsImportResult'];

// ---- evaluation (src/modules/evaluation/routes.ts)
export const CROSSTAB_BY = ['participant_type', 'theme', 'coproduction_model', 'place', 'phase'] as const;
export type Evaluation = Schemas['Evaluation'];
export type EvaluationAnswer = Ok<'getProgrammesProgrammeEvaluationsEvaluation'>;
export type CodeNode = Schemas['CodeNode'];
export type CodeFamily = Schemas['CodeFamily'];
export type Respondent = Schemas['Respondent'];
export type ConsentStatus = Respondent['consent'];
export type RespondentDetail = Schemas['RespondentDetail'];
export type FamilyBase = Schemas['FamilyBase'];
export type FamilyBaseSummary = Schemas['FamilyBaseSummary'];
export type Crosstab = Schemas['Crosstab'];
/** 'small group': under the disclosure threshold; 'secondary': hidden too, so a small group cannot be worked out from the totals. */
export type SuppressionReason = NonNullable<Crosstab['groups'][number]['reason']>;

// ---- engagement (issue 17)
export type Engagement = Schemas['Engagement'];
export type OverlapCluster = Schemas['OverlapCluster'];
export type SelfAssessmentCycle = Schemas['SelfAssessmentCycle'];
export type YouSaidWeDid = Schemas['YouSaidWeDid'];
export type EngagementList = Ok<'getProgrammesProgrammeEngagements'>;
export type EngagementAnswer = Ok<'getProgrammesProgrammeEngagementsEngagementId'>;
export type EngagementOverlaps = Ok<'getProgrammesProgrammeEngagementOverlaps'>['data'];
export type StandardsPortfolio = Ok<'getProgrammesProgrammeEngagementStandards'>['data'];
export type FeedbackSummary = Ok<'getProgrammesProgrammeEngagementsEngagementIdFeedback'>['data'];
// Participatory budgeting (issue 18).
export type PbRound = Schemas['PbRound'];
export type PbRoundDetail = Schemas['PbRoundDetail'];
export type PbProposal = Schemas['PbProposal'];
export type PbCount = Schemas['PbCount'];
