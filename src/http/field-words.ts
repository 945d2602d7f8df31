/**
 * Every message about a field, in the words of the form that shows it (GOV.UK style): "Choose the
 * organisation that received the grant", "Enter the start date", never "recipientOrganisationId: Invalid
 * input" or "Must be a UUID". zod's own messages are replaced here for the whole server
 * (`plainIssue`, installed by `installPlainMessages`); schemas with a message of their own keep it.
 */
import { z } from 'zod';

/** A field's key → how a form names it, after "Enter" or "Choose". Keys not here are spelled out. */
const WORDS: Record<string, string> = {
  recipientOrganisationId: 'the organisation that received the grant',
  leadOrganisationId: 'the lead organisation',
  organisationId: 'the organisation',
  partnershipId: 'the partnership',
  partnershipIds: 'the partnerships',
  caseStudyIds: 'the case studies',
  placeId: 'the place',
  phaseId: 'the phase',
  projectId: 'the project',
  periodId: 'the reporting period',
  indicatorId: 'the indicator',
  evaluationId: 'the evaluation',
  respondentId: 'the respondent',
  respondentIds: 'the respondents',
  codeId: 'the code',
  codeIds: 'the codes',
  themeIds: 'the themes',
  typologyIds: 'the typologies',
  coproductionModelId: 'the co-production model',
  leadJoinedOn: 'the date the lead organisation joined',
  ref: 'the reference',
  parentId: 'the code it sits under',
  familyId: 'the family',
  userId: 'the person',
  amountGbp: 'the amount in pounds',
  startsOn: 'the start date',
  endsOn: 'the end date',
  awardedOn: 'the date the grant was awarded',
  joinedOn: 'the date the organisation joined',
  leftOn: 'the date the organisation left',
  effectiveOn: 'the date the change took effect',
  heldOn: 'the date it took place',
  dueOn: 'the date returns are due',
  on: 'the date',
  name: 'the name',
  title: 'the title',
  email: 'the email address',
  password: 'the password',
  role: 'the role',
  slug: 'the short name used in web addresses',
  number: 'the number',
  region: 'the region',
  nation: 'the nation',
  type: 'the type',
  deprivationDecile: 'the deprivation decile',
  description: 'the description',
  reason: 'the reason',
  label: 'the label',
  position: 'the position',
  status: 'the status',
  // support: plans and brokerage cases
  priorityId: 'the priority',
  judgement: 'how the priority is going',
  judgements: 'how each priority is going',
  reviewedOn: 'the date of the review',
  openedOn: 'the date the case opened',
  closedOn: 'the date the case closed',
  agreedOn: 'the date it was agreed',
  amountPence: 'the amount',
  horizon: 'when the priority is for',
  // case studies and action-learning sets (learning/)
  learningSetId: 'the action-learning set',
  sessionId: 'the session',
  themes: 'the themes',
  standards: 'the National Standards',
  organisationName: 'the organisation',
  problem: 'what the problem or issue was',
  whatWeDid: 'what you did',
  whatHelped: 'what helped',
  barriers: 'what the barriers were',
  learning: 'what you are learning',
  contact: 'the contact',
  audience: 'who it is published to',
  attendees: 'who attended',
  level: 'the level',
  action: 'the action',
  priority: 'the priority',
  followUp: 'what came of it',
  followUpOn: 'the date it was followed up',
};

/** "recipientOrganisationId" → "recipient organisation"; "startsOn" → "starts on". */
const spelledOut = (key: string) =>
  key
    .replace(/Ids?$/, (s) => (s === 'Ids' ? 's' : ''))
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();

/** The words for the field at `path`: its last named part ("rows.3.nation" → "the nation"). */
export function fieldWords(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (key === undefined) return 'the form';
  return WORDS[key] ?? `the ${spelledOut(key)}`;
}

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
/** "the start date" → "Start date", to begin a sentence. */
export const subject = (words: string) => capital(words.replace(/^the /, ''));

const isRef = (path: readonly PropertyKey[]) => {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
  return /Ids?$/.test(key);
};

type Issue = z.core.$ZodRawIssue;

/** One of zod's issues in words, naming the field. */
export function plainIssue(iss: Issue): string {
  const path = (iss.path ?? []) as PropertyKey[];
  const w = fieldWords(path);
  const s = subject(w);
  const missing = iss.input === undefined || iss.input === null || iss.input === '';
  if (path.length === 0) return 'Nothing usable was sent: fill in the form and try again.';
  switch (iss.code) {
    case 'invalid_type': {
      const expected = (iss as { expected?: string }).expected;
      if (missing) return isRef(path) || expected === 'array' ? `Choose ${w}` : `Enter ${w}`;
      if (expected === 'number') return `${s} must be a number`;
      if (expected === 'int') return `${s} must be a whole number`;
      if (expected === 'boolean') return `${s} must be yes or no`;
      if (expected === 'string') return `${s} must be text`;
      if (expected === 'array') return `Choose ${w} from the list`;
      return `${s} is not in a form Cairn can read`;
    }
    case 'invalid_format': {
      const format = (iss as { format?: string }).format;
      if (format === 'uuid' || format === 'guid') return `Choose ${w}`;
      if (format === 'date') return missing ? `Enter ${w}` : `${s} must be a real date, for example 2026-03-27`;
      if (format === 'email') return `Enter ${w} in the right form, like name@example.org`;
      if (format === 'url') return `${s} must be a web address, like https://example.org`;
      return `${s} is not in the right form`;
    }
    case 'invalid_value': {
      const values = ((iss as { values?: unknown[] }).values ?? []).map(String);
      const words = values.every((v) => !/[_]/.test(v));
      return words && values.length && values.length <= 8 ? `Choose ${w}: one of ${values.join(', ')}` : `Choose ${w} from the list`;
    }
    case 'too_small': {
      const { origin, minimum } = iss as { origin?: string; minimum?: number | bigint };
      if (origin === 'string') return Number(minimum) <= 1 ? `Enter ${w}` : `${s} must be ${minimum} characters or more`;
      if (origin === 'array' || origin === 'set') return Number(minimum) <= 1 ? `Choose ${w}` : `Choose at least ${minimum} for ${w}`;
      return `${s} must be ${minimum} or more`;
    }
    case 'too_big': {
      const { origin, maximum } = iss as { origin?: string; maximum?: number | bigint };
      if (origin === 'string') return `${s} must be ${maximum} characters or fewer`;
      if (origin === 'array' || origin === 'set') return `Choose at most ${maximum} for ${w}`;
      return `${s} must be ${maximum} or less`;
    }
    case 'not_multiple_of':
      return `${s} must be a whole number`;
    default:
      return `${s} is not valid`;
  }
}

let installed = false;
/** zod's messages in words for the whole process (the HTTP server installs it once). */
export function installPlainMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: plainIssue });
}

/** A record chosen in a form: "Choose the organisation that received the grant" when absent or not an id. */
export const refMessage = (iss: Issue) => plainIssue({ ...iss, code: 'invalid_format', format: 'uuid' } as Issue);
/** A date sent as 2026-03-27 (ISO 8601): "Enter the start date" or "Start date must be a real date, …". */
export const dateMessage = (iss: Issue) => plainIssue({ ...iss, code: 'invalid_format', format: 'date' } as Issue);
